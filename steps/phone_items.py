"""The item values that the simulator's apps take and give, in one place.

The apps (`simulator.apps`) speak in `eas.items` values: a task's
``Importance``, an event's decoded item, a repetition. Steps name them only through this
module, so that no other step module imports the protocol core, and the day
the apps offer these in the user's terms this module shrinks away.
"""

from __future__ import annotations

import re
from datetime import datetime

from eas.items.calendar import AppointmentItem as AppointmentItem
from eas.items.calendar import (
    DayOfWeek,
    Recurrence,
    RecurrenceType,
    appointment_from_application_data,
)
from eas.items.calendar import Sensitivity as Sensitivity
from eas.items.tasks import Importance as Importance
from eas.tree import Element
from simulator.apps.calendar import Event
from simulator.device import Device

# MS-ASCAL 2.2.2.29: 5 = "the meeting is cancelled" (the user's own appointment).
CANCELLED_MEETING = 5


def opened_event(event: Event) -> AppointmentItem:
    """Everything an Exchange event carries, as the calendar app opens it."""
    if event.stored is None:
        raise LookupError(f"{event.title!r} is not an Exchange event")
    return appointment_from_application_data(event.stored.data)


_WEEKDAYS = {d.name.capitalize(): d for d in DayOfWeek}
_ORDINALS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": 5}


def repetition(pattern: str, start: datetime) -> Recurrence:
    """A repetition as the user picks it in the calendar app, e.g. "every 2 weeks",
    "every week on Monday and Wednesday", "monthly on the 2nd Tuesday"."""
    start_day = _WEEKDAYS[start.strftime("%A")]
    if match := re.fullmatch(r"every (\d+) (day|week|month|year)s?", pattern):
        every, unit = int(match[1]), match[2]
        kind = {"day": RecurrenceType.DAILY, "week": RecurrenceType.WEEKLY,
                "month": RecurrenceType.MONTHLY, "year": RecurrenceType.YEARLY}[unit]  # fmt: skip
        return Recurrence(
            kind, every,
            day_of_week=start_day if kind is RecurrenceType.WEEKLY else None,
            day_of_month=start.day if kind is RecurrenceType.MONTHLY else None,
        )  # fmt: skip
    if match := re.fullmatch(r"every week on (\w+(?:(?:, | and )\w+)*)", pattern):
        days = re.split(r", | and ", match[1])
        mask = sum(_WEEKDAYS[d] for d in days)
        return Recurrence(RecurrenceType.WEEKLY, 1, day_of_week=mask)
    if match := re.fullmatch(r"monthly on the (\w+) (\w+)", pattern):
        return Recurrence(
            RecurrenceType.MONTHLY_NTH, 1,
            day_of_week=_WEEKDAYS[match[2]], week_of_month=_ORDINALS[match[1]],
        )  # fmt: skip
    raise ValueError(f"the calendar app offers no repetition {pattern!r}")


def weekdays_of(recurrence: Recurrence) -> list[str]:
    """The weekdays a weekly repetition names ([] when it names none)."""
    mask = recurrence.day_of_week or 0
    return [day.name.capitalize() for day in DayOfWeek if mask & day]


def every_text(data: Element) -> list[str]:
    """Every value of an item as the phone stored it from the wire, opaque data decoded.

    The phone's copy of an item is its ApplicationData element, with every element the
    server sent, also those the item types have no field for; "does not mention" checks
    read this, not the parsed item, so that a field sent under any name is caught.
    """
    return [e.text for e in data.iter() if e.text and e.text.strip()]


def stored_copy(phone: Device, item_id: str) -> Element:
    """The ApplicationData the phone keeps for the item with that id, in any account."""
    for account in phone.accounts:
        for folder in phone.store.account(account.email).folders.values():
            for shown_id, data in folder.shown():
                if shown_id == item_id:
                    return data
    raise LookupError(f"the phone keeps no item {item_id!r}")


def mentions(data: Element, text: str) -> list[str]:
    """The values of the stored item that contain the text."""
    return [t for t in every_text(data) if text in t]
