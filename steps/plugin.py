"""The pytest plugin (entry point ``zpush_sim_steps``) that offers every step and fixture.

Another project's suite gets the whole step library by installing
zpush-sim; this project's scenario modules get it the same way.
"""

from __future__ import annotations

from typing import Any

import pytest

from steps import STEP_MODULES
from steps.devices import phones_of
from zpush_sim.report import CONVERSATION_SECTION

pytest_plugins = list(STEP_MODULES)


def pytest_bdd_step_error(request: pytest.FixtureRequest, **_: Any) -> None:
    """Attach each phone's decoded EAS conversation to the failing scenario."""
    for number, phone in enumerate(phones_of(request.node), start=1):
        text = phone.conversation.format()
        if text:
            request.node.add_report_section(
                "call", f"{CONVERSATION_SECTION} (phone {number}: {phone.profile.name})", text
            )
