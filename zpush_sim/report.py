"""What ``zpush-sim run`` prints and writes: progress, a summary, the reports.

A pytest plugin object: it keeps only the scenarios of the selected feature
files, prints a line per scenario as it ends, and writes
``scenarios.md`` and ``report.html`` (every scenario with its behaviour tags
and outcome, and for each failure the message and the decoded EAS
conversation attached by the steps; `zpush_sim.report_html`) and the
behaviours x profiles matrix (`zpush_sim.matrix`; the profile of a scenario
is its profile tag, e.g. ``@ios`` on its Examples; every behaviour of the
index has a row). pytest-bdd writes the cucumber JSON beside them. A
pending scenario (strict xfail, `steps.pending`) counts as "pending".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from simulator.profile import known_profiles
from zpush_sim import matrix, report_html
from zpush_sim.undefined import UNDEFINED, is_undefined

CONVERSATION_SECTION = "EAS conversation"
# The matrix's columns: the guide's order of devices, then any other profile.
PROFILE_ORDER = ("ios", "android", "android11", "outlook-windows", "outlook-mac", "thunderbird")


@dataclass
class ScenarioOutcome:
    feature: str
    name: str
    tags: list[str]
    outcome: str = "passed"
    duration: float = 0.0
    message: str = ""
    conversation: str = ""
    params: dict[str, str] = field(default_factory=dict)
    markers: frozenset[str] = frozenset()

    @property
    def behaviours(self) -> list[str]:
        return [t for t in self.tags if t.startswith("B-")]


class ScenarioReporter:
    def __init__(
        self,
        selected: list[Path],
        report_dir: Path,
        stream: TextIO,
        behaviours: tuple[str, ...] = (),
    ) -> None:
        self.selected = selected
        self.behaviours = behaviours  # the index's IDs: a matrix row each
        self.report_dir = report_dir
        self.stream = stream
        self.outcomes: dict[str, ScenarioOutcome] = {}
        self.total = 0
        self.collection_errors = 0
        self.other_failures: list[str] = []
        self.markers: dict[str, frozenset[str]] = {}
        self.started = time.monotonic()

    # -- pytest hooks ---------------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        if self.selected:
            kept = [item for item in items if self._is_selected(item)]
            dropped = [item for item in items if item not in kept]
            if dropped:
                config.hook.pytest_deselected(items=dropped)
            items[:] = kept
        self.total = sum(1 for item in items if self._is_scenario(item))
        self.markers = {
            item.nodeid: frozenset(m.name for m in item.iter_markers()) for item in items
        }
        self.stream.write(f"Running {self.total} scenarios\n")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors += 1
            self.stream.write(f"ERROR collecting {report.nodeid}:\n{report.longreprtext}\n")

    def pytest_bdd_before_scenario(self, request: Any, feature: Any, scenario: Any) -> None:
        callspec = getattr(request.node, "callspec", None)
        example = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
        self.outcomes[request.node.nodeid] = ScenarioOutcome(
            feature=feature.rel_filename,
            name=scenario.name,
            tags=sorted(scenario.tags | feature.tags),
            params=dict(example),
            markers=self.markers.get(request.node.nodeid, frozenset()),
        )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome = self.outcomes.get(report.nodeid)
        if outcome is None:
            if report.failed:  # not a scenario: e.g. the behaviour index's coverage test
                self.other_failures.append(f"{report.nodeid}: {_short_message(report)}")
            return
        outcome.duration += report.duration
        if report.failed and outcome.outcome not in ("failed", UNDEFINED):
            outcome.outcome = UNDEFINED if is_undefined(report) else "failed"
            outcome.message = _short_message(report)
        elif hasattr(report, "wasxfail") and outcome.outcome == "passed":
            outcome.outcome = "pending"
            outcome.message = str(getattr(report, "wasxfail", ""))
        elif report.skipped and outcome.outcome == "passed":
            outcome.outcome = "skipped"
            outcome.message = _short_message(report)
        for title, content in report.sections:
            if CONVERSATION_SECTION in title:
                outcome.conversation = content
        if report.when == "teardown":
            self._print_line(outcome)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        counts = {k: 0 for k in ("passed", "failed", UNDEFINED, "skipped", "pending")}
        for outcome in self.outcomes.values():
            counts[outcome.outcome] += 1
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\n{len(self.outcomes)} scenarios: {counts['passed']} passed, "
            f"{counts['failed']} failed, {counts[UNDEFINED]} undefined, "
            f"{counts['pending']} pending, "
            f"{counts['skipped']} skipped in {elapsed:.1f} s\n"
        )
        for outcome in self.outcomes.values():
            if outcome.outcome in ("failed", UNDEFINED):
                example = " ".join(outcome.params.values())
                self.stream.write(
                    f"  {outcome.outcome.upper()} {outcome.feature}: {outcome.name}"
                    f"{f' [{example}]' if example else ''}\n         {outcome.message}\n"
                )
        for failure in self.other_failures:
            self.stream.write(f"  FAILED (not a scenario) {failure}\n")
        self.stream.write(f"Reports: {self.report_dir}\n")

    # -- reports ----------------------------------------------------------------

    def write_reports(self) -> None:
        lines = [
            "# Scenarios",
            "",
            "| outcome | feature | scenario | behaviours | example |",
            "|---|---|---|---|---|",
        ]
        for o in self.outcomes.values():
            example = ", ".join(f"{k}={v}" for k, v in o.params.items())
            lines.append(
                f"| {o.outcome} | {o.feature} | {o.name} | {' '.join(o.behaviours)} | {example} |"
            )
        failures = [o for o in self.outcomes.values() if o.outcome in ("failed", UNDEFINED)]
        for o in failures:
            example = ", ".join(f"{k}={v}" for k, v in o.params.items())
            heading = f"## {o.outcome.upper()}: {o.name}" + (f" [{example}]" if example else "")
            lines += ["", heading, "", f"{o.feature} {' '.join(o.behaviours)}", ""]
            lines += ["```", o.message, "```"]
            if o.conversation:
                lines += ["", "EAS conversation:", "", "```", o.conversation.rstrip(), "```"]
        (self.report_dir / "scenarios.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        outcomes = list(self.outcomes.values())
        (self.report_dir / "report.html").write_text(report_html.render(outcomes), encoding="utf-8")
        known = known_profiles()
        profiles = tuple(p for p in PROFILE_ORDER if p in known) + tuple(
            p for p in known if p not in PROFILE_ORDER
        )
        runs = [
            matrix.Run(
                tuple(o.behaviours),
                next((p for p in profiles if p in o.markers), matrix.NO_PROFILE),
                o.outcome,
            )
            for o in self.outcomes.values()
        ]
        matrix.write(runs, profiles, self.report_dir, self.behaviours)

    # -- helpers ------------------------------------------------------------------

    @staticmethod
    def _is_scenario(item: pytest.Item) -> bool:
        return getattr(item, "obj", None) in scenario_wrapper_template_registry

    def _is_selected(self, item: pytest.Item) -> bool:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is None:
            return False
        feature_file = Path(template.feature.filename).resolve()
        return any(feature_file == p or p in feature_file.parents for p in self.selected)

    def _print_line(self, outcome: ScenarioOutcome) -> None:
        done = len(self.outcomes)
        labels = {"passed": "PASS", "failed": "FAIL", "skipped": "SKIP", "pending": "PEND"}
        label = labels.get(outcome.outcome, outcome.outcome.upper())
        example = " ".join(outcome.params.values())
        tags = " ".join(outcome.behaviours)
        self.stream.write(
            f"[{done}/{self.total}] {label} {tags} {outcome.name}"
            f"{f' [{example}]' if example else ''} ({outcome.duration:.2f} s)\n"
        )
        self.stream.flush()


def _short_message(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # skip: (file, line, reason)
        return str(longrepr[2])
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message).splitlines()[0] if crash.message else "failed"
    return str(longrepr).strip().splitlines()[-1] if longrepr else ""
