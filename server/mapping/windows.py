"""Which appointments a device gets: the filter window and the limits (guide 2.3; B-LIM-1..3).

Data first: the FilterType table (MS-ASCMD 2.2.3.68.1); then the window
(from the device's filter back, or one month back without a filter; never
more than six months ahead) and the limit (the 500 whose start is nearest
to now). The numbers are `OnOfficeRules` settings.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from server.mapping.common import aware
from server.model import Appointment, RepeatUnit
from server.rules import OnOfficeRules

# MS-ASCMD 2.2.3.68.1 FilterType -> how far back: (days, months). 0 is "no filter".
FILTER_BACK: Mapping[int, tuple[int, int]] = MappingProxyType(
    {1: (1, 0), 2: (3, 0), 3: (7, 0), 4: (14, 0), 5: (0, 1), 6: (0, 3), 7: (0, 6)}
)


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar months later (earlier if negative), the day clipped to the month's end."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime


def appointment_window(filter_type: int | None, now: datetime, rules: OnOfficeRules) -> Window:
    back = FILTER_BACK.get(filter_type or 0)
    if back is None:  # B-LIM-2: no filter (absent or 0): from one month back
        start = add_months(now, -rules.default_months_back)
    else:
        days, months = back
        start = add_months(now - timedelta(days=days), -months)
    return Window(start, add_months(now, rules.max_months_ahead))  # B-LIM-3


def series_end(appointment: Appointment) -> datetime | None:
    """When the last occurrence ends; None for a series without end."""
    end = aware(appointment.end)
    unit = appointment.repeat_unit
    if unit is None:
        return end
    if appointment.repeat_until is not None:
        until = appointment.repeat_until
        return datetime.combine(until, end.timetz()) + (end - aware(appointment.start))
    if appointment.repeat_count is None:
        return None
    steps = (appointment.repeat_count - 1) * appointment.repeat_every
    try:
        if unit in (RepeatUnit.DAYS, RepeatUnit.WEEKS):
            return end + timedelta(days=steps * (7 if unit is RepeatUnit.WEEKS else 1))
        return add_months(end, steps * (12 if unit is RepeatUnit.YEARS else 1))
    except (OverflowError, ValueError):
        return None  # ends past what a date can hold: as good as no end (issue 13)


def in_window(appointment: Appointment, window: Window) -> bool:
    last = series_end(appointment)
    return aware(appointment.start) <= window.end and (last is None or last >= window.start)


def limited(
    appointments: Iterable[Appointment], now: datetime, rules: OnOfficeRules
) -> list[Appointment]:
    """B-LIM-1: at most ``max_appointments``, those whose start is nearest to now."""
    nearest = sorted(appointments, key=lambda a: (abs(aware(a.start) - now), a.id))
    return nearest[: rules.max_appointments]
