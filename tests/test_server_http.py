"""The ActiveSync endpoint's HTTP behaviour: OPTIONS, logins, and deliberate refusals per mode."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from server_client import Client, demo_app, demo_user

from eas.commands.foldersync import FolderSyncRequest, FolderSyncResponse, FolderSyncStatus
from eas.commands.sync import SyncResponse, SyncStatus
from eas.http import ACTIVESYNC_PATH, ASRequestLine, build_query
from eas.tree import E
from server.app import ServerApp
from server.auth import Login, parse_login
from server.commands.options import ZPUSH_ADVERTISED_COMMANDS

FOLDERSYNC_0 = FolderSyncRequest("0").to_tree()


@pytest.fixture
def app() -> Iterator[ServerApp]:
    app = demo_app()
    yield app
    assert app.unhandled_errors == 0
    app.close()


@pytest.fixture
def strict_app() -> Iterator[ServerApp]:
    app = demo_app(strict=True)
    yield app
    assert app.unhandled_errors == 0
    app.close()


# -- OPTIONS ---------------------------------------------------------------


def test_options_announces_zpush_versions_and_commands(app: ServerApp) -> None:
    reply = Client(app).request("OPTIONS", ACTIVESYNC_PATH)
    assert reply.status == 200
    assert reply.header("MS-Server-ActiveSync") == "14.1"
    assert reply.header("MS-ASProtocolVersions") == "12.0,12.1,14.0,14.1"
    commands = (reply.header("MS-ASProtocolCommands") or "").split(",")
    assert commands[: len(ZPUSH_ADVERTISED_COMMANDS)] == list(ZPUSH_ADVERTISED_COMMANDS)
    assert "SendMail" in commands  # Z-Push always advertises it (eas-facts 1 #35)


def test_options_needs_credentials_in_zpush_mode(app: ServerApp) -> None:
    reply = Client(app).request("OPTIONS", ACTIVESYNC_PATH, auth=False)
    assert reply.status == 401
    assert reply.header("WWW-Authenticate") == 'Basic realm="ZPush"'


def test_options_without_credentials_in_strict_mode(strict_app: ServerApp) -> None:
    reply = Client(strict_app).request("OPTIONS", ACTIVESYNC_PATH, auth=False)
    assert reply.status == 200
    # Strict: what is implemented and supported; no SendMail & co. (B-MAIL-1).
    assert reply.header("MS-ASProtocolCommands") == (
        "Sync,FolderSync,GetItemEstimate,Settings,Ping,Provision,ResolveRecipients,Search"
    )


# -- logins ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jane.doe_DoeRealEstate", Login("jane.doe", "DoeRealEstate")),
        ("jane.doe_DoeRealEstate@activesync.onoffice.de", Login("jane.doe", "DoeRealEstate")),
        ("jane_doe_DoeRealEstate@onoffice.de", Login("jane_doe", "DoeRealEstate")),
        ("janedoe", None),
        ("_DoeRealEstate", None),
        ("jane.doe_", None),
    ],
)
def test_login_splits_at_the_last_underscore(text: str, expected: Login | None) -> None:
    assert parse_login(text) == expected


@pytest.mark.parametrize(
    "login",
    ["jane.doe_DoeRealEstate", "jane.doe_DoeRealEstate@onoffice.de"],  # B-MAN-3
)
def test_login_and_full_address_are_accepted(app: ServerApp, login: str) -> None:
    reply = Client(app, login=login).eas("FolderSync", FOLDERSYNC_0)
    assert reply.status == 200


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("Jane.Doe_doerealestate", "demo"),  # B-MAN-2: case-sensitive
        ("jane.doe_doerealestate", "demo"),
        ("Jane.doe_DoeRealEstate", "demo"),
        ("jane.doe_DoeRealEstate", "Demo"),  # B-CRED-1: wrong password
        ("jane.doe_OtherCustomer", "demo"),
        ("janedoe", "demo"),
    ],
)
def test_wrong_credentials_get_401(app: ServerApp, login: str, password: str) -> None:
    reply = Client(app, login=login, password=password).eas("FolderSync", FOLDERSYNC_0)
    assert reply.status == 401
    assert reply.header("WWW-Authenticate") == 'Basic realm="ZPush"'


def test_missing_credentials_get_401(app: ServerApp) -> None:
    assert Client(app).eas("FolderSync", FOLDERSYNC_0, auth=False).status == 401


def test_user_without_zpush_setting_gets_401(app: ServerApp) -> None:
    # B-SET-1: every ActiveSync request of that user is refused as unauthorised.
    user = demo_user(app)
    app.onoffice.set_user_settings(user.id, zpush=False)
    client = Client(app)
    assert client.eas("FolderSync", FOLDERSYNC_0).status == 401
    assert client.request("OPTIONS", ACTIVESYNC_PATH).status == 401
    app.onoffice.set_user_settings(user.id, zpush=True)
    assert client.eas("FolderSync", FOLDERSYNC_0).status == 200


# -- refusals, per mode ----------------------------------------------------


def test_unknown_path_is_404(app: ServerApp) -> None:
    assert Client(app).request("GET", "/index.php").status == 404


@pytest.mark.parametrize(("strict", "status"), [(False, 500), (True, 501)])
def test_unknown_command(strict: bool, status: int) -> None:
    app = demo_app(strict=strict)
    client = Client(app)
    assert client.eas("ItemOperations", E("ItemOperations:ItemOperations")).status == status
    assert client.eas("Bogus", None).status == status
    assert app.unhandled_errors == 0


@pytest.mark.parametrize(("strict", "status"), [(False, 500), (True, 400)])
@pytest.mark.parametrize("missing", ["DeviceId", "DeviceType"])
def test_missing_device_parameters(strict: bool, status: int, missing: str) -> None:
    app = demo_app(strict=strict)
    client = Client(app)
    query = client.query("FolderSync", **{missing: None})
    assert client.eas("FolderSync", FOLDERSYNC_0, query=query, version="12.1").status == status


@pytest.mark.parametrize(("missing", "status"), [("DeviceId", 108), ("DeviceType", 109)])
def test_missing_device_parameters_at_14_strict_is_a_status(missing: str, status: int) -> None:
    # eas-facts 1 #5: from 14.0 a common status in the command's body; Z-Push still 500.
    client = Client(demo_app(strict=True))
    query = client.query("FolderSync", **{missing: None})
    reply = client.eas("FolderSync", FOLDERSYNC_0, query=query, version="14.1")
    assert reply.status == 200
    assert reply.tree() == E("FolderHierarchy:FolderSync", E("Status", str(status)))
    zpush = Client(demo_app())
    assert zpush.eas("FolderSync", FOLDERSYNC_0, query=query, version="14.1").status == 500


@pytest.mark.parametrize(("strict", "status"), [(False, 500), (True, 400)])
def test_unannounced_protocol_version(strict: bool, status: int) -> None:
    client = Client(demo_app(strict=strict))
    assert client.eas("FolderSync", FOLDERSYNC_0, version="16.1").status == status
    assert client.eas("FolderSync", FOLDERSYNC_0, version="banana").status == status


def test_absent_version_means_the_latest(app: ServerApp) -> None:
    assert Client(app).eas("FolderSync", FOLDERSYNC_0, version=None).status == 200


def test_base64_query_is_accepted(app: ServerApp) -> None:
    client = Client(app, device_id="ABCDEF0123")
    line = ASRequestLine(
        cmd="FolderSync",
        device_id="ABCDEF0123",
        device_type="iPhone",
        protocol_version="14.0",
        policy_key=client.provision(),  # the base64 form carries the key (MS-ASHTTP 2.2.1.1.1.1)
    )
    client.policy_key, client.auto_provision = None, False  # the query has the key
    query = build_query(line, encoding="base64")
    reply = client.eas("FolderSync", FOLDERSYNC_0, query=query, version=None)
    assert reply.status == 200
    assert FolderSyncResponse.from_tree(reply.tree()).status == FolderSyncStatus.SUCCESS


@pytest.mark.parametrize("body", [b"\x03\x01\x6a\x00\x00\x07\x56", b"not wbxml at all"])
def test_malformed_wbxml_zpush_mode_is_500(
    app: ServerApp, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="zpush_sim.server"):
        assert Client(app).eas("FolderSync", body=body).status == 500
        assert Client(app).eas("Sync", body=body).status == 500
    assert "malformed" in caplog.text


def test_malformed_wbxml_strict_mode_is_a_protocol_status(strict_app: ServerApp) -> None:
    client = Client(strict_app)
    reply = client.eas("FolderSync", body=b"\x03\x01\x6a\x00\x00\x07\x56")
    assert reply.status == 200
    assert FolderSyncResponse.from_tree(reply.tree()).status == FolderSyncStatus.FORMAT_ERROR
    reply = client.eas("Sync", body=b"garbage")
    assert reply.status == 200
    assert SyncResponse.from_tree(reply.tree()).status == SyncStatus.PROTOCOL_ERROR


@pytest.mark.parametrize(("strict", "status"), [(False, 500), (True, 200)])
def test_foldersync_without_synckey(strict: bool, status: int) -> None:
    # eas-facts 6: Z-Push answers 500; MS-ASCMD 2.2.3.177.5: Status 10.
    reply = Client(demo_app(strict=strict)).eas("FolderSync", E("FolderHierarchy:FolderSync"))
    assert reply.status == status
    if strict:
        assert FolderSyncResponse.from_tree(reply.tree()).status == FolderSyncStatus.FORMAT_ERROR


def test_wrong_document_for_the_command(strict_app: ServerApp) -> None:
    reply = Client(strict_app).eas("Sync", FOLDERSYNC_0)
    assert SyncResponse.from_tree(reply.tree()).status == SyncStatus.PROTOCOL_ERROR


def test_get_on_the_endpoint_is_refused(app: ServerApp, strict_app: ServerApp) -> None:
    assert Client(app).request("GET", ACTIVESYNC_PATH).status == 500
    assert Client(strict_app).request("GET", ACTIVESYNC_PATH).status == 501


def test_path_is_case_insensitive(app: ServerApp) -> None:
    reply = Client(app).request("OPTIONS", ACTIVESYNC_PATH.lower())
    assert reply.status == 200


def test_device_is_recorded(app: ServerApp) -> None:
    client = Client(app)
    client.eas("FolderSync", FOLDERSYNC_0, headers={"User-Agent": "Apple-iPhone9C4/1602.92"})
    user = demo_user(app)
    device = app.sync_state.device(user.id, client.device_id)
    assert device is not None
    assert (device.device_type, device.user_agent) == ("iPhone", "Apple-iPhone9C4/1602.92")
