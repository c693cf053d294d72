"""Settings, GetItemEstimate, the mail commands (B-MAIL-1) and maintenance (B-MAINT-1)."""

from __future__ import annotations

import pytest
from server_client import Client, demo_app

from eas.commands.getitemestimate import (
    EstimateCollection,
    GetItemEstimateRequest,
    GetItemEstimateResponse,
)
from eas.commands.meetingresponse import (
    MeetingRequest,
    MeetingResponseRequest,
    MeetingResponseResponse,
)
from eas.commands.sendmail import ComposeMailRequest, ComposeMailResponse, Source
from eas.commands.settings import DeviceInformation, SettingsRequest, SettingsResponse
from eas.commands.sync import CollectionRequest
from eas.http import ACTIVESYNC_PATH
from eas.tree import E
from server.seed import DEMO_LOGIN, DEMO_SYNCED_ADDRESSES

IPHONE = DeviceInformation(model="iPhone8C4", os="iOS 11.2.6 15D100", user_agent="Apple-iPhone")


# -- Settings ------------------------------------------------------------------


@pytest.mark.parametrize("version", ["14.0", "14.1"])
def test_settings_stores_device_information_and_gives_the_address(version: str) -> None:
    client = Client(demo_app())
    request = SettingsRequest(device_information=IPHONE, user_information_get=True)
    reply = client.eas("Settings", request.to_tree(), version=version)
    answer = SettingsResponse.from_tree(reply.tree())
    assert (answer.status, answer.device_information_status) == (1, 1)
    assert answer.user_information is not None
    (address,) = answer.user_information.smtp_addresses
    assert address.startswith(DEMO_LOGIN) or "@" in address
    assert answer.user_information.accounts is (version == "14.1")  # MS-ASCMD 2.2.3.2
    device = client.app.sync_state.devices()[0]
    assert client.app.sync_state.device_information(device.id)["os"] == "iOS 11.2.6 15D100"


@pytest.mark.parametrize(("strict", "status"), [(False, 1), (True, 5)])
def test_settings_empty_device_information(strict: bool, status: int) -> None:
    client = Client(demo_app(strict=strict))
    reply = client.eas("Settings", SettingsRequest(DeviceInformation()).to_tree())
    assert SettingsResponse.from_tree(reply.tree()).device_information_status == status


# -- GetItemEstimate -----------------------------------------------------------


def _estimate(client: Client, *collections: EstimateCollection) -> GetItemEstimateResponse:
    reply = client.eas("GetItemEstimate", GetItemEstimateRequest(collections).to_tree())
    assert reply.status == 200, reply
    return GetItemEstimateResponse.from_tree(reply.tree())


def test_getitemestimate_statuses_and_count() -> None:
    client = Client(demo_app())
    client.folder_sync("0")
    (coll,) = client.sync(CollectionRequest("0", "contacts")).collections
    answer = _estimate(
        client,
        EstimateCollection("contacts", coll.sync_key),
        EstimateCollection("contacts", "0"),
        EstimateCollection("nowhere", "0"),
        EstimateCollection("contacts", "{00000000-0000-0000-0000-000000000000}9"),
        EstimateCollection("tasks", "{00000000-0000-0000-0000-000000000000}9", legacy=True),
    )
    # eas-facts 1 #31: 1 + count; never primed 3; no such collection 2; bad key 4.
    assert [(r.status, r.estimate) for r in answer.responses] == [
        (1, DEMO_SYNCED_ADDRESSES), (3, None), (2, None), (4, None), (3, None),
    ]  # fmt: skip


@pytest.mark.parametrize(("strict", "status"), [(False, None), (True, 103)])
def test_getitemestimate_refused_filter_type(strict: bool, status: int | None) -> None:
    client = Client(demo_app(strict=strict))
    client.folder_sync("0")
    (coll,) = client.sync(CollectionRequest("0", "calendar")).collections
    answer = _estimate(client, EstimateCollection("calendar", coll.sync_key, filter_type=2))
    assert answer.status == status


# -- not supported: B-MAIL-1 -----------------------------------------------------


@pytest.mark.parametrize("command", ["SendMail", "SmartReply", "SmartForward"])
def test_mail_commands_per_mode_and_version(command: str) -> None:
    source = None if command == "SendMail" else Source("f", "i")
    mail = ComposeMailRequest(command, b"Subject: x\r\n\r\nhi", client_id="1", source=source)  # type: ignore[arg-type]
    zpush, strict = Client(demo_app()), Client(demo_app(strict=True))
    # eas-facts 6: Z-Push gives 500 with an empty body when the backend cannot send.
    reply = zpush.eas(command, mail.to_tree())
    assert (reply.status, reply.body) == (500, b"")
    assert zpush.eas(command, body=mail.mime, version="12.1").status == 500
    answer = ComposeMailResponse.from_tree(strict.eas(command, mail.to_tree()).tree())
    assert answer.status == 137  # MS-ASCMD 2.2.2: CommandNotSupported
    assert strict.eas(command, body=mail.mime, version="12.1").status == 501


@pytest.mark.parametrize(("strict", "status"), [(False, 4), (True, 2)])
def test_meeting_response_is_refused_per_request(strict: bool, status: int) -> None:
    client = Client(demo_app(strict=strict))
    request = MeetingResponseRequest((MeetingRequest(1, "r1", "inbox"), MeetingRequest(3, "r2")))
    answer = MeetingResponseResponse.from_tree(
        client.eas("MeetingResponse", request.to_tree()).tree()
    )
    assert [(r.request_id, r.status) for r in answer.results] == [("r1", status), ("r2", status)]


def test_zpush_advertises_sendmail_strict_does_not() -> None:
    zpush = Client(demo_app()).request("OPTIONS", ACTIVESYNC_PATH)
    strict = Client(demo_app(strict=True)).request("OPTIONS", ACTIVESYNC_PATH)
    assert "SendMail" in (zpush.header("MS-ASProtocolCommands") or "")
    assert "SendMail" not in (strict.header("MS-ASProtocolCommands") or "")


# -- maintenance: B-MAINT-1 ------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True])
def test_maintenance_answers_503_with_retry_after_and_loses_nothing(strict: bool) -> None:
    app = demo_app(strict=strict)
    client = Client(app)
    client.folder_sync("0")
    (coll,) = client.sync(CollectionRequest("0", "contacts")).collections
    app.maintenance = True
    for reply in (
        client.eas("Sync", CollectionRequest(coll.sync_key, "contacts").to_tree()),
        client.request("OPTIONS", ACTIVESYNC_PATH),
    ):
        assert reply.status == 503
        assert reply.header("Retry-After") == "300"
    app.maintenance = False
    (after,) = client.sync(CollectionRequest(coll.sync_key, "contacts")).collections
    assert len(after.commands) == DEMO_SYNCED_ADDRESSES


def test_maintenance_set_in_config_and_on_another_app_sharing_the_file(tmp_path: object) -> None:
    db = f"{tmp_path}/state.sqlite3"
    first = demo_app(db_path=db, maintenance=True)
    assert Client(first).request("OPTIONS", ACTIVESYNC_PATH).status == 503
    second = demo_app(db_path=db)
    assert second.maintenance
    second.maintenance = False
    assert Client(first).request("OPTIONS", ACTIVESYNC_PATH).status == 200


def test_401_carries_www_authenticate() -> None:
    reply = Client(demo_app(), password="wrong").eas("FolderSync", E("FolderHierarchy:FolderSync"))
    assert reply.status == 401
    assert reply.header("WWW-Authenticate") == 'Basic realm="ZPush"'
