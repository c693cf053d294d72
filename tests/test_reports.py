"""The reports of a run with every outcome: Cucumber JSON, JUnit XML, results.json, report.html.

One ``zpush-sim run`` of tests/report_project (a scenario that passes, one
that fails after its device has synchronised, one skipped by its target,
one with an undefined step; the clock frozen in each) feeds every test here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_project.make import make

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "schemas" / "cucumber-jvm.json"


def zpush_sim(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zpush_sim", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def sample(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    project = make(tmp_path_factory.mktemp("sample"))
    done = zpush_sim(
        "run", "--project", str(project), "--report-dir", str(project / "reports"),
        "--alluredir", str(project / "allure"),
    )  # fmt: skip
    return project, done


def _elements(project: Path) -> dict[str, dict[str, Any]]:
    features = json.loads((project / "reports" / "cucumber.json").read_text())
    return {e["name"]: e for f in features for e in f["elements"]}


def test_a_run_with_a_failure_exits_1_and_lists_it_with_the_skips_by_reason(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, done = sample
    assert done.returncode == 1, done.stdout + done.stderr
    assert "4 scenarios: 1 passed, 1 failed, 1 undefined, 0 pending, 1 skipped" in done.stdout
    assert "AssertionError: 40 contacts shown, expected 41" in done.stdout
    assert (
        "Skipped, by reason:\n     1  the sample target cannot arrange onOffice data" in done.stdout
    )


def test_cucumber_json_follows_the_format_schema(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, _ = sample
    features = json.loads((project / "reports" / "cucumber.json").read_text())
    jsonschema.validate(features, json.loads(SCHEMA.read_text()))
    assert [f["uri"] for f in features] == ["features/samples.feature"]


def test_cucumber_json_gives_each_step_its_status_and_reason(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    elements = _elements(sample[0])

    def statuses(name: str) -> list[str]:
        return [s["result"]["status"] for s in elements[name]["steps"]]

    background = ["passed", "passed", "passed"]
    assert statuses("A device that synchronises") == [*background, "passed", "passed", "passed"]
    failed = elements["A device that shows fewer contacts than expected"]["steps"]
    assert [s["result"]["status"] for s in failed] == [
        *background,
        "passed",
        "passed",
        "failed",
        "skipped",
    ]
    assert "expected 41" in failed[5]["result"]["error_message"]
    skipped = elements["A target that cannot arrange the data"]["steps"]
    assert [s["result"]["status"] for s in skipped] == [*background, "skipped", "skipped"]
    assert skipped[3]["result"]["error_message"] == "the sample target cannot arrange onOffice data"
    undefined = elements["A step nobody has written yet"]["steps"]
    assert [s["result"]["status"] for s in undefined] == [*background, "undefined", "skipped"]
    assert undefined[3]["name"] == "a step that has no definition anywhere"


def test_cucumber_durations_are_real_although_the_scenarios_freeze_the_clock(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    durations = [s["result"]["duration"] for e in _elements(sample[0]).values() for s in e["steps"]]
    assert max(durations) < 60 * 10**9  # a frozen perf_counter gave ~1.77e18 ns
    assert sum(durations) > 0


def test_cucumber_elements_carry_profile_topic_and_behaviour_tags(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    tags = {n: {t["name"] for t in e["tags"]} for n, e in _elements(sample[0]).items()}
    assert tags["A device that synchronises"] == {"@B-CON-1", "@ios", "@contacts"}
    assert tags["A device that shows fewer contacts than expected"] >= {"@android", "@B-CON-2"}


def test_junit_xml_lies_beside_the_other_reports(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    suite = ET.parse(sample[0] / "reports" / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "2", "1")


def test_report_html_shows_the_failure_first_with_step_device_assertion_and_conversation(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    page = (sample[0] / "reports" / "report.html").read_text()
    header, failures = page.index("<header>"), page.index('id="failures"')
    assert header < failures < page.index('id="all"')
    assert "Target</dt><dd>embedded" in page and "Commit</dt>" in page
    assert "Z-Push 2.7" in page and 'id="total-failed">1 failed' in page
    first = page[failures : page.index("</section>", failures)]
    assert "Then her contacts app shows all 41 onOffice contacts under the account" in first
    assert "android (EAS 14.1)" in first
    assert "40 contacts shown, expected 41" in first
    assert "EAS conversation" in first and "Cmd=Sync" in first
    # One conversation per device, named as the scenario names it (steps.devices.Owned).
    assert first.count("<summary>EAS conversation, device 1: ") == 1
    assert "<summary>EAS conversation, device 1: Jane&#x27;s Android phone</summary>" in first
    assert "Given a step that has no definition anywhere" in page[failures:]
    assert "1 scenarios: the sample target cannot arrange onOffice data" in page


def test_results_json_names_the_target(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    data = json.loads((sample[0] / "reports" / "results.json").read_text())
    assert data["run"]["target"] == "embedded"
    assert {s["status"] for s in data["scenarios"]} == {"passed", "failed", "skipped", "undefined"}


def test_allure_results_have_parameters_behaviours_and_the_conversation_on_the_failing_step(
    sample: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    allure = sample[0] / "allure"
    results = [json.loads(p.read_text()) for p in allure.glob("*-result.json")]
    failed = next(r for r in results if r["status"] == "failed")
    parameters = {p["name"]: p["value"] for p in failed["parameters"]}
    assert parameters["profile"] == "'android'" and parameters["target"] == "'embedded'"
    assert parameters["server mode"] == "'Z-Push 2.7'"
    assert parameters["protocol version (android)"] == "'EAS 14.1'"
    assert {"name": "behaviour", "value": "B-CON-2"} in failed["labels"]
    step = next(s for s in failed["steps"] if s["status"] == "failed")
    assert step["name"].endswith(
        "her contacts app shows all 41 onOffice contacts under the account"
    )
    attachment = step["attachments"][0]
    assert "EAS conversation" in attachment["name"]
    assert "Cmd=Sync" in (allure / attachment["source"]).read_text()
    assert "Target=embedded" in (allure / "environment.properties").read_text()
    assert json.loads((allure / "categories.json").read_text())[0]["name"].startswith("Undefined")


def test_a_run_where_every_scenario_was_skipped_says_no_scenario_ran(
    sample: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    project, _ = sample
    done = zpush_sim(
        "run", "--project", str(project), "-m", "B-CON-3", "--report-dir", str(tmp_path)
    )  # fmt: skip
    assert done.returncode == 1
    assert "no scenario ran: all 1 were skipped" in done.stderr
    assert "1 scenarios: 0 passed, 0 failed, 0 undefined, 0 pending, 1 skipped" in done.stdout
