"""How a waiting Ping (or a waiting Sync) ends: the one transition table, and the waiting itself.

    state      event                               next      answer
    --------   ---------------------------------   -------   ------------------------
    WAITING    a watched folder has changes        CHANGED   Ping 2 + the folders
    WAITING    a watched folder left the hierarchy STALE     Ping 7 (FolderSync first)
    WAITING    a newer Ping of the same device     ENDED     Ping 1 (Z-Push ends the
                                                             older one, as if expired)
    WAITING    the heartbeat passed (the clock)    EXPIRED   Ping 1
    WAITING    the real-time cap passed            EXPIRED   Ping 1 (frozen-clock runs)
    WAITING    none of these                       WAITING   sleep one poll interval

The rows are checked in this order on every poll. A poll reads onOffice in
a short transaction of its own: the store has one lock, and a waiting Ping
must never hold it (MS-ASCMD 2.2.1.13; Z-Push polls every PING_INTERVAL).
Deadlines come from the injected clock, so a test moves time instead of
sleeping; between polls the waiter sleeps on a condition that a newer
Ping of the same device wakes at once.

A command that waits does not wait itself: it returns a `LongPoll` (the
check, the heartbeat, and ``finish`` that builds the answer for how the
wait ended). The WSGI app blocks on `LongPoll.block` (the in-process suite,
one request at a time); the ASGI app (`server.asgi`) waits on events
instead, without a thread, and ends the wait when the client goes away.

Must not: know EAS documents or what a change is (the caller's ``check``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

from zpush_sim.clock import Clock

# The longest wait the server holds a request for, whatever the device asks: Z-Push
# without PING_HIGHER_BOUND_LIFETIME takes any HeartbeatInterval, but a value
# such as 10^18 s is past what `datetime` can add (OverflowError), and no
# connection lives a day anyway.
LONGEST_WAIT_SECONDS = 86_400


def heartbeat(seconds: int) -> timedelta:
    """The wait for a device's interval in seconds, within 0 and `LONGEST_WAIT_SECONDS`."""
    return timedelta(seconds=min(max(seconds, 0), LONGEST_WAIT_SECONDS))


class WaitEnd(StrEnum):
    CHANGED = "changed"
    STALE = "stale"
    ENDED = "ended"
    EXPIRED = "expired"


class PingRegistry:
    """Which wait of each device is the current one; starting a new one ends the older."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._current: dict[int, int] = {}
        self._tokens = 0

    def start(self, device: int) -> int:
        with self._cond:
            self._tokens += 1
            self._current[device] = self._tokens
            self._cond.notify_all()
            return self._tokens

    def superseded(self, device: int, token: int) -> bool:
        with self._cond:
            return self._current.get(device) != token

    def finish(self, device: int, token: int) -> None:
        with self._cond:
            if self._current.get(device) == token:
                del self._current[device]

    def sleep(self, seconds: float) -> None:
        with self._cond:
            self._cond.wait(seconds)

    def waiting(self) -> int:
        """How many waits are in progress (for tests and the admin view)."""
        with self._cond:
            return len(self._current)


# The transition table's checks, in order; ``check`` answers the first two.
Check = Callable[[], WaitEnd | None]
T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class LongPoll(Generic[T]):
    """A wait a handler asks for, and how its answer is built once the wait ends.

    ``check`` takes a short transaction of its own; ``finish`` too (it runs
    after the wait, on a worker thread under ASGI). ``customer`` scopes the
    data that can wake it (`server.store.changes`).
    """

    device: int
    customer: int
    check: Check
    heartbeat: timedelta
    finish: Callable[[WaitEnd], T]

    def then(self, after: Callable[[T], U]) -> LongPoll[U]:
        """The same wait, with ``after`` applied to its answer."""
        finish = self.finish
        return LongPoll(
            self.device, self.customer, self.check, self.heartbeat, lambda end: after(finish(end))
        )

    def block(
        self,
        registry: PingRegistry,
        clock: Clock,
        poll_interval: float,
        real_limit: float | None = None,
    ) -> T:
        """Wait on this thread (the WSGI app), then build the answer."""
        end = wait_for_changes(
            registry, self.device, self.check, clock, self.heartbeat, poll_interval, real_limit
        )
        return self.finish(end)


def wait_for_changes(
    registry: PingRegistry,
    device: int,
    check: Check,
    clock: Clock,
    heartbeat: timedelta,
    poll_interval: float,
    real_limit: float | None = None,
) -> WaitEnd:
    """Poll ``check`` until it reports an end, a newer wait starts, or time is up."""
    token = registry.start(device)
    deadline: datetime = clock.now() + heartbeat
    real_deadline = None if real_limit is None else time.monotonic() + real_limit
    try:
        while True:
            found = check()
            if found is not None:
                return found
            if registry.superseded(device, token):
                return WaitEnd.ENDED
            if clock.now() >= deadline:
                return WaitEnd.EXPIRED
            if real_deadline is not None and time.monotonic() >= real_deadline:
                return WaitEnd.EXPIRED
            registry.sleep(poll_interval)
    finally:
        registry.finish(device, token)
