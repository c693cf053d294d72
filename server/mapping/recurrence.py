"""Recurrence between onOffice's intervals and MS-ASCAL's patterns (B-APPT-1, B-APPT-10).

onOffice repeats every N days, weeks (on the start's weekday), months (on
the start's day) or years (on the start's date), until a date, a count or
forever. A device's pattern maps to one of these by the table below;
patterns onOffice cannot hold (several weekdays, "the 2nd Tuesday") are
reduced to the unit of the table, anchored at the start, and the device
then receives that reduced series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from eas.items.calendar import DayOfWeek, Recurrence, RecurrenceType
from server.mapping.common import aware
from server.model import Appointment, RepeatUnit

# B-APPT-10: device pattern -> onOffice unit. MONTHLY_NTH and YEARLY_NTH lose their
# "n-th weekday" and keep the start's day; WEEKLY keeps only the start's weekday.
UNIT_OF_TYPE: Mapping[RecurrenceType, RepeatUnit] = MappingProxyType(
    {
        RecurrenceType.DAILY: RepeatUnit.DAYS,
        RecurrenceType.WEEKLY: RepeatUnit.WEEKS,
        RecurrenceType.MONTHLY: RepeatUnit.MONTHS,
        RecurrenceType.MONTHLY_NTH: RepeatUnit.MONTHS,
        RecurrenceType.YEARLY: RepeatUnit.YEARS,
        RecurrenceType.YEARLY_NTH: RepeatUnit.YEARS,
    }
)
TYPE_OF_UNIT: Mapping[RepeatUnit, RecurrenceType] = MappingProxyType(
    {
        RepeatUnit.DAYS: RecurrenceType.DAILY,
        RepeatUnit.WEEKS: RecurrenceType.WEEKLY,
        RepeatUnit.MONTHS: RecurrenceType.MONTHLY,
        RepeatUnit.YEARS: RecurrenceType.YEARLY,
    }
)
# Python's weekday() (Monday 0) -> MS-ASCAL DayOfWeek bit.
WEEKDAY_BIT: tuple[DayOfWeek, ...] = (
    DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
    DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY,
)  # fmt: skip


@dataclass(frozen=True)
class Repeat:
    """onOffice's recurrence fields of an appointment."""

    unit: RepeatUnit | None = None
    every: int = 1
    until: date | None = None
    count: int | None = None


def recurrence_of(appointment: Appointment) -> Recurrence | None:
    """The series as the device gets it (MS-ASCAL 2.2.2.39)."""
    unit = appointment.repeat_unit
    if unit is None:
        return None
    start = aware(appointment.start)
    until = None
    if appointment.repeat_until is not None:
        until = datetime.combine(appointment.repeat_until, start.timetz())
    return Recurrence(
        type=TYPE_OF_UNIT[unit],
        interval=appointment.repeat_every,
        occurrences=appointment.repeat_count,
        until=until,
        day_of_week=WEEKDAY_BIT[start.weekday()] if unit is RepeatUnit.WEEKS else None,
        day_of_month=start.day if unit in (RepeatUnit.MONTHS, RepeatUnit.YEARS) else None,
        month_of_year=start.month if unit is RepeatUnit.YEARS else None,
    )


# MS-ASCAL: Interval and Occurrences are at most 999. A device
# sending more is clipped, so that no stored series ends past what a date can hold.
MAX_PATTERN = 999


def repeat_from(recurrence: Recurrence | None) -> Repeat:
    """B-APPT-10: the device's pattern in onOffice's intervals."""
    if recurrence is None:
        return Repeat()
    unit = UNIT_OF_TYPE[recurrence.type]
    # A daily pattern with weekdays ("every weekday") is every day; a yearly one every year.
    every = min(max(recurrence.interval, 1), MAX_PATTERN) if unit is not RepeatUnit.YEARS else 1
    if recurrence.type is RecurrenceType.DAILY and recurrence.day_of_week:
        every = 1
    until = None if recurrence.until is None else aware(recurrence.until).date()
    count = None if until is not None or recurrence.occurrences is None else recurrence.occurrences
    if count is not None:
        count = min(max(count, 1), MAX_PATTERN)
    return Repeat(unit, every, until, count)
