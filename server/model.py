"""The onOffice enterprise records the reference server holds, as frozen values.

Names follow the onOffice guide (``Slot.MOBILE`` is its "Mobile" sync
slot). Only what the guide's Z-Push chapters need; another issue deepens
the model. Values only: storing them is `server.store.onoffice`, turning
them into EAS items is `server.mapping`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
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
    zpush: bool = False  # B-SET-1
    contacts: bool = False  # B-SET-3
    tasks: bool = False  # B-SET-3

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
    grows with every change, so that a sync can tell what changed).
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
    id: int = 0
    customer_id: int = 0
    version: int = 0


@dataclass(frozen=True)
class Appointment:
    subject: str
    start: datetime
    end: datetime
    user_id: int = 0  # the user whose calendar holds it
    all_day: bool = False
    location: str = ""
    notes: str = ""
    status: str = "planned"  # "cancelled" ones are not sent (B-APPT-2)
    private: bool = False
    type: str = ""
    reminder_minutes: int | None = None
    id: int = 0
    customer_id: int = 0
    version: int = 0


@dataclass(frozen=True)
class Task:
    subject: str
    responsible_id: int = 0  # B-TASK-1: only the responsible user's tasks are sent
    agent_id: int | None = None
    description: str = ""
    priority: int = 3  # onOffice: 1 highest ... 5 lowest, 6 none (guide 12.1)
    status: str = "open"  # "completed" and "cancelled" are not sent (B-TASK-6)
    type: str = ""
    postponed: date | None = None
    deadline: date | None = None
    private: bool = False
    reminder: datetime | None = None
    id: int = 0
    customer_id: int = 0
    version: int = 0
