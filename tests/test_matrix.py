"""The behaviours x profiles matrix written by ``zpush-sim run``."""

from __future__ import annotations

from pathlib import Path

from zpush_sim.matrix import Run, to_html, to_markdown, write


def test_a_cell_shows_the_worst_outcome_and_the_number_of_scenarios() -> None:
    runs = [
        Run(("B-AUTO-1",), "ios", "passed"),
        Run(("B-AUTO-1",), "ios", "failed"),
        Run(("B-AUTO-1",), "android", "passed"),
    ]
    text = to_markdown(runs, ("ios", "android"))
    assert "| B-AUTO-1 | FAIL (2) | pass (1) |" in text


def test_rows_are_in_catalogue_order_and_columns_in_profile_order() -> None:
    runs = [
        Run(("B-CON-10",), "android", "passed"),
        Run(("B-CON-2", "B-CON-9"), "ios", "skipped"),
    ]
    lines = to_markdown(runs, ("ios", "android")).splitlines()
    assert lines[2] == "| behaviour | ios | android |"
    assert [line.split(" | ")[0] for line in lines[4:]] == ["| B-CON-2", "| B-CON-9", "| B-CON-10"]
    assert "| B-CON-9 | skip (1) |  |" in lines


def test_html_escapes_and_colours_cells(tmp_path: Path) -> None:
    runs = [Run(("B-MAN-2",), "<odd>", "failed")]
    assert "&lt;odd&gt;" in to_html(runs, ())
    assert 'class="FAIL"' in to_html(runs, ())
    write(runs, (), tmp_path)
    assert (tmp_path / "matrix.md").read_text().startswith("# Behaviours x profiles")
    assert (tmp_path / "matrix.html").exists()


def test_every_indexed_behaviour_has_a_row_and_pending_shows() -> None:
    runs = [Run(("B-APPT-10",), "ios", "pending"), Run(("B-APPT-10",), "ios", "passed")]
    text = to_markdown(runs, ("ios",), behaviours=("B-APPT-10", "B-CON-1"))
    assert "| B-APPT-10 | pending (2) |" in text
    assert "| B-CON-1 | not run |" in text
