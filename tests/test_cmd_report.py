"""``zpush-sim report combine``: several targets' runs in one behaviours x targets table."""

from __future__ import annotations

from pathlib import Path

import pytest

from zpush_sim import cli
from zpush_sim.outcomes import RESULTS_FILE, RunInfo, ScenarioOutcome, write_results

ROOT = Path(__file__).resolve().parent.parent


def _run(folder: Path, target: str, statuses: dict[str, str]) -> Path:
    folder.mkdir()
    run = RunInfo("2026-03-02 09:00:00 UTC", target, "Z-Push 2.7", "abc1234", {"Python": "3"})
    outcomes = [
        ScenarioOutcome(f"t::{b}", "f.feature", "F", f"about {b}", 1, [b], status=status)
        for b, status in statuses.items()
    ]
    write_results(folder / RESULTS_FILE, run, outcomes)
    return folder


def test_two_targets_become_two_columns_linked_to_their_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    embedded = _run(tmp_path / "embedded", "embedded", {"B-CON-1": "passed", "B-LIM-1": "passed"})
    sogo = _run(
        tmp_path / "sogo", "dav http://127.0.0.1:20000", {"B-CON-1": "failed", "B-LIM-1": "skipped"}
    )
    out = tmp_path / "combined"
    argv = ["report", "combine", str(embedded), str(sogo), "--out", str(out)]
    assert cli.main([*argv, "--features", str(ROOT / "features")]) == 0
    table = (out / "targets.md").read_text()
    assert "| behaviour | what it says | embedded | dav http://127.0.0.1:20000 |" in table
    assert "| B-CON-1 | Only addresses ticked for onOffice Sync reach the phone. " in table
    assert "| pass (1) | FAIL (1) |" in table and "| pass (1) | skip (1) |" in table
    page = (out / "targets.html").read_text()
    assert 'href="../sogo/report.html#behaviour=B-CON-1"' in page
    assert "2 runs" in capsys.readouterr().out


def test_a_folder_without_results_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["report", "combine", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"zpush-sim report combine: no results.json in {tmp_path}\n"
