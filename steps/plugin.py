"""The pytest plugin (entry point ``zpush_sim_steps``) that offers every step and fixture.

Another project's suite gets the whole step library by installing
zpush-sim; this project's scenario modules get it the same way. The plugin
also turns ``@pending-<piece>`` tags into strict xfails (`steps.pending`)
and attaches each device's decoded EAS conversation to a failing scenario.
"""

from __future__ import annotations

from typing import Any

import pytest

from steps import STEP_MODULES
from steps.devices import phones_of
from steps.pending import reason
from zpush_sim.report import CONVERSATION_SECTION

pytest_plugins = [*STEP_MODULES, "steps.collect"]

PENDING_PREFIX = "pending-"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A pending scenario must fail; the day it passes, strict xfail makes that an error."""
    for item in items:
        for mark in item.iter_markers():
            if mark.name.startswith(PENDING_PREFIX):
                why = f"pending: {reason(mark.name)}"
                item.add_marker(pytest.mark.xfail(strict=True, reason=why))


def pytest_bdd_step_error(request: pytest.FixtureRequest, **_: Any) -> None:
    """Attach each device's decoded EAS conversation to the failing scenario."""
    for number, phone in enumerate(phones_of(request.node), start=1):
        text = phone.conversation.format()
        if text:
            title = f"{CONVERSATION_SECTION} (device {number}: {phone.profile.name})"
            request.node.add_report_section("call", title, text)
