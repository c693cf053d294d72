"""The pytest plugin (entry point ``zpush_sim_steps``) that offers every step and fixture.

Another project's suite gets the whole step library by installing
zpush-sim; this project's scenario modules get it the same way. The plugin
also turns ``@pending-<piece>`` tags into strict xfails (`steps.pending`),
attaches each device's decoded EAS conversation to a failing scenario,
collects every ``.feature`` file as it is (`steps.collect`) and reports
undefined steps with the closest phrases (`zpush_sim.undefined`).
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from steps import STEP_MODULES
from steps.devices import owned_phones, phones_of
from steps.pending import reason
from zpush_sim.report import CONVERSATION_SECTION
from zpush_sim.undefined import UndefinedSteps, mark_report

pytest_plugins = [*STEP_MODULES, "steps.collect", "steps.addressing"]

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
    owners = {id(o.device): str(o) for o in owned_phones(request.node)}
    for number, phone in enumerate(phones_of(request.node), start=1):
        text = phone.conversation.format()
        if text:
            whose = owners.get(id(phone), phone.profile.name)  # e.g. "Jane's iPhone"
            title = f"{CONVERSATION_SECTION} (device {number}: {whose})"
            request.node.add_report_section("call", title, text)


def pytest_configure(config: pytest.Config) -> None:
    """Undefined steps are listed at the end, unless the caller (zpush-sim run) lists them."""
    plugins = config.pluginmanager.get_plugins()
    if not any(isinstance(p, UndefinedSteps) for p in plugins):
        config.pluginmanager.register(UndefinedSteps(Path(config.rootpath) / "features"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A scenario stopped by a step without definition is "undefined" in every report."""
    report = yield
    mark_report(item, call, report)
    return report


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, UndefinedSteps):
            for line in plugin.lines():
                terminalreporter.write_line(line)
