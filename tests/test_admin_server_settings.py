"""The admin API's server settings, z-push-admin routes and record search, seen from outside.

Each change is checked by what a device gets afterwards (OPTIONS, Ping,
autodiscover, Sync), not by reading the setting back: a route that stored
a value the server never used would fail here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from server_client import Client, demo_app

from eas.autodiscover import build_request
from eas.commands.ping import PingFolder, PingRequest, PingResponse, PingStatus
from eas.commands.sync import CollectionRequest
from server.app import ServerApp
from server.model import Address
from server.seed import DEMO_CUSTOMER, DEMO_USER

SETTINGS = "/admin/api/settings"
USER = f"/admin/api/customers/{DEMO_CUSTOMER}/users/{DEMO_USER}"
EMAIL = f"{DEMO_USER}_{DEMO_CUSTOMER}@activesync.onoffice.de"
ANDROID = {"User-Agent": "Android-Mail/2020.11.29"}


def _admin(app: ServerApp, method: str, path: str, body: object = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {app.admin.token}", "Content-Type": "application/json"}
    data = b"" if body is None else json.dumps(body).encode()
    path, _, query = path.partition("?")
    reply = Client(app, None).request(
        method, path, query=query, body=data, headers=headers, auth=False
    )
    return reply.status, json.loads(reply.body)


def _offered(app: ServerApp) -> str:
    return str(Client(app).request("OPTIONS", "/Microsoft-Server-ActiveSync").header(
        "MS-ASProtocolVersions"
    ))  # fmt: skip


# -- /api/settings ---------------------------------------------------------------------


def test_offering_16_1_is_what_the_next_options_answer_says() -> None:
    app = demo_app()
    assert "16.1" not in _offered(app)  # Z-Push 2.7.1: up to 14.1
    status, settings = _admin(app, "PATCH", SETTINGS, {"protocol_versions": ["14.1", "16.1"]})
    assert status == 200 and settings["server_version"] == "16.1"
    assert _offered(app) == "14.1,16.1"
    reply = Client(app).request("OPTIONS", "/Microsoft-Server-ActiveSync")
    assert reply.header("MS-Server-ActiveSync") == "16.1"


def test_a_ping_minimum_refuses_a_shorter_heartbeat_with_status_5() -> None:
    app = demo_app()
    client = Client(app)
    client.folder_sync("0")
    ping = PingRequest(60, (PingFolder("contacts", "Contacts"),))
    assert _admin(app, "PATCH", SETTINGS, {"ping_heartbeat_bounds": [300, 3540]})[0] == 200
    answer = PingResponse.from_tree(client.eas("Ping", ping.to_tree()).tree())
    assert (answer.status, answer.heartbeat_interval) == (PingStatus.INVALID_HEARTBEAT, 300)


def test_android_autodiscover_follows_the_setting() -> None:
    app = demo_app()
    client = Client(app, login=EMAIL)
    path = "/Autodiscover/Autodiscover.xml"
    assert client.request("POST", path, body=build_request(EMAIL), headers=ANDROID).status == 404
    _admin(app, "PATCH", SETTINGS, {"android_autodiscover": True})
    assert client.request("POST", path, body=build_request(EMAIL), headers=ANDROID).status == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"protocol_versions": ["2.5"]}, "protocol_versions"),
        ({"protocol_versions": "16.1"}, "protocol_versions"),
        ({"ping_heartbeat_bounds": [600, 300]}, "ping_heartbeat_bounds"),
        ({"ping_heartbeat_bounds": [300, 99999]}, "ping_heartbeat_bounds"),
        ({"android_autodiscover": "yes"}, "android_autodiscover"),
        ({"strict": True}, "strict"),  # fixed when the server starts
    ],
)
def test_a_setting_it_cannot_take_is_400_naming_it_and_nothing_changes(
    body: dict[str, object], field: str
) -> None:
    app = demo_app()
    before = _offered(app)
    status, answer = _admin(app, "PATCH", SETTINGS, {"android_autodiscover": True, **body})
    assert (status, answer["field"]) == (400, field)
    assert _admin(app, "GET", SETTINGS)[1]["android_autodiscover"] is False
    assert _offered(app) == before


def test_settings_need_the_admin_token() -> None:
    app = demo_app()
    reply = Client(app, None).request(
        "PATCH", SETTINGS, body=b'{"android_autodiscover": true}', auth=False
    )
    assert reply.status == 401
    assert _admin(app, "GET", SETTINGS)[1]["android_autodiscover"] is False


# -- z-push-admin: devices, resync, removal -----------------------------------------------


def _synced(app: ServerApp) -> tuple[Client, str, str]:
    """A device that has its folders and a first contacts SyncKey: (client, folder, key)."""
    client = Client(app)
    folders = client.folder_sync("0").add
    contacts = next(f.server_id for f in folders if f.type == 9)
    (collection,) = client.sync(CollectionRequest("0", contacts)).collections
    return client, contacts, collection.sync_key


def test_the_device_list_names_the_users_devices_and_their_folders() -> None:
    app = demo_app()
    client, contacts, _ = _synced(app)
    status, devices = _admin(app, "GET", f"{USER}/devices")
    assert status == 200 and [d["device_id"] for d in devices] == [client.device_id]
    folders = {f["id"]: f["class"] for f in devices[0]["folders"]}
    assert folders[contacts] == "Contacts"


def test_a_resync_gives_the_next_sync_of_that_folder_status_3() -> None:
    app = demo_app()
    client, contacts, key = _synced(app)
    path = f"{USER}/devices/{client.device_id.lower()}/resync"  # matched case-insensitively
    status, answer = _admin(app, "POST", path, {"folders": [contacts]})
    assert status == 200 and answer["resynced"] == [contacts]
    (collection,) = client.sync(CollectionRequest(key, contacts)).collections
    assert collection.status == 3  # MS-ASCMD: invalid synchronization key


def test_a_resync_of_an_unknown_folder_changes_nothing() -> None:
    app = demo_app()
    client, contacts, key = _synced(app)
    path = f"{USER}/devices/{client.device_id}/resync"
    status, answer = _admin(app, "POST", path, {"folders": [contacts, "nosuchfolder"]})
    assert (status, answer["field"]) == (400, "folders")
    (collection,) = client.sync(CollectionRequest(key, contacts)).collections
    assert collection.status == 1


def test_another_customers_user_or_device_is_not_found() -> None:
    app = demo_app()
    client, _, _ = _synced(app)
    other = app.onoffice.add_customer("OtherImmo")
    app.onoffice.add_user(other.id, "otto", "pw", zpush=True, contacts=True, tasks=True)
    assert _admin(app, "GET", "/admin/api/customers/OtherImmo/users/otto/devices") == (200, [])
    path = f"/admin/api/customers/OtherImmo/users/otto/devices/{client.device_id}/resync"
    assert _admin(app, "POST", path, {})[0] == 404
    wrong_user = f"/admin/api/customers/OtherImmo/users/{DEMO_USER}/devices"
    assert _admin(app, "GET", wrong_user)[0] == 404


def test_removing_a_device_makes_it_provision_again() -> None:
    app = demo_app()
    client, _, _ = _synced(app)
    assert _admin(app, "DELETE", f"{USER}/devices/{client.device_id}")[0] == 200
    assert _admin(app, "GET", f"{USER}/devices")[1] == []
    assert client.eas("FolderSync", None).status == 449  # Z-Push: provision first


# -- searching a customer's records ----------------------------------------------------------


def test_search_finds_a_text_in_the_customers_records_only() -> None:
    app = demo_app()
    customer = app.onoffice.customer(DEMO_CUSTOMER)
    other = app.onoffice.add_customer("OtherImmo")
    assert customer is not None
    app.onoffice.add_address(other.id, Address("Vera", "Vertrieb"))
    path = f"/admin/api/customers/{DEMO_CUSTOMER}/search?text=Vertrieb"
    assert _admin(app, "GET", path) == (200, {"found": []})
    app.onoffice.add_address(customer.id, Address("Max", "Mustermann", company="Vertrieb GmbH"))
    assert _admin(app, "GET", path) == (200, {"found": ["addresses.company"]})
    assert _admin(app, "GET", f"/admin/api/customers/{DEMO_CUSTOMER}/search")[0] == 400
