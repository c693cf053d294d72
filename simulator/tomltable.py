"""Reading one TOML table strictly: typed getters, ranges, and unknown keys reported.

Used by `simulator.profile` so that a typo in a profile fails at load time
with the file and the key in the message. Must not know what a profile
means; it only checks shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, cast


class ProfileError(ValueError):
    """A profile that does not exist or does not have the expected shape."""


class TomlTable:
    """One TOML table being read; every key must be read or it is reported as unknown."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data, self.where, self.read = data, where, set[str]()

    def _get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        self.read.add(key)
        if key not in self.data:
            if default is ...:
                raise ProfileError(f"{self.where}: missing key {key!r}")
            return default
        value = self.data[key]
        # bool is an int in Python; a profile saying `window_size = true` is a mistake.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise ProfileError(f"{self.where}.{key}: expected {_kind(kind)}, got {value!r}")
        return value

    def text(self, key: str, choices: tuple[str, ...] = ()) -> str:
        value = cast(str, self._get(key, str))
        if choices and value not in choices:
            raise ProfileError(f"{self.where}.{key}: {value!r} is not one of {choices}")
        return value

    def flag(self, key: str) -> bool:
        return cast(bool, self._get(key, bool))

    def integer(self, key: str, allowed: range | None = None, optional: bool = False) -> int | None:
        value = self._get(key, int, None if optional else ...)
        if value is not None and allowed is not None and value not in allowed:
            raise ProfileError(
                f"{self.where}.{key}: {value} not in {allowed.start}..{allowed.stop - 1}"
            )
        return cast(int | None, value)

    def count(self, key: str, allowed: range | None = None) -> int:
        value = self.integer(key, allowed)
        assert value is not None
        return value

    def seconds(self, key: str) -> float:
        value = float(self._get(key, (int, float)))
        if value <= 0:
            raise ProfileError(f"{self.where}.{key}: must be positive")
        return value

    def items(self, key: str, item: type, *, empty: bool = False) -> tuple[Any, ...]:
        values = cast(list[Any], self._get(key, list))
        typed = all(isinstance(v, item) and not isinstance(v, bool) for v in values)
        if not typed or (not values and not empty):
            raise ProfileError(f"{self.where}.{key}: expected a non-empty list of {_kind(item)}")
        return tuple(values)

    def table(self, key: str, default: Mapping[str, Any] | None = None) -> TomlTable:
        data = self._get(key, dict, default)
        return TomlTable(cast(Mapping[str, Any], data), f"{self.where}.{key}")

    def strings(self) -> Mapping[str, str]:
        """The whole table as a str -> str mapping."""
        for key, value in self.data.items():
            self.read.add(key)
            if not isinstance(value, str):
                raise ProfileError(f"{self.where}.{key}: expected a string, got {value!r}")
        return MappingProxyType(dict(self.data))

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise ProfileError(f"{self.where}: unknown keys {unknown}")


def _kind(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)
