"""Addresses in onOffice: the onOffice Sync tick, the numbers and their sync slots.

Arranging (Given/When) and checking (Then) what onOffice holds, in the
words of the guide's "Edit phone numbers" pop-up. Addresses are found by
name ("Max Mustermann") within the user's customer.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pytest_bdd import given, parsers, then, when

from fixtures.factories import Factories
from server.model import Address, CreationMode, Number, NumberKind, Slot
from server.store.addresses import FormField
from steps.onoffice import Person
from steps.target import Target
from steps.types import step_parser

KINDS = {
    "phone number": NumberKind.PHONE,
    "mobile number": NumberKind.MOBILE,
    "fax number": NumberKind.FAX,
    "e-mail address": NumberKind.EMAIL,
}
_NUMBER = (
    r"(?P<name>[A-Z]\w+ [A-Z]\w+)'s (?P<kind>phone number|mobile number|fax number|e-mail address)"
    r' "(?P<value>[^"]+)"'
)
MODES = {"by hand": CreationMode.BY_HAND, 'by "Assign / Create"': CreationMode.ASSIGN_CREATE}


def synced_addresses(target: Target, person: Person) -> list[Address]:
    """The customer's addresses ticked for onOffice Sync, as onOffice holds them."""
    return [a for a in target.addresses(person) if a.onoffice_sync]


def address_named(target: Target, person: Person, name: str) -> Address:
    """The customer's address of this name (the latest, if there are several)."""
    found = [a for a in target.addresses(person) if a.name == name]
    assert found, f"onOffice has no address {name!r}"
    return found[-1]


def _named(first_last: str, *, synced: bool, email: str = "") -> Address:
    first, _, last = first_last.partition(" ")
    numbers = (Number(NumberKind.EMAIL, email, True, Slot.EMAIL1),) if email else ()
    return Address(first_name=first, last_name=last, onoffice_sync=synced, numbers=numbers)


@given(parsers.re(r"(?P<count>\d+) (?P<more>more )?addresses in onOffice are ticked for onOffice Sync$"))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, factories: Factories, count: str, more: str | None) -> None:
    """onOffice has this many (more) faker addresses ticked for onOffice Sync."""
    for _ in range(int(count)):
        target.add_address(person, factories.address(synced=True))


@given(parsers.re(r'the address "(?P<name>[^"]+)" is (?P<negation>not )?ticked for onOffice Sync$'), target_fixture="address")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, name: str, negation: str | None) -> Address:
    """onOffice has the address, ticked for onOffice Sync or not."""
    return target.add_address(person, _named(name, synced=not negation))


@given(parsers.parse('the address "{name}" with the e-mail "{email}" is ticked for onOffice Sync'), target_fixture="address")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, name: str, email: str) -> Address:
    """onOffice has the address with this e-mail, ticked for onOffice Sync."""
    return target.add_address(person, _named(name, synced=True, email=email))


_FIELDS = {
    "salutation": "salutation", "company": "company", "homepage": "homepage",
    "company info": "company_info", "Fax2": "fax2", "letter salutation": "letter_salutation",
}  # fmt: skip


@given(parsers.re(r'the address has the (?P<field>salutation|company|homepage|company info|Fax2|letter salutation) "(?P<value>[^"]*)"$'), target_fixture="address")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, address: Address, field: str, value: str) -> Address:
    """The last named address gets this field in onOffice."""
    changed: Address = replace(address, **{_FIELDS[field]: value})  # type: ignore[arg-type]
    return target.update_address(person, changed)


@given(step_parser("the address has the birthday {day:Date}"), target_fixture="address")
def _(target: Target, person: Person, address: Address, day: date) -> Address:
    """The last named address gets this birthday in onOffice."""
    return target.update_address(person, replace(address, birthday=day))


@given(parsers.parse('the address is in "{street}", "{zip}" "{city}", "{country}"'), target_fixture="address")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, address: Address, street: str, zip: str, city: str, country: str) -> Address:  # fmt: skip # noqa: E501
    """The last named address gets this postal address in onOffice."""
    moved = replace(address, street=street, zip=zip, city=city, country=country)
    return target.update_address(person, moved)


@given(parsers.parse('the address has the P.O. box "{box}" with the ZIP "{zip}"'), target_fixture="address")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, address: Address, box: str, zip: str) -> Address:
    """The last named address gets a P.O. box in onOffice."""
    return target.update_address(person, replace(address, po_box=box, po_box_zip=zip))


@given(parsers.re(_NUMBER + r"(?: is (?P<default>his default [\w-]+ (?:number|address)), | )(?:is )?(?:assigned to (?P<slot>\"[^\"]+\")|with no assignment|has no assignment)$"))  # fmt: skip # noqa: E501
def _(
    target: Target, person: Person, name: str, kind: str, value: str,
    default: str | None, slot: str | None,
) -> None:  # fmt: skip
    """onOffice has the number in the address, with its slot (or none) and default flag."""
    address = address_named(target, person, name)
    assigned = Slot(slot.strip('"')) if slot else None
    target.add_number(person, address, Number(KINDS[kind], value, bool(default), assigned))


@when(step_parser('onOffice assigns {name}\'s {kind} "{value}" to {slot:Slot}'))
def _(target: Target, person: Person, name: str, kind: str, value: str, slot: Slot) -> None:
    """onOffice gives the number this sync slot (the number-assignment pop-up)."""
    address = address_named(target, person, name)
    target.assign_slot(person, address, number_of(address, value), slot)


@when(parsers.parse('onOffice gets the address "{name}" ticked for onOffice Sync'))
def _(target: Target, person: Person, name: str) -> None:
    """A new address ticked for onOffice Sync appears in onOffice."""
    target.add_address(person, _named(name, synced=True))


@when(parsers.re(r'onOffice creates the address "(?P<name>[^"]+)" (?P<mode>by hand|by "Assign / Create") with (?P<field>\w+) "(?P<value>[^"]+)"$'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, name: str, mode: str, field: str, value: str) -> None:
    """onOffice creates an address through its form, by hand or by "Assign / Create"."""
    form = {FormField(field): value}
    target.create_address(person, _named(name, synced=True), MODES[mode], form)


def number_of(address: Address, value: str) -> Number:
    found = [n for n in address.numbers if n.value == value]
    assert found, f"{address.name} has no number {value!r}: {[n.value for n in address.numbers]}"
    return found[-1]


@then(step_parser('onOffice has {name}\'s number "{value}" assigned to {slot:Slot}'))
def _(target: Target, person: Person, name: str, value: str, slot: Slot) -> None:
    """onOffice has the address's number in that sync slot."""
    address = address_named(target, person, name)
    holders = [n for n in address.numbers if n.value == value and n.slot is slot]
    numbers = [(n.value, n.slot and n.slot.value) for n in address.numbers]
    assert holders, f"{value!r} is not assigned to {slot}; onOffice has {numbers}"


@then(parsers.parse('onOffice still has {name}\'s number "{value}", with no assignment'))
def _(target: Target, person: Person, name: str, value: str) -> None:
    """onOffice keeps the address's number, without a sync slot (B-CON-12)."""
    number = number_of(address_named(target, person, name), value)
    assert number.slot is None, f"{value!r} is still assigned to {number.slot}"


@then(parsers.parse('onOffice has no number "{value}" of {name} to synchronise'))
def _(target: Target, person: Person, name: str, value: str) -> None:
    """onOffice will not synchronise that number of the address (no slot, no fallback)."""
    address = address_named(target, person, name)
    assert value not in [n.value for n in address.numbers], f"{value!r} is a number of {name}"


@then(parsers.parse('onOffice has the address "{name}" ticked for onOffice Sync'))
def _(target: Target, person: Person, name: str) -> None:
    """onOffice has the address, ticked for onOffice Sync."""
    assert address_named(target, person, name).onoffice_sync, f"{name} is not ticked"


@then(parsers.parse('onOffice still has the address "{name}", no longer ticked for onOffice Sync'))
def _(target: Target, person: Person, name: str) -> None:
    """onOffice kept the address but took its onOffice Sync tick away (B-CON-14)."""
    assert not address_named(target, person, name).onoffice_sync, f"{name} is still ticked"


@then(parsers.parse('onOffice\'s address "{name}" has the company "{company}"'))
def _(target: Target, person: Person, name: str, company: str) -> None:
    """onOffice's address has that company."""
    shown = address_named(target, person, name).company
    assert shown == company, f"onOffice has the company {shown!r}"


@then(parsers.parse('onOffice\'s address "{name}" does not mention "{text}"'))
def _(target: Target, person: Person, name: str, text: str) -> None:
    """onOffice stored the text nowhere: not in the address, nor in any other onOffice record."""
    address = address_named(target, person, name)
    assert text not in repr(address), f"onOffice stored {text!r}: {address}"
    # The Address type has no field for most such texts (department, nickname), so
    # every onOffice record of her customer is searched, every column.
    found = target.records_mentioning(person, text)
    assert not found, f"onOffice stored {text!r} in {found}"


@then(parsers.parse("onOffice still has {count:d} addresses ticked for onOffice Sync"))
def _(target: Target, person: Person, count: int) -> None:
    """The number of addresses onOffice still has ticked for onOffice Sync."""
    shown = len(synced_addresses(target, person))
    assert shown == count, f"onOffice has {shown} addresses ticked for onOffice Sync"
