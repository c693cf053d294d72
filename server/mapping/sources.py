"""Per EAS class, the items a user's folder holds, and the device's changes to them.

A Sync compares `ItemSource.versions` (within the device's `SyncWindow`)
with what the device holds and asks `ItemSource.application_data` for the
items it sends; the device's Add, Change and Delete go to `add`, `change`
and `delete`, which apply the guide's rules and raise `ItemRejected`
(Status 6) or `ItemNotFound` (Status 8). ServerIds are the onOffice record
ids as text. This protocol is the seam between the Sync command (which
owns keys, paging and statuses) and the onOffice mapping (which owns what
an item is).

Every method sees only records of the syncing user's customer: a ServerId
of another customer's record is "not found", whatever it is. The methods
are free of side effects beyond the device's own change (``versions`` may
be called by Sync, GetItemEstimate and Ping alike).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType
from typing import Protocol, TypeVar

from eas.items.calendar import (
    AppointmentItem,
    appointment_from_application_data,
    appointment_to_application_data,
)
from eas.items.contacts import (
    ContactItem,
    contact_from_application_data,
    contact_to_application_data,
)
from eas.items.tasks import task_from_application_data, task_to_application_data
from eas.tree import Element
from server.mapping import appointments, tasks
from server.mapping.contacts import (
    address_from_contact,
    contact_from_address,
    new_address,
    number_changes,
)
from server.mapping.recurrence import recurrence_of
from server.mapping.windows import appointment_window, in_window, limited
from server.model import Address, Appointment, AppointmentStatus, Task, TaskStatus, User
from server.store.onoffice import OnOfficeStore

log = logging.getLogger("zpush_sim.server")


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


def _safely(record: Appointment, check: Callable[[Appointment], bool]) -> bool:
    """``check(record)``, or False with a log line for a record it cannot decide (issue 13)."""
    try:
        return check(record)
    except (ValueError, TypeError, OverflowError) as error:
        log.warning("%s %s left out of the sync: %s", type(record).__name__, record.id, error)
        return False


def _converted(record: Appointment | Task, convert: Callable[[], Element]) -> Element | None:
    """The record as an item, or None (left out, logged) if it cannot be one."""
    try:
        return convert()
    except (ValueError, TypeError, OverflowError) as error:
        log.warning("%s %s left out of the sync: %s", type(record).__name__, record.id, error)
        return None


def _record_id(server_id: str) -> int | None:
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    ok = server_id.isascii() and server_id.isdigit() and len(server_id) < 12
    return int(server_id) if ok else None


class ContactSource:
    """B-CON-1: the customer's addresses ticked for onOffice Sync; B-CON-10..15 back."""

    def versions(self, store: OnOfficeStore, user: User, window: SyncWindow) -> dict[str, str]:
        found = store.address_versions(user.customer_id)
        store.take_resends("addresses", found)  # the next read sees them newer
        return {str(address_id): str(version) for address_id, version in found.items()}

    def _address(self, store: OnOfficeStore, user: User, server_id: str) -> Address | None:
        record_id = _record_id(server_id)
        address = None if record_id is None else store.address(record_id)
        if address is None or address.customer_id != user.customer_id or not address.onoffice_sync:
            return None
        return address

    def application_data(
        self,
        store: OnOfficeStore,
        user: User,
        server_id: str,
        *,
        truncation_size: int | None = None,
    ) -> Element | None:
        address = self._address(store, user, server_id)
        if address is None:
            return None
        return contact_to_application_data(contact_from_address(address), truncation_size)

    def add(self, store: OnOfficeStore, user: User, data: Element) -> str:
        item = _rejecting(lambda: contact_from_application_data(data))
        return str(store.add_address(user.customer_id, new_address(item)).id)

    def change(self, store: OnOfficeStore, user: User, server_id: str, data: Element) -> None:
        address = _existing(self._address(store, user, server_id), server_id)
        item = _rejecting(lambda: contact_from_application_data(data))
        with store.db.transaction():
            changes = number_changes(address, item)  # against what the device was sent
            store.update_address(address_from_contact(item, address))
            for number_id in changes.unassign:
                store.assign_slot(number_id, None)  # B-CON-11, B-CON-12: kept, unassigned
            for number in changes.add:
                store.add_number(address.id, number)
            stored = store.address(address.id)
            if stored is not None and _differs(contact_from_address(stored), item):
                store.mark_resend("addresses", address.id)  # B-CON-13: the fallback goes back

    def delete(self, store: OnOfficeStore, user: User, server_id: str) -> None:
        address = _existing(self._address(store, user, server_id), server_id)
        store.set_address_sync(address.id, False)  # B-CON-14: not deleted, no longer synced


class AppointmentSource:
    """The user's calendar within the window and limits (B-LIM-*, B-APPT-*)."""

    def versions(self, store: OnOfficeStore, user: User, window: SyncWindow) -> dict[str, str]:
        span = appointment_window(window.filter_type, window.now, store.rules)

        def visible(a: Appointment) -> bool:
            return _shown(a) and in_window(a, span)

        shown = [a for a in store.appointments(user.id) if _safely(a, visible)]
        sent = limited(shown, window.now, store.rules)
        store.take_resends("appointments", (a.id for a in sent))
        return {str(a.id): str(a.version) for a in sent}

    def _appointment(self, store: OnOfficeStore, user: User, server_id: str) -> Appointment | None:
        record_id = _record_id(server_id)
        found = None if record_id is None else store.appointment(record_id)
        if found is None or found.customer_id != user.customer_id or not _shown(found):
            return None
        if user.id != found.user_id and user.id not in found.linked_users:
            return None
        return found

    def application_data(
        self,
        store: OnOfficeStore,
        user: User,
        server_id: str,
        *,
        truncation_size: int | None = None,
    ) -> Element | None:
        found = self._appointment(store, user, server_id)
        if found is None:
            return None
        organizer = store.user(found.user_id) or user

        def convert() -> Element:
            item = appointments.appointment_item(found, _links(store, found), organizer)
            return appointment_to_application_data(item, truncation_size)

        return _converted(found, convert)

    def add(self, store: OnOfficeStore, user: User, data: Element) -> str:
        item = _rejecting(lambda: appointment_from_application_data(data))
        start, end = _required_time(item.start_time), _required_time(item.end_time)
        blank = Appointment("", start, end, user.id)
        new = _rejecting(lambda: appointments.apply_item(blank, item, store.rules))
        stored = store.add_appointment(user.customer_id, new)
        _resend_if_normalised(store, stored, item)
        return str(stored.id)

    def change(self, store: OnOfficeStore, user: User, server_id: str, data: Element) -> None:
        found = _existing(self._appointment(store, user, server_id), server_id)
        item = _rejecting(lambda: appointment_from_application_data(data))
        changed = _rejecting(lambda: appointments.apply_item(found, item, store.rules))
        _resend_if_normalised(store, store.update_appointment(changed), item)

    def delete(self, store: OnOfficeStore, user: User, server_id: str) -> None:
        found = _existing(self._appointment(store, user, server_id), server_id)
        store.update_appointment(replace(found, deleted=True))  # B-APPT-7


class TaskSource:
    """B-TASK-1, B-TASK-6: the open tasks the user is responsible for; B-TASK-8..12 back."""

    def versions(self, store: OnOfficeStore, user: User, window: SyncWindow) -> dict[str, str]:
        mine = [t for t in store.tasks(user.id) if not t.deleted]
        # B-TASK-12: a task just completed on the device is in this read, not the next.
        again = store.take_resends("tasks", (t.id for t in mine))
        sent = [t for t in mine if tasks.is_sent(t, user.id) or t.id in again]
        return {str(t.id): str(t.version) for t in sent}

    def _task(self, store: OnOfficeStore, user: User, server_id: str) -> Task | None:
        record_id = _record_id(server_id)
        found = None if record_id is None else store.task(record_id)
        if found is None or found.customer_id != user.customer_id:
            return None
        completed = found.status is TaskStatus.COMPLETED and found.responsible_id == user.id
        return found if tasks.is_sent(found, user.id) or completed else None

    def application_data(
        self,
        store: OnOfficeStore,
        user: User,
        server_id: str,
        *,
        truncation_size: int | None = None,
    ) -> Element | None:
        found = self._task(store, user, server_id)
        if found is None:
            return None
        return _converted(
            found, lambda: task_to_application_data(tasks.task_item(found), truncation_size)
        )

    def add(self, store: OnOfficeStore, user: User, data: Element) -> str:
        item = _rejecting(lambda: task_from_application_data(data))
        now = store.clock.now()
        new = tasks.apply_item(tasks.new_task(user.id, now), item, store.rules, now)
        return str(store.add_task(user.customer_id, new).id)

    def change(self, store: OnOfficeStore, user: User, server_id: str, data: Element) -> None:
        found = _existing(self._task(store, user, server_id), server_id)
        item = _rejecting(lambda: task_from_application_data(data))
        changed = store.update_task(tasks.apply_item(found, item, store.rules, store.clock.now()))
        if changed.status is not found.status:
            store.mark_resend("tasks", changed.id)  # B-TASK-12: seen once more, then gone

    def delete(self, store: OnOfficeStore, user: User, server_id: str) -> None:
        found = _existing(self._task(store, user, server_id), server_id)
        store.update_task(replace(found, deleted=True))


def _differs(sent: ContactItem, item: ContactItem) -> bool:
    names = set(sent.fields) | set(item.fields)
    return any((sent.get(n) or "") != (item.get(n) or "") for n in names if n != "Birthday")


def _resend_if_normalised(store: OnOfficeStore, stored: Appointment, item: AppointmentItem) -> None:
    """B-APPT-9, B-APPT-10: a rounded reminder or a reduced series goes back to the device."""
    if stored.reminder_minutes != item.reminder or recurrence_of(stored) != item.recurrence:
        store.mark_resend("appointments", stored.id)


def _shown(appointment: Appointment) -> bool:
    """B-APPT-2, B-APPT-7: cancelled and deleted appointments are not in the folder."""
    return not appointment.deleted and appointment.status is not AppointmentStatus.CANCELLED


def _links(store: OnOfficeStore, appointment: Appointment) -> appointments.Links:
    """The appointment's links that exist and belong to its customer."""
    customer = appointment.customer_id
    contacts = [store.address(i) for i in appointment.linked_contacts]
    users = [store.user(i) for i in appointment.linked_users if i != appointment.user_id]
    resources = [store.resource(i) for i in appointment.linked_resources]
    estates = [store.property(i) for i in appointment.linked_properties]
    return appointments.Links(
        contacts=tuple(a for a in contacts if a is not None and a.customer_id == customer),
        users=tuple(u for u in users if u is not None and u.customer_id == customer),
        resources=tuple(r for r in resources if r is not None and r.customer_id == customer),
        properties=tuple(p for p in estates if p is not None and p.customer_id == customer),
    )


T = TypeVar("T")


def _rejecting(build: Callable[[], T]) -> T:
    """Read or apply the device's item; a ValueError (CommandError too) means Status 6."""
    try:
        return build()
    except ValueError as error:
        raise ItemRejected(str(error)) from error


def _existing(record: T | None, server_id: str) -> T:
    """The record the device names, or Status 8."""
    if record is None:
        raise ItemNotFound(server_id)
    return record


def _required_time(value: datetime | None) -> datetime:
    if value is None:
        raise ItemRejected("an appointment needs StartTime and EndTime")
    return value


SOURCES: Mapping[str, ItemSource] = MappingProxyType(
    {"Contacts": ContactSource(), "Calendar": AppointmentSource(), "Tasks": TaskSource()}
)
