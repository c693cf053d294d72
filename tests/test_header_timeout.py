"""A client that sends its request headers too slowly is cut off (slowloris), others go on.

uvicorn alone keeps such a connection open for as long as bytes trickle in
(`zpush_sim.uvicorn_headers`); with a deadline of half a second here, the
server answers 408 and closes it, while a normal request on another
connection is answered meanwhile.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from server_client import demo_app

from zpush_sim.uvicorn_run import serving

DEADLINE = 0.5


@pytest.fixture
def address() -> Iterator[tuple[str, int]]:
    with serving(demo_app(), header_timeout=DEADLINE) as url:
        parts = urlsplit(url)
        yield str(parts.hostname), int(parts.port or 80)


def _read_all(sock: socket.socket, seconds: float) -> bytes:
    sock.settimeout(seconds)
    chunks = []
    try:
        while chunk := sock.recv(4096):
            chunks.append(chunk)
    except TimeoutError:
        chunks.append(b"<still open>")
    return b"".join(chunks)


def test_headers_sent_a_byte_at_a_time_get_408_and_the_connection_closes(
    address: tuple[str, int],
) -> None:
    with socket.create_connection(address) as slow:
        slow.sendall(b"OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\nHost: x\r\n")
        for byte in b"X-Slow: " + b"a" * 40:  # a byte every 50 ms: 2.4 s in all
            try:
                slow.sendall(bytes([byte]))
            except OSError:  # closed by the server
                break
            time.sleep(0.05)
        answered = _read_all(slow, 5)
    assert answered.startswith(b"HTTP/1.1 408"), answered
    assert not answered.endswith(b"<still open>")  # closed by the server


def test_a_connection_that_sends_nothing_is_closed(address: tuple[str, int]) -> None:
    with socket.create_connection(address) as idle:
        assert _read_all(idle, 5).startswith(b"HTTP/1.1 408")


def test_a_slow_client_does_not_hold_up_a_normal_one(address: tuple[str, int]) -> None:
    host, port = address
    with socket.create_connection(address) as slow:
        slow.sendall(b"OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\n")
        reply = requests.options(f"http://{host}:{port}/Microsoft-Server-ActiveSync", timeout=5)
        assert reply.status_code == 401  # answered (Z-Push asks for credentials first)
        assert _read_all(slow, 5).startswith(b"HTTP/1.1 408")


def test_a_kept_alive_connection_gets_a_fresh_deadline_for_each_request(
    address: tuple[str, int],
) -> None:
    with socket.create_connection(address) as client:
        request = b"OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\nHost: x\r\n\r\n"
        for _ in range(5):  # spread over more than the deadline, each request quick
            client.sendall(request)
            client.settimeout(5)
            assert client.recv(4096).startswith(b"HTTP/1.1 401")
            time.sleep(DEADLINE * 0.5)
