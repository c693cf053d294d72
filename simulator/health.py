"""How an account reacts to failures: password prompts, waiting, closing (B-MAINT-1/2).

One transition table, (state, event) -> state; the rules:

- a sync that works: ACTIVE, the failure count back to 0;
- 401 (``unauthorized``): the phone asks for the password (NEEDS_PASSWORD,
  mail-in-a-box#264: "the iPhone asking again and again"); it keeps trying
  in the background, and each refusal counts;
- 503 (``unavailable``): the phone reports that the login data should be
  checked (B-MAINT-1) and waits Retry-After seconds (the profile's default
  when the header is missing) before the next background attempt;
- any other failure (network, HTTP 500, protocol): counts, state unchanged;
- the profile's N-th failure in a row closes the account (CLOSED): nothing
  more is sent, not even for a manual sync, until the user opens the
  account settings (B-MAINT-2) or enters a password;
- the user opening the account settings or entering the password: ACTIVE.

Must not: send anything; the device asks `may_sync` before it does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Literal

from simulator.profile import Profile

Event = Literal["ok", "unauthorized", "unavailable", "other", "settings_opened", "password"]


class Health(Enum):
    ACTIVE = "active"
    NEEDS_PASSWORD = "needs password"
    WAITING = "waiting to retry"
    CLOSED = "closed"


# (state, event) -> next state, before the failure count is checked.
TRANSITIONS: dict[tuple[Health, Event], Health] = {
    **{(state, "ok"): Health.ACTIVE for state in Health},
    **{(state, "unauthorized"): Health.NEEDS_PASSWORD for state in Health},
    **{(state, "unavailable"): Health.WAITING for state in Health},
    **{(state, "other"): state for state in Health},
    **{(state, "settings_opened"): Health.ACTIVE for state in Health},
    **{(state, "password"): Health.ACTIVE for state in Health},
}
FAILURES: frozenset[Event] = frozenset({"unauthorized", "unavailable", "other"})

# What the user sees for each state, in the user's words.
ALERTS: dict[Health, str] = {
    Health.ACTIVE: "",
    Health.NEEDS_PASSWORD: "Password incorrect: enter the password for the account",
    Health.WAITING: "Cannot connect to the server: check your login data",
    Health.CLOSED: "The account was closed after repeated errors: open its settings",
}


@dataclass
class AccountHealth:
    state: Health = Health.ACTIVE
    failures: int = 0  # in a row
    retry_at: datetime | None = None
    history: list[tuple[datetime, Event, Health]] = field(default_factory=list)

    @property
    def alert(self) -> str:
        return ALERTS[self.state]

    @property
    def closed(self) -> bool:
        return self.state is Health.CLOSED

    def may_sync(self, now: datetime, *, manual: bool) -> bool:
        """Whether the phone sends anything now (manual: the user pressed "sync now")."""
        if self.state is Health.CLOSED:
            return False
        if manual or self.state is not Health.WAITING or self.retry_at is None:
            return True
        return now >= self.retry_at

    def record(
        self, event: Event, now: datetime, profile: Profile, retry_after: int | None = None
    ) -> Health:
        if self.state is Health.CLOSED and event in FAILURES:
            return self.state  # nothing was sent; nothing changes
        self.state = TRANSITIONS[(self.state, event)]
        self.failures = self.failures + 1 if event in FAILURES else 0
        self.retry_at = None
        if event == "unavailable":
            wait = retry_after if retry_after is not None else profile.reactions.retry_after_seconds
            self.retry_at = now + timedelta(seconds=wait)
        limit = profile.reactions.close_account_after_failures
        if limit and self.failures >= limit:
            self.state = Health.CLOSED
        self.history.append((now, event, self.state))
        return self.state


def event_of(kind: str | None) -> Event:
    """The health event of a sync's outcome (`SyncError.kind`, or None for success)."""
    if kind is None:
        return "ok"
    if kind == "unauthorized":
        return "unauthorized"
    if kind == "unavailable":
        return "unavailable"
    return "other"
