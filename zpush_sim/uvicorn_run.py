"""Run `server.asgi.AsgiServer` under uvicorn: on a socket we bind, in the foreground or a thread.

Binding the socket ourselves (rather than uvicorn's host/port) gives the
CLI its one-line "port in use" error before anything starts, and port 0
its real port. uvicorn's own access log is off: the server logs what it
does in Z-Push's words (logger ``zpush_sim.server``).

Must not: configure the reference server (`server.config` does) or hold
server logic.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from server.app import ServerApp
from server.asgi import DEFAULT_BODY_TIMEOUT, AsgiServer
from zpush_sim.uvicorn_headers import DEFAULT_HEADER_TIMEOUT, protocol_with_header_timeout

# Connections beyond this get 503 from uvicorn instead of exhausting file
# descriptors; a held Ping is one connection.
DEFAULT_LIMIT_CONCURRENCY = 10_000
BACKLOG = 4096  # a thousand phones reconnecting at once (listen(2))


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (OSError as the OS gives it: address in use, no permission)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted sockets only
    # when the proto says TCP; without it every answer with a body waited for the
    # client's delayed ACK (40 ms) between uvicorn's header and body writes.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


@dataclass(frozen=True)
class Tls:
    """A certificate chain and its key (PEM files): the server speaks HTTPS."""

    cert: str
    key: str


def uvicorn_server(
    asgi: AsgiServer,
    *,
    log_level: str = "warning",
    tls: Tls | None = None,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
) -> uvicorn.Server:
    config = uvicorn.Config(
        asgi,
        http=protocol_with_header_timeout(header_timeout),
        lifespan="on",
        log_level=log_level,
        access_log=False,
        limit_concurrency=DEFAULT_LIMIT_CONCURRENCY,
        backlog=BACKLOG,
        # An idle kept-alive connection is closed after this; phones reconnect.
        timeout_keep_alive=30,
        ssl_certfile=None if tls is None else tls.cert,
        ssl_keyfile=None if tls is None else tls.key,
    )
    return uvicorn.Server(config)


@contextmanager
def serving(
    app: ServerApp,
    *,
    threads: int = 4,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    tls: Tls | None = None,
    header_timeout: float = DEFAULT_HEADER_TIMEOUT,
) -> Iterator[str]:
    """``app`` under uvicorn on a free loopback port, in a thread; yields its URL.

    Closes the app afterwards. For tests and benchmarks: the same server
    model as ``zpush-sim serve``.
    """
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    asgi = AsgiServer(app, threads=threads, body_timeout=body_timeout)
    server = uvicorn_server(asgi, tls=tls, header_timeout=header_timeout)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"{'http' if tls is None else 'https'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        app.close()
