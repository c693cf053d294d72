"""The transport over real sockets: one retry when a connection is reset before any answer."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fake_eas import FixedClock

from simulator.profile import load_profile
from simulator.transport import Transport, TransportError

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"


class DroppingServer:
    """Accepts connections on loopback; the first ``drops`` are read and closed unanswered."""

    def __init__(self, drops: int) -> None:
        self.drops, self.connections = drops, 0
        self.requests: list[bytes] = []
        self.stopped = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)  # accept() wakes up to see stop()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/Microsoft-Server-ActiveSync"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(10)
                self.connections += 1
                request = _read_request(conn)
                self.requests.append(request)
                if self.connections > self.drops:
                    conn.sendall(ANSWER)

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(5)
        self.listener.close()


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":")[1]) for line in head.split(b"\r\n")
         if line.lower().startswith(b"content-length:")), 0,
    )  # fmt: skip
    while len(body) < length and (chunk := conn.recv(65536)):
        body += chunk
    return head + b"\r\n\r\n" + body


@pytest.fixture
def transport() -> Transport:
    return Transport(load_profile("ios"), "DEVICE1", FixedClock())


@contextmanager
def serve(drops: int) -> Iterator[DroppingServer]:
    server = DroppingServer(drops)
    try:
        yield server
    finally:
        server.stop()


def test_a_reset_before_any_answer_is_sent_again_once(transport: Transport) -> None:
    with serve(drops=1) as server:
        reply = transport.http("POST", server.url, body=b"payload")
        assert (reply.status, reply.body) == (200, b"ok")
        assert server.connections == 2  # the retry went out on a new connection
        assert all(r.endswith(b"payload") for r in server.requests)
    first, second = transport.conversation
    assert first.status is None and first.error is not None
    assert "[connection]" in first.error and "sent again on a new connection" in first.error
    assert (second.status, second.request_body) == (200, b"payload")


def test_only_one_retry(transport: Transport) -> None:
    with serve(drops=2) as server:
        with pytest.raises(TransportError) as caught:
            transport.http("GET", server.url)
        assert caught.value.kind == "connection"
        assert server.connections == 2
    first, second = transport.conversation
    assert (first.status, second.status) == (None, None)
    assert "the retry on a new connection" in (second.error or "")


def test_a_refused_connection_is_not_retried(transport: Transport) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    with pytest.raises(TransportError) as caught:
        transport.http("GET", f"http://127.0.0.1:{port}/")
    assert caught.value.kind == "refused"
    assert len(list(transport.conversation)) == 1
