"""The reference server as an ASGI app (`AsgiServer`): long polls wait on events, not threads.

Why this model: a Ping or a Sync with Wait is held for its whole heartbeat
(up to 59 minutes; Z-Push mode has no upper bound), and a real office has
dozens of phones each holding one. Under a thread-per-request server
(waitress, 4 threads) four pushing phones starved everyone else. ASGI
under uvicorn (a well-kept asyncio server) holds each waiting request as
a coroutine: thousands cost a few kilobytes each, and a client that goes
away is told to us (``http.disconnect``), so its wait ends at once.

The WSGI app (`server.app.ServerApp`) stays the core: its ``respond`` is
called with a PEP 3333 environ on a small thread pool (SQLite and every
command are synchronous; the store has one lock, so a few threads are
enough). When the answer is a `LongPoll`, this module waits for it on the
event loop:

    event                                          what happens
    --------------------------------------------   ------------------------------
    the customer's onOffice data changed           check again (a worker thread)
    (`server.store.changes`, read every
    ``ping_poll_interval`` by one watcher task)
    ``ping_recheck_interval`` passed               check again (Z-Push's PING_INTERVAL)
    a newer long poll of the same device           ENDED (Ping 1, as Z-Push)
    the heartbeat passed                           EXPIRED
    the client closed the connection               the wait ends, nothing is sent

and then the command's ``finish`` builds the answer on a worker thread.
Z-Push's answers are the core's: only how the wait is held differs.

Bodies: the core reads a body only after authentication and its
Content-Length check (`server.asgi_input`), so an unauthenticated or
oversized upload is answered unread. A body still on its way is awaited
here, on the event loop, and the core called again once it is in: a slow
upload holds no worker thread. It must arrive within ``body_timeout``
seconds, else 408 and the connection is closed (Apache mod_reqtimeout's
answer in front of Z-Push).

Hand-written rather than a2wsgi's WSGI-in-a-thread adapter: that adapter
would keep a thread for the whole wait, which is what this module removes.

Must not: implement EAS (the core does) or know what a change is.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, NoReturn, TypeVar

from server.app import ServerApp
from server.asgi_input import AsgiInput, BodyPending
from server.pingwait import LongPoll, WaitEnd
from server.responses import Response, error

log = logging.getLogger("zpush_sim.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
T = TypeVar("T")

DEFAULT_THREADS = 4
DEFAULT_BODY_TIMEOUT = 30.0
CHECKPOINT_SECONDS = 2.0


class _Waiter:
    """One held long poll: woken by data changes, a newer wait, or the client leaving."""

    def __init__(self, device: int, customer: int) -> None:
        self.device, self.customer = device, customer
        self.wake = asyncio.Event()
        self.superseded = False
        self.gone = False


def _reraise(exc: Exception) -> NoReturn:
    raise exc


class Waits:
    """Every held long poll, by device and by customer; the watcher wakes them."""

    def __init__(self) -> None:
        self._by_device: dict[int, _Waiter] = {}
        self._by_customer: dict[int, set[_Waiter]] = {}

    def add(self, waiter: _Waiter) -> None:
        older = self._by_device.get(waiter.device)
        if older is not None:  # Z-Push ends the older wait of a device (pingwait's table)
            older.superseded = True
            older.wake.set()
        self._by_device[waiter.device] = waiter
        self._by_customer.setdefault(waiter.customer, set()).add(waiter)

    def remove(self, waiter: _Waiter) -> None:
        if self._by_device.get(waiter.device) is waiter:
            del self._by_device[waiter.device]
        group = self._by_customer.get(waiter.customer)
        if group is not None:
            group.discard(waiter)
            if not group:
                del self._by_customer[waiter.customer]

    def changed(self, customers: set[int]) -> None:
        for customer in customers:
            for waiter in self._by_customer.get(customer, ()):
                waiter.wake.set()


class AsgiServer:
    """``AsgiServer(create_app(config))`` is what uvicorn serves."""

    def __init__(
        self,
        app: ServerApp,
        threads: int = DEFAULT_THREADS,
        body_timeout: float = DEFAULT_BODY_TIMEOUT,
    ) -> None:
        self.app = app
        self.body_timeout = body_timeout
        self.waits = Waits()
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="zpush-sim")
        self._watcher: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    # -- lifespan: the watcher of onOffice changes ----------------------------

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def start(self) -> None:
        if self._watcher is None:
            self.app.db.manual_checkpoints()
            self._watcher = asyncio.get_running_loop().create_task(self._watch())

    async def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            self._watcher = None
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _watch(self) -> None:
        """One cheap read of every customer's counter per poll interval, for all waits;
        and the database's checkpoint, apart from the requests (`Database.checkpoint_apart`)."""
        seen: dict[int, int] | None = None
        next_checkpoint = time.monotonic()
        while True:
            if time.monotonic() >= next_checkpoint:
                next_checkpoint = time.monotonic() + CHECKPOINT_SECONDS
                try:
                    await asyncio.to_thread(self.app.db.checkpoint_apart)
                except Exception:  # busy or closing: the next round checkpoints
                    log.exception("checkpointing the database")
            try:
                now = await self._run(self.app.onoffice.data_generations)
            except Exception:  # the database is closing, or locked by another process
                log.exception("reading onOffice change counters")
                now = seen or {}
            if seen is not None:
                moved = {c for c, n in now.items() if seen.get(c) != n}
                if moved:
                    self.waits.changed(moved)
            seen = now
            await asyncio.sleep(self.app.config.ping_poll_interval)

    # -- one request -----------------------------------------------------------

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = AsgiInput(receive, self.body_timeout)
        environ = wsgi_environ(scope, body)
        app = self.app
        tap = app.request_log.tap(environ)
        while True:
            try:
                outcome = await self._run(lambda: _respond(app, environ))
                break
            except BodyPending:  # the core asked for a body still on its way
                await body.arrive()  # on the event loop: no worker thread waits for it
            if body.timed_out:
                log.warning("answering 408: the body did not arrive in %s s", self.body_timeout)
                await _send(send, error(408, (("Connection", "close"),)))
                return
            if body.gone:
                return  # the client left before sending its body
        answer = (
            await self._long_poll(environ, outcome, receive)
            if isinstance(outcome, LongPoll)
            else outcome
        )
        if answer is not None:
            await _send(send, answer)
            # What the server received (`server.requestlog`), as the WSGI app logs it.
            self.app.request_log.record(environ, answer.status, tap.kept)

    async def _long_poll(
        self, environ: dict[str, Any], poll: LongPoll[Response], receive: Receive
    ) -> Response | None:
        waiter = _Waiter(poll.device, poll.customer)
        listener = asyncio.get_running_loop().create_task(_until_disconnect(receive, waiter))
        try:
            end = await self._wait(poll, waiter)
        except Exception as exc:  # a check that raised
            # Answered as any request's error is (`ServerApp.guarded`): a busy database
            # is a 503 with Retry-After, anything else the last resort's counted 500.
            return self.app.guarded(environ, partial(_reraise, exc))
        finally:
            listener.cancel()
        if end is None:
            log.info("long poll of device %d: the client went away", poll.device)
            return None
        return await self._run(lambda: self.app.guarded(environ, lambda: poll.finish(end)))

    async def _wait(self, poll: LongPoll[Response], waiter: _Waiter) -> WaitEnd | None:
        config = self.app.config
        clock = config.clock
        deadline = clock.now() + poll.heartbeat
        real_end = (
            None if config.ping_real_limit is None else time.monotonic() + config.ping_real_limit
        )
        self.waits.add(waiter)
        registry = self.app.activesync.pings
        token = registry.start(poll.device)  # counted with the blocking waits
        try:
            while True:
                waiter.wake.clear()
                found = await self._run(poll.check)
                if waiter.gone:
                    return None
                if found is not None:
                    return found
                if waiter.superseded:
                    return WaitEnd.ENDED
                left = (deadline - clock.now()).total_seconds()
                if real_end is not None:
                    left = min(left, real_end - time.monotonic())
                if left <= 0:
                    return WaitEnd.EXPIRED
                try:
                    async with asyncio.timeout(min(left, config.ping_recheck_interval)):
                        await waiter.wake.wait()
                except TimeoutError:
                    pass
                if waiter.gone:
                    return None
        finally:
            self.waits.remove(waiter)
            registry.finish(poll.device, token)

    async def _run(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, work)


def _respond(app: ServerApp, environ: dict[str, Any]) -> Response | LongPoll[Response]:
    return app.guarded(environ, lambda: app.respond(environ))


async def _until_disconnect(receive: Receive, waiter: _Waiter) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            waiter.gone = True
            waiter.wake.set()
            return


async def _send(send: Send, response: Response) -> None:
    headers = [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.wsgi_headers()
    ]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


def wsgi_environ(scope: Scope, body: AsgiInput) -> dict[str, Any]:
    """The PEP 3333 environ the core reads, from an ASGI HTTP scope (the ASGI spec's mapping)."""
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", ""),
        # PEP 3333: PATH_INFO carries the decoded path's bytes as latin-1.
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ
