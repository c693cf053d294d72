"""The onOffice enterprise records the reference server holds, as frozen values.

Names follow the onOffice guide (``Slot.MOBILE`` is its "Mobile" sync
slot, ``Priority.NONE`` its sixth priority). Every field the guide lists
is here, the ones Z-Push does not synchronise too (travel time, agent,
P.O. box, ...), so that "not sent" and "not stored" can be checked.
Values only: storing them is `server.store`, turning them into EAS items
is `server.mapping`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum
from types import MappingProxyType


class NumberKind(StrEnum):
    """The type a number has in onOffice (independent of its sync slot, B-CON-16)."""

    PHONE = "phone"
    MOBILE = "mobile"
    FAX = "fax"
    EMAIL = "email"


class SlotGroup(StrEnum):
    PHONE = "phone"
    FAX = "fax"
    EMAIL = "email"


class Slot(StrEnum):
    """The sync slots of the guide (12.3; BEHAVIOURS.md "Contacts"), valued by its names."""

    PHONE_PRIVATE = "Phone (Private)"
    PHONE2_PRIVATE = "Phone 2 (Private)"
    PHONE_BUSINESS = "Phone (Business)"
    PHONE2_BUSINESS = "Phone 2 (Business)"
    MOBILE = "Mobile"
    CAR = "Car"
    RADIO = "Radio"
    PAGER = "Pager"
    ASSISTANT = "Assistant"
    COMPANY_MAIN = "Company main"
    FAX_PRIVATE = "Fax (Private)"
    FAX_BUSINESS = "Fax (Business)"
    EMAIL1 = "EMail1"
    EMAIL2 = "EMail2"
    EMAIL3 = "EMail3"


PhoneSlot = Slot  # the guide's "Edit phone numbers" pop-up calls them so

# B-CON-4: 10 phone, 2 fax and 3 e-mail slots.
SLOT_GROUP: Mapping[Slot, SlotGroup] = MappingProxyType(
    {slot: SlotGroup.PHONE for slot in list(Slot)[:10]}  # the ten phone slots come first
    | {slot: SlotGroup.FAX for slot in (Slot.FAX_PRIVATE, Slot.FAX_BUSINESS)}
    | {slot: SlotGroup.EMAIL for slot in (Slot.EMAIL1, Slot.EMAIL2, Slot.EMAIL3)}
)
# Phones and mobiles share the phone slots (B-CON-16: any phone may go to Mobile).
KIND_GROUP: Mapping[NumberKind, SlotGroup] = MappingProxyType(
    {
        NumberKind.PHONE: SlotGroup.PHONE,
        NumberKind.MOBILE: SlotGroup.PHONE,
        NumberKind.FAX: SlotGroup.FAX,
        NumberKind.EMAIL: SlotGroup.EMAIL,
    }
)


class CreationMode(StrEnum):
    """How an address came into onOffice; it decides the first slots (B-CON-7, B-CON-8)."""

    BY_HAND = "by hand"
    ASSIGN_CREATE = "assign / create"
    DEVICE = "device"  # created on a phone and synced (B-CON-10)


class Priority(IntEnum):
    """onOffice's six task priorities (guide 12.1)."""

    HIGHEST = 1
    HIGH = 2
    NORMAL = 3
    LOW = 4
    LOWEST = 5
    NONE = 6


class TaskStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    POSTPONED = "postponed"
    COMPLETED = "completed"  # B-TASK-6: not sent
    CANCELLED = "cancelled"  # B-TASK-6: not sent


class AppointmentStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"  # B-APPT-2: not sent


class RepeatUnit(StrEnum):
    """onOffice's recurrence intervals (B-APPT-10): every N of these, on the start's day."""

    DAYS = "days"
    WEEKS = "weeks"  # on the start's weekday
    MONTHS = "months"  # on the start's day of the month
    YEARS = "years"  # on the start's date


@dataclass(frozen=True)
class Customer:
    id: int
    name: str
    onoffice_sync: bool  # B-SET-2: Z-Push can be ticked only where this is active


@dataclass(frozen=True)
class User:
    id: int
    customer_id: int
    customer_name: str
    user_name: str
    password: str
    display_name: str = ""
    email: str = ""
    zpush: bool = False  # B-SET-1
    contacts: bool = False  # B-SET-3
    tasks: bool = False  # B-SET-3
    failed_logins: int = 0  # wrong passwords in a row over Z-Push (B-CRED-1)
    zpush_locked: bool = False  # B-CRED-1, B-CRED-3
    unlock_confirmation: bool = False  # B-CRED-3: shown once on the settings page
    onoffice_failed_logins: int = 0  # B-CRED-4: browser and Z-Push alike
    onoffice_locked: bool = False  # B-CRED-4: the onOffice account lock

    @property
    def login(self) -> str:
        """``UserName_CustomerName`` (B-MAN-1)."""
        return f"{self.user_name}_{self.customer_name}"


@dataclass(frozen=True)
class Number:
    """A phone, mobile, fax number or e-mail address of an address."""

    kind: NumberKind
    value: str
    is_default: bool = False
    slot: Slot | None = None
    id: int = 0


@dataclass(frozen=True)
class Address:
    """An onOffice address; ``onoffice_sync`` is its "onOffice Sync" tick (B-CON-1).

    ``id``, ``customer_id`` and ``version`` are given by the store (``version``
    grows with every change, so that a sync can tell what changed). The
    fields after ``numbers`` are never sent nor stored from a device
    (B-CON-5, B-CON-15).
    """

    first_name: str = ""
    last_name: str = ""
    salutation: str = ""  # sent as the contact's Title (guide 12.3, B-CON-2)
    company: str = ""
    street: str = ""
    zip: str = ""
    city: str = ""
    country: str = ""
    birthday: date | None = None
    homepage: str = ""
    onoffice_sync: bool = True
    numbers: tuple[Number, ...] = ()
    company_info: str = ""
    po_box: str = ""
    po_box_zip: str = ""
    fax2: str = ""  # the optional single field outside the fax pop-up
    letter_salutation: str = ""
    last_contact: date | None = None
    logo: str = ""
    preferred_contact_form: str = ""
    entry_date: date | None = None
    language: str = ""
    id: int = 0
    customer_id: int = 0
    version: int = 0

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.company


@dataclass(frozen=True)
class Resource:
    """A bookable resource (a room, a car) that an appointment links (B-APPT-3)."""

    name: str
    email: str = ""
    id: int = 0
    customer_id: int = 0


@dataclass(frozen=True)
class Property:
    """A real-estate object ("Immobilie") that an appointment links (B-APPT-4)."""

    object_number: str
    title: str = ""
    street: str = ""
    city: str = ""
    id: int = 0
    customer_id: int = 0

    @property
    def label(self) -> str:
        place = ", ".join(p for p in (self.street, self.city) if p)
        return " ".join(p for p in (self.object_number, self.title) if p) + (
            f" ({place})" if place else ""
        )


@dataclass(frozen=True)
class Appointment:
    subject: str
    start: datetime
    end: datetime
    user_id: int = 0  # the user whose calendar holds it
    all_day: bool = False
    location: str = ""
    notes: str = ""
    status: AppointmentStatus = AppointmentStatus.PLANNED
    private: bool = False
    type: str = ""
    reminder_minutes: int | None = None
    repeat_unit: RepeatUnit | None = None  # None: no recurrence
    repeat_every: int = 1
    repeat_until: date | None = None
    repeat_count: int | None = None
    deleted: bool = False  # B-APPT-7: what a deletion on the device does
    linked_contacts: tuple[int, ...] = ()  # address ids (B-APPT-3)
    linked_users: tuple[int, ...] = ()  # user ids (B-APPT-3)
    linked_resources: tuple[int, ...] = ()  # resource ids (B-APPT-3)
    linked_properties: tuple[int, ...] = ()  # property ids (B-APPT-4)
    travel_time_minutes: int = 0  # B-APPT-5: not sent
    linked_projects: tuple[str, ...] = ()  # B-APPT-5: not sent
    follow_up_id: int | None = None  # B-APPT-5: not sent
    files: tuple[str, ...] = ()  # B-APPT-5: not sent
    id: int = 0
    customer_id: int = 0
    version: int = 0


@dataclass(frozen=True)
class Task:
    subject: str
    responsible_id: int = 0  # B-TASK-1: only the responsible user's tasks are sent
    agent_id: int | None = None  # B-TASK-7: not sent
    description: str = ""
    priority: Priority = Priority.NORMAL
    status: TaskStatus = TaskStatus.OPEN
    type: str = ""
    postponed: datetime | None = None  # B-TASK-4: StartDate
    deadline: datetime | None = None  # B-TASK-4: DueDate
    private: bool = False
    reminder: datetime | None = None
    progress: int = 0  # percent; B-TASK-12 sets 100
    completed_on: datetime | None = None  # B-TASK-12
    deleted: bool = False
    connected_to: str = ""  # B-TASK-7: none of these below is sent
    entry_date: datetime | None = None
    created_by: int | None = None
    time_required_minutes: int = 0
    additional_time_minutes: int = 0
    favourite: bool = False
    comments: str = ""
    linked_contacts: tuple[int, ...] = ()
    linked_files: tuple[str, ...] = ()
    linked_projects: tuple[str, ...] = ()
    id: int = 0
    customer_id: int = 0
    version: int = 0
