"""What the phone's contacts app shows, and what the user changes there.

Slots are named as in the guide ("Mobile", "Phone (Business)"); where the
phone keeps a slot's number is the catalogue's table (BEHAVIOURS.md,
"Contacts"), written here on purpose rather than taken from the server's
mapping, so that a wrong server table fails these scenarios.
"""

from __future__ import annotations

from datetime import date

from pytest_bdd import parsers, then, when

from server.model import Slot
from simulator.apps.contacts import ContactCard
from simulator.device import Device
from steps.onoffice import Person
from steps.phone_items import mentions, stored_copy
from steps.target import Target
from steps.types import step_parser

# BEHAVIOURS.md "Contacts": sync slot -> the contact field the phone keeps it in.
# Written out again on purpose, not imported from server.mapping: the scenarios
# check the server's table against the guide, so they must not read that table.
SLOT_FIELD: dict[Slot, str] = {
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
EMAIL_FIELDS = ("Email1Address", "Email2Address", "Email3Address")


def card(phone: Device, name: str) -> ContactCard:
    found = phone.contacts_app.find(name)
    assert found is not None, f"the contacts app shows no {name!r}: {phone.contacts_app.names()}"
    return found


@then(parsers.parse("her contacts app shows all {count:d} onOffice contacts under the account"))
def _(phone: Device, person: Person, target: Target, count: int) -> None:
    """The contacts app shows exactly onOffice's synced contacts, that many, in one group."""
    groups = phone.contacts_app.groups()
    assert len(groups) == 1, f"contact groups shown: {[g.account for g in groups]}"
    shown = sorted(c.display_name for c in groups[0].contacts)
    assert len(shown) == count, f"{len(shown)} contacts shown, expected {count}"
    # Expected: the addresses as arranged with their onOffice Sync tick, filtered here
    # (not by the server's own synced-only query, which is under test).
    expected = sorted(a.name for a in target.addresses(person) if a.onoffice_sync)
    assert shown == expected


@then(parsers.parse("her contacts app shows some but not all of the {count:d} onOffice contacts"))
def _(phone: Device, count: int) -> None:
    """The contacts app shows at least one but fewer than that many contacts (a sync in rounds)."""
    shown = len(phone.contacts_app.contacts())
    assert 0 < shown < count, f"the contacts app shows {shown} of {count}"


@then("her contacts app shows no contacts of the account")
def _(phone: Device) -> None:
    """The contacts app shows no contacts of the account."""
    shown = phone.contacts_app.names()
    assert shown == [], f"the contacts app shows {len(shown)} contacts"


@then(parsers.re(r'her contacts app (?P<negation>shows|does not show) "(?P<name>[^"]+)"$'))
def _(phone: Device, negation: str, name: str) -> None:
    """Whether the contacts app shows a contact of that name."""
    shown = phone.contacts_app.names()
    if negation == "shows":
        assert name in shown, f"the contacts app shows {shown}"
    else:
        assert name not in shown, f"the contacts app still shows {name!r}"


_DETAIL = {"title": "Title", "company": "CompanyName", "homepage": "WebPage"}


@then(parsers.re(r'the phone\'s contact "(?P<name>[^"]+)" has the (?P<detail>title|company|homepage) "(?P<value>[^"]*)"$'))  # fmt: skip # noqa: E501
def _(phone: Device, name: str, detail: str, value: str) -> None:
    """A detail of the contact as the phone shows it."""
    shown = card(phone, name).item.get(_DETAIL[detail])
    assert shown == value, f"the phone shows the {detail} {shown!r}"


@then(step_parser('the phone\'s contact "{name}" has the birthday {day:Date}'))
def _(phone: Device, name: str, day: date) -> None:
    """The contact's birthday on the phone."""
    shown = card(phone, name).item.get("Birthday") or ""
    assert shown[:10] == day.isoformat(), f"the phone shows the birthday {shown!r}"


@then(parsers.parse('the phone\'s contact "{name}" has the business address "{street}", "{zip}" "{city}", "{country}"'))  # fmt: skip # noqa: E501
def _(phone: Device, name: str, street: str, zip: str, city: str, country: str) -> None:
    """The contact's business address on the phone (street, ZIP, city, country)."""
    item = card(phone, name).item
    shown = tuple(
        item.get(f"BusinessAddress{part}") for part in ("Street", "PostalCode", "City", "Country")
    )
    assert shown == (street, zip, city, country), f"the phone shows the business address {shown}"


@then(step_parser('the phone\'s contact "{name}" has "{value}" as {slot:Slot}'))
def _(phone: Device, name: str, value: str, slot: Slot) -> None:
    """The number or e-mail the phone shows in that slot's field (e.g. "Mobile")."""
    item = card(phone, name).item
    shown = item.get(SLOT_FIELD[slot])
    numbers = {k: v for k, v in item.fields.items() if "Phone" in k or "Fax" in k or "Email" in k}
    assert shown == value, f"{slot} shows {shown!r}; the contact's numbers: {numbers}"


@then(parsers.parse('the phone\'s contact "{name}" has {count:d} e-mail addresses'))
def _(phone: Device, name: str, count: int) -> None:
    """How many e-mail addresses the phone shows for the contact."""
    item = card(phone, name).item
    shown = [item.get(f) for f in EMAIL_FIELDS if item.get(f)]
    assert len(shown) == count, f"the phone shows the e-mail addresses {shown}"


@then(parsers.parse('the phone\'s copy of the contact "{name}" does not mention "{text}"'))
def _(phone: Device, name: str, text: str) -> None:
    """No field of the phone's contact holds the text (fields onOffice keeps to itself)."""
    carried = mentions(stored_copy(phone, card(phone, name).server_id), text)
    assert not carried, f"the phone's contact carries {text!r}: {carried}"


# -- the user's changes on the phone ---------------------------------------------


@when(parsers.parse('she creates the contact "{first} {last}" of "{company}" with the mobile number "{mobile}" and the e-mail address "{email}" on the phone'))  # fmt: skip # noqa: E501
def _(phone: Device, first: str, last: str, company: str, mobile: str, email: str) -> None:
    """She creates a contact in the contacts app with a mobile number and an e-mail address."""
    phone.contacts_app.create(
        FirstName=first, LastName=last, CompanyName=company,
        MobilePhoneNumber=mobile, Email1Address=email,
    )  # fmt: skip


@when(step_parser('she changes the {slot:Slot} number of "{name}" to "{value}" on the phone'))
def _(phone: Device, slot: Slot, name: str, value: str) -> None:
    """She changes the number in that slot of the contact in the contacts app."""
    card(phone, name)
    phone.contacts_app.edit(name, **{SLOT_FIELD[slot]: value})


@when(step_parser('she deletes the {slot:Slot} number of "{name}" on the phone'))
def _(phone: Device, slot: Slot, name: str) -> None:
    """She deletes the number in that slot of the contact in the contacts app."""
    assert card(phone, name).item.get(SLOT_FIELD[slot]), f"{name} has no {slot} number"
    phone.contacts_app.edit(name, **{SLOT_FIELD[slot]: None})


@when(parsers.parse('she deletes the contact "{name}" on the phone'))
def _(phone: Device, name: str) -> None:
    """She deletes the contact in the contacts app."""
    phone.contacts_app.delete(name)


@when(parsers.parse('she gives the contact "{name}" the department "{department}" and the nickname "{nickname}" on the phone'))  # fmt: skip # noqa: E501
def _(phone: Device, name: str, department: str, nickname: str) -> None:
    """She edits fields onOffice does not take from phones (B-CON-15)."""
    phone.contacts_app.edit(name, Department=department, NickName=nickname)
