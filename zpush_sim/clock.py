"""The one clock that the server and the devices read.

Both sides take the time from a `Clock` passed in, never from the system
directly, so that a scenario pins it with freezegun ("Given today is ...")
and windows, reminders, lockouts and heartbeats become deterministic.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """Wall-clock time; freezegun's ``freeze_time`` pins it in scenarios."""

    def now(self) -> datetime:
        return datetime.now(UTC)
