"""``X-MS-RP`` (MS-ASHTTP 2.2.2.1.2.6; eas-facts 1 #11): the version list, once per change.

Z-Push's DeviceManager::AnnounceASVersion: a device's first request, and
its first after the server's announced versions changed, carry the list;
later requests do not. FolderSync 0 always carries it (R1104/R1202).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from server_client import Client, demo_app

from eas.commands.foldersync import FolderSyncRequest, FolderSyncResponse
from eas.commands.sync import CollectionRequest, SyncRequest
from server.app import ServerApp

ZPUSH_LIST = "12.0,12.1,14.0,14.1"
OLD_LIST = "12.0,12.1,14.0"  # Z-Push 2.7 with most backends (issue 7)


@pytest.fixture(params=[False, True], ids=["zpush", "strict"])
def app(request: pytest.FixtureRequest) -> Iterator[ServerApp]:
    app = demo_app(strict=request.param)
    yield app
    assert app.unhandled_errors == 0
    app.close()


def _folder_sync(client: Client, key: str, version: str = "14.1") -> tuple[str | None, str]:
    """The X-MS-RP of a FolderSync's answer, and the SyncKey it gave."""
    reply = client.eas("FolderSync", FolderSyncRequest(key).to_tree(), version=version)
    assert reply.status == 200, reply
    return reply.header("X-MS-RP"), FolderSyncResponse.from_tree(reply.tree()).sync_key


def test_first_request_and_foldersync_0_carry_it_later_ones_not(app: ServerApp) -> None:
    client = Client(app, auto_provision=False)
    first = client.eas("Provision", None)  # whatever the command and its answer
    assert first.header("X-MS-RP") == ZPUSH_LIST
    assert client.provision() is not None  # phase 1 and 2: no header any more
    device = app.sync_state.devices()[0]
    assert app.sync_state.announced_versions(device.id) == ZPUSH_LIST
    rp, key = _folder_sync(client, "0")
    assert rp == ZPUSH_LIST  # R1104: FolderSync 0 recommends it, with the lists of OPTIONS
    assert _folder_sync(client, key) == (None, key)
    sync = client.eas("Sync", SyncRequest((CollectionRequest("0", "contacts"),)).to_tree())
    assert (sync.status, sync.header("X-MS-RP")) == (200, None)
    rp, _ = _folder_sync(client, "0")  # a device that starts over hears it again
    assert rp == ZPUSH_LIST


def test_each_device_is_announced_to_once(app: ServerApp) -> None:
    one = Client(app, device_id="DEVICEONE")
    two = Client(app, device_id="DEVICETWO")
    for client in (one, two):
        reply = client.eas("Provision", None)
        assert reply.header("X-MS-RP") == ZPUSH_LIST
    for client in (one, two):
        assert client.eas("Provision", None).header("X-MS-RP") is None


def test_sent_again_after_the_servers_versions_changed(tmp_path: Path) -> None:
    db = str(tmp_path / "state.sqlite3")
    before = demo_app(db_path=db, protocol_versions=("12.0", "12.1", "14.0"))
    client = Client(before)
    assert client.provision(version="14.0") is not None
    rp, key = _folder_sync(client, "0", version="14.0")
    assert rp == OLD_LIST
    assert _folder_sync(client, key, version="14.0") == (None, key)
    before.close()

    after = demo_app(db_path=db)  # restarted with 14.1 announced too
    client, policy_key = Client(after), client.policy_key
    client.policy_key = policy_key  # the same device, provisioned before the restart
    assert _folder_sync(client, key, version="14.0") == (ZPUSH_LIST, key)  # once ...
    assert _folder_sync(client, key, version="14.0") == (None, key)  # ... then no more
    assert after.sync_state.announced_versions(after.sync_state.devices()[0].id) == ZPUSH_LIST
    assert after.unhandled_errors == 0
    after.close()


def test_a_refused_request_still_carries_the_change(tmp_path: Path) -> None:
    db = str(tmp_path / "state.sqlite3")
    before = demo_app(db_path=db, protocol_versions=("12.0", "12.1", "14.0"))
    client = Client(before)
    assert client.provision(version="14.0") is not None
    before.close()

    after = demo_app(db_path=db)
    stale = Client(after, auto_provision=False)  # no policy key: HTTP 449 (eas-facts 1 #13)
    reply = stale.eas("FolderSync", FolderSyncRequest("0").to_tree(), version="14.0")
    assert (reply.status, reply.header("X-MS-RP")) == (449, ZPUSH_LIST)
    after.close()


def test_no_header_and_nothing_stored_before_the_device_is_known(app: ServerApp) -> None:
    client = Client(app, password="wrong", auto_provision=False)
    reply = client.eas("FolderSync", FolderSyncRequest("0").to_tree())
    assert (reply.status, reply.header("X-MS-RP")) == (401, None)
    assert app.sync_state.devices() == []
    options = Client(app).request("OPTIONS", "/Microsoft-Server-ActiveSync")
    assert options.header("MS-ASProtocolVersions") == ZPUSH_LIST
    assert options.header("X-MS-RP") is None  # OPTIONS names no device
