"""Ping on the reference server: its statuses, and a Ping that wakes (B-COL-4).

The waiting Ping runs in a thread; the test changes onOffice or moves the
injected clock, and the Ping ends within a few poll intervals (10 ms here).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from server_client import Client, FixedClock, demo_app, demo_user

from eas.commands.ping import PingFolder, PingRequest, PingResponse, PingStatus
from eas.commands.sync import CollectionRequest
from server.app import ServerApp

CONTACTS = PingFolder("contacts", "Contacts")
CALENDAR = PingFolder("calendar", "Calendar")
REAL_CAP = 20.0  # seconds


@pytest.fixture
def app() -> Iterator[ServerApp]:
    # The clock is frozen (FixedClock): without a real-time cap a Ping the server
    # failed to answer would wait forever. The cap is far above every wait here
    # (result() gives up after 5 s), so no test passes by the cap alone.
    app = demo_app(ping_poll_interval=0.01, ping_real_limit=REAL_CAP)
    yield app
    assert app.unhandled_errors == 0
    app.close()


def _ping(client: Client, request: PingRequest, version: str = "14.1") -> PingResponse:
    reply = client.eas("Ping", request.to_tree(), version=version)
    assert reply.status == 200, reply
    return PingResponse.from_tree(reply.tree())


def _synced(app: ServerApp) -> Client:
    """A device that has synced contacts and calendar to the end."""
    client = Client(app)
    client.folder_sync("0")
    for folder in ("contacts", "calendar"):
        (coll,) = client.sync(CollectionRequest("0", folder)).collections
        key = coll.sync_key
        while True:
            (coll,) = client.sync(CollectionRequest(key, folder, window_size=512)).collections
            key = coll.sync_key
            if not coll.more_available:
                break
    return client


class _Background:
    def __init__(self, client: Client, request: PingRequest) -> None:
        self.answer: PingResponse | None = None
        self.thread = threading.Thread(target=self._run, args=(client, request), daemon=True)
        self.thread.start()

    def _run(self, client: Client, request: PingRequest) -> None:
        self.answer = _ping(client, request)

    def result(self) -> PingResponse:
        self.thread.join(timeout=5)
        assert self.answer is not None, "the Ping did not end"
        return self.answer


def _waiting(app: ServerApp) -> None:
    deadline = time.monotonic() + 5
    while app.activesync.pings.waiting() == 0:
        assert time.monotonic() < deadline, "the Ping never started waiting"
        time.sleep(0.005)


def test_ping_wakes_when_onoffice_changes(app: ServerApp) -> None:
    client = _synced(app)
    background = _Background(client, PingRequest(900, (CONTACTS, CALENDAR)))
    _waiting(app)
    user = demo_user(app)
    address = app.onoffice.addresses(user.customer_id, synced_only=True)[0]
    app.onoffice.update_address(replace(address, first_name="Geändert"))
    answer = background.result()
    assert (answer.status, answer.folders) == (PingStatus.CHANGES, ("contacts",))


def test_ping_expires_with_the_injected_clock(app: ServerApp) -> None:
    client = _synced(app)
    background = _Background(client, PingRequest(480, (CONTACTS,)))
    _waiting(app)
    clock = app.config.clock
    assert isinstance(clock, FixedClock)
    clock.current += timedelta(seconds=481)
    assert background.result().status == PingStatus.EXPIRED


def test_a_second_ping_ends_the_first(app: ServerApp) -> None:
    client = _synced(app)
    first = _Background(client, PingRequest(900, (CONTACTS,)))
    _waiting(app)
    second = _Background(client, PingRequest(900, (CALENDAR,)))
    assert first.result().status == PingStatus.EXPIRED
    clock = app.config.clock
    assert isinstance(clock, FixedClock)
    clock.current += timedelta(seconds=901)
    assert second.result().status == PingStatus.EXPIRED


def test_ping_answers_at_once_when_a_folder_is_behind(app: ServerApp) -> None:
    client = Client(app)
    client.folder_sync("0")
    client.sync(CollectionRequest("0", "contacts"))  # key 1: no items yet
    answer = _ping(client, PingRequest(900, (CONTACTS,)))
    assert (answer.status, answer.folders) == (PingStatus.CHANGES, ("contacts",))


def test_ping_without_parameters_reuses_the_last_ones(app: ServerApp) -> None:
    client = Client(app)
    assert _ping(client, PingRequest()).status == PingStatus.MISSING_PARAMETERS
    client.folder_sync("0")
    _ping(client, PingRequest(60, (CONTACTS,)))  # behind: answers at once, and is kept
    answer = _ping(client, PingRequest())
    assert (answer.status, answer.folders) == (PingStatus.CHANGES, ("contacts",))


def test_ping_on_a_folder_the_user_lost_needs_foldersync(app: ServerApp) -> None:
    client = _synced(app)
    app.onoffice.set_user_settings(demo_user(app).id, contacts=False)  # B-SET-3
    assert _ping(client, PingRequest(900, (CONTACTS,))).status == PingStatus.FOLDER_SYNC_REQUIRED
    tasks = PingFolder("tasks-unknown", "Tasks")
    assert _ping(client, PingRequest(900, (tasks,))).status == PingStatus.FOLDER_SYNC_REQUIRED


@pytest.mark.parametrize(("interval", "limit"), [(1, 60), (4000, 3540)])
def test_heartbeat_bounds_in_strict_mode(interval: int, limit: int) -> None:
    client = Client(demo_app(strict=True))
    answer = _ping(client, PingRequest(interval, (CONTACTS,)))
    assert (answer.status, answer.heartbeat_interval) == (PingStatus.INVALID_HEARTBEAT, limit)


def test_zpush_accepts_any_heartbeat_unless_bounds_are_set() -> None:
    # eas-facts 6: Z-Push without PING_*_BOUND_LIFETIME accepts a 1 s heartbeat.
    client = Client(demo_app())
    client.folder_sync("0")
    assert _ping(client, PingRequest(1, (CONTACTS,))).status == PingStatus.CHANGES
    bounded = Client(demo_app(ping_heartbeat_bounds=(30, 600)))
    answer = _ping(bounded, PingRequest(1, (CONTACTS,)))
    assert (answer.status, answer.heartbeat_interval) == (PingStatus.INVALID_HEARTBEAT, 30)


def test_too_many_folders() -> None:
    client = Client(demo_app(ping_max_folders=1))
    answer = _ping(client, PingRequest(60, (CONTACTS, CALENDAR)))
    assert (answer.status, answer.max_folders) == (PingStatus.TOO_MANY_FOLDERS, 1)


def test_real_time_cap_ends_a_ping_under_a_frozen_clock() -> None:
    app = demo_app(ping_poll_interval=0.01, ping_real_limit=0.05)
    client = _synced(app)
    assert _ping(client, PingRequest(900, (CONTACTS,))).status == PingStatus.EXPIRED
