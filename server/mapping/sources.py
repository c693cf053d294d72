"""Per EAS class, the items a user's folder holds, and the device's changes to them.

A Sync compares `ItemSource.versions` (within the device's `SyncWindow`)
with what the device holds and asks `ItemSource.application_data` for the
items it sends; the device's Add, Change and Delete go to `add`, `change`
and `delete`, which apply the guide's rules and raise `ItemRejected`
(Status 6) or `ItemNotFound` (Status 8). ServerIds are the onOffice record
ids as text. This protocol is the seam between the Sync command (which
owns keys, paging and statuses) and the onOffice mapping (which owns what
an item is). Calendar and tasks answer no items yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Protocol

from eas.items.contacts import contact_to_application_data
from eas.tree import Element
from server.mapping.contacts import contact_from_address
from server.model import User
from server.store.onoffice import OnOfficeStore


@dataclass(frozen=True)
class SyncWindow:
    """What the device asked to see: its FilterType (MS-ASCMD 2.2.3.68), as of ``now``."""

    filter_type: int | None
    now: datetime


class ItemRejected(Exception):
    """The device's item cannot be stored (Sync Status 6, MS-ASCMD 2.2.3.177.17)."""


class ItemNotFound(Exception):
    """The ServerId is not (or no longer) in the folder (Sync Status 8)."""


class ItemSource(Protocol):
    def versions(self, store: OnOfficeStore, user: User, window: SyncWindow) -> dict[str, str]:
        """``{ServerId: version}`` of every item the folder holds now, within the window."""
        ...

    def application_data(
        self,
        store: OnOfficeStore,
        user: User,
        server_id: str,
        *,
        truncation_size: int | None = None,
    ) -> Element | None:
        """The item's ApplicationData, or None if it is not (or no longer) in the folder."""
        ...

    def add(self, store: OnOfficeStore, user: User, data: Element) -> str:
        """Store a new item from the device; its ServerId."""
        ...

    def change(self, store: OnOfficeStore, user: User, server_id: str, data: Element) -> None:
        """Store the device's change of an item."""
        ...

    def delete(self, store: OnOfficeStore, user: User, server_id: str) -> None:
        """Apply the device's deletion of an item (which onOffice may not delete, B-CON-14)."""
        ...


class ReadOnlySource:
    """Refuses the device's changes: the classes whose mapping back is not built yet."""

    def add(self, store: OnOfficeStore, user: User, data: Element) -> str:
        raise ItemRejected(f"{type(self).__name__}: changes from the device are not stored yet")

    def change(self, store: OnOfficeStore, user: User, server_id: str, data: Element) -> None:
        raise ItemRejected(f"{type(self).__name__}: changes from the device are not stored yet")

    def delete(self, store: OnOfficeStore, user: User, server_id: str) -> None:
        raise ItemRejected(f"{type(self).__name__}: changes from the device are not stored yet")


class ContactSource(ReadOnlySource):
    """B-CON-1: the customer's addresses ticked for onOffice Sync."""

    def versions(self, store: OnOfficeStore, user: User, window: SyncWindow) -> dict[str, str]:
        found = store.address_versions(user.customer_id)
        return {str(address_id): str(version) for address_id, version in found.items()}

    def application_data(
        self,
        store: OnOfficeStore,
        user: User,
        server_id: str,
        *,
        truncation_size: int | None = None,
    ) -> Element | None:
        if not server_id.isdigit():
            return None
        address = store.address(int(server_id))
        if address is None or address.customer_id != user.customer_id or not address.onoffice_sync:
            return None
        return contact_to_application_data(contact_from_address(address), truncation_size)


class NoItems(ReadOnlySource):
    """A folder whose class is not mapped yet: it syncs, empty."""

    def versions(self, store: OnOfficeStore, user: User, window: SyncWindow) -> dict[str, str]:
        return {}

    def application_data(
        self,
        store: OnOfficeStore,
        user: User,
        server_id: str,
        *,
        truncation_size: int | None = None,
    ) -> Element | None:
        return None


SOURCES: Mapping[str, ItemSource] = MappingProxyType(
    {"Contacts": ContactSource(), "Calendar": NoItems(), "Tasks": NoItems()}
)
