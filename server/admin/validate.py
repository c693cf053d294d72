"""What the admin API accepts: every field of every record checked before it is stored.

A record that reaches the store must be one that every later sync can send:
issue 13 stored an appointment with a naive datetime and a yearly series in
9999, after which every calendar Sync of that user failed. So:

- integers within their field's range (ids positive and below 10^12, as
  `server.admin.scope` reads them from paths; SQLite holds 64 bits, Python
  any size, so 10^30 used to escape as an OverflowError);
- datetimes with a time zone, and every date between `EARLIEST` and `LATEST`
  (EAS dates are four-digit years; a series must end before `LATEST`);
- text without NUL (WBXML inline strings cannot carry it) or lone surrogates
  (not UTF-8), and not longer than `MAX_TEXT`;
- an appointment ends after it starts; a user name is unique per customer
  and fits a login (no ``@``).

`FieldError` names the field; `server.admin.api` answers it 400 with
``{"error": ..., "field": ...}``. Must not: store anything.
"""

from __future__ import annotations

import dataclasses
import types
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from server.model import Appointment
from server.store.onoffice import OnOfficeStore

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
MAX_TEXT = 64 * 1024
MAX_ID = 10**12
MAX_NAME = 200
# Ranges of the plain integer fields (inclusive); others: 0 .. 2^31-1.
RANGES: dict[str, tuple[int, int]] = {
    "reminder_minutes": (0, 4 * 7 * 24 * 60),  # EAS Reminder: minutes, four weeks at most
    "repeat_every": (1, 999),
    "repeat_count": (1, 999),
    "progress": (0, 100),
    "travel_time_minutes": (0, 24 * 60),
    "reminder_steps": (0, 4 * 7 * 24 * 60),
    "max_appointments": (0, 100_000),
    "default_months_back": (0, 1200),
    "max_months_ahead": (0, 1200),
    "lockout_after_failures": (1, 1000),
    "onoffice_lock_after_failures": (1, 1000),
}
_INT_DEFAULT = (0, 2**31 - 1)


class FieldError(ValueError):
    """A field the admin API refuses (400 naming it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id") or name.startswith("linked_")


def check_int(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise FieldError(name, f"{value!r} is not an integer")
    low, high = (1, MAX_ID) if _is_id(name) else RANGES.get(name, _INT_DEFAULT)
    if not low <= value <= high:
        raise FieldError(name, f"{value} is outside {low}..{high}")
    return value


def check_text(name: str, value: object, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str):
        raise FieldError(name, f"{value!r} is not text")
    if "\x00" in value:
        raise FieldError(name, "holds NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(name, "is not valid Unicode (a lone surrogate)") from None
    if len(value) > limit:
        raise FieldError(name, f"longer than {limit} characters")
    return value


def check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise FieldError(name, f"{value!r} is not true or false")
    return value


def check_date(name: str, value: date) -> None:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise FieldError(name, "a date and time needs a time zone (e.g. +01:00 or Z)")
        day = value.date()
    else:
        day = value
    if not EARLIEST <= day <= LATEST:
        raise FieldError(name, f"{day} is outside {EARLIEST}..{LATEST}")


def _check_value(name: str, hint: Any, value: object) -> None:
    if value is None:
        return
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        _check_value(name, options[0], value)
    elif origin is tuple:
        for item in value if isinstance(value, tuple) else ():
            _check_value(name, get_args(hint)[0], item)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        check_int(name, value)
    elif isinstance(value, str):
        check_text(name, value)
    elif isinstance(value, date):
        check_date(name, value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        record(value)


def record(value: object, *, skip: frozenset[str] = frozenset({"id", "customer_id"})) -> None:
    """Every field of a model record (and of records it holds) is one a sync can send."""
    hints = get_type_hints(type(value))
    for f in dataclasses.fields(value):  # type: ignore[arg-type]
        if f.name in skip or f.name == "version":
            continue
        _check_value(f.name, hints[f.name], getattr(value, f.name))
    if isinstance(value, Appointment):
        _appointment(value)


def _appointment(value: Appointment) -> None:
    if value.end < value.start:
        raise FieldError("end", "before the start")
    if value.repeat_until is not None and value.repeat_until < value.start.date():
        raise FieldError("repeat_until", "before the start")


def new_user(store: OnOfficeStore, customer_id: int, customer: str, data: dict[str, Any]) -> None:
    """The fields of a new user: a unique login name, a password, texts and ticks."""
    known = {"user_name", "password", "display_name", "email", "zpush", "contacts", "tasks"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise FieldError(unknown[0], "cannot be set")
    for required in ("user_name", "password"):
        if required not in data:
            raise FieldError(required, "is required")
    name = check_text("user_name", data["user_name"], MAX_NAME)
    if not name.strip() or "@" in name or any(c < " " for c in name):
        raise FieldError("user_name", "must be a login name (no @, no control characters)")
    if store.find_user(name, customer) is not None:
        raise FieldError("user_name", f"{name} exists at {customer}")
    user_fields(data)


def user_fields(data: dict[str, Any]) -> None:
    """Password, texts and ticks of a user, where given."""
    if "password" in data:
        password = check_text("password", data["password"], 1024)
        if not password:
            raise FieldError("password", "must not be empty")
    for name in ("display_name", "email"):
        if name in data:
            check_text(name, data[name], MAX_NAME)
    for name in ("zpush", "contacts", "tasks", "onoffice_sync"):
        if name in data:
            check_bool(name, data[name])


def path_id(name: str, text: str) -> int:
    """An id from a path segment (only ASCII digits reach here, but any number of them)."""
    if len(text) > 12:
        raise FieldError(name, "no such id")
    return check_int(name, int(text))
