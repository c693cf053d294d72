"""Time in scenarios: "Given today is 2026-03-02 09:00" pins the one clock; steps move it.

Moving the clock also lets every device do what it does in the background
by then (Ping push, polling), as a phone in a pocket would.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from pytest_bdd import given, parsers, when

from steps.devices import phones_of
from steps.types import step_parser

# The server caps a waiting Ping in real seconds; the reporters time steps and
# scenarios in real seconds too (a frozen perf_counter gave step durations of
# 1.77e18 ns in cucumber.json): freezegun leaves these modules the real clock.
REAL_TIME_MODULES = [
    "server.pingwait",
    "zpush_sim.report",
    "pytest_bdd",
    "allure_commons",
    "allure_pytest_bdd",
]


@given(parsers.parse("today is {when}"), target_fixture="frozen_time")
def _(request: pytest.FixtureRequest, when: str) -> FrozenDateTimeFactory:
    moment = datetime.strptime(when, "%Y-%m-%d %H:%M")
    # naive = UTC for datetime.now(UTC). The server caps a waiting Ping in real
    # seconds (time.monotonic), which must keep running while the date stands still.
    freezer = freeze_time(moment, ignore=REAL_TIME_MODULES)
    frozen = freezer.start()
    assert isinstance(frozen, FrozenDateTimeFactory)
    request.addfinalizer(freezer.stop)
    return frozen


@when(step_parser("{span:Minutes} pass"))
def _(request: pytest.FixtureRequest, frozen_time: FrozenDateTimeFactory, span: int) -> None:
    """Move the clock in at most ten steps, letting each device's background work run."""
    step = max(1, span // 10)
    passed = 0
    while passed < span:
        moved = min(step, span - passed)
        frozen_time.tick(timedelta(minutes=moved))
        passed += moved
        for phone in phones_of(request.node):
            phone.background()
