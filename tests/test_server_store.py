"""The onOffice store, the contact mapping and the demo seed (B-CON-*, B-SET-2)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.mapping.contacts import contact_from_address
from server.model import Address, Number, NumberKind, Slot
from server.seed import (
    DEMO_APPOINTMENTS,
    DEMO_SYNCED_ADDRESSES,
    DEMO_TASKS,
    DEMO_UNSYNCED_ADDRESSES,
    seed_demo,
)
from server.store import Database, OnOfficeStore, SyncStateStore
from server.store.onoffice import SettingError
from server.synckey import SyncKey

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
P, M, F, E = NumberKind.PHONE, NumberKind.MOBILE, NumberKind.FAX, NumberKind.EMAIL


@pytest.fixture
def store() -> OnOfficeStore:
    return OnOfficeStore(Database())


def test_seed_is_idempotent_and_reproducible(store: OnOfficeStore) -> None:
    demo = seed_demo(store, NOW)
    assert demo.created
    again = seed_demo(store, NOW)
    assert not again.created and again.user == demo.user
    addresses = store.addresses(demo.customer.id)
    assert len(addresses) == DEMO_SYNCED_ADDRESSES + DEMO_UNSYNCED_ADDRESSES
    assert len(store.addresses(demo.customer.id, synced_only=True)) == DEMO_SYNCED_ADDRESSES
    assert len(store.appointments(demo.user.id)) == DEMO_APPOINTMENTS
    assert len(store.tasks(demo.user.id)) == DEMO_TASKS
    other = OnOfficeStore(Database())
    seed_demo(other, NOW)
    assert [a.last_name for a in other.addresses(demo.customer.id)] == [
        a.last_name for a in addresses
    ]


def test_zpush_needs_onoffice_sync_for_the_customer(store: OnOfficeStore) -> None:
    # B-SET-2
    customer = store.add_customer("NoSyncGmbH", onoffice_sync=False)
    user = store.add_user(customer.id, "anna", "pw")
    with pytest.raises(SettingError):
        store.set_user_settings(user.id, zpush=True)
    store.set_onoffice_sync(customer.id, True)
    assert store.set_user_settings(user.id, zpush=True).zpush


def test_a_slot_is_held_once(store: OnOfficeStore) -> None:
    # B-CON-6: assigning a used slot frees the previous holder.
    customer = store.add_customer("SlotAG")
    address = store.add_address(
        customer.id, Address(numbers=(Number(P, "111", True, Slot.PHONE_PRIVATE),))
    )
    second = store.add_number(address.id, Number(P, "222", False, Slot.PHONE_PRIVATE))
    stored = store.address(address.id)
    assert stored is not None
    assert [(n.value, n.slot) for n in stored.numbers] == [
        ("111", None),
        ("222", Slot.PHONE_PRIVATE),
    ]
    assert stored.version > address.version
    store.assign_slot(second.id, Slot.MOBILE)  # B-CON-16: any phone may be Mobile
    with pytest.raises(SettingError):
        store.assign_slot(second.id, Slot.EMAIL1)


def test_contact_fields_and_slots() -> None:
    # B-CON-2, B-CON-3, B-CON-4.
    address = Address(
        first_name="Jane", last_name="Doe", salutation="Frau", company="Doe Real Estate",
        street="Charlottenstr. 1", zip="52070", city="Aachen", country="Deutschland",
        birthday=date(1980, 5, 4), homepage="https://doe.example",
        numbers=(
            Number(P, "0241 1", True, Slot.PHONE_BUSINESS),
            Number(P, "0241 2", False, Slot.COMPANY_MAIN),
            Number(M, "0170 1", False, Slot.MOBILE),
            Number(F, "0241 9", True, Slot.FAX_BUSINESS),
            Number(E, "jane@doe.example", True, Slot.EMAIL3),
            Number(P, "0241 3", False, None),  # no slot: not sent
        ),
    )  # fmt: skip
    fields = contact_from_address(address).fields
    assert fields == {
        "Title": "Frau",
        "FirstName": "Jane",
        "LastName": "Doe",
        "CompanyName": "Doe Real Estate",
        "BusinessAddressStreet": "Charlottenstr. 1",
        "BusinessAddressPostalCode": "52070",
        "BusinessAddressCity": "Aachen",
        "BusinessAddressCountry": "Deutschland",
        "WebPage": "https://doe.example",
        "Birthday": "1980-05-04T00:00:00.000Z",
        "BusinessPhoneNumber": "0241 1",
        "CompanyMainPhone": "0241 2",
        "MobilePhoneNumber": "0170 1",
        "BusinessFaxNumber": "0241 9",
        "Email3Address": "jane@doe.example",
    }


def test_fallback_per_kind_when_nothing_is_assigned() -> None:
    # B-CON-9: default number to Phone (Private), first mobile to Mobile,
    # default fax to Fax (Private), default e-mail to EMail1; each kind on its own.
    address = Address(
        numbers=(
            Number(P, "phone 1"),
            Number(P, "phone 2", is_default=True),
            Number(M, "mobile 1"),
            Number(M, "mobile 2"),
            Number(F, "fax 1"),
            Number(E, "a@x.de", False, Slot.EMAIL2),  # e-mails have an assignment
            Number(E, "b@x.de", is_default=True),
        )
    )
    fields = contact_from_address(address).fields
    assert fields["HomePhoneNumber"] == "phone 2"
    assert fields["MobilePhoneNumber"] == "mobile 1"
    assert fields["HomeFaxNumber"] == "fax 1"
    assert fields["Email2Address"] == "a@x.de"
    assert "Email1Address" not in fields


def test_sync_state_keeps_only_what_the_rules_say() -> None:
    state = SyncStateStore(Database())
    device = state.touch_device(1, "dev", "iPhone", "UA", NOW)
    key = SyncKey.fresh()
    state.save_collection(device.id, "contacts", key, {"1": "1"})
    state.save_collection(device.id, "contacts", key.next, {"1": "1", "2": "1"}, keep=(1,))
    assert state.collection(device.id, "contacts", key) == {"1": "1"}
    state.keep_collection(device.id, "contacts", key.next)
    assert state.collection(device.id, "contacts", key) is None
    assert state.collection(device.id, "contacts", key.next) == {"1": "1", "2": "1"}
    other = SyncKey.fresh()
    state.save_collection(device.id, "contacts", other, {})
    assert state.collection(device.id, "contacts", key.next) is None


@pytest.mark.parametrize("text", ["0", "", "{nope}1", "{00000000-0000-0000-0000-000000000000}0"])
def test_sync_key_parse_rejects(text: str) -> None:
    assert SyncKey.parse(text) is None


def test_sync_key_round_trip() -> None:
    key = SyncKey.fresh()
    assert SyncKey.parse(str(key)) == key
    assert str(key.next).endswith("}2")
