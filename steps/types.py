"""Typed fields of the step patterns: dates, times, durations, slots (STYLE 14).

`step_parser` is `parsers.parse` with these types, so a pattern says
``{day:Date}`` and the step function gets a `date`; a value that is not a
date does not match at all, instead of matching and failing inside the step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from parse import with_pattern as _with_pattern  # type: ignore[import-untyped]
from pytest_bdd import parsers

from server.model import Slot

T = TypeVar("T")


def with_pattern(pattern: str) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """`parse.with_pattern`, typed."""
    decorate: Callable[[Callable[[str], T]], Callable[[str], T]] = _with_pattern(pattern)
    return decorate


_UNITS = {"minute": 1, "hour": 60, "day": 24 * 60, "week": 7 * 24 * 60}


# Whole days that every date of the running scenario moves by: 0 on the embedded
# target; on a live one, from the scenario's "today" to the target's (steps.time).
# Module state on purpose: the Date fields below are parsed by pytest-bdd, which
# hands converters no fixture; steps.time sets it and resets it when the scenario ends.
_shift = [timedelta(0)]


def shift_dates(by: timedelta) -> None:
    """Every ``{day:Date}`` parsed from now on moves ``by`` (whole days)."""
    _shift[0] = by


@with_pattern(r"\d{4}-\d{2}-\d{2}")
def _date(text: str) -> date:
    """A scenario's date, moved to the target's time (`shift_dates`)."""
    return date.fromisoformat(text) + _shift[0]


@with_pattern(r"\d{2}:\d{2}")
def _time(text: str) -> time:
    return time.fromisoformat(text)


@with_pattern(r"\d+ (?:minute|hour|day|week)s?")
def _minutes(text: str) -> int:
    """``53 minutes``, ``1 hour``, ``2 weeks`` -> minutes."""
    count, unit = text.split()
    return int(count) * _UNITS[unit.rstrip("s")]


@with_pattern(r'"[^"]+"')
def _slot(text: str) -> Slot:
    """A sync slot by the guide's name, quoted: ``"Mobile"``, ``"Phone 2 (Private)"``."""
    return Slot(text.strip('"'))


TYPES = {"Date": _date, "Time": _time, "Minutes": _minutes, "Slot": _slot}


def step_parser(pattern: str) -> parsers.parse:
    return parsers.parse(pattern, extra_types=TYPES)


def at(day: date, clock_time: time) -> datetime:
    """A scenario's date and time, as the UTC moment the one clock uses."""
    return datetime.combine(day, clock_time, tzinfo=UTC)


def in_words(minutes: int | None) -> str:
    """``10080`` -> ``1 week``, as the steps' durations are written."""
    if minutes is None:
        return "none"
    for unit in ("week", "day", "hour"):
        size = _UNITS[unit]
        if minutes and minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
