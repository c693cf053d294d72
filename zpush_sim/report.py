"""What ``zpush-sim run`` prints and records: progress, a summary, the outcome of every scenario.

A pytest plugin object. At collection it keeps only the scenarios of the
selected feature files and makes a `ScenarioOutcome` for each (from
pytest-bdd's scenario template and the Examples row, so that a scenario
skipped before its first step is still reported with all its steps and
tags); pytest-bdd's step hooks then record each step's status and real
duration, and the test reports give the scenario's outcome: ``failed``,
``undefined`` (a step without a definition, pytest-bdd's
StepDefinitionNotFoundError), ``pending`` (a strict xfail, `steps.pending`),
``skipped`` with its reason, or ``passed``. It prints a line per scenario
as it ends and a summary with the skips grouped by reason; the report
files are written from the outcomes by `zpush_sim.report_files`.

Durations: the scenarios freeze the clock (`steps.time`), whose ignore list
names this module, so ``time.perf_counter`` here is the real one.

Must not: write report files or decide the exit status (`zpush_sim.cmd_run`).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

import pytest
from pytest_bdd.exceptions import StepDefinitionNotFoundError
from pytest_bdd.scenario import scenario_wrapper_template_registry

from zpush_sim.outcomes import ScenarioOutcome, StepResult, counts

CONVERSATION_SECTION = "EAS conversation"
DEVICES_PROPERTY = "zpush-sim devices"  # user property: "ios (EAS 14.1); android (EAS 14.1)"
_DEVICE_IN_TITLE = re.compile(r"\((device [^)]*)\)")
PROFILE_ORDER = ("ios", "android", "android11", "outlook-windows", "outlook-mac", "thunderbird")
_LABEL = {
    "passed": "PASS",
    "failed": "FAIL",
    "skipped": "SKIP",
    "pending": "PEND",
    "undefined": "UNDEFINED",
}


class ScenarioReporter:
    def __init__(
        self,
        selected: list[Path],
        stream: TextIO,
        profiles: tuple[str, ...] = PROFILE_ORDER,
        topics: frozenset[str] = frozenset(),
    ) -> None:
        self.selected = selected
        self.stream = stream
        self.profiles = profiles
        self.topics = topics
        self.outcomes: dict[str, ScenarioOutcome] = {}
        self.total = 0
        self.collection_errors: list[str] = []
        self.other_failures: list[str] = []
        self.started = time.perf_counter()
        self.elapsed = 0.0
        self.finished = 0
        self.target = ""
        self._step_started: dict[str, float] = {}

    @property
    def results(self) -> list[ScenarioOutcome]:
        return list(self.outcomes.values())

    # -- collection -------------------------------------------------------------

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
        for item in items:
            outcome = self._outcome_of(item, config.rootpath)
            if outcome is not None:
                self.outcomes[item.nodeid] = outcome
        self.total = len(self.outcomes)
        self.target = str(getattr(config, "zpush_sim_target", "") or "")  # steps.target names it
        self.stream.write(f"Running {self.total} scenarios\n")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext.strip()}")
            self.stream.write(f"ERROR collecting {report.nodeid}:\n{report.longreprtext}\n")

    # -- steps ------------------------------------------------------------------

    def pytest_bdd_before_step(self, request: pytest.FixtureRequest, step: Any) -> None:
        found = self._step_of(self.outcomes.get(request.node.nodeid), step)
        if found is not None:
            found.status = "running"
        self._step_started[request.node.nodeid] = time.perf_counter()

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, step: Any) -> None:
        self._finish_step(request.node.nodeid, step, "passed")

    def pytest_bdd_step_error(
        self, request: pytest.FixtureRequest, step: Any, exception: BaseException
    ) -> None:
        status = "pending" if request.node.get_closest_marker("xfail") else "failed"
        self._finish_step(request.node.nodeid, step, status, _first_line(exception))

    def pytest_bdd_step_func_lookup_error(
        self, request: pytest.FixtureRequest, step: Any, exception: StepDefinitionNotFoundError
    ) -> None:
        outcome = self.outcomes.get(request.node.nodeid)
        found = self._step_of(outcome, step)
        if outcome is None or found is None:
            return
        found.status = "undefined"
        found.error = f"no step definition matches: {step.keyword} {step.name}"
        outcome.status = "undefined"
        outcome.message = found.error

    # -- scenario results ---------------------------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome = self.outcomes.get(report.nodeid)
        if outcome is None:
            if report.failed:  # not a scenario: e.g. the behaviour index's coverage test
                self.other_failures.append(f"{report.nodeid}: {_short_message(report)}")
            return
        outcome.duration += report.duration
        for title, content in report.sections:
            # pytest repeats earlier phases' sections: "Captured EAS conversation (device 1: ios) …"
            device = _DEVICE_IN_TITLE.search(title) if CONVERSATION_SECTION in title else None
            if device and all(seen != device.group(1) for seen, _ in outcome.conversation):
                outcome.conversation.append((device.group(1), content))
        for name, value in report.user_properties:
            if name == DEVICES_PROPERTY:
                outcome.devices = str(value).split("; ")
        self._apply(outcome, report)
        if report.when == "teardown":
            self._print_line(outcome)

    def _apply(self, outcome: ScenarioOutcome, report: pytest.TestReport) -> None:
        message = _short_message(report)
        if hasattr(report, "wasxfail"):
            outcome.status = "pending"
            outcome.message = str(getattr(report, "wasxfail", "")) or message
        elif report.skipped and outcome.status == "passed":
            outcome.status = "skipped"
            outcome.message = message
            self._skip_current_step(outcome, message)
        elif report.failed:
            if report.when == "setup":
                outcome.setup_error = message
            elif report.when == "teardown":
                outcome.teardown_error = message
            if outcome.status in ("passed", "skipped"):
                outcome.status = "failed"
                outcome.message = message
                outcome.details = _details(report)

    def _skip_current_step(self, outcome: ScenarioOutcome, reason: str) -> None:
        """pytest.skip() in a step is no error to pytest-bdd: the step it stopped is the skip's."""
        current = next((s for s in outcome.steps if s.status == "running"), None)
        target = current or (outcome.steps[0] if outcome.steps else None)
        if target is not None:
            target.status = "skipped"
            target.error = reason

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        for outcome in self.outcomes.values():
            for step in outcome.steps:
                if step.status == "running":  # interrupted
                    step.status = "skipped"
        self.elapsed = time.perf_counter() - self.started
        self.stream.write(summary(self.results, self.elapsed))
        for failure in self.other_failures:
            self.stream.write(f"  FAILED (not a scenario) {failure}\n")

    # -- helpers ------------------------------------------------------------------

    def _outcome_of(self, item: pytest.Item, root: Path) -> ScenarioOutcome | None:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is None:
            return None
        callspec = getattr(item, "callspec", None)
        example: dict[str, str] = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
        row_tags = {m.name for m in callspec.marks} if callspec else set()
        scenario = template.render(example)
        feature = template.feature
        rule_tags = template.rule.tags if template.rule is not None else set()
        tags = sorted(set(template.tags) | set(feature.tags) | rule_tags | row_tags)
        path = Path(feature.filename)
        relative = path.relative_to(root) if path.is_relative_to(root) else path
        steps = [StepResult(s.keyword, s.name, s.line_number) for s in scenario.steps]
        return ScenarioOutcome(
            nodeid=item.nodeid,
            feature=relative.as_posix(),
            feature_name=feature.name,
            name=scenario.name,
            line=template.line_number,
            tags=tags,
            steps=steps,
            params=dict(example),
            profile=next((p for p in self.profiles if p in tags), ""),
            topic=next((t for t in tags if t in self.topics), path.stem),
        )

    @staticmethod
    def _step_of(outcome: ScenarioOutcome | None, step: Any) -> StepResult | None:
        """Our record of pytest-bdd's step: the one running, else the next not reached."""
        if outcome is None:
            return None
        running = next((s for s in outcome.steps if s.status == "running"), None)
        if running is not None:
            return running
        return next(
            (
                s
                for s in outcome.steps
                if s.line == step.line_number and s.text == step.name and s.status == "skipped"
            ),
            None,
        )

    def _finish_step(self, nodeid: str, step: Any, status: str, error: str = "") -> None:
        found = self._step_of(self.outcomes.get(nodeid), step)
        if found is None:
            return
        started = self._step_started.pop(nodeid, time.perf_counter())
        found.duration_ns = max(0, int((time.perf_counter() - started) * 1e9))
        found.status = status
        found.error = error

    def _is_selected(self, item: pytest.Item) -> bool:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        if template is None:
            return False
        feature_file = Path(template.feature.filename).resolve()
        return any(feature_file == p or p in feature_file.parents for p in self.selected)

    def _print_line(self, outcome: ScenarioOutcome) -> None:
        self.finished += 1
        done = self.finished
        example = " ".join(outcome.params.values())
        tags = " ".join(outcome.behaviours)
        line = (
            f"[{done}/{self.total}] {_LABEL[outcome.status]} {tags} {outcome.name}"
            f"{f' [{example}]' if example else ''} ({outcome.duration:.2f} s)"
        )
        if outcome.status == "skipped":
            line += f": {outcome.message}"
        self.stream.write(line + "\n")
        self.stream.flush()


def summary(outcomes: list[ScenarioOutcome], elapsed: float) -> str:
    """The closing lines: totals, each failure, and the skips grouped by reason."""
    totals = counts(outcomes)
    lines = [
        "",
        f"{len(outcomes)} scenarios: {totals['passed']} passed, {totals['failed']} failed, "
        f"{totals['undefined']} undefined, {totals['pending']} pending, "
        f"{totals['skipped']} skipped in {elapsed:.1f} s",
    ]
    for outcome in outcomes:
        if outcome.status in ("failed", "undefined"):
            example = " ".join(outcome.params.values())
            lines.append(
                f"  {outcome.status.upper()} {outcome.feature}: {outcome.name}"
                f"{f' [{example}]' if example else ''}\n         {outcome.message}"
            )
    reasons = Counter(o.message for o in outcomes if o.status == "skipped")
    if reasons:
        lines.append("Skipped, by reason:")
        lines += [f"  {n:4d}  {reason}" for reason, n in reasons.most_common()]
    return "\n".join(lines) + "\n"


def _first_line(exception: BaseException) -> str:
    text = str(exception).strip()
    name = type(exception).__name__
    first = text.splitlines()[0] if text else ""
    return f"{name}: {first}" if first else name


def _short_message(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # skip: (file, line, reason)
        return str(longrepr[2]).removeprefix("Skipped: ")
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message).splitlines()[0] if crash.message else "failed"
    return str(longrepr).strip().splitlines()[-1] if longrepr else ""


def _details(report: pytest.TestReport) -> str:
    """The failure's assertion with pytest's explanation, without the whole traceback."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and crash.message:
        return str(crash.message)
    return report.longreprtext[-2000:]
