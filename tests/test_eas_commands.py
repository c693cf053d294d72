"""Provision, Settings, Ping, GetItemEstimate, ComposeMail and MeetingResponse shapes.

Every request and response goes through ``to_tree`` -> WBXML -> ``from_tree``
and comes back equal, so that both the code pages and the shapes are
checked; the element layouts are checked against the MS-ASCMD examples.
"""

from __future__ import annotations

from typing import Any

import pytest

from eas import wbxml
from eas.commands import CommandError
from eas.commands.getitemestimate import (
    Estimate,
    EstimateCollection,
    GetItemEstimateRequest,
    GetItemEstimateResponse,
)
from eas.commands.meetingresponse import (
    MeetingRequest,
    MeetingResponseRequest,
    MeetingResponseResponse,
    MeetingResult,
)
from eas.commands.ping import PingFolder, PingRequest, PingResponse
from eas.commands.provision import (
    EASProvisionDoc,
    PolicyResponse,
    ProvisionRequest,
    ProvisionResponse,
)
from eas.commands.sendmail import ComposeMailRequest, ComposeMailResponse, Source
from eas.commands.settings import (
    DeviceInformation,
    SettingsRequest,
    SettingsResponse,
    UserInformation,
)
from eas.status import CommonStatus, is_common_status, legacy_http_status
from eas.tree import E

IPHONE = DeviceInformation(
    model="iPhone8C4", os="iOS 11.2.6 15D100", user_agent="Apple-iPhone8C4/1504.100"
)

VALUES: list[Any] = [
    ProvisionRequest(),
    ProvisionRequest(policy_key=1234567, policy_status=1, device_information=IPHONE),
    ProvisionRequest(policy_type=None, remote_wipe_status=1),
    ProvisionResponse(
        1,
        PolicyResponse(
            "MS-EAS-Provisioning-WBXML",
            1,
            987654,
            EASProvisionDoc((("DevicePasswordEnabled", "0"), ("ApprovedApplicationList", None))),
        ),
        device_information_status=1,
    ),
    ProvisionResponse(3),
    SettingsRequest(device_information=IPHONE, user_information_get=True),
    SettingsRequest(oof_get=True),
    SettingsResponse(1, device_information_status=1),
    SettingsResponse(
        1, user_information_status=1, user_information=UserInformation(("a@b.de", "c@b.de"))
    ),
    SettingsResponse(
        1,
        user_information_status=1,
        user_information=UserInformation(("a@b.de",), "a@b.de", "Jane Doe", accounts=True),
    ),
    PingRequest(480, (PingFolder("calendar", "Calendar"), PingFolder("contacts", "Contacts"))),
    PingRequest(),
    PingResponse(2, ("calendar",)),
    PingResponse(5, heartbeat_interval=60),
    PingResponse(6, max_folders=300),
    GetItemEstimateRequest((EstimateCollection("contacts", "{x}1", 0, "Contacts"),)),
    GetItemEstimateRequest((EstimateCollection("calendar", "{x}1", 4, "Calendar", legacy=True),)),
    GetItemEstimateResponse((Estimate(1, "contacts", 12), Estimate(2, "bogus"))),
    ComposeMailRequest("SendMail", b"Subject: hi\r\n\r\nbody", client_id="c1"),
    ComposeMailRequest(
        "SmartReply", b"x", client_id="c2", source=Source("f1", "i1"), save_in_sent_items=True
    ),
    ComposeMailResponse("SmartForward", CommonStatus.COMMAND_NOT_SUPPORTED),
    MeetingResponseRequest((MeetingRequest(1, "r1", "inbox"),)),
    MeetingResponseResponse((MeetingResult("r1", 2), MeetingResult("r2", 1, "cal9"))),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_round_trip_through_wbxml(value: Any) -> None:
    tree = wbxml.decode(wbxml.encode(value.to_tree()))
    assert tree == value.to_tree()
    assert type(value).from_tree(tree) == value


def test_provision_phase_one_matches_ms_asprov_example() -> None:
    # MS-ASPROV 4.1.1: Provision/Policies/Policy/PolicyType.
    assert ProvisionRequest().to_tree() == E(
        "Provision:Provision",
        E("Policies", E("Policy", E("PolicyType", "MS-EAS-Provisioning-WBXML"))),
    )


def test_provision_without_policies_or_wipe_is_refused() -> None:
    with pytest.raises(CommandError, match="Policies or RemoteWipe"):
        ProvisionRequest.from_tree(E("Provision:Provision"))


def test_getitemestimate_reads_the_12x_shape() -> None:
    # MS-ASCMD 6.20: Class, CollectionId, airsync:FilterType, airsync:SyncKey.
    tree = E(
        "GetItemEstimate:GetItemEstimate",
        E(
            "Collections",
            E(
                "Collection",
                E("Class", "Calendar"),
                E("CollectionId", "calendar"),
                E("AirSync:FilterType", "5"),
                E("AirSync:SyncKey", "{k}2"),
            ),
        ),
    )
    (coll,) = GetItemEstimateRequest.from_tree(tree).collections
    assert (coll.class_name, coll.filter_type, coll.sync_key, coll.legacy) == (
        "Calendar",
        5,
        "{k}2",
        True,
    )


@pytest.mark.parametrize(
    ("root", "cls"),
    [
        (E("Ping:Ping", E("Folders", E("Folder", E("Id", "x")))), PingRequest),
        (E("GetItemEstimate:GetItemEstimate"), GetItemEstimateRequest),
        (E("ComposeMail:SendMail", E("ClientId", "1")), ComposeMailRequest),
        (E("MeetingResponse:MeetingResponse"), MeetingResponseRequest),
        (E("Settings:Settings"), SettingsRequest),
        (E("AirSync:Sync"), PingRequest),
    ],
)
def test_malformed_requests_raise_command_error(root: Any, cls: Any) -> None:
    with pytest.raises(CommandError):
        cls.from_tree(root)


def test_common_statuses_and_their_legacy_http_form() -> None:
    assert legacy_http_status(CommonStatus.DEVICE_NOT_PROVISIONED) == 449
    assert legacy_http_status(CommonStatus.INVALID_POLICY_KEY) == 449
    assert legacy_http_status(CommonStatus.SERVER_ERROR) == 500
    assert is_common_status(137) and not is_common_status(7)
