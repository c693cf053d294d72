"""The one clock that the server and the devices read.

Both sides take the time from a `Clock` passed in, never from the system
directly, so that a scenario pins it with freezegun ("Given today is ...")
and windows, reminders, lockouts and heartbeats become deterministic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """Wall-clock time; freezegun's ``freeze_time`` pins it in scenarios."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class OffsetClock:
    """Wall-clock time plus an offset that may move: what ``zpush-sim serve`` runs on.

    A live target moves the server's clock through the admin API (``/api/clock``)
    when a scenario lets time pass; the offset only grows or is reset, real time
    keeps running underneath.
    """

    def __init__(self, offset: timedelta | None = None) -> None:
        self.offset = offset if offset is not None else timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset
