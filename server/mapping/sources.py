"""Per EAS class, the items a user's folder holds: their versions and their ApplicationData.

A Sync compares `ItemSource.versions` with what the device holds and asks
`ItemSource.application_data` for the items it sends. ServerIds are the
onOffice record ids as text. Calendar and tasks answer no items yet (their
mapping is a later issue); their folders still sync with Status 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol

from eas.items.contacts import contact_to_application_data
from eas.tree import Element
from server.mapping.contacts import contact_from_address
from server.model import User
from server.store.onoffice import OnOfficeStore


class ItemSource(Protocol):
    def versions(self, store: OnOfficeStore, user: User) -> dict[str, str]:
        """``{ServerId: version}`` of every item the folder holds now."""
        ...

    def application_data(self, store: OnOfficeStore, user: User, server_id: str) -> Element | None:
        """The item's ApplicationData, or None if it is not (or no longer) in the folder."""
        ...


class ContactSource:
    """B-CON-1: the customer's addresses ticked for onOffice Sync."""

    def versions(self, store: OnOfficeStore, user: User) -> dict[str, str]:
        found = store.address_versions(user.customer_id)
        return {str(address_id): str(version) for address_id, version in found.items()}

    def application_data(self, store: OnOfficeStore, user: User, server_id: str) -> Element | None:
        if not server_id.isdigit():
            return None
        address = store.address(int(server_id))
        if address is None or address.customer_id != user.customer_id or not address.onoffice_sync:
            return None
        return contact_to_application_data(contact_from_address(address))


class NoItems:
    """A folder whose class is not mapped yet: it syncs, empty."""

    def versions(self, store: OnOfficeStore, user: User) -> dict[str, str]:
        return {}

    def application_data(self, store: OnOfficeStore, user: User, server_id: str) -> Element | None:
        return None


SOURCES: Mapping[str, ItemSource] = MappingProxyType(
    {"Contacts": ContactSource(), "Calendar": NoItems(), "Tasks": NoItems()}
)
