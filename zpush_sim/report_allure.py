"""What our scenarios add to the Allure results that allure-pytest-bdd writes (``--alluredir``).

allure-pytest-bdd records each scenario with its Gherkin steps, its
Examples row and every tag. This plugin adds, to each scenario: the
parameters profile, target and server mode (the protocol version each
device negotiated is added by `steps.plugin` once the devices have run);
the topic as the epic and each behaviour, with what it says, as a story,
so that Allure's Behaviors tab lists the guide's behaviours; and a
``behaviour`` label per ID. After the run `write_extras` puts the run's
environment (``environment.properties``) and our categories
(``categories.json``: undefined steps, pending pieces, skips by the target,
failures, harness errors) beside the results.

Must not: write test results itself; allure-pytest-bdd owns those.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import allure
import pytest
from allure_commons.types import LabelType

from zpush_sim.outcomes import RunInfo
from zpush_sim.run_info import describe_target, mode_of

CATEGORIES = [
    {
        "name": "Undefined steps (no step definition matches)",
        "matchedStatuses": ["broken", "failed"],
        "messageRegex": "(?s).*Step definition is not found.*",
    },
    {
        "name": "Pending: waits for a missing piece of the simulator",
        "matchedStatuses": ["skipped"],
        "messageRegex": "(?s).*pending.*",
    },
    {
        "name": "Skipped: the target cannot run it",
        "matchedStatuses": ["skipped"],
    },
    {
        "name": "Behaviour differs from the guide (assertion failed)",
        "matchedStatuses": ["failed"],
    },
    {
        "name": "Harness or server error (broken)",
        "matchedStatuses": ["broken"],
    },
]


class AllureDetails:
    """Registered by `steps.plugin` when pytest runs with ``--alluredir``."""

    def __init__(
        self,
        says: dict[str, str],
        topics: frozenset[str],
        profiles: tuple[str, ...],
    ) -> None:
        self.says = says
        self.topics = topics
        self.profiles = profiles

    @pytest.hookimpl(trylast=True)  # after allure-pytest-bdd has opened the test case
    def pytest_bdd_before_scenario(
        self, request: pytest.FixtureRequest, feature: Any, scenario: Any
    ) -> None:
        config = request.config
        tags = {m.name for m in request.node.iter_markers()}
        profile = next((p for p in self.profiles if p in tags), "any (no device)")
        server = config.getoption("--server", default=None)
        target = str(getattr(config, "zpush_sim_target", "") or "") or describe_target(
            config.getoption("--target", default=None), server
        )
        mode = mode_of(target)
        allure.dynamic.parameter("profile", profile)
        allure.dynamic.parameter("target", target)
        allure.dynamic.parameter("server mode", mode)
        topic = next((t for t in sorted(tags) if t in self.topics), None)
        if topic:
            allure.dynamic.label(LabelType.EPIC, topic)  # type: ignore[no-untyped-call]
        for behaviour in sorted(t for t in tags if t.startswith("B-")):
            story = f"{behaviour}: {self.says[behaviour]}" if behaviour in self.says else behaviour
            allure.dynamic.label(LabelType.STORY, story)  # type: ignore[no-untyped-call]
            allure.dynamic.label("behaviour", behaviour)  # type: ignore[no-untyped-call]


def _properties(run: RunInfo) -> str:
    values = {
        "Target": run.target,
        "Server.mode": run.mode,
        "Commit": run.commit,
        "Started": run.started,
        "Selection": run.selection or "all scenarios",
        **{f"Version.{k.replace(' ', '.')}": v for k, v in run.versions.items()},
    }
    # .properties: one key=value a line; backslashes and line breaks escaped.
    lines = [
        f"{key}={str(value).replace(chr(92), chr(92) * 2).replace(chr(10), ' ')}"
        for key, value in values.items()
    ]
    return "\n".join(lines) + "\n"


def write_extras(allure_dir: Path, run: RunInfo) -> None:
    """The run's environment and our categories, beside the results."""
    (allure_dir / "environment.properties").write_text(_properties(run), encoding="utf-8")
    (allure_dir / "categories.json").write_text(
        json.dumps(CATEGORIES, indent=1) + "\n", encoding="utf-8"
    )
