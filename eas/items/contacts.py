"""Contact items (MS-ASCNTC): ApplicationData <-> `ContactItem`.

A contact is a mapping of spec field names (``FirstName``,
``MobilePhoneNumber``) to text, plus categories and a plain-text body. The
field tables below say which code page each field lives on; the order is
the order in which they are written, as MS-ASCNTC lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from eas.commands import CommandError
from eas.items.body import body_from_tree, body_to_tree
from eas.tree import E, Element

# MS-ASCNTC 2.2.2: single-valued text fields of the Contacts code page.
CONTACTS_FIELDS: tuple[str, ...] = (
    "Anniversary", "AssistantName", "AssistantPhoneNumber", "Birthday",
    "Business2PhoneNumber", "BusinessAddressCity", "BusinessAddressCountry",
    "BusinessAddressPostalCode", "BusinessAddressState", "BusinessAddressStreet",
    "BusinessFaxNumber", "BusinessPhoneNumber", "CarPhoneNumber", "CompanyName",
    "Department", "Email1Address", "Email2Address", "Email3Address", "FileAs",
    "FirstName", "Home2PhoneNumber", "HomeAddressCity", "HomeAddressCountry",
    "HomeAddressPostalCode", "HomeAddressState", "HomeAddressStreet", "HomeFaxNumber",
    "HomePhoneNumber", "JobTitle", "LastName", "MiddleName", "MobilePhoneNumber",
    "OfficeLocation", "OtherAddressCity", "OtherAddressCountry", "OtherAddressPostalCode",
    "OtherAddressState", "OtherAddressStreet", "PagerNumber", "RadioPhoneNumber",
    "Spouse", "Suffix", "Title", "WebPage", "YomiCompanyName", "YomiFirstName",
    "YomiLastName", "Picture", "Alias", "WeightedRank",
)  # fmt: skip

# MS-ASCNTC 2.2.2: fields of the Contacts2 code page.
CONTACTS2_FIELDS: tuple[str, ...] = (
    "CustomerId", "GovernmentId", "IMAddress", "IMAddress2", "IMAddress3",
    "ManagerName", "CompanyMainPhone", "AccountName", "NickName", "MMS",
)  # fmt: skip

NAMESPACE_OF_FIELD: Mapping[str, str] = MappingProxyType(
    {name: "Contacts" for name in CONTACTS_FIELDS}
    | {name: "Contacts2" for name in CONTACTS2_FIELDS}
)


@dataclass(frozen=True)
class ContactItem:
    fields: Mapping[str, str] = field(default_factory=dict)
    categories: tuple[str, ...] = ()
    body: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(NAMESPACE_OF_FIELD)
        if unknown:
            raise ValueError(f"not contact fields: {sorted(unknown)}")

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


def contact_to_application_data(item: ContactItem, truncation_size: int | None = None) -> Element:
    data = E("AirSync:ApplicationData")
    for name in (*CONTACTS_FIELDS, *CONTACTS2_FIELDS):
        value = item.fields.get(name)
        if value is not None:
            data.append(E(f"{NAMESPACE_OF_FIELD[name]}:{name}", value))
    if item.categories:
        data.append(E("Contacts:Categories", *(E("Category", c) for c in item.categories)))
    if item.body is not None:
        data.append(body_to_tree(item.body, truncation_size))
    return data


def contact_from_application_data(data: Element) -> ContactItem:
    """Read a contact; fields outside the contact pages are ignored, as servers do."""
    fields: dict[str, str] = {}
    categories: tuple[str, ...] = ()
    for child in data.children:
        namespace, name = child.namespace, child.name
        if name == "Categories" and namespace == "Contacts":
            categories = tuple(c.text or "" for c in child.children)
        elif NAMESPACE_OF_FIELD.get(name) == namespace:
            if child.children:
                raise CommandError(f"contact field {name} must hold text")
            fields[name] = child.text or ""
    return ContactItem(fields=fields, categories=categories, body=body_from_tree(data))
