"""Sync on the reference server, server -> device: paging, keys, statuses, restarts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from server_client import Client, demo_app, demo_user

from eas.commands.sync import (
    Add,
    AddResult,
    Change,
    CollectionRequest,
    Delete,
    Fetch,
    FetchResult,
    SyncResponse,
    SyncStatus,
)
from eas.items.contacts import ContactItem, contact_from_application_data
from eas.tree import E
from server.app import ServerApp
from server.model import Address, Number, NumberKind, Slot
from server.seed import DEMO_SYNCED_ADDRESSES

CONTACTS = "contacts"


@pytest.fixture
def app() -> Iterator[ServerApp]:
    app = demo_app()
    yield app
    assert app.unhandled_errors == 0
    app.close()


def _start(client: Client, collection: str = CONTACTS) -> str:
    client.folder_sync("0")
    response = client.sync(CollectionRequest("0", collection))
    (coll,) = response.collections
    assert coll.status == SyncStatus.SUCCESS
    assert coll.commands == ()  # eas-facts 1 #22: key 0 brings no items
    return coll.sync_key


def _sync_all(client: Client, key: str, window: int) -> tuple[str, list[Add | Change | Delete]]:
    received: list[Add | Change | Delete] = []
    for _ in range(100):
        (coll,) = client.sync(CollectionRequest(key, CONTACTS, window_size=window)).collections
        assert coll.status == SyncStatus.SUCCESS
        assert len(coll.commands) <= window
        received += [c for c in coll.commands if not isinstance(c, Fetch)]
        key = coll.sync_key
        if not coll.more_available:
            return key, received
    raise AssertionError("MoreAvailable never ended")


def test_paging_sends_every_contact_exactly_once(app: ServerApp) -> None:
    # B-COL-3: several rounds; B-CON-1: only the addresses ticked for sync.
    client = Client(app)
    key, received = _sync_all(client, _start(client), window=10)
    assert all(isinstance(c, Add) for c in received)
    ids = [str(c.server_id) for c in received]
    assert len(ids) == len(set(ids)) == DEMO_SYNCED_ADDRESSES
    user = demo_user(app)
    synced = app.onoffice.addresses(user.customer_id, synced_only=True)
    assert sorted(ids, key=int) == [str(a.id) for a in synced]
    # Nothing new: the same key, no commands.
    (coll,) = client.sync(CollectionRequest(key, CONTACTS)).collections
    assert (coll.sync_key, coll.commands, coll.more_available) == (key, (), False)


def test_window_size_bounds(app: ServerApp) -> None:
    client = Client(app)
    key = _start(client)
    (coll,) = client.sync(CollectionRequest(key, CONTACTS, window_size=0)).collections
    assert len(coll.commands) == DEMO_SYNCED_ADDRESSES  # 0 means 512
    assert not coll.more_available


def test_repeated_key_is_answered_again_identically(app: ServerApp) -> None:
    client = Client(app)
    key = _start(client)
    request = CollectionRequest(key, CONTACTS, window_size=10)
    (first,) = client.sync(request).collections
    (again,) = client.sync(request).collections  # the first response was "lost"
    assert again == first
    assert first.more_available
    # Moving on from the new key drops the old one.
    client.sync(CollectionRequest(first.sync_key, CONTACTS, window_size=10))
    (stale,) = client.sync(request).collections
    assert stale.status == SyncStatus.INVALID_SYNC_KEY


@pytest.mark.parametrize("key", ["garbage", "{00000000-0000-0000-0000-000000000000}1", "7", ""])
def test_unknown_key_gives_status_3(app: ServerApp, key: str) -> None:
    client = Client(app)
    _start(client)
    (coll,) = client.sync(CollectionRequest(key, CONTACTS)).collections
    assert coll.status == SyncStatus.INVALID_SYNC_KEY
    assert coll.sync_key == "0"


def test_collection_not_in_the_hierarchy_gives_status_12(app: ServerApp) -> None:
    client = Client(app)
    (coll,) = client.sync(CollectionRequest("0", "no-such-folder")).collections
    assert coll.status == SyncStatus.FOLDER_HIERARCHY_CHANGED
    user = demo_user(app)
    app.onoffice.set_user_settings(user.id, contacts=False)  # B-SET-3
    (coll,) = client.sync(CollectionRequest("0", CONTACTS)).collections
    assert coll.status == SyncStatus.FOLDER_HIERARCHY_CHANGED


def test_calendar_and_tasks_sync(app: ServerApp) -> None:
    client = Client(app)
    for folder in ("calendar", "tasks"):
        key = _start(client, folder)
        (coll,) = client.sync(CollectionRequest(key, folder)).collections
        assert coll.status == SyncStatus.SUCCESS
        assert all(isinstance(c, Add) for c in coll.commands)


def test_empty_sync_gives_status_13(app: ServerApp) -> None:
    reply = Client(app).eas("Sync", E("AirSync:Sync"))
    assert reply.status == 200
    assert SyncResponse.from_tree(reply.tree()).status == SyncStatus.INCOMPLETE_REQUEST
    assert Client(app).eas("Sync", None).status == 200


@pytest.mark.parametrize(("strict", "status"), [(False, SyncStatus.SUCCESS), (True, 4)])
def test_getchanges_with_key_0(strict: bool, status: int) -> None:
    # eas-facts 6: Z-Push sends items at once; the spec says Status 4.
    client = Client(demo_app(strict=strict))
    (coll,) = client.sync(CollectionRequest("0", CONTACTS, get_changes=True)).collections
    assert coll.status == status
    if not strict:
        assert len(coll.commands) == DEMO_SYNCED_ADDRESSES


def test_changes_in_onoffice_reach_the_device(app: ServerApp) -> None:
    client = Client(app)
    key, _ = _sync_all(client, _start(client), window=100)
    user = demo_user(app)
    first, second = app.onoffice.addresses(user.customer_id, synced_only=True)[:2]
    app.onoffice.update_address(replace(first, first_name="Janine"))
    app.onoffice.set_address_sync(second.id, False)  # B-CON-14 / B-CON-1
    new = app.onoffice.add_address(
        user.customer_id,
        Address(first_name="Neu", last_name="Kontakt", numbers=(
            Number(NumberKind.MOBILE, "+49 170 1234567", True, Slot.MOBILE),
        )),
    )  # fmt: skip
    key, received = _sync_all(client, key, window=100)
    kinds = {type(c).__name__: c for c in received}
    assert set(kinds) == {"Add", "Change", "Delete"}
    change = kinds["Change"]
    assert isinstance(change, Change) and change.server_id == str(first.id)
    assert contact_from_application_data(change.application_data).get("FirstName") == "Janine"
    assert kinds["Delete"].server_id == str(second.id)
    add = kinds["Add"]
    assert isinstance(add, Add) and add.server_id == str(new.id)
    item: ContactItem = contact_from_application_data(add.application_data)
    assert item.get("MobilePhoneNumber") == "+49 170 1234567"


def test_client_commands_are_answered(app: ServerApp) -> None:
    client = Client(app)
    key, received = _sync_all(client, _start(client), window=100)
    some = str(received[0].server_id)
    request = CollectionRequest(
        key,
        CONTACTS,
        commands=(Fetch(some), Fetch("999999"), Add(E("AirSync:ApplicationData"), client_id="c1")),
    )
    (coll,) = client.sync(request).collections
    fetched, missing, added = coll.responses
    assert isinstance(fetched, FetchResult) and fetched.status == SyncStatus.SUCCESS
    assert isinstance(missing, FetchResult) and missing.status == SyncStatus.OBJECT_NOT_FOUND
    assert isinstance(added, AddResult) and added.client_id == "c1"


def test_state_survives_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "state.sqlite3")
    app = demo_app(db_path=db)
    client = Client(app)
    key = _start(client)
    (coll,) = client.sync(CollectionRequest(key, CONTACTS, window_size=10)).collections
    app.close()
    restarted = demo_app(db_path=db)  # seeding again is a no-op
    client = Client(restarted)
    key, received = _sync_all(client, coll.sync_key, window=10)
    assert len(received) == DEMO_SYNCED_ADDRESSES - 10
    assert restarted.unhandled_errors == 0
    restarted.close()
