"""An onOffice address as an EAS contact and back (guide 12.3; B-CON-1..16).

Table-driven: which address attribute goes to which contact field, and
which sync slot goes to which phone, fax or e-mail field. To the device
only what the guide lists as sent (company info, P.O. box, Fax2, letter
salutation, last contact are not, B-CON-5), with the fallback where a
kind has no slot assigned (B-CON-9). From the device the same fields
(B-CON-10, nothing else: B-CON-15); a changed number becomes a new number
in its slot and the old one loses the slot, a deleted one only loses it
(B-CON-11, B-CON-12) - `number_changes` says which, the store applies it.
Must not: decide which addresses are synced or touch the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from types import MappingProxyType

from eas.commands import CommandError
from eas.items.contacts import ContactItem
from eas.items.dates import parse
from server.model import KIND_GROUP, SLOT_GROUP, Address, Number, NumberKind, Slot, SlotGroup

# B-CON-2, B-CON-3: address attribute -> contact field (MS-ASCNTC names).
# The guide: "Salutation - the title is synchronized".
ADDRESS_FIELDS: tuple[tuple[str, str], ...] = (
    ("salutation", "Title"),
    ("first_name", "FirstName"),
    ("last_name", "LastName"),
    ("company", "CompanyName"),
    ("street", "BusinessAddressStreet"),
    ("zip", "BusinessAddressPostalCode"),
    ("city", "BusinessAddressCity"),
    ("country", "BusinessAddressCountry"),
    ("homepage", "WebPage"),
)

# B-CON-4 (BEHAVIOURS.md "Contacts"): sync slot -> contact field.
SLOT_FIELDS: Mapping[Slot, str] = MappingProxyType(
    {
        Slot.PHONE_PRIVATE: "HomePhoneNumber",
        Slot.PHONE2_PRIVATE: "Home2PhoneNumber",
        Slot.PHONE_BUSINESS: "BusinessPhoneNumber",
        Slot.PHONE2_BUSINESS: "Business2PhoneNumber",
        Slot.MOBILE: "MobilePhoneNumber",
        Slot.CAR: "CarPhoneNumber",
        Slot.RADIO: "RadioPhoneNumber",
        Slot.PAGER: "PagerNumber",
        Slot.ASSISTANT: "AssistantPhoneNumber",
        Slot.COMPANY_MAIN: "CompanyMainPhone",
        Slot.FAX_PRIVATE: "HomeFaxNumber",
        Slot.FAX_BUSINESS: "BusinessFaxNumber",
        Slot.EMAIL1: "Email1Address",
        Slot.EMAIL2: "Email2Address",
        Slot.EMAIL3: "Email3Address",
    }
)

# B-CON-9: with no slot assigned in a group, the default number goes here.
FALLBACK_SLOT: Mapping[SlotGroup, Slot] = MappingProxyType(
    {
        SlotGroup.PHONE: Slot.PHONE_PRIVATE,
        SlotGroup.FAX: Slot.FAX_PRIVATE,
        SlotGroup.EMAIL: Slot.EMAIL1,
    }
)

# Birthdays go as midnight UTC of the date: what iOS (>= 5) and Samsung expect
# (eas-facts.md 3, Horde quirks); per-device normalisation is a later issue.
BIRTHDAY_TIME = "T00:00:00.000Z"


def contact_from_address(address: Address) -> ContactItem:
    fields: dict[str, str] = {}
    for attribute, name in ADDRESS_FIELDS:
        value = getattr(address, attribute)
        if value:
            fields[name] = value
    if address.birthday is not None:
        fields["Birthday"] = address.birthday.isoformat() + BIRTHDAY_TIME
    for slot, number in slotted_numbers(address.numbers).items():
        fields[SLOT_FIELDS[slot]] = number.value
    return ContactItem(fields=fields)


def slotted_numbers(numbers: tuple[Number, ...]) -> dict[Slot, Number]:
    """The number sent in each slot: the assigned ones, else the fallback per group."""
    result: dict[Slot, Number] = {}
    for group in SlotGroup:
        members = [n for n in numbers if KIND_GROUP[n.kind] == group]
        assigned = {n.slot: n for n in members if n.slot is not None}
        result.update(assigned if assigned else _fallback(group, members))
    return result


def _fallback(group: SlotGroup, members: list[Number]) -> dict[Slot, Number]:
    # B-CON-9: the default number (the first one if none is flagged) and, for
    # phones, also the first mobile number as Mobile.
    if not members:
        return {}
    default = next((n for n in members if n.is_default), members[0])
    chosen = {FALLBACK_SLOT[group]: default}
    if group is SlotGroup.PHONE:
        mobile = next((n for n in members if n.kind is NumberKind.MOBILE and n != default), None)
        if mobile is not None:
            chosen[Slot.MOBILE] = mobile
    return chosen


# -- from the device ------------------------------------------------------------

# The kind a number entered on the device in a slot gets in onOffice.
KIND_OF_GROUP: Mapping[SlotGroup, NumberKind] = MappingProxyType(
    {
        SlotGroup.PHONE: NumberKind.PHONE,
        SlotGroup.FAX: NumberKind.FAX,
        SlotGroup.EMAIL: NumberKind.EMAIL,
    }
)


def kind_of_slot(slot: Slot) -> NumberKind:
    return NumberKind.MOBILE if slot is Slot.MOBILE else KIND_OF_GROUP[SLOT_GROUP[slot]]


def birthday_from(text: str | None) -> date | None:
    """A device's birthday: midnight UTC or local midnight in UTC (iOS), as the date meant."""
    if not text:
        return None
    try:
        moment: datetime = parse(text, "Birthday")
        return (moment + timedelta(hours=12)).date()
    except (CommandError, OverflowError):  # 9999-12-31T23:00Z + 12 h: no such date
        return None


def address_from_contact(item: ContactItem, address: Address) -> Address:
    """B-CON-10: the device's fields onto the address; B-CON-15: nothing else changes."""
    fields: dict[str, object] = {a: item.get(name) or "" for a, name in ADDRESS_FIELDS}
    fields["birthday"] = birthday_from(item.get("Birthday"))
    return replace(address, **fields)  # type: ignore[arg-type]  # names from ADDRESS_FIELDS


@dataclass(frozen=True)
class NumberChanges:
    unassign: tuple[int, ...] = ()  # ids of numbers that lose their slot (kept in onOffice)
    add: tuple[Number, ...] = ()  # new numbers, each with the slot it was entered in


def number_changes(address: Address, item: ContactItem) -> NumberChanges:
    """B-CON-11, B-CON-12, B-CON-13: compare each slot with what the device was sent."""
    sent = slotted_numbers(address.numbers)
    unassign: list[int] = []
    add: list[Number] = []
    for slot, name in SLOT_FIELDS.items():
        value = item.get(name) or ""
        holder = sent.get(slot)
        if holder is not None and holder.value == value:
            continue
        if holder is not None and holder.slot is slot:
            unassign.append(holder.id)  # a fallback number had no slot to lose (B-CON-13)
        if value:
            add.append(Number(kind_of_slot(slot), value, False, slot))
    return NumberChanges(tuple(unassign), tuple(_with_defaults(address.numbers, add)))


def _with_defaults(existing: tuple[Number, ...], new: list[Number]) -> list[Number]:
    """The first number of a kind group that had none is the default."""
    groups = {KIND_GROUP[n.kind] for n in existing}
    result = []
    for number in new:
        group = KIND_GROUP[number.kind]
        result.append(replace(number, is_default=group not in groups))
        groups.add(group)
    return result


def new_address(item: ContactItem) -> Address:
    """B-CON-10: a contact created on the device, ticked for onOffice Sync, numbers slotted."""
    base = address_from_contact(item, Address(onoffice_sync=True))
    return replace(base, numbers=number_changes(base, item).add)
