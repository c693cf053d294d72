"""Converting the frozen model values to SQLite rows and back, by their type hints.

A column has the name of the dataclass field it stores; bools are 0/1,
dates and datetimes ISO 8601 text, enums their value. Shared by the
stores so that none of them spells a conversion out per column.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from functools import cache
from types import NoneType
from typing import Any, TypeVar, cast, get_args, get_type_hints

T = TypeVar("T")

# The real classes, held in a tuple: freezegun swaps module attributes that
# are `date`/`datetime` for its fakes (subclasses) while a scenario pins the
# clock, and a hint resolved then names a fake; subclass checks against the
# real classes hold either way.
_REAL_DATE_TYPES = (datetime, date)


def to_db(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):  # datetime included
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def columns(cls: type, skip: tuple[str, ...] = ("id",)) -> tuple[str, ...]:
    """The stored fields of a model dataclass (tuple-valued children are stored apart)."""
    hints = _hints(cls)
    return tuple(
        f.name
        for f in fields(cls)
        if f.name not in skip and not str(hints[f.name]).startswith("tuple")
    )


def values(obj: object, names: tuple[str, ...]) -> list[object]:
    return [to_db(getattr(obj, name)) for name in names]


@cache
def _converters(cls: type) -> dict[str, Callable[[object], object]]:
    """Per field, the value's conversion with its hint bound: resolving hints per row per read
    was most of a Sync's time (issue 12's load runs)."""
    hints = _hints(cls)

    def bind(hint: Any) -> Callable[[object], object]:
        kind = next((a for a in get_args(hint) if a is not NoneType), hint)
        if kind is bool:
            return lambda value: None if value is None else bool(value)
        real_datetime, real_date = _REAL_DATE_TYPES
        if isinstance(kind, type) and issubclass(kind, real_datetime):
            return lambda value: None if value is None else real_datetime.fromisoformat(str(value))
        if isinstance(kind, type) and issubclass(kind, real_date):
            return lambda value: None if value is None else real_date.fromisoformat(str(value))
        if isinstance(kind, type) and issubclass(kind, Enum):
            return lambda value: None if value is None else kind(value)
        return _same  # text and numbers are stored as they are

    return {f.name: bind(hints[f.name]) for f in fields(cls)}


def _same(value: object) -> object:
    return value


def from_row(cls: type[T], row: sqlite3.Row, **extra: object) -> T:
    convert = _converters(cast(type, cls))
    data = {k: convert[k](row[k]) for k in row.keys() if k in convert}  # noqa: SIM118
    return cls(**data, **extra)


def insert(conn: sqlite3.Connection, table: str, names: tuple[str, ...], row: list[object]) -> int:
    marks = ", ".join("?" for _ in names)
    quoted = ", ".join(f'"{name}"' for name in names)  # "end" is an SQL keyword
    cursor = conn.execute(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", row)
    assert cursor.lastrowid is not None
    return cursor.lastrowid
