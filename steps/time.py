"""Time in scenarios: "Given today is 2026-03-02 09:00" sets the zero point; steps move it.

On the embedded target the one clock is pinned there (freezegun); on a live
target every date of the scenario moves by the same whole number of days
to the target's own now (`steps.types.shift_dates`). Letting time pass
moves the server's clock where the target can (``move-clock``) and lets
every device do what it does in the background by then (Ping push,
polling), as a phone in a pocket would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytest_bdd import given, parsers, when

from steps.devices import phones_of
from steps.target import Target
from steps.types import shift_dates, step_parser
from zpush_sim.targets.base import Capability


@given(parsers.parse("today is {when}"))
def _(request: pytest.FixtureRequest, target: Target, when: str) -> None:
    """Set the scenario's zero point: the clock (embedded) or the shift of every date (live)."""
    moment = datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    target.today_is(moment)
    shift_dates(target.shift)
    request.addfinalizer(lambda: shift_dates(timedelta(0)))


@when(step_parser("{span:Minutes} pass"))
def _(request: pytest.FixtureRequest, target: Target, span: int) -> None:
    """Move the clock in at most ten steps, letting each device's background work run.

    Where only the devices' clock moves (no ``move-clock``), it moves in one step:
    a live server holds each Ping for real seconds, so ten would take minutes.
    """
    step = max(1, span // 10) if target.has(Capability.MOVE_CLOCK) else span
    passed = 0
    while passed < span:
        moved = min(step, span - passed)
        target.pass_time(timedelta(minutes=moved))
        passed += moved
        for phone in phones_of(request.node):
            phone.background()
