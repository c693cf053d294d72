"""The outcome model every report of ``zpush-sim run`` is written from.

One `ScenarioOutcome` per scenario (per Examples row), with its steps and
their results, and one `RunInfo` per run (when, against what, which
versions). Statuses are Cucumber's: ``passed``, ``failed``, ``skipped``,
``undefined`` (a step without a definition: pytest-bdd's
StepDefinitionNotFoundError) and ``pending`` (a scenario waiting for a
missing piece, `steps.pending`). ``results.json`` in the report directory
holds the whole model, so that ``zpush-sim report combine`` can put the
runs of several targets side by side without running anything.

Must not: gather (that is `zpush_sim.report`) or render (the report_* modules).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Worst first: the order a cell of the matrix and the report's sorting use.
STATUSES = ("failed", "undefined", "pending", "skipped", "passed")
RAN = frozenset({"passed", "failed", "undefined", "pending"})  # "skipped" did not run
RESULTS_FILE = "results.json"
RESULTS_FORMAT = 1


@dataclass
class StepResult:
    keyword: str  # "Given", "When", "Then", "And", "But"
    text: str
    line: int
    status: str = "skipped"  # a step never reached stays skipped, as in Cucumber
    duration_ns: int = 0
    error: str = ""


@dataclass
class ScenarioOutcome:
    nodeid: str
    feature: str  # the feature file, relative to the checkout
    feature_name: str
    name: str
    line: int
    tags: list[str]
    steps: list[StepResult] = field(default_factory=list)
    status: str = "passed"
    duration: float = 0.0  # seconds, real time
    message: str = ""  # the assertion, the skip reason, the undefined step
    details: str = ""  # the failure's longer text (traceback tail)
    conversation: list[tuple[str, str]] = field(default_factory=list)  # (title, text)
    params: dict[str, str] = field(default_factory=dict)  # the Examples row
    devices: list[str] = field(default_factory=list)  # "ios (EAS 14.1)"
    profile: str = ""  # the profile tag, "" when the scenario concerns no device
    topic: str = ""
    setup_error: str = ""  # a failure before the first step (a fixture)
    teardown_error: str = ""  # a failure after the last step

    @property
    def behaviours(self) -> list[str]:
        return [t for t in self.tags if t.startswith("B-")]

    @property
    def ran(self) -> bool:
        return self.status in RAN

    @property
    def failing_step(self) -> StepResult | None:
        return next((s for s in self.steps if s.status in ("failed", "undefined")), None)


@dataclass
class RunInfo:
    started: str  # ISO 8601, UTC
    target: str  # "embedded", or the live target's kind and URL
    mode: str  # the server's answers: "Z-Push" or "strict (MS-AS)"
    commit: str
    versions: dict[str, str]
    selection: str = ""  # the paths and -m expression given
    duration: float = 0.0


def counts(outcomes: list[ScenarioOutcome]) -> dict[str, int]:
    totals = dict.fromkeys(STATUSES, 0)
    for outcome in outcomes:
        totals[outcome.status] += 1
    return totals


def write_results(path: Path, run: RunInfo, outcomes: list[ScenarioOutcome]) -> None:
    data = {
        "format": RESULTS_FORMAT,
        "run": asdict(run),
        "scenarios": [asdict(o) for o in outcomes],
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


class ResultsError(Exception):
    """A results.json that is missing or not ours."""


def read_results(path: Path) -> tuple[RunInfo, list[ScenarioOutcome]]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsError(f"no {RESULTS_FILE} in {path.parent}") from None
    except (OSError, ValueError) as exc:
        raise ResultsError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT:
        raise ResultsError(f"{path} is not a zpush-sim results file (format {RESULTS_FORMAT})")
    try:
        run = RunInfo(**data["run"])
        outcomes = []
        for raw in data["scenarios"]:
            steps = [StepResult(**s) for s in raw.pop("steps")]
            conversation = [(t, c) for t, c in raw.pop("conversation")]
            outcomes.append(ScenarioOutcome(**raw, steps=steps, conversation=conversation))
    except (KeyError, TypeError, ValueError) as exc:
        raise ResultsError(f"{path}: unexpected content ({exc})") from None
    return run, outcomes
