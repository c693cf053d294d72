"""A device that changes its calendar FilterType with the SyncKey it holds (device-bugs.md 24).

The window is the one each request's FilterType gives (MS-ASCMD 2.2.3.68.2:
the server keeps the items on the device within it): what came into the
window arrives as Adds, what left it goes at once. Z-Push mode sends a
Delete (its diff exporter's deletion); strict mode a SoftDelete (2.2.3.172),
and a Delete only for an item gone from the folder. Ping watches each
folder within the window of the folder's own last Sync, also when later
Syncs named other folders (Z-Push-contrib#197: otherwise it wakes the
device again and again for items its Sync never sends).
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from server_client import Client, FixedClock, demo_app, demo_user

from eas.commands.ping import PingFolder, PingRequest, PingResponse, PingStatus
from eas.commands.sync import (
    Add,
    CollectionRequest,
    Command,
    Delete,
    SyncResponse,
    SyncStatus,
)
from server.app import ServerApp
from server.model import Appointment

CALENDAR = "calendar"
ONE_MONTH, TWO_WEEKS = 5, 4  # MS-ASCMD 2.2.3.68.2 FilterType


def _sync(client: Client, key: str, filter_type: int) -> tuple[str, tuple[Command, ...]]:
    (coll,) = client.sync(CollectionRequest(key, CALENDAR, filter_type=filter_type)).collections
    assert coll.status == SyncStatus.SUCCESS and not coll.more_available
    return coll.sync_key, coll.commands


def _three_weeks_ago(app: ServerApp) -> Appointment:
    """An appointment inside the one-month window and outside the two-week one."""
    user = demo_user(app)
    start = app.config.clock.now() - timedelta(days=21)
    return app.onoffice.add_appointment(
        user.customer_id,
        Appointment("Jahresgespräch", start, start + timedelta(hours=1), user_id=user.id),
    )


def _month_synced(strict: bool) -> tuple[ServerApp, Appointment, Client, str]:
    """A device that holds the one-month calendar, the three-week-old appointment in it."""
    app = demo_app(strict=strict)
    old = _three_weeks_ago(app)
    client = Client(app)
    client.folder_sync("0")
    key, _ = _sync(client, "0", ONE_MONTH)
    key, first = _sync(client, key, ONE_MONTH)
    assert str(old.id) in {c.server_id for c in first if isinstance(c, Add)}
    return app, old, client, key


@pytest.mark.parametrize("strict", [False, True])
def test_a_narrower_filter_with_the_same_key_removes_what_left_the_window(strict: bool) -> None:
    app, old, client, key = _month_synced(strict)

    key, narrowed = _sync(client, key, TWO_WEEKS)
    assert Delete(str(old.id), soft=strict) in narrowed
    assert all(isinstance(c, Delete) and c.soft == strict for c in narrowed)
    # Widened again with the same key: what left comes back as Adds, nothing else is sent.
    key, widened = _sync(client, key, ONE_MONTH)
    assert all(isinstance(c, Add) for c in widened)
    assert sorted(str(c.server_id) for c in widened) == sorted(c.server_id for c in narrowed)
    app.close()


def test_strict_mode_still_hard_deletes_an_item_gone_from_the_folder() -> None:
    app, old, client, key = _month_synced(strict=True)
    app.onoffice.update_appointment(replace(old, deleted=True))
    _, commands = _sync(client, key, ONE_MONTH)
    assert commands == (Delete(str(old.id), soft=False),)
    app.close()


@pytest.mark.parametrize("strict", [False, True])
def test_ping_keeps_the_calendar_window_after_a_sync_of_other_folders(strict: bool) -> None:
    app = demo_app(strict=strict, ping_poll_interval=0.01, ping_real_limit=20.0)
    _three_weeks_ago(app)
    client = Client(app)
    client.folder_sync("0")
    key, _ = _sync(client, "0", TWO_WEEKS)
    _sync(client, key, TWO_WEEKS)
    (coll,) = client.sync(CollectionRequest("0", "contacts")).collections
    client.sync(CollectionRequest(coll.sync_key, "contacts", window_size=512))

    answers: list[PingResponse] = []
    request = PingRequest(480, (PingFolder(CALENDAR, "Calendar"),))
    thread = threading.Thread(
        target=lambda: answers.append(
            PingResponse.from_tree(client.eas("Ping", request.to_tree()).tree())
        ),
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 5
    while app.activesync.pings.waiting() == 0 and thread.is_alive():
        assert time.monotonic() < deadline, "the Ping neither answered nor waited"
        time.sleep(0.005)
    clock = app.config.clock
    assert isinstance(clock, FixedClock)
    clock.current += timedelta(seconds=481)
    thread.join(timeout=5)
    assert [a.status for a in answers] == [PingStatus.EXPIRED]  # not CHANGES: nothing to send
    app.close()


def test_an_empty_sync_still_repeats_only_the_last_sync() -> None:
    # MS-ASCMD 2.2.3.124: the collections of the previous Sync, not every one kept.
    app = demo_app()
    client = Client(app)
    client.folder_sync("0")
    key, _ = _sync(client, "0", ONE_MONTH)
    _sync(client, key, ONE_MONTH)
    client.sync(CollectionRequest("0", "contacts"))
    empty = SyncResponse.from_tree(client.eas("Sync", None).tree())
    assert [c.collection_id for c in empty.collections] == ["contacts"]
    app.close()


def test_refused_options_do_not_stick_to_the_collection() -> None:
    # Strict: FilterType 2 is refused for a calendar (Status 4); the next Sync without
    # Options gets the calendar's own earlier window, not the refused one again.
    app = demo_app(strict=True)
    client = Client(app)
    client.folder_sync("0")
    key, _ = _sync(client, "0", ONE_MONTH)
    key, _ = _sync(client, key, ONE_MONTH)
    (bad,) = client.sync(CollectionRequest(key, CALENDAR, filter_type=2)).collections
    assert bad.status == SyncStatus.PROTOCOL_ERROR
    (again,) = client.sync(CollectionRequest(key, CALENDAR)).collections
    assert again.status == SyncStatus.SUCCESS
    app.close()
