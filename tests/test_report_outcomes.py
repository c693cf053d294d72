"""How the reporter turns pytest's reports into a scenario's outcome, and the summary."""

from __future__ import annotations

import io

import pytest

from zpush_sim.outcomes import ScenarioOutcome, StepResult
from zpush_sim.report import ScenarioReporter, summary


def _outcome() -> ScenarioOutcome:
    steps = [StepResult("Given", "a", 3, status="passed"), StepResult("Then", "b", 4)]
    return ScenarioOutcome("t::s", "f.feature", "F", "S", 2, ["B-CON-1"], steps=steps)


def _report(outcome: str, when: str, longrepr: object = None) -> pytest.TestReport:
    return pytest.TestReport("t::s", ("f", 1, "s"), {}, outcome, longrepr, when)  # type: ignore[arg-type]


def test_a_strict_xfail_is_pending_with_its_reason() -> None:
    reporter = ScenarioReporter([], io.StringIO())
    outcome = reporter.outcomes["t::s"] = _outcome()
    report = _report("skipped", "call", ("f", 1, "reason"))
    report.wasxfail = "pending: sending mail is not simulated"  # type: ignore[attr-defined]
    reporter.pytest_runtest_logreport(report)
    assert (outcome.status, outcome.message) == (
        "pending",
        "pending: sending mail is not simulated",
    )


def test_a_failure_after_the_last_step_is_a_teardown_error() -> None:
    reporter = ScenarioReporter([], io.StringIO())
    outcome = reporter.outcomes["t::s"] = _outcome()
    reporter.pytest_runtest_logreport(_report("passed", "call"))
    reporter.pytest_runtest_logreport(_report("failed", "teardown", "AssertionError: 1 unhandled"))
    assert outcome.status == "failed"
    assert outcome.teardown_error == "AssertionError: 1 unhandled"
    assert "FAIL B-CON-1 S" in reporter.stream.getvalue()  # type: ignore[attr-defined]


def test_the_summary_groups_skips_by_reason_most_frequent_first() -> None:
    outcomes = []
    for n, reason in enumerate(["needs slots", "needs a clock", "needs slots"]):
        o = _outcome()
        o.nodeid, o.status, o.message = f"t::{n}", "skipped", reason
        outcomes.append(o)
    text = summary(outcomes, 1.0)
    assert "3 scenarios: 0 passed, 0 failed, 0 undefined, 0 pending, 3 skipped" in text
    assert text.endswith("Skipped, by reason:\n     2  needs slots\n     1  needs a clock\n")
