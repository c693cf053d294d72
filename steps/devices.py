"""The user's devices: which phone she has, and syncing it.

The phones a scenario creates are kept on the test item, so that a failing
scenario's report carries each phone's decoded EAS conversation.
"""

from __future__ import annotations

import random

import pytest
from pytest_bdd import given, parsers, when

from simulator.device import Device
from simulator.engine import SyncReport
from steps.target import Target
from zpush_sim.clock import SystemClock

# The guide's names for the devices -> the simulator's profiles.
PHONES = {
    "iPhone": "ios",
}

PHONES_KEY = pytest.StashKey[list[Device]]()


def phones_of(item: pytest.Item) -> list[Device]:
    return item.stash.setdefault(PHONES_KEY, [])


@given(parsers.re(r"(?P<name>\w+) has an? (?P<phone>iPhone)$"), target_fixture="phone")
def _(request: pytest.FixtureRequest, target: Target, clock: SystemClock, phone: str) -> Device:
    device = Device(
        PHONES[phone],
        clock=clock,
        rng=random.Random(request.node.nodeid),
        session=target.session(),
    )
    phones_of(request.node).append(device)
    return device


@when("she waits until the phone has synchronised", target_fixture="sync_report")
def _(phone: Device) -> SyncReport:
    report = phone.sync()
    assert report.ok, f"the phone could not synchronise: {report.error}"
    return report
