"""Mapping rules appointments and tasks share: type <-> category, private <-> sensitivity.

Tables and one-line functions only (B-APPT-1, B-APPT-6, B-TASK-2, B-TASK-5,
B-TASK-9, B-TASK-11), plus the reminder steps' rounding (B-APPT-9).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType

from eas.items.calendar import Sensitivity

# B-TASK-5: a private task is Private, any other Personal.
TASK_SENSITIVITY: Mapping[bool, Sensitivity] = MappingProxyType(
    {True: Sensitivity.PRIVATE, False: Sensitivity.PERSONAL}
)
# B-APPT-1: a private appointment is Private, any other Normal.
APPOINTMENT_SENSITIVITY: Mapping[bool, Sensitivity] = MappingProxyType(
    {True: Sensitivity.PRIVATE, False: Sensitivity.NORMAL}
)
# B-APPT-6, B-TASK-11: what a device's sensitivity means for onOffice's "private" tick.
PRIVATE_OF_SENSITIVITY: Mapping[Sensitivity, bool] = MappingProxyType(
    {
        Sensitivity.NORMAL: False,
        Sensitivity.PERSONAL: False,
        Sensitivity.PRIVATE: True,
        Sensitivity.CONFIDENTIAL: True,
    }
)


def categories_of_type(type_text: str) -> tuple[str, ...]:
    """B-APPT-1, B-TASK-2: the type goes as one category with its text."""
    return (type_text,) if type_text else ()


def type_from_categories(categories: Iterable[str], known: Iterable[str], current: str) -> str:
    """B-APPT-6, B-TASK-9: the first category whose text is an onOffice type; else unchanged."""
    by_text = {t.casefold(): t for t in known}
    return next((by_text[c.casefold()] for c in categories if c.casefold() in by_text), current)


def private_from_sensitivity(sensitivity: Sensitivity | None, current: bool) -> bool:
    return current if sensitivity is None else PRIVATE_OF_SENSITIVITY[sensitivity]


def round_up_reminder(minutes: int | None, steps: tuple[int, ...]) -> int | None:
    """B-APPT-9: the next onOffice reminder step at or above ``minutes``; beyond the last, it."""
    if minutes is None:
        return None
    return next((step for step in sorted(steps) if step >= minutes), max(steps))


def aware(value: datetime) -> datetime:
    """Times are UTC; a naive one (from an older record) is taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
