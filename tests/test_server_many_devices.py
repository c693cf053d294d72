"""Many devices on ``zpush-sim serve``'s server model (ASGI under uvicorn), over real sockets.

The figures measured in issue 12 on the old model (waitress, 4 threads):
four pushing phones and nobody else got an answer within 15 s; 120 slow
clients and nobody else got one within 10 s; a Ping of a phone that had
gone away went on holding its thread. Each is reproduced here with more
devices than the old model had threads. Nothing here asserts a duration:
"answered" means answered before the client's own generous timeout.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
import requests
from server_client import Client, demo_app, demo_user
from test_server_ping import CONTACTS, _synced

from eas import wbxml
from eas.commands.ping import PingRequest, PingResponse, PingStatus
from eas.commands.sync import CollectionRequest, SyncRequest, SyncResponse
from eas.http import ACTIVESYNC_PATH, basic_authorization
from server.app import ServerApp
from server.seed import DEMO_LOGIN, DEMO_PASSWORD
from zpush_sim.uvicorn_run import serving

AUTH = basic_authorization(DEMO_LOGIN, DEMO_PASSWORD)
HELD = 8  # twice the old model's threads


@pytest.fixture
def app() -> Iterator[ServerApp]:
    # The fixed clock never reaches a 900 s heartbeat: the Pings stay held until
    # a change, a newer Ping or the client ends them. `serving` closes the app.
    app = demo_app(ping_poll_interval=0.02)
    yield app
    assert app.unhandled_errors == 0


def _wait_until(condition: Callable[[], bool], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


class HeldPing:
    """A Ping sent over its own connection, its answer read in a thread."""

    def __init__(self, url: str, device_id: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=60)
        body = wbxml.encode(PingRequest(900, (CONTACTS,)).to_tree())
        query = f"Cmd=Ping&User={DEMO_LOGIN}&DeviceId={device_id}&DeviceType=iPhone"
        headers = {
            "Authorization": AUTH,
            "MS-ASProtocolVersion": "14.1",
            "Content-Type": "application/vnd.ms-sync.wbxml",
        }
        self.conn.request("POST", f"{ACTIVESYNC_PATH}?{query}", body, headers)
        self.answer: PingResponse | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            reply = self.conn.getresponse()
            body = reply.read()
            assert reply.status == 200, reply.status
            self.answer = PingResponse.from_tree(wbxml.decode(body))
        except (OSError, http.client.HTTPException) as exc:
            self.error = exc

    def hang_up(self) -> None:
        assert self.conn.sock is not None
        self.conn.sock.shutdown(socket.SHUT_RDWR)
        self.conn.close()


def _devices(app: ServerApp, count: int) -> list[str]:
    """``count`` devices that have synced contacts to the end (in-process: same database)."""
    ids = []
    for n in range(count):
        client = Client(app, device_id=f"HELD{n:022d}")
        client.folder_sync("0")
        (coll,) = client.sync(CollectionRequest("0", "contacts")).collections
        (coll,) = client.sync(
            CollectionRequest(coll.sync_key, "contacts", window_size=512)
        ).collections
        assert not coll.more_available
        ids.append(client.device_id)
    return ids


def test_held_pings_do_not_starve_other_clients(app: ServerApp) -> None:
    """Issue 12: four pushing phones starved a 4-thread waitress; here twice as many are held."""
    devices = _devices(app, HELD)
    with serving(app, threads=4) as url:
        pings = [HeldPing(url, d) for d in devices]
        _wait_until(lambda: app.activesync.pings.waiting() == HELD, "the Pings are not all held")
        with requests.Session() as other:
            reply = other.options(
                url + ACTIVESYNC_PATH, headers={"Authorization": AUTH}, timeout=10
            )
            assert reply.status_code == 200
            assert app.activesync.pings.waiting() == HELD  # still held while others are served
            # A change wakes every held Ping of the customer: all answered, Status 2.
            user = demo_user(app)
            address = app.onoffice.addresses(user.customer_id, synced_only=True)[0]
            app.onoffice.update_address(replace(address, first_name="Geändert"))
            for ping in pings:
                ping.thread.join(timeout=30)
                assert ping.answer is not None, ping.error
                assert (ping.answer.status, ping.answer.folders) == (
                    PingStatus.CHANGES,
                    ("contacts",),
                )


def test_a_ping_ends_when_its_client_goes_away(app: ServerApp) -> None:
    """Issue 12: a Ping went on after the phone had gone; now its wait ends with the connection."""
    [device] = _devices(app, 1)
    with serving(app) as url:
        ping = HeldPing(url, device)
        _wait_until(lambda: app.activesync.pings.waiting() == 1, "the Ping is not held")
        ping.hang_up()
        _wait_until(lambda: app.activesync.pings.waiting() == 0, "the wait outlived its client")


def test_a_newer_ping_of_the_same_device_ends_the_held_one_as_zpush_does(app: ServerApp) -> None:
    [device] = _devices(app, 1)
    with serving(app) as url:
        first = HeldPing(url, device)
        _wait_until(lambda: app.activesync.pings.waiting() == 1, "the Ping is not held")
        second = HeldPing(url, device)
        first.thread.join(timeout=30)
        assert first.answer is not None, first.error
        assert first.answer.status == PingStatus.EXPIRED  # pingwait's table: ENDED -> Ping 1
        second.hang_up()


def _slow_posts(url: str, count: int, auth: str | None) -> list[socket.socket]:
    """COUNT clients that announce a 1,000-byte Sync body and send two bytes of it."""
    host, port = url.removeprefix("http://").split(":")
    slow = []
    for _ in range(count):
        sock = socket.create_connection((host, int(port)), timeout=30)
        credentials = f"Authorization: {auth}\r\n" if auth else ""
        head = (
            f"POST {ACTIVESYNC_PATH}?Cmd=Sync&User=jane.doe_DoeRealEstate&DeviceId=SLOW"
            f"&DeviceType=iPhone HTTP/1.1\r\nHost: x\r\n{credentials}"
            "MS-ASProtocolVersion: 14.1\r\nContent-Length: 1000\r\n\r\n"
        )
        sock.sendall(head.encode() + b"\x03\x01")  # and then nothing more
        slow.append(sock)
    return slow


def test_slow_clients_are_cut_and_do_not_starve_others(app: ServerApp) -> None:
    """Issue 12: 120 slow clients starved waitress; now they hold no thread and are cut.

    Authenticated, so their bodies are waited for: while all 120 wait, another
    client is answered; then each is cut with 408. Unauthenticated, the body
    is never read (issue 13): 401 at once.
    """
    with serving(app, body_timeout=3.0) as url:
        slow = _slow_posts(url, 120, auth=AUTH)
        with requests.Session() as other:
            reply = other.options(
                url + ACTIVESYNC_PATH, headers={"Authorization": AUTH}, timeout=10
            )
        assert reply.status_code == 200
        for sock in slow:
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                assert not sock.recv(200), "a slow client was answered before its deadline"
        for sock in slow:
            sock.settimeout(30)
            assert sock.recv(200).startswith(b"HTTP/1.1 408")
            sock.close()
        (unknown,) = _slow_posts(url, 1, auth=None)
        assert unknown.recv(200).startswith(b"HTTP/1.1 401"), "answered before its body"
        unknown.close()


def test_an_unauthenticated_upload_is_refused_before_its_body_is_read(app: ServerApp) -> None:
    """Issue 13 over the socket: a 20 MB body with bad credentials is answered unread."""
    with serving(app) as url:
        host, port = url.removeprefix("http://").split(":")
        sock = socket.create_connection((host, int(port)), timeout=10)
        head = (
            f"POST {ACTIVESYNC_PATH}?Cmd=Sync&User=x&DeviceId=BIG&DeviceType=iPhone HTTP/1.1\r\n"
            f"Host: x\r\nAuthorization: Basic Z2FyYmFnZQ==\r\n"
            f"Content-Length: {20 * 1024 * 1024}\r\n\r\n"
        )
        sock.sendall(head.encode() + b"\0" * 4096)  # 4 KB of the 20 MB, then wait
        answer = sock.recv(200)
        sock.close()
    assert answer.startswith(b"HTTP/1.1 401"), answer
    assert app.request_log.from_device("BIG")[-1].body == b"", "the body was read"


def test_the_same_client_code_runs_in_process_too() -> None:
    """The in-process suite keeps the WSGI app: a Ping there still blocks its own call."""
    app = demo_app(ping_poll_interval=0.01, ping_real_limit=0.2)
    client = _synced(app)
    reply = client.eas("Ping", PingRequest(900, (CONTACTS,)).to_tree())
    assert PingResponse.from_tree(reply.tree()).status == PingStatus.EXPIRED
    app.close()


def test_a_sync_with_heartbeat_is_held_and_answered_with_the_change(app: ServerApp) -> None:
    """Sync with HeartbeatInterval waits like a Ping (MS-ASCMD 2.2.3.88.2), on an event."""
    client = Client(app, device_id="WAITSYNC000000000000000000")
    client.folder_sync("0")
    (coll,) = client.sync(CollectionRequest("0", "contacts")).collections
    (coll,) = client.sync(CollectionRequest(coll.sync_key, "contacts", window_size=512)).collections
    request = SyncRequest((CollectionRequest(coll.sync_key, "contacts"),), heartbeat_interval=600)
    answer: list[SyncResponse] = []
    with serving(app) as url:
        query = f"Cmd=Sync&User={DEMO_LOGIN}&DeviceId={client.device_id}&DeviceType=iPhone"
        headers = {
            "Authorization": AUTH,
            "MS-ASProtocolVersion": "14.1",
            "Content-Type": "application/vnd.ms-sync.wbxml",
            "X-MS-PolicyKey": str(client.policy_key),
        }

        def send() -> None:
            reply = requests.post(
                f"{url}{ACTIVESYNC_PATH}?{query}",
                data=wbxml.encode(request.to_tree()),
                headers=headers,
                timeout=60,
            )
            answer.append(SyncResponse.from_tree(wbxml.decode(reply.content)))

        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        _wait_until(lambda: app.activesync.pings.waiting() == 1, "the Sync is not held")
        user = demo_user(app)
        address = app.onoffice.addresses(user.customer_id, synced_only=True)[0]
        app.onoffice.update_address(replace(address, first_name="Gewartet"))
        thread.join(timeout=30)
    [response] = answer
    (changed,) = response.collections
    assert [type(c).__name__ for c in changed.commands] == ["Change"]
