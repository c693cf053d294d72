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
    assert "| B-MEMO-1 | pass (1) |" in matrix
    assert "| B-CON-1 | not run |" in matrix  # every indexed behaviour has a row
    assert "B-MEMO-1" in (tmp_path / "scenarios.md").read_text()
    assert "<table>" in (tmp_path / "report.html").read_text()


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


def test_bad_arguments_get_a_one_line_message_and_status_2() -> None:
    done = zpush_sim("run", "--no-such-option")
    assert done.returncode == 2
    assert "unrecognized arguments: --no-such-option" in done.stderr
    assert "Traceback" not in done.stderr
