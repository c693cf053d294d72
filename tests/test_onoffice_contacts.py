"""Contacts over the wire (guide 12.3): every B-CON rule as a phone sees it, and onOffice after."""

from __future__ import annotations

from dataclasses import replace

import pytest
from onoffice_world import World, make_world

from eas.items.contacts import (
    ContactItem,
    contact_from_application_data,
    contact_to_application_data,
)
from eas.tree import Element
from server.model import Address, CreationMode, Number, NumberKind, Slot
from server.store.addresses import FormField

P, M, F, E = NumberKind.PHONE, NumberKind.MOBILE, NumberKind.FAX, NumberKind.EMAIL
CONTACTS = "contacts"


@pytest.fixture
def world() -> World:
    return make_world()


def _fields(data: Element) -> dict[str, str]:
    return dict(contact_from_application_data(data).fields)


def _texts(data: Element) -> set[str]:
    return {node.text or "" for node in data.iter()}


def _add(world: World, **kwargs: object) -> Address:
    return world.store.add_address(world.customer.id, Address(**kwargs))  # type: ignore[arg-type]


def test_b_con_1_only_addresses_ticked_for_sync(world: World) -> None:
    ticked = _add(world, last_name="Ticked")
    _add(world, last_name="Unticked", onoffice_sync=False)
    world.store.add_address(world.other.id, Address(last_name="Other customer"))
    phone = world.phone()
    assert list(phone.sync(CONTACTS)) == [str(ticked.id)]
    world.store.set_address_sync(ticked.id, False)
    assert phone.sync(CONTACTS) == {}


def test_b_con_2_3_4_16_fields_business_address_and_slots(world: World) -> None:
    address = _add(
        world, salutation="Frau", first_name="Jane", last_name="Doe", company="Doe GmbH",
        street="Markt 1", zip="52062", city="Aachen", country="Deutschland",
        homepage="https://doe.example",
        numbers=(
            Number(P, "0241 1", True, Slot.PHONE_BUSINESS),
            Number(P, "0241 2", False, Slot.MOBILE),  # B-CON-16: a business number as Mobile
            Number(F, "0241 9", True, Slot.FAX_BUSINESS),
            Number(E, "a@doe.example", True, Slot.EMAIL2),
        ),
    )  # fmt: skip
    fields = _fields(world.phone().sync(CONTACTS)[str(address.id)])
    assert fields == {
        "Title": "Frau", "FirstName": "Jane", "LastName": "Doe", "CompanyName": "Doe GmbH",
        "BusinessAddressStreet": "Markt 1", "BusinessAddressPostalCode": "52062",
        "BusinessAddressCity": "Aachen", "BusinessAddressCountry": "Deutschland",
        "WebPage": "https://doe.example", "BusinessPhoneNumber": "0241 1",
        "MobilePhoneNumber": "0241 2", "BusinessFaxNumber": "0241 9",
        "Email2Address": "a@doe.example",
    }  # fmt: skip


def test_b_con_4_at_most_10_phones_2_faxes_3_emails(world: World) -> None:
    numbers = [Number(P, f"phone {i}", i == 0, s) for i, s in enumerate(list(Slot)[:10])]
    numbers += [Number(P, "phone 11"), Number(F, "fax 1", True, Slot.FAX_PRIVATE)]
    numbers += [Number(F, "fax 2", False, Slot.FAX_BUSINESS), Number(F, "fax 3")]
    numbers += [Number(E, f"e{i}@x.de", i == 1, Slot(f"EMail{i}")) for i in (1, 2, 3)]
    numbers += [Number(E, "e4@x.de")]
    address = _add(world, last_name="Many", numbers=tuple(numbers))
    fields = _fields(world.phone().sync(CONTACTS)[str(address.id)])
    assert len([v for v in fields.values() if v.startswith("phone")]) == 10
    assert len([v for v in fields.values() if v.startswith("fax")]) == 2
    assert len([v for v in fields.values() if "@" in v]) == 3


def test_b_con_5_not_sent(world: World) -> None:
    address = _add(
        world, last_name="Doe", company_info="INFO", po_box="PF 12", po_box_zip="52001",
        fax2="FAX2", letter_salutation="Sehr geehrte Frau Doe",
    )  # fmt: skip
    texts = _texts(world.phone().sync(CONTACTS)[str(address.id)])
    assert not texts & {"INFO", "PF 12", "52001", "FAX2", "Sehr geehrte Frau Doe"}


def test_b_con_6_a_reused_slot_frees_the_previous_number(world: World) -> None:
    address = _add(world, last_name="Doe", numbers=(Number(P, "old", True, Slot.MOBILE),))
    phone = world.phone()
    assert _fields(phone.sync(CONTACTS)[str(address.id)])["MobilePhoneNumber"] == "old"
    world.store.add_number(address.id, Number(M, "new", False, Slot.MOBILE))
    fields = _fields(phone.sync(CONTACTS)[str(address.id)])
    assert fields["MobilePhoneNumber"] == "new"
    assert "old" not in fields.values()


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        pytest.param(
            CreationMode.BY_HAND,
            {"HomeFaxNumber": "fax", "HomePhoneNumber": "p1", "Home2PhoneNumber": "p2",
             "MobilePhoneNumber": "mob", "Email1Address": "e1@x.de", "Email2Address": "e2@x.de"},
            id="B-CON-7",
        ),
        pytest.param(
            CreationMode.ASSIGN_CREATE,
            {"HomeFaxNumber": "fax", "HomePhoneNumber": "p1", "MobilePhoneNumber": "mob",
             "Email1Address": "e1@x.de"},
            id="B-CON-8",
        ),
    ],
)  # fmt: skip
def test_b_con_7_8_creation_defaults(
    world: World, mode: CreationMode, expected: dict[str, str]
) -> None:
    form = {
        FormField.FAX: "fax", FormField.PHONE1: "p1", FormField.PHONE2: "p2",
        FormField.MOBILE: "mob", FormField.FAX2: "fax two", FormField.EMAIL1: "e1@x.de",
        FormField.EMAIL2: "e2@x.de",
    }  # fmt: skip
    if mode is CreationMode.ASSIGN_CREATE:
        del form[FormField.PHONE2], form[FormField.EMAIL2]
    address = world.store.create_address(world.customer.id, Address(last_name="Neu"), mode, form)
    assert address.fax2 == "fax two"
    fields = _fields(world.phone().sync(CONTACTS)[str(address.id)])
    assert {k: v for k, v in fields.items() if k != "LastName"} == expected


def test_b_con_9_fallback_per_kind(world: World) -> None:
    address = _add(
        world, last_name="Doe",
        numbers=(Number(P, "p1"), Number(P, "p-default", True), Number(M, "m1"),
                 Number(F, "f-default", True), Number(E, "e@x.de", False, Slot.EMAIL3)),
    )  # fmt: skip
    fields = _fields(world.phone().sync(CONTACTS)[str(address.id)])
    assert fields["HomePhoneNumber"] == "p-default"
    assert fields["MobilePhoneNumber"] == "m1"
    assert fields["HomeFaxNumber"] == "f-default"
    assert fields["Email3Address"] == "e@x.de" and "Email1Address" not in fields


def _contact(**fields: str) -> Element:
    return contact_to_application_data(ContactItem(fields=fields))


def test_b_con_10_15_a_contact_from_the_phone_is_stored(world: World) -> None:
    phone = world.phone()
    phone.sync(CONTACTS)
    server_id = phone.add(
        CONTACTS,
        _contact(
            Title="Herr", FirstName="Max", LastName="Muster", CompanyName="Muster AG",
            BusinessAddressStreet="Weg 2", BusinessAddressCity="Köln",
            BusinessAddressPostalCode="50667", BusinessAddressCountry="Deutschland",
            Birthday="1970-01-31T23:00:00.000Z", WebPage="https://muster.example",
            MobilePhoneNumber="0170 5", HomeFaxNumber="0221 9", Email1Address="m@muster.example",
            Department="Vertrieb", JobTitle="Chef",  # B-CON-15: not stored
        ),
    )  # fmt: skip
    stored = world.store.address(int(server_id))
    assert stored is not None and stored.customer_id == world.customer.id and stored.onoffice_sync
    assert (stored.salutation, stored.first_name, stored.company) == ("Herr", "Max", "Muster AG")
    assert (stored.street, stored.zip, stored.city) == ("Weg 2", "50667", "Köln")
    assert str(stored.birthday) == "1970-02-01" and stored.homepage == "https://muster.example"
    assert {(n.kind, n.value, n.slot) for n in stored.numbers} == {
        (M, "0170 5", Slot.MOBILE), (F, "0221 9", Slot.FAX_PRIVATE),
        (E, "m@muster.example", Slot.EMAIL1),
    }  # fmt: skip
    assert "Vertrieb" not in str(stored) and "Chef" not in str(stored)


def test_b_con_11_12_changed_and_deleted_numbers_stay_unassigned(world: World) -> None:
    address = _add(
        world, last_name="Doe", company_info="kept",
        numbers=(Number(M, "old mobile", True, Slot.MOBILE),
                 Number(P, "office", False, Slot.PHONE_BUSINESS)),
    )  # fmt: skip
    phone = world.phone()
    held = _fields(phone.sync(CONTACTS)[str(address.id)])
    held["MobilePhoneNumber"] = "new mobile"  # B-CON-11
    del held["BusinessPhoneNumber"]  # B-CON-12
    phone.change(CONTACTS, str(address.id), _contact(**held))
    stored = world.store.address(address.id)
    assert stored is not None and stored.company_info == "kept"
    assert {(n.value, n.slot) for n in stored.numbers} == {
        ("old mobile", None), ("office", None), ("new mobile", Slot.MOBILE),
    }  # fmt: skip


def test_b_con_13_all_phones_deleted_brings_the_fallback_back(world: World) -> None:
    address = _add(
        world,
        last_name="Doe",
        numbers=(
            Number(P, "default", True, Slot.PHONE2_BUSINESS),
            Number(M, "mob", False, Slot.MOBILE),
        ),
    )
    phone = world.phone()
    held = _fields(phone.sync(CONTACTS)[str(address.id)])
    phone.change(CONTACTS, str(address.id), _contact(LastName=held["LastName"]))
    fields = _fields(phone.sync(CONTACTS)[str(address.id)])  # the next sync
    assert fields["HomePhoneNumber"] == "default" and fields["MobilePhoneNumber"] == "mob"


def test_b_con_14_deleted_on_the_phone_only_loses_the_tick(world: World) -> None:
    address = _add(world, last_name="Doe")
    phone = world.phone()
    phone.sync(CONTACTS)
    assert phone.delete(CONTACTS, str(address.id)) == {}
    stored = world.store.address(address.id)
    assert stored is not None and not stored.onoffice_sync
    assert phone.sync(CONTACTS) == {}


def test_b_con_15_fields_outside_the_guide_leave_onoffice_as_it_was(world: World) -> None:
    address = _add(world, last_name="Doe", po_box="PF 1", language="de", fax2="f2")
    phone = world.phone()
    phone.sync(CONTACTS)
    phone.change(CONTACTS, str(address.id), _contact(LastName="Doe", Spouse="X", NickName="Y"))
    stored = world.store.address(address.id)
    assert stored is not None
    assert replace(stored, version=0) == replace(address, version=0)
