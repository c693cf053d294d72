"""The date-time formats of item fields (MS-ASDTYPE 2.3, 2.7).

Calendar items write ``20260302T090000Z`` (MS-ASCAL 2.2.2.x, compact);
tasks and contact birthdays write ``2026-03-02T09:00:00.000Z``. Readers
accept either form, as servers do. Values are timezone-aware UTC; naive
values are taken as UTC. No clock here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from eas.commands import CommandError

_COMPACT = "%Y%m%dT%H%M%SZ"
_EXTENDED = "%Y-%m-%dT%H:%M:%S.000Z"


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def compact(value: datetime) -> str:
    """MS-ASCAL form: ``20260302T090000Z``."""
    return _utc(value).strftime(_COMPACT)


def extended(value: datetime) -> str:
    """MS-ASTASK form: ``2026-03-02T09:00:00.000Z``."""
    return _utc(value).strftime(_EXTENDED)


def parse(text: str | None, what: str) -> datetime:
    """Either form (fraction and ``Z`` optional) as an aware UTC datetime, or CommandError."""
    if not text:
        raise CommandError(f"{what} must be a date-time, got {text!r}")
    raw = text.strip().removesuffix("Z")
    try:
        if "-" in raw:
            value = datetime.fromisoformat(raw)
        else:
            value = datetime.strptime(raw, "%Y%m%dT%H%M%S")
    except ValueError as error:
        raise CommandError(f"{what} must be a date-time, got {text!r}") from error
    return _utc(value)


def parse_optional(text: str | None, what: str) -> datetime | None:
    return None if text is None else parse(text, what)
