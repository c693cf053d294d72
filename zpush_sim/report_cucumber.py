"""``cucumber.json``: the run in the Cucumber JSON format (Cucumber-JVM's flavour) for CI plug-ins.

Written from our outcomes rather than by pytest-bdd's ``--cucumberjson``:
that reporter records a scenario stopped by ``pytest.skip`` as passed (the
skip is no step error to it, so only the steps before it appear), has no
``undefined`` status, takes its durations from a clock the scenarios freeze,
and leaves out the Examples' profile tags. Here every step of every
scenario is listed with its status (``passed``, ``failed``, ``skipped``,
``undefined``, ``pending``), its real duration in nanoseconds and, for a
failure or a skip, the reason; a failure before the first step or after
the last is a failed ``before`` or ``after`` hook. Checked against the
format's schema by tests/test_report_cucumber.py.

Must not: gather results (`zpush_sim.report`).
"""

from __future__ import annotations

import json
import re
from itertools import groupby
from pathlib import Path
from typing import Any

from zpush_sim.outcomes import ScenarioOutcome, StepResult


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _result(status: str, duration_ns: int = 0, error: str = "") -> dict[str, Any]:
    result: dict[str, Any] = {"status": status, "duration": duration_ns}
    if error:
        result["error_message"] = error
    return result


def _step(step: StepResult, outcome: ScenarioOutcome) -> dict[str, Any]:
    return {
        "keyword": f"{step.keyword} ",
        "line": step.line,
        "name": step.text,
        "match": {"location": f"{outcome.feature}:{step.line}"},
        "result": _result(step.status, step.duration_ns, step.error),
    }


def _hook(where: str, error: str) -> dict[str, Any]:
    return {"match": {"location": where}, "result": _result("failed", 0, error)}


def _element(outcome: ScenarioOutcome) -> dict[str, Any]:
    example = ";".join(outcome.params.values())
    element: dict[str, Any] = {
        "id": f"{_slug(outcome.feature_name)};{_slug(outcome.name)}"
        + (f";{_slug(example)}" if example else ""),
        "keyword": "Scenario Outline" if outcome.params else "Scenario",
        "name": outcome.name,
        "description": "",
        "line": outcome.line,
        "type": "scenario",
        "tags": [{"name": f"@{tag}"} for tag in outcome.tags],
        "steps": [_step(step, outcome) for step in outcome.steps],
    }
    if outcome.setup_error:
        element["before"] = [_hook("fixtures", outcome.setup_error)]
    if outcome.teardown_error:
        element["after"] = [_hook("teardown", outcome.teardown_error)]
    skipped_before_start = all(s.status == "skipped" for s in outcome.steps)
    if outcome.status == "skipped" and skipped_before_start and element["steps"]:
        # A scenario skipped before its first step: the reason goes on that step.
        element["steps"][0]["result"]["error_message"] = outcome.message or "skipped"
    return element


def to_json(outcomes: list[ScenarioOutcome]) -> list[dict[str, Any]]:
    by_feature = sorted(outcomes, key=lambda o: o.feature)
    features = []
    for uri, group in groupby(by_feature, key=lambda o: o.feature):
        scenarios = sorted(group, key=lambda o: o.line)
        first = scenarios[0]
        features.append(
            {
                "uri": uri,
                "id": _slug(first.feature_name),
                "keyword": "Feature",
                "name": first.feature_name,
                "description": "",
                "line": 1,
                "tags": [],
                "elements": [_element(o) for o in scenarios],
            }
        )
    return features


def write(outcomes: list[ScenarioOutcome], path: Path) -> None:
    path.write_text(json.dumps(to_json(outcomes), indent=1) + "\n", encoding="utf-8")
