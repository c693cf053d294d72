"""``zpush-sim run``: the scenarios of chosen feature files, a summary, the reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def zpush_sim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zpush_sim", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=200,
    )


def test_run_reports_the_scenarios_of_one_feature(tmp_path: Path) -> None:
    done = zpush_sim("run", "features/memotoo.feature", "--report-dir", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS B-MEMO-1" in done.stdout
    assert "Running 2 scenarios" in done.stdout
    assert "2 scenarios: " in done.stdout and " 0 failed" in done.stdout
    cucumber = json.loads((tmp_path / "cucumber.json").read_text())
    assert [f["uri"] for f in cucumber] == ["features/memotoo.feature"]
    matrix = (tmp_path / "matrix.md").read_text()
    assert (
        "| B-MEMO-1 | With Memotoo still on, each appointment shows twice; without it, once. "
        "| pass (1) | pass (1) |" in matrix
    )
    assert (
        "| B-CON-1 | Only addresses ticked for onOffice Sync reach the phone. | — | — |" in matrix
    )
    assert "B-MEMO-1" in (tmp_path / "scenarios.md").read_text()
    assert len(list((tmp_path / "allure-results").glob("*-result.json"))) == 2
    assert '<table id="scenarios">' in (tmp_path / "report.html").read_text()


def test_run_selects_by_tag(tmp_path: Path) -> None:
    done = zpush_sim("run", "-m", "mail and android", "--report-dir", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 scenarios: 2 passed, 0 failed" in done.stdout
    matrix = (tmp_path / "matrix.md").read_text()
    assert "| B-MAIL-1 |" in matrix and "pass (2)" in matrix
    assert "B-AUTO-1" not in (tmp_path / "scenarios.md").read_text()


def test_run_refuses_a_missing_feature_file_in_one_line(tmp_path: Path) -> None:
    done = zpush_sim("run", "features/no-such.feature", "--report-dir", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no such feature file" in done.stderr


def test_bad_arguments_get_a_one_line_message_naming_the_command_and_status_2() -> None:
    done = zpush_sim("run", "--no-such-option")
    assert done.returncode == 2
    assert done.stderr.startswith("zpush-sim run: unrecognized arguments: --no-such-option")
    assert done.stderr.count("\n") == 1


def _usage_error_leaves_the_reports(tmp_path: Path, *args: str) -> str:
    (tmp_path / "report.html").write_text("the previous run")
    done = zpush_sim("run", *args, "--report-dir", str(tmp_path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""  # nothing ran: no summary, no "Reports:"
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("zpush-sim run: ")
    assert (tmp_path / "report.html").read_text() == "the previous run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    return done.stderr


def test_an_unknown_tag_is_a_usage_error_before_anything_runs(tmp_path: Path) -> None:
    message = _usage_error_leaves_the_reports(tmp_path, "-m", "nosuchtag")
    assert "no scenario has the tag 'nosuchtag'" in message


def test_a_broken_tag_expression_is_a_usage_error(tmp_path: Path) -> None:
    assert "not a tag expression" in _usage_error_leaves_the_reports(tmp_path, "-m", "ios and")


def test_a_server_that_is_not_a_url_is_a_usage_error(tmp_path: Path) -> None:
    message = _usage_error_leaves_the_reports(tmp_path, "--server", "not-a-url")
    assert "argument --server: not an http:// or https:// URL: 'not-a-url'" in message


def test_an_uncreatable_report_dir_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    done = zpush_sim("run", "features/memotoo.feature", "--report-dir", str(blocker / "reports"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"zpush-sim run: --report-dir {blocker / 'reports'}: ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_selection_that_matches_nothing_says_no_scenario_ran(tmp_path: Path) -> None:
    done = zpush_sim("run", "-m", "mail and tasks", "--report-dir", str(tmp_path))
    assert done.returncode == 2
    assert "zpush-sim run: no scenario ran: none matches the selection" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_target_that_does_not_answer_is_one_line_and_status_2(tmp_path: Path) -> None:
    message = _usage_error_leaves_the_reports(tmp_path, "--server", "http://127.0.0.1:1")
    assert message.startswith("zpush-sim run: target serve:http://127.0.0.1:1: ")
