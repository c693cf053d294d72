"""The device's own changes, background sync and failure reactions, against the fake server."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fake_eas import CALENDAR_ID, CONTACTS_ID, HOST, TASKS_ID, FakeEAS, FixedClock

from eas.commands.sync import Add, Change, Delete, SyncRequest
from eas.items.calendar import AppointmentItem, appointment_to_application_data
from eas.items.contacts import ContactItem
from simulator.device import Device
from simulator.health import Health
from zpush_sim.network import Network

EMAIL = f"jane@{HOST}"
START = datetime(2026, 3, 4, 10, tzinfo=UTC)


@pytest.fixture
def fake() -> FakeEAS:
    jane = {"FirstName": "Jane", "LastName": "Doe", "MobilePhoneNumber": "+49 1"}
    return FakeEAS(contacts=[ContactItem({**jane, "HomePhoneNumber": "+49 2"})])


@pytest.fixture
def network(fake: FakeEAS) -> Iterator[Network]:
    with Network() as net:
        net.route(HOST, fake)
        yield net


def phone(profile: str, clock: FixedClock | None = None) -> Device:
    device = Device(profile, clock=clock or FixedClock(), rng=random.Random(9))
    assert device.add_account_manually(EMAIL, HOST, "demo").verified
    if profile.startswith("android"):
        device.set_class_enabled("tasks", True)
    assert device.sync().ok
    return device


def sent_commands(fake: FakeEAS, collection: str) -> list[object]:
    found = []
    for seen in fake.requests("Sync"):
        assert seen.tree is not None
        for c in SyncRequest.from_tree(seen.tree).collections:
            if c.collection_id == collection:
                found += list(c.commands)
    return found


def test_contact_changes_go_up_with_client_id_and_come_back(
    network: Network, fake: FakeEAS
) -> None:
    ios = phone("ios")  # push: changes go up at once (B-COL-4)
    app = ios.contacts_app
    app.create(FirstName="Erika", LastName="Muster", MobilePhoneNumber="+49 170")
    [add] = [c for c in sent_commands(fake, CONTACTS_ID) if isinstance(c, Add)]
    assert add.client_id and add.server_id is None
    card = app.find("Erika Muster")
    assert card is not None and card.server_id == "c1:new1"  # the ServerId from Responses/Add
    app.change_number("Jane Doe", "mobile", "+49 999")  # B-CON-11
    app.delete_number("Jane Doe", "home")  # B-CON-12
    changes = [c for c in sent_commands(fake, CONTACTS_ID) if isinstance(c, Change)]
    assert changes[-1].application_data.findtext("Contacts:MobilePhoneNumber") == "+49 999"
    assert changes[-1].application_data.find("Contacts:HomePhoneNumber") is None
    app.delete("Erika Muster")
    assert [c.server_id for c in sent_commands(fake, CONTACTS_ID) if isinstance(c, Delete)] == [
        "c1:new1"
    ]
    assert app.names() == ["Jane Doe"]


def test_polling_client_sends_changes_at_the_next_sync(network: Network, fake: FakeEAS) -> None:
    clock = FixedClock()
    tb = phone("thunderbird", clock)
    tb.tasks_app.create("Exposé schicken", due=START)
    assert not [c for c in sent_commands(fake, TASKS_ID) if isinstance(c, Add)]
    [first] = tb.background()  # the interval has not passed since the set-up sync
    assert first.report is None and first.ping is None
    clock.current += timedelta(minutes=31)
    tb.background()
    assert [type(c).__name__ for c in sent_commands(fake, TASKS_ID)] == ["Add"]
    tb.tasks_app.complete("Exposé schicken")
    tb.sync()
    [change] = [c for c in sent_commands(fake, TASKS_ID) if isinstance(c, Change)]
    assert change.application_data.findtext("Tasks:Complete") == "1"
    assert tb.tasks_app.find("Exposé schicken").complete  # still shown (B-TASK-12)


def test_refused_add_stays_on_the_device(network: Network, fake: FakeEAS) -> None:
    fake.add_status = 6  # the reference server before client Adds were stored
    ios = phone("ios")
    ios.calendar_app.create("Besichtigung", START, START + timedelta(hours=1))
    assert [(o.action, o.status) for o in ios.history[-1].uploaded] == [("add", 6)]
    assert ios.calendar_app.titles() == ["Besichtigung"]
    ios.sync()
    assert not [o for o in ios.history[-1].uploaded]  # not sent again


def test_invitation_fails_and_the_appointment_is_kept(network: Network, fake: FakeEAS) -> None:
    ios = phone("ios")  # B-MAIL-1
    ios.calendar_app.create("Notartermin", START, START + timedelta(hours=1),
                            attendees=["max@example.test"])  # fmt: skip
    [invitation] = ios.invitations
    assert not invitation.sent and "500" in invitation.detail
    [mail] = fake.requests("SendMail")
    mime = mail.tree.find("Mime") if mail.tree is not None else None
    assert mime is not None and isinstance(mime.value, bytes) and b"METHOD:REQUEST" in mime.value
    assert "Notartermin" in ios.calendar_app.titles()
    assert any(s == "Notartermin" for s in [e.title for e in ios.calendar_app.events()])
    assert ios.account().health.state is Health.ACTIVE  # a failed mail is not an account error


def test_ping_push_and_the_fall_back_to_polling(network: Network, fake: FakeEAS) -> None:
    ios = phone("ios")
    fake.contacts.append(ContactItem({"FirstName": "Neu"}))
    [run] = ios.background()
    assert run.ping is not None and run.ping.status == 2 and "Neu" in ios.contacts_app.names()
    ping = fake.requests("Ping")[-1].tree
    assert ping is not None and ping.findtext("HeartbeatInterval") == "3540"
    [run] = ios.background()
    assert run.ping is not None and run.ping.status == 1
    fake.ping_supported = False
    ios.background()
    assert not ios.account().push_available  # polls from now on


def test_android11_calendar_notifications_off_stop_background_sync(
    network: Network, fake: FakeEAS
) -> None:
    android = phone("android11")  # B-VIEW-3
    android.set_app_notifications("calendar", False)
    fake.items[CALENDAR_ID]["k1:1"] = appointment_to_application_data(
        AppointmentItem(subject="Neu", start_time=START, end_time=START + timedelta(hours=1))
    )
    android.background()
    ping = fake.requests("Ping")[-1].tree
    assert ping is not None
    pinged = {f.findtext("Id") for f in ping.findall("Folders/Folder")}
    assert CALENDAR_ID not in pinged
    android.calendar_app.select("Exchange")  # B-VIEW-2: Google Calendar needs the calendar ticked
    assert android.calendar_app.titles() == []
    android.sync()  # a manual sync still works
    assert android.calendar_app.titles() == ["Neu"]
    android.set_app_notifications("calendar", True)
    assert CALENDAR_ID in {f.server_id for c in android.background_classes(android.account())
                           for f in android.engine.folders_to_sync(android.account(),
                           android.store.account(EMAIL), c)}  # fmt: skip


def test_password_prompt_then_closed_until_the_settings_are_opened(
    network: Network, fake: FakeEAS
) -> None:
    ios = phone("ios")
    fake.users[EMAIL] = "changed"
    ios.sync()
    assert ios.alerts() == {"Exchange": "Password incorrect: enter the password for the account"}
    for _ in range(4):
        ios.background()
    assert ios.account().health.state is Health.CLOSED  # 5 failures in a row (B-MAINT-2)
    before = len(fake.seen)
    ios.background()
    assert ios.sync().error is not None and len(fake.seen) == before  # nothing sent
    ios.open_account_settings()
    ios.enter_password("changed")
    assert ios.sync().ok and not ios.alerts()


def test_maintenance_503_reports_login_data_and_retries_after(
    network: Network, fake: FakeEAS
) -> None:
    clock = FixedClock()
    ios = phone("ios", clock)
    fake.maintenance = True  # B-MAINT-1
    ios.background()
    assert "check your login data" in ios.alerts()["Exchange"]
    before = len(fake.seen)
    clock.current += timedelta(seconds=60)
    ios.background()
    assert len(fake.seen) == before  # waits for Retry-After (120 s)
    fake.maintenance = False
    clock.current += timedelta(seconds=61)
    ios.background()
    assert len(fake.seen) > before and not ios.alerts()


def test_hierarchy_changed_and_quirks(network: Network, fake: FakeEAS) -> None:
    ios = phone("ios")
    fake.hierarchy_changed_next_sync = True
    assert ios.sync().ok  # Status 12 -> FolderSync, then the folder again
    assert fake.commands().count("FolderSync") >= 3
    outlook = phone("outlook-windows")  # one_folder_per_class is on for Outlook 2016
    assert len(outlook.engine.folders_to_sync(
        outlook.account(), outlook.store.account(EMAIL), outlook.profile.sync_class("contacts")
    )) == 1  # fmt: skip
