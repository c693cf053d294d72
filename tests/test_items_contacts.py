"""Contact items (MS-ASCNTC) to and from ApplicationData."""

from __future__ import annotations

import pytest

from eas.items.contacts import (
    ContactItem,
    contact_from_application_data,
    contact_to_application_data,
)
from eas.tree import E


def test_fields_go_to_their_code_page_in_spec_order() -> None:
    item = ContactItem(
        fields={
            "MobilePhoneNumber": "+49 170 1",
            "CompanyMainPhone": "+49 30 2",
            "FirstName": "Jane",
        },
        categories=("Kunde",),
        body="Notiz",
    )
    data = contact_to_application_data(item)
    assert [c.tag for c in data.children] == [
        "Contacts:FirstName",
        "Contacts:MobilePhoneNumber",
        "Contacts2:CompanyMainPhone",
        "Contacts:Categories",
        "AirSyncBase:Body",
    ]
    assert contact_from_application_data(data) == item


def test_body_is_truncated_to_the_requested_size() -> None:
    data = contact_to_application_data(ContactItem(body="x" * 50), truncation_size=10)
    assert data.findtext("AirSyncBase:Body/Data") == "x" * 10
    assert data.findtext("AirSyncBase:Body/Truncated") == "1"
    assert data.findtext("AirSyncBase:Body/EstimatedDataSize") == "50"


def test_unknown_field_names_are_refused_when_building() -> None:
    with pytest.raises(ValueError, match="not contact fields"):
        ContactItem(fields={"Mobile": "1"})


def test_fields_of_other_pages_are_ignored_when_reading() -> None:
    data = E(
        "AirSync:ApplicationData",
        E("Contacts:LastName", "Doe"),
        E("Calendar:Subject", "not a contact field"),
    )
    assert contact_from_application_data(data) == ContactItem(fields={"LastName": "Doe"})
