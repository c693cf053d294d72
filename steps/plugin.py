"""The pytest plugin (entry point ``zpush_sim_steps``) that offers every step and fixture.

Another project's suite gets the whole step library by installing
zpush-sim; this project's scenario modules get it the same way. The plugin
also turns ``@pending-<piece>`` tags into strict xfails (`steps.pending`),
attaches each device's decoded EAS conversation to a failing scenario (to
the pytest report and, with ``--alluredir``, to the failing Allure step),
records each device's negotiated protocol version, collects every
``.feature`` file as it is (`steps.collect`), reports undefined steps with
the closest phrases (`zpush_sim.undefined`), and with ``--alluredir``
registers `zpush_sim.report_allure.AllureDetails`.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import allure
import pytest
from allure_commons.types import AttachmentType

from simulator.profile import known_profiles
from steps import STEP_MODULES
from steps.behaviours import INDEX_FILE, load_index
from steps.devices import owned_phones, phones_of
from steps.pending import reason
from zpush_sim.report import CONVERSATION_SECTION, DEVICES_PROPERTY, PROFILE_ORDER
from zpush_sim.report_allure import AllureDetails
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


def pytest_configure(config: pytest.Config) -> None:
    """Undefined steps are listed at the end, unless the caller (zpush-sim run) lists them;
    with ``--alluredir`` our parameters and labels join allure-pytest-bdd's results."""
    plugins = config.pluginmanager.get_plugins()
    if not any(isinstance(p, UndefinedSteps) for p in plugins):
        config.pluginmanager.register(UndefinedSteps(Path(config.rootpath) / "features"))
    if getattr(config.option, "allure_report_dir", None):
        _register_allure_details(config)


def _register_allure_details(config: pytest.Config) -> None:
    features = Path(str(config.rootpath)) / str(config.getini("bdd_features_base_dir") or "")
    index = load_index(features) if (features / INDEX_FILE).exists() else {}
    known = known_profiles()
    profiles = tuple(p for p in PROFILE_ORDER if p in known) + tuple(
        p for p in known if p not in PROFILE_ORDER
    )
    details = AllureDetails(
        {key: b.says for key, b in index.items()},
        frozenset(b.topic for b in index.values()),
        profiles,
    )
    config.pluginmanager.register(details, "zpush_sim_allure_details")


@pytest.hookimpl(tryfirst=True)  # before allure-pytest-bdd closes the failing step
def pytest_bdd_step_error(request: pytest.FixtureRequest, **_: Any) -> None:
    """Attach each device's decoded EAS conversation to the failing scenario and step."""
    owners = {id(o.device): str(o) for o in owned_phones(request.node)}
    for number, phone in enumerate(phones_of(request.node), start=1):
        text = phone.conversation.format()
        if text:
            whose = owners.get(id(phone), phone.profile.name)  # e.g. "Jane's iPhone"
            title = f"{CONVERSATION_SECTION} (device {number}: {whose})"
            request.node.add_report_section("call", title, text)
            allure.attach(text, name=title, attachment_type=AttachmentType.TEXT)


@pytest.hookimpl(trylast=True)
def pytest_bdd_after_scenario(request: pytest.FixtureRequest, **_: Any) -> None:
    """Record each device's profile and negotiated EAS version, for the reports."""
    devices = []
    for phone in phones_of(request.node):
        versions = sorted({a.protocol_version for a in phone.accounts if a.protocol_version})
        version = f"EAS {', '.join(versions)}" if versions else "no account set up"
        devices.append(f"{phone.profile.name} ({version})")
        allure.dynamic.parameter(f"protocol version ({phone.profile.name})", version)
    if devices:
        request.node.user_properties.append((DEVICES_PROPERTY, "; ".join(devices)))


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
