"""Calendar items (MS-ASCAL): ApplicationData <-> `AppointmentItem`.

An appointment is a frozen value with the spec's fields in snake_case
(``start_time`` is ``Calendar:StartTime``), its attendees, recurrence and
exceptions. Enumerations keep the spec's numbers (MS-ASCAL 2.2.2.x). No
onOffice rules here (reminder steps, reduced recurrences): that is the
server's mapping. Reading ignores fields this module does not model.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Final, TypeVar

from eas.commands import CommandError, optional_int, parse_int
from eas.items.body import body_from_tree, body_to_tree
from eas.items.dates import compact, parse, parse_optional
from eas.tree import E, Element


class Sensitivity(IntEnum):
    """MS-ASCAL 2.2.2.40 (the same values in MS-ASTASK 2.2.2.23)."""

    NORMAL = 0
    PERSONAL = 1
    PRIVATE = 2
    CONFIDENTIAL = 3


class BusyStatus(IntEnum):
    """MS-ASCAL 2.2.2.9."""

    FREE = 0
    TENTATIVE = 1
    BUSY = 2
    OUT_OF_OFFICE = 3
    WORKING_ELSEWHERE = 4


class AttendeeType(IntEnum):
    """MS-ASCAL 2.2.2.4."""

    REQUIRED = 1
    OPTIONAL = 2
    RESOURCE = 3


class RecurrenceType(IntEnum):
    """MS-ASCAL 2.2.2.39.5 (4 is not used)."""

    DAILY = 0
    WEEKLY = 1
    MONTHLY = 2
    MONTHLY_NTH = 3
    YEARLY = 5
    YEARLY_NTH = 6


class DayOfWeek(IntEnum):
    """MS-ASCAL 2.2.2.16: a bit mask; 127 with WeekOfMonth 5 is the month's last day."""

    SUNDAY = 1
    MONDAY = 2
    TUESDAY = 4
    WEDNESDAY = 8
    THURSDAY = 16
    FRIDAY = 32
    SATURDAY = 64


# MS-ASCAL 2.2.2.29: MeetingStatus values whose meeting is cancelled.
CANCELLED_MEETING_STATUSES: Final = frozenset({5, 7, 13, 15})
# MS-ASCAL 2.2.2.42: a TIME_ZONE_INFORMATION of all zeros is UTC with no daylight saving.
UTC_TIMEZONE: Final = base64.b64encode(bytes(172)).decode("ascii")

_Enum = TypeVar("_Enum", bound=IntEnum)


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""
    attendee_type: AttendeeType = AttendeeType.REQUIRED
    attendee_status: int | None = None


@dataclass(frozen=True)
class Recurrence:
    """MS-ASCAL 2.2.2.39: at most one of ``until`` and ``occurrences``; neither = forever."""

    type: RecurrenceType
    interval: int = 1
    occurrences: int | None = None
    until: datetime | None = None
    day_of_week: int | None = None  # DayOfWeek bits
    day_of_month: int | None = None
    week_of_month: int | None = None
    month_of_year: int | None = None


@dataclass(frozen=True)
class AppointmentException:
    """One changed or deleted occurrence (MS-ASCAL 2.2.2.21), by its original start."""

    exception_start_time: datetime
    deleted: bool = False
    subject: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    location: str | None = None


@dataclass(frozen=True)
class AppointmentItem:
    subject: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    all_day: bool = False
    location: str | None = None
    body: str | None = None
    reminder: int | None = None  # minutes before the start
    sensitivity: Sensitivity | None = None
    busy_status: BusyStatus | None = None
    categories: tuple[str, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    recurrence: Recurrence | None = None
    exceptions: tuple[AppointmentException, ...] = ()
    timezone: str | None = None  # base64 TIME_ZONE_INFORMATION, passed through
    dtstamp: datetime | None = None
    uid: str | None = None
    organizer_name: str | None = None
    organizer_email: str | None = None
    meeting_status: int | None = None

    @property
    def cancelled(self) -> bool:
        return self.meeting_status in CANCELLED_MEETING_STATUSES


def _text(parent: Element, tag: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        parent.append(E(tag, "1" if value else "0"))
    elif isinstance(value, datetime):
        parent.append(E(tag, compact(value)))
    else:
        parent.append(E(tag, str(int(value) if isinstance(value, IntEnum) else value)))


def _write(parent: Element, fields: tuple[tuple[str, object], ...]) -> None:
    """Write the fields that have a value, in the order given, on the Calendar page."""
    for name, value in fields:
        _text(parent, f"Calendar:{name}", value)


def recurrence_to_tree(recurrence: Recurrence) -> Element:
    node = E("Calendar:Recurrence")
    # MS-ASCAL 2.2.2.39: the schema's order.
    _write(
        node,
        (
            ("Type", recurrence.type),
            ("Occurrences", recurrence.occurrences),
            ("Interval", recurrence.interval),
            ("WeekOfMonth", recurrence.week_of_month),
            ("DayOfWeek", recurrence.day_of_week),
            ("MonthOfYear", recurrence.month_of_year),
            ("Until", recurrence.until),
            ("DayOfMonth", recurrence.day_of_month),
        ),
    )
    return node


def appointment_to_application_data(
    item: AppointmentItem, truncation_size: int | None = None
) -> Element:
    data = E("AirSync:ApplicationData")
    _write(
        data,
        (
            ("Timezone", item.timezone),
            ("DtStamp", item.dtstamp),
            ("StartTime", item.start_time),
            ("Subject", item.subject),
            ("UID", item.uid),
            ("OrganizerName", item.organizer_name),
            ("OrganizerEmail", item.organizer_email),
            ("Location", item.location),
            ("EndTime", item.end_time),
        ),
    )
    if item.recurrence is not None:
        data.append(recurrence_to_tree(item.recurrence))
    _write(
        data,
        (
            ("Sensitivity", item.sensitivity),
            ("BusyStatus", item.busy_status),
            ("AllDayEvent", item.all_day),
            ("Reminder", item.reminder),
            ("MeetingStatus", item.meeting_status),
        ),
    )
    if item.exceptions:
        data.append(E("Calendar:Exceptions", *(_exception_to_tree(x) for x in item.exceptions)))
    if item.attendees:
        data.append(E("Calendar:Attendees", *(_attendee_to_tree(a) for a in item.attendees)))
    if item.categories:
        data.append(E("Calendar:Categories", *(E("Category", c) for c in item.categories)))
    if item.body is not None:
        data.append(body_to_tree(item.body, truncation_size))
    return data


def _attendee_to_tree(attendee: Attendee) -> Element:
    node = E("Calendar:Attendee", E("Email", attendee.email), E("Name", attendee.name))
    _text(node, "Calendar:AttendeeStatus", attendee.attendee_status)
    _text(node, "Calendar:AttendeeType", attendee.attendee_type)
    return node


def _exception_to_tree(exception: AppointmentException) -> Element:
    node = E("Calendar:Exception")
    if exception.deleted:
        node.add("Deleted", "1")
    _write(
        node,
        (
            ("ExceptionStartTime", exception.exception_start_time),
            ("Subject", exception.subject),
            ("StartTime", exception.start_time),
            ("EndTime", exception.end_time),
            ("Location", exception.location),
        ),
    )
    return node


# -- reading ---------------------------------------------------------------


def _enum(kind: type[_Enum], node: Element, what: str) -> _Enum:
    number = parse_int(node.text, what)
    try:
        return kind(number)
    except ValueError as error:
        raise CommandError(f"{what}: {number} is not a {kind.__name__}") from error


def recurrence_from_tree(node: Element) -> Recurrence:
    type_node = node.find("Type")
    if type_node is None:
        raise CommandError("Recurrence without Type")
    return Recurrence(
        type=_enum(RecurrenceType, type_node, "Recurrence/Type"),
        interval=optional_int(node.findtext("Interval"), "Interval") or 1,
        occurrences=optional_int(node.findtext("Occurrences"), "Occurrences"),
        until=parse_optional(node.findtext("Until"), "Until"),
        day_of_week=optional_int(node.findtext("DayOfWeek"), "DayOfWeek"),
        day_of_month=optional_int(node.findtext("DayOfMonth"), "DayOfMonth"),
        week_of_month=optional_int(node.findtext("WeekOfMonth"), "WeekOfMonth"),
        month_of_year=optional_int(node.findtext("MonthOfYear"), "MonthOfYear"),
    )


def _attendee_from_tree(node: Element) -> Attendee:
    type_node = node.find("AttendeeType")
    return Attendee(
        email=node.findtext("Email", "") or "",
        name=node.findtext("Name", "") or "",
        attendee_type=(
            AttendeeType.REQUIRED
            if type_node is None
            else _enum(AttendeeType, type_node, "AttendeeType")
        ),
        attendee_status=optional_int(node.findtext("AttendeeStatus"), "AttendeeStatus"),
    )


def _exception_from_tree(node: Element) -> AppointmentException:
    return AppointmentException(
        exception_start_time=parse(node.findtext("ExceptionStartTime"), "ExceptionStartTime"),
        deleted=node.findtext("Deleted") == "1",
        subject=node.findtext("Subject"),
        start_time=parse_optional(node.findtext("StartTime"), "StartTime"),
        end_time=parse_optional(node.findtext("EndTime"), "EndTime"),
        location=node.findtext("Location"),
    )


def appointment_from_application_data(data: Element) -> AppointmentItem:
    """Read an appointment; elements of other pages are ignored."""
    sensitivity = data.find("Calendar:Sensitivity")
    busy = data.find("Calendar:BusyStatus")
    recurrence = data.find("Calendar:Recurrence")
    return AppointmentItem(
        subject=data.findtext("Calendar:Subject"),
        start_time=parse_optional(data.findtext("Calendar:StartTime"), "StartTime"),
        end_time=parse_optional(data.findtext("Calendar:EndTime"), "EndTime"),
        all_day=data.findtext("Calendar:AllDayEvent") == "1",
        location=data.findtext("Calendar:Location"),
        body=body_from_tree(data),
        reminder=optional_int(data.findtext("Calendar:Reminder"), "Reminder"),
        sensitivity=None if sensitivity is None else _enum(Sensitivity, sensitivity, "Sensitivity"),
        busy_status=None if busy is None else _enum(BusyStatus, busy, "BusyStatus"),
        categories=tuple(c.text or "" for c in data.findall("Calendar:Categories/Category")),
        attendees=tuple(
            _attendee_from_tree(a) for a in data.findall("Calendar:Attendees/Attendee")
        ),
        recurrence=None if recurrence is None else recurrence_from_tree(recurrence),
        exceptions=tuple(
            _exception_from_tree(x) for x in data.findall("Calendar:Exceptions/Exception")
        ),
        timezone=data.findtext("Calendar:Timezone"),
        dtstamp=parse_optional(data.findtext("Calendar:DtStamp"), "DtStamp"),
        uid=data.findtext("Calendar:UID"),
        organizer_name=data.findtext("Calendar:OrganizerName"),
        organizer_email=data.findtext("Calendar:OrganizerEmail"),
        meeting_status=optional_int(data.findtext("Calendar:MeetingStatus"), "MeetingStatus"),
    )
