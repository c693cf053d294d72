"""An onOffice address as an EAS contact (guide 12.3; B-CON-1 to B-CON-5, B-CON-9, B-CON-16).

Table-driven: which address attribute goes to which contact field, and
which sync slot goes to which phone, fax or e-mail field. Only what the
guide lists as sent; company info, P.O. box, Fax2, letter salutation and
last contact are not (B-CON-5) and are not even in the model.
Must not: decide which addresses are synced (the store's ``synced_only``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from eas.items.contacts import ContactItem
from server.model import KIND_GROUP, Address, Number, NumberKind, Slot, SlotGroup

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
