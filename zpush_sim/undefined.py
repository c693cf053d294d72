"""Undefined steps: a scenario whose step no definition matches is UNDEFINED, not FAIL.

pytest-bdd raises `StepDefinitionNotFoundError` at the first step it cannot
match; `is_undefined` tells such a test report from a failure (the status
every report shows as "undefined"), and `UndefinedSteps` (a pytest plugin
object) keeps each undefined step once, with the three closest phrases of
the step catalogue, for the end of the run: ``zpush-sim run`` prints them
after its summary, a plain pytest run in its terminal summary. The steps
travel on the test reports (a user property), so a run under pytest-xdist
lists them all once, in the controller.

Suggestions rank every catalogue entry by difflib's similarity of the
written step to the entry's phrase and to its example line, and name the
best three, however far (an author wants a lead, not silence).

Must not: decide the exit status (an undefined scenario fails the pytest
run as any error does) or write reports.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.exceptions import StepDefinitionNotFoundError
from pytest_bdd.scenario import get_step_function

from steps import catalogue

UNDEFINED = "undefined"
PROPERTY = "bdd_status"  # user property set on the report of an undefined scenario
# User property naming one undefined step of the scenario: JSON [keyword, text, file:line].
STEP_PROPERTY = "bdd_undefined_step"
SUGGESTIONS = 3


def is_undefined(report: pytest.TestReport) -> bool:
    """Whether the test failed because a step has no definition."""
    if (PROPERTY, UNDEFINED) in report.user_properties:
        return True
    crash = getattr(report.longrepr, "reprcrash", None)
    return bool(crash and StepDefinitionNotFoundError.__name__ in str(crash.message))


def mark_report(item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport) -> None:
    """Tag the report of a call that raised StepDefinitionNotFoundError."""
    if call.excinfo is not None and call.excinfo.errisinstance(StepDefinitionNotFoundError):
        report.user_properties.append((PROPERTY, UNDEFINED))


def suggestions(text: str, entries: list[catalogue.StepEntry], count: int = SUGGESTIONS) -> list[str]:  # fmt: skip # noqa: E501
    """The COUNT catalogue phrases closest to TEXT, best first, keyword included."""

    words = text.lower().split()

    def score(entry: catalogue.StepEntry) -> float:
        # Words weigh as much as letters: "sets up her account" is near "set up her
        # onOffice account" though the letters of other phrases line up longer.
        candidates = [entry.phrase, entry.example.partition(" ")[2]]
        return max(
            difflib.SequenceMatcher(None, text, c).ratio()
            + difflib.SequenceMatcher(None, words, c.lower().split()).ratio()
            for c in candidates
            if c
        )

    ranked = sorted(entries, key=score, reverse=True)
    return [f"{e.keyword} {e.phrase}" for e in ranked[:count]]


def _note(item: pytest.Item, feature: Any, step: Any) -> None:
    """Put an undefined step on the scenario's reports (user properties travel with them)."""
    value = json.dumps(
        [step.keyword.strip(), step.name, f"{feature.rel_filename}:{step.line_number}"]
    )
    if (STEP_PROPERTY, value) not in item.user_properties:
        item.user_properties.append((STEP_PROPERTY, value))


@dataclass
class Undefined:
    keyword: str
    text: str
    where: list[str] = field(default_factory=list)  # feature file:line of each use
    closest: list[str] = field(default_factory=list)


class UndefinedSteps:
    """Collects every undefined step once; ``lines()`` is what the run prints."""

    def __init__(self, features: Path | None = None) -> None:
        self.features = features
        self.steps: dict[str, Undefined] = {}

    def pytest_bdd_before_scenario(self, request: Any, feature: Any, scenario: Any) -> None:
        """Every undefined step of the scenario, not only the first that pytest-bdd stops at."""
        for step in scenario.steps:
            if get_step_function(request=request, step=step) is None:
                _note(request.node, feature, step)

    def pytest_bdd_step_func_lookup_error(
        self, request: Any, feature: Any, step: Any, **_: Any
    ) -> None:
        _note(request.node, feature, step)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Collected from the reports, so that under pytest-xdist the controller has them all."""
        for name, value in report.user_properties:
            if name == STEP_PROPERTY:
                keyword, text, where = json.loads(str(value))
                self.add(keyword, text, where)

    def add(self, keyword: str, text: str, where: str) -> None:
        found = self.steps.setdefault(text, Undefined(keyword, text))
        if where not in found.where:
            found.where.append(where)

    def lines(self) -> list[str]:
        if not self.steps:
            return []
        entries = catalogue.build(self.features if self.features and self.features.is_dir() else None)  # fmt: skip # noqa: E501
        out = [f"{len(self.steps)} undefined step(s); no step definition matches:"]
        for step in self.steps.values():
            out.append(f"  {step.keyword} {step.text}    ({', '.join(step.where)})")
            out.append("    closest steps (zpush-sim steps lists them all):")
            out += [f"      {s}" for s in suggestions(step.text, entries)]
        return out
