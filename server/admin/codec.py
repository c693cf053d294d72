"""The model's frozen values as JSON and back, by their type hints (for the admin API).

`to_json` writes every field (enums by value, dates ISO 8601, tuples as
lists; a user's password never). `from_json` builds or updates a record
from a JSON object and refuses what the record has not or cannot hold:
unknown fields, the store's own fields (``id``, ``customer_id``,
``version``) and values of the wrong type raise `ValueError`.
"""

from __future__ import annotations

import dataclasses
import types
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")
STORE_FIELDS = frozenset({"id", "customer_id", "version", "customer_name"})
SECRET_FIELDS = frozenset({"password"})


def to_json(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in SECRET_FIELDS
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetime included
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    return value


def from_json(cls: type[T], data: object, base: T | None = None) -> T:
    """A new ``cls`` from ``data`` (or ``base`` with ``data``'s fields replaced)."""
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: expected a JSON object")
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names | (set(data) & STORE_FIELDS)
    if unknown:
        raise ValueError(f"{cls.__name__}: cannot set {sorted(unknown)}")
    values = {name: _value(hints[name], raw, name) for name, raw in data.items()}
    if base is not None:
        return dataclasses.replace(base, **values)  # type: ignore[type-var]
    try:
        return cls(**values)
    except TypeError as error:
        raise ValueError(f"{cls.__name__}: {error}") from error


def _value(hint: Any, raw: object, name: str) -> object:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return None if raw is None else _value(options[0], raw, name)
    if origin is tuple:
        if not isinstance(raw, list):
            raise ValueError(f"{name}: expected a list")
        return tuple(_value(get_args(hint)[0], item, name) for item in raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_json(hint, raw)
    return _scalar(hint, raw, name)


def _scalar(hint: Any, raw: object, name: str) -> object:
    try:
        if isinstance(hint, type) and issubclass(hint, Enum):
            return hint(raw)
        if hint is datetime and isinstance(raw, str):
            return datetime.fromisoformat(raw)
        if hint is date and isinstance(raw, str):
            return date.fromisoformat(raw)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from error
    if hint is bool and isinstance(raw, bool):
        return raw
    if hint is int and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if hint is str and isinstance(raw, str):
        return raw
    raise ValueError(f"{name}: {raw!r} is not a {getattr(hint, '__name__', hint)}")
