"""The behaviours x profiles matrix written by ``zpush-sim run``."""

from __future__ import annotations

from pathlib import Path

from zpush_sim.matrix import EMPTY, Entry, to_html, to_markdown, write
from zpush_sim.outcomes import ScenarioOutcome


def test_a_cell_shows_the_worst_outcome_and_the_number_of_scenarios() -> None:
    entries = [
        Entry(("B-AUTO-1",), "ios", "passed"),
        Entry(("B-AUTO-1",), "ios", "failed"),
        Entry(("B-AUTO-1",), "android", "passed"),
    ]
    text = to_markdown(entries, ("ios", "android"))
    assert "| B-AUTO-1 |  | FAIL (2) | pass (1) |" in text


def test_undefined_is_worse_than_pending_and_skip() -> None:
    entries = [Entry(("B-CON-1",), "ios", s) for s in ("skipped", "undefined", "pending")]
    assert "| B-CON-1 |  | undefined (3) |" in to_markdown(entries, ("ios",))


def test_rows_are_in_catalogue_order_with_what_they_say_and_columns_in_profile_order() -> None:
    entries = [
        Entry(("B-CON-10",), "android", "passed"),
        Entry(("B-CON-2", "B-CON-9"), "ios", "skipped"),
    ]
    says = {"B-CON-9": "A kind with no slot falls back."}
    lines = to_markdown(entries, ("ios", "android"), says).splitlines()
    assert lines[2] == "| behaviour | what it says | ios | android |"
    assert [line.split(" | ")[0] for line in lines[4:7]] == ["| B-CON-2", "| B-CON-9", "| B-CON-10"]
    assert f"| B-CON-9 | A kind with no slot falls back. | skip (1) | {EMPTY} |" in lines


def test_an_empty_cell_has_one_meaning_whether_or_not_the_behaviour_ran_elsewhere() -> None:
    entries = [Entry(("B-APPT-10",), "ios", "passed")]
    text = to_markdown(entries, ("ios",), {"B-APPT-10": "x", "B-CON-1": "y"})
    assert f"| B-CON-1 | y | {EMPTY} |" in text  # indexed, not run: the same mark as any gap
    assert "| not run |" not in text
    assert f"- {EMPTY}: no scenario of this behaviour ran for this column in this run" in text


def test_html_has_a_heading_a_legend_and_cells_linked_to_their_scenarios(tmp_path: Path) -> None:
    entries = [Entry(("B-MAN-2",), "<odd>", "failed")]
    page = to_html(entries, (), {"B-MAN-2": "Names are case-sensitive."})
    assert "<h1>Behaviours x profiles</h1>" in page and 'id="legend"' in page
    assert "&lt;odd&gt;" in page and "Names are case-sensitive." in page
    assert 'href="report.html#behaviour=B-MAN-2&amp;profile=%3Codd%3E"' in page
    outcome = ScenarioOutcome("n", "f.feature", "F", "S", 1, ["B-MAN-2", "ios"], profile="ios")
    write([outcome], ("ios",), tmp_path)
    assert (tmp_path / "matrix.md").read_text().startswith("# Behaviours x profiles")
    assert "pass (1)" in (tmp_path / "matrix.html").read_text()
