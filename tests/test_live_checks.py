"""`tox -e live`'s verdicts: what makes a live run red."""

from __future__ import annotations

from pathlib import Path

from zpush_sim.targets.live import Outcome, check_serve, check_sogo, generic_scenarios

FEATURE = """\
Feature: Counting
  @needs-onoffice-rules
  Scenario: Needs onOffice
    Given today is 2026-03-02 09:00

  Scenario: Generic
    Given today is 2026-03-02 09:00

  Scenario Outline: Generic per phone
    Given today is 2026-03-02 09:00

    Examples:
      | device    |
      | an iPhone |
      | a Pixel   |

    @needs-move-clock
    Examples:
      | device    |
      | Outlook   |
"""
TAG_SKIP = "needs capability 'move-clock'; target dav:x lacks it"
STEP_SKIP = "needs capability 'move-clock' (moving the clock); target dav:x lacks it"


def test_generic_scenarios_count_outline_rows_without_a_needs_tag(tmp_path: Path) -> None:
    (tmp_path / "counting.feature").write_text(FEATURE, encoding="utf-8")
    assert generic_scenarios(tmp_path) == 3


def test_sogo_is_red_when_a_generic_scenario_did_not_pass() -> None:
    generic = generic_scenarios()
    passed = [f"t{i}" for i in range(generic)]
    assert check_sogo(Outcome(passed=passed, skipped={"x": TAG_SKIP})) == []
    assert check_sogo(Outcome(passed=passed[1:], skipped={"x": TAG_SKIP}))  # one fewer
    assert check_sogo(Outcome(passed=passed, failed=["y"]))
    assert check_sogo(Outcome(passed=passed, skipped={"x": STEP_SKIP}))  # untagged need
    assert check_sogo(Outcome(passed=passed, skipped={"x": "no server"}))  # unnamed


def test_serve_is_red_below_the_share_or_above_the_skips() -> None:
    expected = {"passed_at_least": 0.95, "skipped_at_most": 0}
    assert check_serve(Outcome(passed=["a"] * 20), expected) == []
    assert check_serve(Outcome(passed=["a"] * 19, skipped={"x": TAG_SKIP}), expected)
    assert check_serve(Outcome(passed=["a"] * 19, failed=["b"]), expected)
