"""ActiveSync 16.x on both sides (issue 14): the item shapes, each profile's version, Provision.

The item conversion (`eas.items.as16`) per MS-ASCAL/MS-ASAIRS; every
ActiveSync profile against the reference server offering 12.0-16.1 on a
socket, strict mode (the spec's answers, never a 500): it negotiates its
version, provisions, syncs, and an appointment made on it makes the round
trip; Provision at 16.1 without DeviceInformation is Status 165.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fake_eas import CALENDAR_ID, FakeEAS, FixedClock
from fake_eas import HOST as FAKE_HOST
from server_client import Client, demo_app, demo_user, serving

from eas.commands.foldersync import FolderSyncRequest
from eas.commands.provision import ProvisionRequest, ProvisionResponse
from eas.commands.settings import DeviceInformation
from eas.commands.sync import Add, Change, CollectionRequest, Delete, SyncRequest, SyncResponse
from eas.http import ACTIVESYNC_PATH
from eas.items.as16 import from_wire, to_wire, with_ghosted
from eas.items.calendar import (
    AppointmentException,
    AppointmentItem,
    Attendee,
    appointment_from_application_data,
    appointment_to_application_data,
)
from eas.tree import E
from server.app import ServerApp
from server.config import SERVABLE_VERSIONS, ZPUSH_PROTOCOL_VERSIONS
from server.seed import DEMO_LOGIN, DEMO_PASSWORD
from simulator.device import Device
from simulator.profile import load_profile
from zpush_sim import cli
from zpush_sim.cli import build_parser
from zpush_sim.hosts import HostsSession
from zpush_sim.network import Network

START = datetime(2026, 3, 6, 15, tzinfo=UTC)
EMAIL = f"{DEMO_LOGIN}@activesync.onoffice.de"
HOST = "activesync.onoffice.de"

# -- the item shapes ------------------------------------------------------------------


def _meeting() -> AppointmentItem:
    return AppointmentItem(
        subject="Besichtigung",
        start_time=START,
        end_time=START + timedelta(hours=1),
        location="Hafenstraße 9",
        body="Notiz",
        uid="uid-1",
        timezone="AAAA",
        organizer_name="Jane Doe",
        organizer_email="jane@example.org",
        attendees=(Attendee("max@example.org", "Max", attendee_status=3),),
        exceptions=(AppointmentException(START + timedelta(days=7), location="Anderswo"),),
    )


def test_below_16_nothing_changes() -> None:
    data = appointment_to_application_data(_meeting())
    assert to_wire("Calendar", data, "14.1", client=True, add=True) is data
    assert from_wire("Calendar", data, "14.1") is data


def test_a_16_client_add_has_client_uid_location_and_leaves_out_what_the_server_sets() -> None:
    wire = to_wire(
        "Calendar", appointment_to_application_data(_meeting()), "16.1", client=True, add=True
    )
    assert wire.findtext("Calendar:ClientUid") == "uid-1"
    for absent in ("Calendar:UID", "Calendar:Location", "Calendar:OrganizerName",
                   "Calendar:OrganizerEmail"):  # fmt: skip
        assert wire.find(absent) is None, absent
    assert wire.findtext("AirSyncBase:Location/DisplayName") == "Hafenstraße 9"
    [attendee] = wire.findall("Calendar:Attendees/Attendee")
    assert attendee.find("AttendeeStatus") is None and attendee.findtext("AttendeeType") == "1"
    assert [c.name for c in wire.find("AirSyncBase:Body").children] == ["Type", "Data"]  # type: ignore[union-attr]
    [exception] = wire.findall("Calendar:Exceptions/Exception")
    assert exception.findtext("AirSyncBase:InstanceId") == "2026-03-13T15:00:00.000Z"
    assert exception.find("ExceptionStartTime") is None
    change = to_wire("Calendar", appointment_to_application_data(_meeting()), "16.1", client=True)
    assert change.find("Calendar:ClientUid") is None and change.find("Calendar:UID") is None


def test_the_server_sends_uid_and_no_timezone_for_all_day_events_at_16() -> None:
    item = AppointmentItem(subject="Urlaub", start_time=START, end_time=START, all_day=True,
                           timezone="AAAA", uid="u")  # fmt: skip
    at_16 = to_wire("Calendar", appointment_to_application_data(item), "16.0", client=False)
    assert at_16.find("Calendar:Timezone") is None and at_16.findtext("Calendar:UID") == "u"
    timed = to_wire("Calendar", appointment_to_application_data(_meeting()), "16.0", client=False)
    assert timed.findtext("Calendar:Timezone") == "AAAA"


def test_reading_16_gives_the_14_shape_back_and_drops_ios_empty_elements() -> None:
    sent = to_wire(
        "Calendar", appointment_to_application_data(_meeting()), "16.1", client=True, add=True
    )
    for tag in ("Calendar:Reminder", "Calendar:Recurrence", "Calendar:Categories"):
        sent.append(E(tag))  # device-bugs #1: iOS's empty elements
    item = appointment_from_application_data(from_wire("Calendar", sent, "16.1"))
    assert (item.location, item.uid, item.reminder, item.recurrence) == (
        "Hafenstraße 9",
        "uid-1",  # the ClientUid becomes the item's UID on the server
        None,
        None,
    )
    assert item.exceptions[0].exception_start_time == START + timedelta(days=7)
    assert item.exceptions[0].location == "Anderswo"
    empty_location = E("AirSync:ApplicationData", E("AirSyncBase:Location"))
    assert (
        appointment_from_application_data(from_wire("Calendar", empty_location, "16.1")).location
        is None
    )


def test_contacts_and_tasks_keep_their_shape() -> None:
    data = E("AirSync:ApplicationData", E("Contacts:FileAs", "Muster, Erika"))
    assert to_wire("Contacts", data, "16.1", client=True, add=True) is data
    assert from_wire("Tasks", data, "16.1") is data


# -- each profile's version ---------------------------------------------------------

NEGOTIATED = {  # profile: (against Z-Push 2.7.1's versions, against 12.0-16.1)
    "ios": ("14.1", "16.1"),
    "android": ("14.1", "14.1"),  # AOSP Exchange: 14.1 or below
    "android11": ("14.1", "14.1"),
    "outlook-windows": ("14.0", "16.1"),
    "thunderbird": ("14.0", "16.1"),
}


@pytest.mark.parametrize("name", sorted(NEGOTIATED))
def test_each_profile_negotiates_its_version(name: str) -> None:
    protocol = load_profile(name).protocol
    assert protocol.versions_source
    got = (protocol.negotiated(ZPUSH_PROTOCOL_VERSIONS), protocol.negotiated(SERVABLE_VERSIONS))
    assert got == NEGOTIATED[name]


@pytest.fixture(scope="module")
def strict16() -> Iterator[tuple[str, ServerApp]]:
    app = demo_app(strict=True, ping_real_limit=0.2)
    app.offer_versions(SERVABLE_VERSIONS)
    with serving(app) as url:
        yield url, app


@pytest.mark.parametrize("name", sorted(NEGOTIATED))
def test_each_profile_syncs_an_appointment_both_ways_at_its_version(
    name: str, strict16: tuple[str, ServerApp]
) -> None:
    url, app = strict16
    session = HostsSession({HOST: url}, only_mapped=True)
    phone = Device(name, clock=FixedClock(), rng=random.Random(name), session=session)
    setup = phone.add_account_manually(EMAIL, HOST, DEMO_PASSWORD, user=DEMO_LOGIN)
    assert setup.verified, setup.detail
    assert phone.account().protocol_version == NEGOTIATED[name][1]
    assert phone.sync().ok
    title = f"Besichtigung {name}"
    phone.calendar_app.create(title, START, START + timedelta(hours=1), location="Hafenstraße 9")
    phone.sync()
    [added] = [o for r in phone.history for o in r.uploaded]
    assert (added.action, added.status) == ("add", 1) and added.server_id
    [stored] = [a for a in app.onoffice.appointments(demo_user(app).id) if a.subject == title]
    assert stored.location == "Hafenstraße 9"
    [folder] = phone.store.account(EMAIL).folders_of_types((8,))
    mine = appointment_from_application_data(folder.items[added.server_id])
    assert (mine.subject, mine.location) == (title, "Hafenstraße 9")


# -- Provision at 16.1 -----------------------------------------------------------------


@pytest.mark.parametrize(("strict", "status"), [(True, 165), (False, 1)])
def test_16_1_provision_without_device_information(strict: bool, status: int) -> None:
    app = demo_app(strict=strict)
    app.offer_versions(SERVABLE_VERSIONS)
    client = Client(app, auto_provision=False)
    reply = client.eas("Provision", ProvisionRequest().to_tree(), version="16.1")
    assert reply.status == 200
    assert ProvisionResponse.from_tree(reply.tree()).status == status
    with_info = ProvisionRequest(device_information=DeviceInformation(model="iPhone"))
    answer = client.eas("Provision", with_info.to_tree(), version="16.1")
    assert ProvisionResponse.from_tree(answer.tree()).status == 1


# -- zpush-sim serve --versions and the running server's switch ------------------------


def test_serve_versions_option_parses_and_refuses_unknown_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = build_parser()
    args = parser.parse_args(["serve", "--versions", "16.1,12.0,14.1"])
    assert args.versions == ("12.0", "14.1", "16.1")
    assert parser.parse_args(["serve"]).versions == ZPUSH_PROTOCOL_VERSIONS  # Z-Push 2.7.1
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "--versions", "14.1,17.0"])
    assert exit_info.value.code == 2
    assert "cannot offer ActiveSync 17.0" in capsys.readouterr().err


def test_offered_versions_reach_options_and_x_ms_rp() -> None:
    app = demo_app()
    client = Client(app)
    options = client.request("OPTIONS", ACTIVESYNC_PATH)
    assert options.header("MS-ASProtocolVersions") == "12.0,12.1,14.0,14.1"
    client.folder_sync("0")
    app.offer_versions(SERVABLE_VERSIONS)  # the scenario step's server setting
    options = client.request("OPTIONS", ACTIVESYNC_PATH)
    assert options.header("MS-ASProtocolVersions") == "12.0,12.1,14.0,14.1,16.0,16.1"
    assert options.header("MS-Server-ActiveSync") == "16.1"
    reply = client.eas("FolderSync", FolderSyncRequest("0").to_tree())
    assert reply.header("X-MS-RP") == "12.0,12.1,14.0,14.1,16.0,16.1"


# -- 16.x occurrence commands --------------------------------------------------------


def test_a_16_delete_or_change_of_one_occurrence_leaves_the_series_whole() -> None:
    app = demo_app()
    app.offer_versions(SERVABLE_VERSIONS)
    client = Client(app)  # no version header: the server's latest, 16.1
    client.folder_sync("0")
    key = client.sync(CollectionRequest("0", "calendar")).collections[0].sync_key
    first = client.sync(CollectionRequest(key, "calendar", get_changes=True, window_size=5))
    [collection] = first.collections
    server_id = next(c.server_id for c in collection.commands if isinstance(c, Add))
    assert server_id is not None
    occurrence = "2026-04-01T13:30:00.000Z"
    before = {a.id: a for a in app.onoffice.appointments(demo_user(app).id)}
    moved = E("AirSync:ApplicationData", E("Calendar:Subject", "Nur dieses Mal"))
    commands = (
        Change(server_id, moved, instance_id=occurrence),
        Delete(server_id, instance_id=occurrence),
    )
    answer = client.sync(CollectionRequest(collection.sync_key, "calendar", commands=commands))
    assert answer.collections[0].status == 1 and not answer.collections[0].responses
    after = {a.id: a for a in app.onoffice.appointments(demo_user(app).id)}
    assert after[int(server_id)] == before[int(server_id)]  # neither renamed nor deleted


def test_a_16_item_the_device_cannot_read_is_a_protocol_error_not_a_traceback() -> None:
    bad = E(
        "AirSync:ApplicationData",
        E("Calendar:Subject", "Serie"),
        E("Calendar:Exceptions", E("Exception", E("AirSyncBase:InstanceId", "gestern"))),
    )
    fake = FakeEAS(versions=SERVABLE_VERSIONS, items={CALENDAR_ID: {"c1:1": bad}})
    with Network() as net:
        net.route(FAKE_HOST, fake)
        ios = Device("ios", clock=FixedClock(), rng=random.Random(16))
        assert ios.add_account_manually(f"jane@{FAKE_HOST}", FAKE_HOST, "demo").verified
        assert ios.account().protocol_version == "16.1"
        report = ios.sync()
    assert report.error is not None and report.error.kind == "protocol"
    assert "InstanceId" in str(report.error)


@pytest.mark.parametrize(("version", "kept"), [("16.1", True), ("14.1", False)])
def test_calendar_elements_a_16_change_leaves_out_are_ghosted(version: str, kept: bool) -> None:
    app = demo_app()
    app.offer_versions(SERVABLE_VERSIONS)
    client = Client(app)
    client.provision(version=version)

    def sync(request: SyncRequest) -> SyncResponse:
        reply = client.eas("Sync", request.to_tree(), version=version)
        assert reply.status == 200
        return SyncResponse.from_tree(reply.tree())

    client.eas("FolderSync", FolderSyncRequest("0").to_tree(), version=version)
    key = sync(SyncRequest((CollectionRequest("0", "calendar"),))).collections[0].sync_key
    first = sync(SyncRequest((CollectionRequest(key, "calendar", get_changes=True),)))
    [collection] = first.collections
    placed = [
        c.server_id
        for c in collection.commands
        if isinstance(c, Add)
        and (
            c.application_data.findtext("AirSyncBase:Location/DisplayName")
            or c.application_data.findtext("Calendar:Location")
        )
    ]
    server_id = placed[0]
    assert server_id is not None
    before = next(a for a in app.onoffice.appointments(demo_user(app).id) if str(a.id) == server_id)
    assert before.location
    renamed = E(
        "AirSync:ApplicationData",
        E("Calendar:Subject", "Neuer Titel"),
        E("Calendar:StartTime", before.start.strftime("%Y%m%dT%H%M%SZ")),
        E("Calendar:EndTime", before.end.strftime("%Y%m%dT%H%M%SZ")),
    )
    change = CollectionRequest(
        collection.sync_key, "calendar", commands=(Change(server_id, renamed),)
    )
    assert sync(SyncRequest((change,))).collections[0].status == 1
    after = next(a for a in app.onoffice.appointments(demo_user(app).id) if str(a.id) == server_id)
    assert after.subject == "Neuer Titel"
    assert (after.location == before.location) is kept  # 16.x: ghosted; 14.1: deleted


def test_a_16_change_clears_what_it_sends_empty_and_keeps_what_it_leaves_out() -> None:
    current = appointment_to_application_data(_meeting())
    change = E(
        "AirSync:ApplicationData",
        E("Calendar:Subject", "Neu"),
        E("AirSyncBase:Location"),  # cleared by the user
    )
    merged = with_ghosted(
        "Calendar", from_wire("Calendar", change, "16.1", change=True), current, "16.1"
    )
    item = appointment_from_application_data(merged)
    assert (item.subject, item.location, item.body) == ("Neu", None, "Notiz")
    assert item.start_time == START  # ghosted: the server's
    sent = to_wire("Calendar", appointment_to_application_data(AppointmentItem(
        subject="x", start_time=START, end_time=START)), "16.1", client=True)  # fmt: skip
    assert sent.find("AirSyncBase:Location") is not None  # empty: "no place any more"
    assert sent.find("AirSyncBase:Location").children == []  # type: ignore[union-attr]
