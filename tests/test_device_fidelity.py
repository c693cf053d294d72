"""Defects found when the devices met a real Z-Push 2.7.1 (issue 14), against the fake server.

FileAs per client, the task app's sort, the Ping read timeout, Delete
results, and the ``zpush-sim device`` DeviceId.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fake_eas import CALENDAR_ID, CONTACTS_ID, HOST, TASKS_ID, FakeEAS, FixedClock
from server_client import demo_app, serving

from eas.commands.sync import Add, Change, SyncRequest
from eas.items.calendar import AppointmentItem, appointment_to_application_data
from eas.items.contacts import ContactItem, contact_from_application_data
from server.seed import DEMO_LOGIN, DEMO_PASSWORD
from simulator.device import Device
from simulator.profile import load_profile
from zpush_sim import cli
from zpush_sim.network import Network

EMAIL = f"jane@{HOST}"
DUE = datetime(2026, 3, 4, 10, tzinfo=UTC)


@pytest.fixture
def fake() -> FakeEAS:
    return FakeEAS(contacts=[ContactItem({"FirstName": "Jane", "LastName": "Doe"})])


@pytest.fixture
def network(fake: FakeEAS) -> Iterator[Network]:
    with Network() as net:
        net.route(HOST, fake)
        yield net


def phone(profile: str) -> Device:
    device = Device(profile, clock=FixedClock(), rng=random.Random(14))
    assert device.add_account_manually(EMAIL, HOST, "demo").verified
    if profile.startswith("android"):
        device.set_class_enabled("tasks", True)
    assert device.sync().ok
    return device


def uploaded(fake: FakeEAS, collection: str, kind: type[Add] | type[Change]) -> list[ContactItem]:
    found = []
    for seen in fake.requests("Sync"):
        assert seen.tree is not None
        for c in SyncRequest.from_tree(seen.tree).collections:
            if c.collection_id == collection:
                found += [
                    contact_from_application_data(x.application_data)
                    for x in c.commands
                    if isinstance(x, kind)
                ]
    return found


# -- FileAs: what each real client sends with a contact made on it ------------------

FILE_AS_ON_ADD = {
    "ios": "Muster, Erika",
    "android": "Muster, Erika",  # AOSP: the alternative display name
    "android11": "Muster, Erika",
    "outlook-windows": "Muster, Erika",  # Outlook's default File As
    "thunderbird": "Erika Muster",  # EAS-4-TbSync#148
}


@pytest.mark.parametrize("profile", sorted(FILE_AS_ON_ADD))
def test_a_contact_made_on_the_device_goes_up_with_its_clients_file_as(
    network: Network, fake: FakeEAS, profile: str
) -> None:
    device = phone(profile)
    device.contacts_app.create(FirstName="Erika", LastName="Muster", MobilePhoneNumber="+49 1")
    device.sync()
    [added] = uploaded(fake, CONTACTS_ID, Add)
    assert added.get("FileAs") == FILE_AS_ON_ADD[profile]


def test_file_as_without_a_name_is_the_company_then_the_address(
    network: Network, fake: FakeEAS
) -> None:
    android = phone("android")
    android.contacts_app.create(CompanyName="Muster Makler")
    android.contacts_app.create(Email1Address="erika@example.com")
    android.sync()
    assert [c.get("FileAs") for c in uploaded(fake, CONTACTS_ID, Add)] == [
        "Muster Makler",
        "erika@example.com",
    ]


def test_android_sends_no_file_as_with_a_change_tbsync_rebuilds_it(
    network: Network, fake: FakeEAS
) -> None:
    android, tb = phone("android"), phone("thunderbird")
    android.contacts_app.edit("Jane Doe", LastName="Roe")
    tb.contacts_app.edit("Jane Doe", LastName="Poe")
    android.sync()
    tb.sync()
    changes = uploaded(fake, CONTACTS_ID, Change)
    assert [c.get("FileAs") for c in changes] == [None, "Jane Poe"]


# -- the task app sorts aware and naive due dates --------------------------------------


def test_tasks_with_and_without_due_date_are_listed_due_first(
    network: Network, fake: FakeEAS
) -> None:
    ios = phone("ios")
    ios.tasks_app.create("Ohne Termin")
    ios.tasks_app.create("Exposé schicken", due=DUE)
    ios.tasks_app.create("Naiv", due=(DUE + timedelta(days=1)).replace(tzinfo=None))
    ios.sync()
    assert ios.tasks_app.titles() == ["Exposé schicken", "Naiv", "Ohne Termin"]
    assert len(fake.items[TASKS_ID]) == 3


# -- a pushing phone waits for the Ping as long as the heartbeat, plus a margin --------


@pytest.mark.parametrize("name", ["ios", "android", "android11", "outlook-windows"])
def test_ping_read_timeout_exceeds_the_heartbeat(name: str) -> None:
    profile = load_profile(name)
    heartbeat = profile.sync.heartbeat_seconds
    assert profile.sync.mode == "push"
    ping = profile.timeouts.read_seconds_for("Ping", heartbeat)
    assert heartbeat < ping <= heartbeat + 60
    assert profile.timeouts.read_seconds_for("Sync", heartbeat) == profile.timeouts.read_seconds


def test_the_ping_request_is_sent_with_the_longer_read_timeout(
    network: Network, fake: FakeEAS
) -> None:
    android = phone("android")
    seen: list[tuple[str, Any]] = []
    send = android.transport.session.request

    def spy(method: str, url: str, **kwargs: Any) -> Any:
        seen.append((url, kwargs.get("timeout")))
        return send(method, url, **kwargs)

    android.transport.session.request = spy  # type: ignore[method-assign]
    android.background()
    timeouts = {re.search(r"Cmd=(\w+)", url).group(1): t for url, t in seen}  # type: ignore[union-attr]
    assert timeouts["Ping"] == (30, 480 + 5)  # AOSP: heartbeat + 5 s
    assert all(t == (30, 30) for cmd, t in timeouts.items() if cmd != "Ping")


# -- Delete results ----------------------------------------------------------------------


def test_a_delete_answered_status_8_is_reported_as_such(network: Network, fake: FakeEAS) -> None:
    fake.delete_status = 8
    ios = phone("ios")
    ios.contacts_app.delete("Jane Doe")
    assert [(o.action, o.status) for o in ios.history[-1].uploaded] == [("delete", 8)]
    assert ios.contacts_app.names() == []  # nothing to keep: the server has no such item


def test_a_refused_delete_is_kept_as_refused_and_not_sent_again(
    network: Network, fake: FakeEAS
) -> None:
    fake.delete_status = 5
    ios = phone("ios")
    ios.contacts_app.delete("Jane Doe")
    assert [(o.action, o.status) for o in ios.history[-1].uploaded] == [("delete", 5)]
    folder = ios.store.account(EMAIL).folders[CONTACTS_ID]
    [server_id] = folder.refused_deletes
    assert folder.refused_deletes[server_id] == 5
    ios.sync()
    assert not ios.history[-1].uploaded


# -- zpush-sim device: a fresh DeviceId unless --seed -----------------------------------


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    with serving(demo_app()) as url:
        yield url


def _device_id(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(argv) == 0
    first = capsys.readouterr().out.splitlines()[0]
    found = re.search(r"DeviceId (\w+): (.*)$", first)
    assert found is not None, first
    return f"{found.group(1)} | {found.group(2)}"


def test_device_runs_are_new_devices_unless_seeded(
    live_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["device", "ios", "--server", live_url, "--email",
            f"{DEMO_LOGIN}@activesync.onoffice.de", "--password", DEMO_PASSWORD]  # fmt: skip
    fresh = [_device_id(argv, capsys) for _ in range(2)]
    assert fresh[0].split(" | ")[0] != fresh[1].split(" | ")[0]
    assert "fresh DeviceId" in fresh[0]
    seeded = [_device_id([*argv, "--seed", "7"], capsys) for _ in range(2)]
    assert seeded[0] == seeded[1]
    assert "--seed '7'" in seeded[0]


def test_the_calendar_lists_an_event_without_start_after_the_others(
    network: Network, fake: FakeEAS
) -> None:
    fake.items[CALENDAR_ID] = {
        "c1:1": appointment_to_application_data(AppointmentItem(subject="Ohne Beginn")),
        "c1:2": appointment_to_application_data(
            AppointmentItem(subject="Besichtigung", start_time=DUE, end_time=DUE)
        ),
    }
    ios = phone("ios")
    assert ios.calendar_app.titles() == ["Besichtigung", "Ohne Beginn"]
