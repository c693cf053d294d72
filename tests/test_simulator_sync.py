"""The simulated iPhone's sync engine and Contacts app, against a fake EAS server."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from fake_eas import CALENDAR_ID, CONTACTS_ID, HOST, FakeEAS, FixedClock

from eas.commands.sync import Change, CollectionResponse, Delete, SyncRequest
from eas.http import basic_authorization
from eas.items.contacts import ContactItem, contact_to_application_data
from simulator.device import Device
from simulator.engine import FolderReport, SyncEngine
from simulator.store import LocalFolder
from simulator.transport import TransportError
from zpush_sim.network import Network

EMAIL = f"jane@{HOST}"


def contacts(count: int) -> list[ContactItem]:
    return [
        ContactItem(
            {
                "FirstName": f"Anna{i:02d}",
                "LastName": f"Zimmer{i:02d}",
                "MobilePhoneNumber": f"+49 170 {i:04d}",
            }
        )
        for i in range(count)
    ]


@pytest.fixture
def fake() -> FakeEAS:
    return FakeEAS(contacts=contacts(40))


@pytest.fixture
def network(fake: FakeEAS) -> Iterator[Network]:
    with Network() as net:
        net.route(HOST, fake)
        yield net


@pytest.fixture
def iphone(network: Network) -> Device:
    device = Device("ios", clock=FixedClock(), rng=random.Random(1))
    assert device.add_exchange_account(EMAIL, "demo").verified
    return device


def sync_requests(fake: FakeEAS, collection_id: str) -> list[SyncRequest]:
    requests = [
        SyncRequest.from_tree(s.tree) for s in fake.seen if s.query.get("Cmd") == "Sync" and s.tree
    ]
    return [r for r in requests if r.collections[0].collection_id == collection_id]


def test_first_sync_pages_until_nothing_more_is_available(iphone: Device, fake: FakeEAS) -> None:
    report = iphone.sync()  # B-COL-3
    assert report.ok, report
    [contacts_report] = report.folder("contacts")
    assert (contacts_report.rounds, contacts_report.added, contacts_report.complete) == (
        2,
        40,
        True,
    )
    assert len(iphone.contacts_app.names()) == 40
    sent = [r.collections[0] for r in sync_requests(fake, CONTACTS_ID)]
    assert [(c.get_changes, c.window_size) for c in sent] == [(None, None), (True, 25), (True, 25)]
    assert sent[0].sync_key == "0" and "0" not in {sent[1].sync_key, sent[2].sync_key}
    assert all(c.class_name is None for c in sent)  # AS 14.1: no Class
    assert sent[1].body_preferences[0].type == 1
    assert fake.commands()[:5] == ["POST", "OPTIONS", "Settings", "FolderSync", "Sync"]


def test_calendar_is_synced_too_with_its_filter(iphone: Device, fake: FakeEAS) -> None:
    report = iphone.sync()
    assert [f.complete for f in report.folder("calendars")] == [True]
    assert sync_requests(fake, CALENDAR_ID)[1].collections[0].filter_type == 5


def test_a_stopped_first_sync_shows_the_first_page_then_the_rest(iphone: Device) -> None:
    first = iphone.sync(max_rounds=1)
    assert first.folder("contacts")[0].complete is False
    assert len(iphone.contacts_app.names()) == 25
    iphone.sync()
    assert len(iphone.contacts_app.names()) == 40


def test_the_next_sync_is_incremental(iphone: Device, fake: FakeEAS) -> None:
    iphone.sync()
    held = {f.server_id: f.sync_key for f in iphone.store.account(EMAIL).folders.values()}
    before = len(fake.seen)
    report = iphone.sync()
    assert report.folder("contacts")[0].added == 0
    later = fake.seen[before:]
    assert later[0].tree is not None and later[0].tree.findtext("SyncKey") == "F1"
    sent = [SyncRequest.from_tree(s.tree).collections[0] for s in later[1:] if s.tree]
    assert {c.collection_id: c.sync_key for c in sent} == held  # each folder at its key


def test_invalid_sync_key_resets_and_resyncs_without_duplicates(
    iphone: Device, fake: FakeEAS
) -> None:
    iphone.sync()
    fake.contacts.append(ContactItem({"FirstName": "Neu", "LastName": "Kontakt"}))
    fake.invalidate_next_sync_key = True
    report = iphone.sync()
    assert report.ok
    assert len(iphone.contacts_app.names()) == 41
    keys = [r.collections[0].sync_key for r in sync_requests(fake, CONTACTS_ID)][3:]
    assert keys[1] == "0" and len(keys) == 4  # refused key, then 0, then two pages


def test_pending_edits_survive_a_status_3_resync(network: Network, fake: FakeEAS) -> None:
    """Status 3 drops the server's items, not the user's edits: they go up after the resync."""
    tb = Device("thunderbird", clock=FixedClock(), rng=random.Random(1))  # polls: edits wait
    assert tb.add_account_manually(EMAIL, HOST, "demo").verified
    assert tb.sync().ok
    app = tb.contacts_app
    app.change_number("Anna00 Zimmer00", "Mobile", "+49 999")
    app.delete("Anna01 Zimmer01")
    app.edit("Anna02 Zimmer02", FirstName="Berta")
    fake.removed.add(f"{CONTACTS_ID}:0002")  # meanwhile deleted on the server: the edit goes
    app.create(FirstName="Neu", LastName="Kontakt")
    fake.invalidate_next_sync_key = True
    before = len(sync_requests(fake, CONTACTS_ID))
    report = tb.sync()
    assert report.ok, report
    after = [r.collections[0] for r in sync_requests(fake, CONTACTS_ID)[before:]]
    assert after[1].sync_key == "0"  # the refused key, then a resync from 0
    resent = [
        (type(c).__name__, getattr(c, "server_id", None)) for r in after[2:] for c in r.commands
    ]
    assert sorted(resent) == [("Add", None), ("Change", "c1:0000"), ("Delete", "c1:0001")]
    assert fake.current(CONTACTS_ID)["c1:0000"].findtext("Contacts:MobilePhoneNumber") == "+49 999"
    assert "c1:0001" in fake.removed
    names = tb.contacts_app.names()
    assert len(names) == len(set(names)) == 39  # 40 - deleted - removed + new
    assert "Neu Kontakt" in names and not {"Anna01 Zimmer01", "Berta Zimmer02"} & set(names)
    card = tb.contacts_app.find("Anna00 Zimmer00")
    assert card is not None and card.numbers("Mobile") == ["+49 999"]
    folder = tb.store.account(EMAIL).folders[CONTACTS_ID]
    assert not folder.has_outgoing and folder.complete


def test_edits_waiting_for_a_resync_stay_editable() -> None:
    """While the resync has not brought an item back, the user still sees and edits it."""
    folder = LocalFolder("c1", "0", "Contacts", 9, sync_key="S1")
    old = contact_to_application_data(ContactItem({"FirstName": "Old"}))
    mine = contact_to_application_data(ContactItem({"FirstName": "Mine"}))
    later = contact_to_application_data(ContactItem({"FirstName": "Later"}))
    folder.items.update({"a": old, "b": old, "c": old})
    folder.change("a", mine)
    folder.delete("b")
    folder.resync()
    assert (folder.sync_key, folder.items) == ("0", {})
    assert not folder.changed and not folder.deleted
    assert dict(folder.shown()) == {"a": mine} and folder.has_outgoing
    folder.change("a", later)
    folder.receive("a", old)
    folder.receive("b", old)
    folder.receive("c", old)
    assert folder.items == {"a": later, "c": old}
    assert (folder.changed, folder.deleted) == ({"a"}, {"b"})
    folder.resync_done()
    assert not folder.awaiting
    folder.reset()  # class switched off: the edits go too
    assert not folder.has_outgoing


def test_protocol_12_sends_the_class_element(network: Network, fake: FakeEAS) -> None:
    fake.versions = ("12.0", "12.1")
    device = Device("ios", clock=FixedClock(), rng=random.Random(1))
    account = device.add_exchange_account(EMAIL, "demo").account
    assert account is not None and account.protocol_version == "12.1"
    device.sync()
    assert {r.collections[0].class_name for r in sync_requests(fake, CONTACTS_ID)} == {"Contacts"}
    assert {r.collections[0].class_name for r in sync_requests(fake, CALENDAR_ID)} == {"Calendar"}


def test_contacts_switched_off_are_neither_synced_nor_shown(iphone: Device, fake: FakeEAS) -> None:
    iphone.sync()
    iphone.set_class_enabled("contacts", False)  # B-COL-1, B-VIEW-5
    assert iphone.contacts_app.groups() == ()
    before = len(sync_requests(fake, CONTACTS_ID))
    iphone.sync()
    assert len(sync_requests(fake, CONTACTS_ID)) == before
    iphone.set_class_enabled("contacts", True)
    iphone.sync()
    assert len(iphone.contacts_app.names()) == 40


def test_a_refused_login_stops_the_sync(iphone: Device, fake: FakeEAS) -> None:
    fake.users[EMAIL] = "changed"
    report = iphone.sync()
    assert report.error is not None and report.error.kind == "unauthorized"
    assert not report.ok


def test_contacts_app_names_labels_and_order(network: Network, fake: FakeEAS) -> None:
    fake.contacts = [
        ContactItem({"FirstName": "Jane", "LastName": "Doe", "MobilePhoneNumber": "+49 1",
                     "BusinessPhoneNumber": "+49 2", "Email1Address": "jane@doe.test"}),
        ContactItem({"CompanyName": "Doe Real Estate GmbH", "CompanyMainPhone": "+49 3"}),
        ContactItem({"FirstName": "Max", "LastName": "Albers", "HomeFaxNumber": "+49 4"}),
        ContactItem({"Email2Address": "nobody@doe.test"}),
        ContactItem({}),
    ]  # fmt: skip
    device = Device("ios", clock=FixedClock(), rng=random.Random(1))
    device.add_exchange_account(EMAIL, "demo")
    device.sync()
    app = device.contacts_app
    [group] = app.groups()
    assert group.account == "Exchange"
    assert app.names() == [
        "Max Albers",
        "Jane Doe",
        "Doe Real Estate GmbH",
        "No Name",
        "nobody@doe.test",
    ]
    jane = app.find("Jane Doe")
    assert jane is not None
    assert [(p.label, p.value) for p in jane.phones] == [("mobile", "+49 1"), ("work", "+49 2")]
    assert [(e.label, e.value) for e in jane.emails] == [("work", "jane@doe.test")]
    assert jane.numbers("mobile") == ["+49 1"]
    company = app.find("Doe Real Estate GmbH")
    assert company is not None and company.numbers("company main") == ["+49 3"]
    albers = app.find("Max Albers")
    assert albers is not None and albers.numbers("home fax") == ["+49 4"]


def test_conversation_log_is_decoded_and_hides_the_password(iphone: Device) -> None:
    iphone.sync()
    log = iphone.conversation.format()
    assert f"--> POST https://{HOST}/Microsoft-Server-ActiveSync?Cmd=FolderSync" in log
    assert "<-- 200 OK" in log
    assert "FolderSync" in log and "Anna00" in log  # bodies decoded from WBXML
    assert f"Authorization: Basic {EMAIL}:***" in log
    token = basic_authorization(EMAIL, "demo").split()[1]
    assert token not in log and ":demo" not in log
    assert iphone.conversation.commands()[3:5] == ["FolderSync", "Sync"]


def test_unreachable_server_is_a_typed_transport_error(iphone: Device, network: Network) -> None:
    network.forget(HOST)
    report = iphone.sync()
    assert report.error is not None and report.error.kind == "network"
    assert "server not found" in str(report.error)
    last = iphone.conversation.last
    assert last is not None and last.status is None and "[dns]" in (last.error or "")
    with pytest.raises(TransportError) as caught:
        iphone.transport.options(iphone.account().endpoint)
    assert caught.value.kind == "dns"


def test_invalid_folder_key_starts_the_hierarchy_again(iphone: Device, fake: FakeEAS) -> None:
    iphone.sync()
    fake.invalidate_next_folder_key = True
    assert iphone.sync().ok
    keys = [
        s.tree.findtext("SyncKey")
        for s in fake.seen
        if s.query.get("Cmd") == "FolderSync" and s.tree
    ]
    assert keys == ["0", "F1", "0"]
    assert len(iphone.contacts_app.names()) == 40  # the folder came back; its data resynced


def test_changes_and_deletes_from_the_server_are_applied() -> None:
    folder = LocalFolder("c1", "0", "Contacts", 9, sync_key="S1")
    old = contact_to_application_data(ContactItem({"FirstName": "Old"}))
    new = contact_to_application_data(ContactItem({"FirstName": "New"}))
    folder.items.update({"a": old, "b": old})
    response = CollectionResponse(
        "c1", 1, "S2", commands=(Change("a", new), Delete("b"), Delete("never-had"))
    )
    report = FolderReport("c1", "Contacts", "contacts")
    SyncEngine._apply(folder, response, report)
    assert folder.items == {"a": new}
    assert (report.changed, report.deleted) == (1, 1)
