"""FolderSync on the reference server: keys, stable ServerIds, folders per setting (B-SET-3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from server_client import Client, demo_app, demo_user

from eas.commands.foldersync import FolderSyncRequest, FolderSyncStatus, FolderType
from server.app import ServerApp


@pytest.fixture
def app() -> Iterator[ServerApp]:
    app = demo_app()
    yield app
    assert app.unhandled_errors == 0
    app.close()


def _settings(app: ServerApp, **flags: bool) -> None:
    user = demo_user(app)
    app.onoffice.set_user_settings(user.id, **flags)


def test_initial_foldersync_sends_every_folder(app: ServerApp) -> None:
    client = Client(app)
    reply = client.eas("FolderSync", FolderSyncRequest("0").to_tree())
    assert reply.status == 200
    # eas-facts 1 #11: FolderSync 0 carries the version and command lists.
    assert reply.header("MS-ASProtocolVersions") == "12.0,12.1,14.0,14.1"
    assert "FolderSync" in (reply.header("MS-ASProtocolCommands") or "")
    response = client.folder_sync("0")
    assert response.status == FolderSyncStatus.SUCCESS
    assert response.sync_key.startswith("{") and response.sync_key.endswith("}1")
    types = {f.type for f in response.add}
    assert types == {FolderType.CALENDAR, FolderType.CONTACTS, FolderType.TASKS}
    assert all(f.parent_id == "0" for f in response.add)


def test_current_key_without_changes_gives_count_0(app: ServerApp) -> None:
    client = Client(app)
    first = client.folder_sync("0")
    again = client.folder_sync(first.sync_key)
    assert again.status == FolderSyncStatus.SUCCESS
    assert (again.add, again.update, again.delete) == ((), (), ())
    assert again.sync_key == first.sync_key


def test_resync_from_0_keeps_server_ids(app: ServerApp) -> None:
    client = Client(app)
    first = {f.server_id: f.type for f in client.folder_sync("0").add}
    second = {f.server_id: f.type for f in client.folder_sync("0").add}
    other_device = Client(app, device_id="OTHERDEVICE0000000000000000")
    assert first == second == {f.server_id: f.type for f in other_device.folder_sync("0").add}


@pytest.mark.parametrize("key", ["{00000000-0000-0000-0000-000000000000}1", "garbage", "", "1"])
def test_unknown_key_gives_status_9(app: ServerApp, key: str) -> None:
    client = Client(app)
    client.folder_sync("0")
    assert client.folder_sync(key).status == FolderSyncStatus.SYNC_KEY_INVALID


def test_keys_belong_to_their_device(app: ServerApp) -> None:
    key = Client(app).folder_sync("0").sync_key
    other = Client(app, device_id="OTHERDEVICE0000000000000000")
    assert other.folder_sync(key).status == FolderSyncStatus.SYNC_KEY_INVALID


@pytest.mark.parametrize(
    ("contacts", "tasks", "expected"),
    [
        (True, True, {FolderType.CALENDAR, FolderType.CONTACTS, FolderType.TASKS}),
        (False, True, {FolderType.CALENDAR, FolderType.TASKS}),
        (True, False, {FolderType.CALENDAR, FolderType.CONTACTS}),
        (False, False, {FolderType.CALENDAR}),
    ],
)
def test_folders_follow_the_user_settings(
    app: ServerApp, contacts: bool, tasks: bool, expected: set[FolderType]
) -> None:
    # B-SET-3: contacts and tasks need their own setting, appointments only Z-Push.
    _settings(app, contacts=contacts, tasks=tasks)
    assert {f.type for f in Client(app).folder_sync("0").add} == expected


def test_setting_changes_arrive_as_folder_changes(app: ServerApp) -> None:
    client = Client(app)
    first = client.folder_sync("0")
    contacts_id = next(f.server_id for f in first.add if f.type == FolderType.CONTACTS)
    _settings(app, contacts=False)
    changed = client.folder_sync(first.sync_key)
    assert changed.delete == (contacts_id,)
    assert changed.sync_key.endswith("}2")
    # Lost response: the previous key is answered again, with the same new key.
    assert client.folder_sync(first.sync_key) == changed
    _settings(app, contacts=True)
    back = client.folder_sync(changed.sync_key)
    assert [f.server_id for f in back.add] == [contacts_id]
    # Using key 3 confirmed it: key 1 is gone.
    client.folder_sync(back.sync_key)
    assert client.folder_sync(first.sync_key).status == FolderSyncStatus.SYNC_KEY_INVALID
