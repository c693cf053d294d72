"""An outside ActiveSync 16.1 client, pyactivesync (PyPI), against the reference server on a socket.

pyactivesync speaks only 16.1 (every request carries MS-ASProtocolVersion
16.1, no negotiation): it provisions (with DeviceInformation, as 16.1
wants), lists the folders and syncs calendar, contacts and tasks, written
by other people than the server. The server must offer 16.1 for it
(`ServerApp.offer_versions`, as ``zpush-sim serve --versions`` does);
Z-Push 2.7.1's versions turn it away.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from pyactivesync import Client, FolderType
from server_client import demo_app, serving

from eas.http import ACTIVESYNC_PATH
from server.config import SERVABLE_VERSIONS
from server.seed import DEMO_LOGIN, DEMO_PASSWORD

# Tags as pyactivesync names them: its code-page table lacks most Calendar names.
CALENDAR_LOCATION_14 = "page4.0x17"  # Calendar:Location, not used at 16.x (MS-ASCAL 2.2.2.27)
CALENDAR_SUBJECT = "page4.0x26"


def _client(url: str, device_id: str) -> Client:
    client = Client("unused", DEMO_LOGIN, DEMO_PASSWORD, device_id=device_id, timeout=10)
    # pyactivesync builds https://<server>/... only; the reference server here is plain http.
    client._transport.base_url = url + ACTIVESYNC_PATH
    return client


@pytest.fixture(scope="module")
def url16() -> Iterator[str]:
    app = demo_app()
    app.offer_versions(SERVABLE_VERSIONS)
    with serving(app) as url:
        yield url


def _all_items(client: Client, folder_id: str) -> list[dict[str, str]]:
    first = client.sync_folder(folder_id)
    items: list[dict[str, str]] = []
    result = client.sync_folder(folder_id, sync_key=first.sync_key, window_size=10)
    items += [i.fields for i in result.added]
    while result.more_available:
        result = client.sync_folder(folder_id, sync_key=result.sync_key, window_size=10)
        items += [i.fields for i in result.added]
    return items


def test_pyactivesync_provisions_lists_folders_and_syncs_at_16_1(url16: str) -> None:
    with _client(url16, "pyactivesync16a") as client:
        assert client.provision().isdigit()
        folders = {f.type: f for f in client.list_folders()}
        assert {FolderType.CALENDAR, FolderType.CONTACTS, FolderType.TASKS} <= set(folders)

        contacts = _all_items(client, folders[FolderType.CONTACTS].id)
        assert len(contacts) == 40  # the demo customer's ticked addresses
        assert all(c.get("Contacts.LastName") for c in contacts)

        calendar = _all_items(client, folders[FolderType.CALENDAR].id)
        assert calendar and all(a.get(CALENDAR_SUBJECT) for a in calendar)
        assert not any(CALENDAR_LOCATION_14 in a for a in calendar)  # 16.x: AirSyncBase:Location
        assert any(a.get("AirSyncBase.DisplayName") for a in calendar)

        tasks = _all_items(client, folders[FolderType.TASKS].id)
        assert tasks and all(t.get("Tasks.Subject") for t in tasks)


def test_pyactivesync_is_turned_away_by_zpush_2_7_1s_versions() -> None:
    status = None
    with serving(demo_app()) as url, _client(url, "pyactivesync16b") as client:
        try:
            client.provision()
        except requests.HTTPError as refused:  # not pytest.raises: it would keep the
            status = refused.response.status_code  # connection open past the server
    assert status == 500  # Z-Push: version not announced
