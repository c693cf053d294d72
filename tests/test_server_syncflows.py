"""Two-way Sync flows: the device's Adds, Changes and Deletes, conflicts, resends, paging,
FilterType per class, and the 14.x empty and partial Sync."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from server_client import Client, demo_app, demo_user

from eas.commands.sync import (
    Add,
    AddResult,
    Change,
    ChangeResult,
    CollectionRequest,
    CollectionResponse,
    Delete,
    DeleteResult,
    SyncRequest,
    SyncResponse,
    SyncStatus,
)
from eas.items.contacts import ContactItem, contact_to_application_data
from server.app import ServerApp
from server.model import Address
from server.seed import DEMO_SYNCED_ADDRESSES

CONTACTS = "contacts"


@pytest.fixture
def app() -> Iterator[ServerApp]:
    app = demo_app()
    yield app
    assert app.unhandled_errors == 0
    app.close()


def _contact(first: str, last: str = "Muster") -> ContactItem:
    return ContactItem({"FirstName": first, "LastName": last})


def _one(client: Client, request: CollectionRequest) -> CollectionResponse:
    (coll,) = client.sync(request).collections
    return coll


def _synced(client: Client, folder: str = CONTACTS) -> str:
    client.folder_sync("0")
    key = _one(client, CollectionRequest("0", folder)).sync_key
    while True:
        coll = _one(client, CollectionRequest(key, folder, window_size=512))
        key = coll.sync_key
        if not coll.more_available:
            return key


def test_device_add_gets_a_server_id_and_a_resend_adds_nothing(app: ServerApp) -> None:
    client = Client(app)
    key = _synced(client)
    add = Add(contact_to_application_data(_contact("Neu")), client_id="c-1")
    request = CollectionRequest(key, CONTACTS, commands=(add,))
    first = _one(client, request)
    (result,) = first.responses
    assert isinstance(result, AddResult) and result.status == SyncStatus.SUCCESS
    assert result.server_id and result.client_id == "c-1"
    assert first.commands == ()  # nothing echoed back
    again = _one(client, request)  # the response was lost: same key, same Add
    assert again == first
    user = demo_user(app)
    names = [a.first_name for a in app.onoffice.addresses(user.customer_id, synced_only=True)]
    assert names.count("Neu") == 1
    assert len(names) == DEMO_SYNCED_ADDRESSES + 1
    after = _one(client, CollectionRequest(first.sync_key, CONTACTS))
    assert (after.commands, after.sync_key) == ((), first.sync_key)


def test_device_change_and_delete_reach_onoffice(app: ServerApp) -> None:
    client = Client(app)
    key = _synced(client)
    user = demo_user(app)
    first, second = app.onoffice.addresses(user.customer_id, synced_only=True)[:2]
    change = Change(str(first.id), contact_to_application_data(_contact("Anders", "Neu")))
    coll = _one(client, CollectionRequest(key, CONTACTS, commands=(change, Delete(str(second.id)))))
    assert coll.responses == ()  # success is not answered (MS-ASCMD 2.2.3.24.2)
    stored = app.onoffice.address(first.id)
    assert stored is not None and stored.first_name == "Anders"
    assert str(second.id) not in app.onoffice.address_versions(user.customer_id)  # B-CON-14
    after = _one(client, CollectionRequest(coll.sync_key, CONTACTS))
    # Not sent back as such; the mapping may resend what onOffice made of it (B-CON-11).
    assert all(isinstance(c, Change) and c.server_id == str(first.id) for c in after.commands)


def test_unknown_server_ids_are_status_8(app: ServerApp) -> None:
    client = Client(app)
    key = _synced(client)
    change = Change("999999", contact_to_application_data(_contact("X")))
    coll = _one(client, CollectionRequest(key, CONTACTS, commands=(change, Delete("888888"))))
    assert set(coll.responses) == {ChangeResult("999999", 8), DeleteResult("888888", 8)}


@pytest.mark.parametrize(
    ("conflict", "server_wins"), [(None, True), (1, True), (0, False)]
)  # eas-facts 1 #27
def test_conflict(app: ServerApp, conflict: int | None, server_wins: bool) -> None:
    client = Client(app)
    key = _synced(client)
    user = demo_user(app)
    address = app.onoffice.addresses(user.customer_id, synced_only=True)[0]
    app.onoffice.update_address(replace(address, first_name="Server"))
    change = Change(str(address.id), contact_to_application_data(_contact("Device")))
    coll = _one(client, CollectionRequest(key, CONTACTS, conflict=conflict, commands=(change,)))
    stored = app.onoffice.address(address.id)
    assert stored is not None
    if server_wins:
        assert coll.responses == (ChangeResult(str(address.id), SyncStatus.CONFLICT),)
        assert stored.first_name == "Server"
        (sent,) = coll.commands  # the server's version goes to the device
        assert isinstance(sent, Change) and sent.server_id == str(address.id)
    else:
        assert coll.responses == () and coll.commands == ()
        assert stored.first_name == "Device"


def test_conflict_setting_client_wins() -> None:
    app = demo_app(conflict_server_wins=False)
    client = Client(app)
    key = _synced(client)
    address = app.onoffice.addresses(demo_user(app).customer_id, synced_only=True)[0]
    app.onoffice.update_address(replace(address, first_name="Server"))
    change = Change(str(address.id), contact_to_application_data(_contact("Device")))
    coll = _one(client, CollectionRequest(key, CONTACTS, commands=(change,)))
    assert coll.responses == ()
    stored = app.onoffice.address(address.id)
    assert stored is not None and stored.first_name == "Device"


def test_paging_200_items_with_window_25(app: ServerApp) -> None:
    user = demo_user(app)
    for n in range(200 - DEMO_SYNCED_ADDRESSES):
        app.onoffice.add_address(user.customer_id, Address(first_name=f"P{n}", last_name="Page"))
    client = Client(app)
    client.folder_sync("0")
    key = _one(client, CollectionRequest("0", CONTACTS)).sync_key
    seen: list[str] = []
    rounds = 0
    while True:
        rounds += 1
        coll = _one(client, CollectionRequest(key, CONTACTS, window_size=25))
        assert len(coll.commands) <= 25
        seen += [str(c.server_id) for c in coll.commands if isinstance(c, Add)]
        key = coll.sync_key
        if not coll.more_available:
            break
    assert rounds == 8 and len(seen) == len(set(seen)) == 200


@pytest.mark.parametrize(
    ("strict", "folder", "filter_type", "status"),
    [
        (True, "calendar", 2, SyncStatus.PROTOCOL_ERROR),
        (False, "calendar", 2, SyncStatus.SUCCESS),
        (True, "calendar", 5, SyncStatus.SUCCESS),
        (True, "tasks", 8, SyncStatus.SUCCESS),
        (True, "tasks", 4, SyncStatus.PROTOCOL_ERROR),
        (True, "contacts", 3, SyncStatus.SUCCESS),  # FilterType ignored for contacts
    ],
)  # eas-facts 1 #28
def test_filter_type_per_class(strict: bool, folder: str, filter_type: int, status: int) -> None:
    client = Client(demo_app(strict=strict))
    client.folder_sync("0")
    key = _one(client, CollectionRequest("0", folder)).sync_key
    coll = _one(client, CollectionRequest(key, folder, filter_type=filter_type))
    assert coll.status == status


def test_several_collections_and_the_empty_and_partial_sync(app: ServerApp) -> None:
    client = Client(app)
    client.folder_sync("0")
    first = client.sync(CollectionRequest("0", CONTACTS), CollectionRequest("0", "calendar"))
    keys = {c.collection_id: c.sync_key for c in first.collections}
    client.sync(*(CollectionRequest(k, c, window_size=512) for c, k in keys.items()))
    user = demo_user(app)
    address = app.onoffice.addresses(user.customer_id, synced_only=True)[0]
    app.onoffice.update_address(replace(address, first_name="Leer"))
    # 14.x: an empty body repeats the last Sync with the keys last issued.
    empty = SyncResponse.from_tree(client.eas("Sync", None).tree())
    changed = {c.collection_id: c for c in empty.collections}
    assert set(changed) == {CONTACTS, "calendar"}
    assert [c.server_id for c in changed[CONTACTS].commands if isinstance(c, Change)] == [
        str(address.id)
    ]
    # Partial: only the contacts named; the calendar comes from the cache.
    partial = SyncRequest((CollectionRequest(changed[CONTACTS].sync_key, CONTACTS),), partial=True)
    answer = SyncResponse.from_tree(client.eas("Sync", partial.to_tree()).tree())
    assert {c.collection_id for c in answer.collections} == {CONTACTS, "calendar"}


@pytest.mark.parametrize(
    ("strict", "wait", "heartbeat", "status", "limit"),
    [
        (True, 100, None, 14, 59),
        (False, 100, None, 14, None),  # eas-facts 6: Z-Push sends no Limit
        (True, None, 30, 14, 60),
        (True, 5, 300, 4, None),
    ],
)  # eas-facts 1 #33
def test_wait_and_heartbeat_bounds(
    strict: bool, wait: int | None, heartbeat: int | None, status: int, limit: int | None
) -> None:
    client = Client(demo_app(strict=strict))
    request = SyncRequest((CollectionRequest("0", CONTACTS),), wait=wait,
                          heartbeat_interval=heartbeat)  # fmt: skip
    answer = SyncResponse.from_tree(client.eas("Sync", request.to_tree()).tree())
    assert (answer.status, answer.limit) == (status, limit)


def test_sync_with_wait_answers_when_something_changes() -> None:
    app = demo_app(ping_poll_interval=0.01, ping_real_limit=0.1)
    client = Client(app)
    key = _synced(client)
    request = SyncRequest((CollectionRequest(key, CONTACTS),), wait=5)
    answer = SyncResponse.from_tree(client.eas("Sync", request.to_tree()).tree())
    (coll,) = answer.collections  # nothing changed: the real-time cap ends the wait
    assert (coll.status, coll.commands, coll.sync_key) == (1, (), key)


def test_class_element_is_echoed_at_12_only(app: ServerApp) -> None:
    client = Client(app)
    client.folder_sync("0")
    for version, expected in (("12.1", "Contacts"), ("14.1", None)):
        request = SyncRequest((CollectionRequest("0", CONTACTS, class_name="Contacts"),))
        reply = client.eas("Sync", request.to_tree(), version=version)
        (coll,) = SyncResponse.from_tree(reply.tree()).collections
        assert coll.class_name == expected  # MS-ASCMD 2.2.3.27.6
