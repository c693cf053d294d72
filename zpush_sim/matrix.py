"""The behaviours x profiles matrix that every ``zpush-sim run`` writes.

Rows are the behaviour IDs of the index and those that tag the scenarios
run, columns the device profiles; a cell says whether every scenario of
that behaviour on that profile passed (the worst outcome wins: FAIL, then
pending, then skip), and how many there were. A behaviour with no scenario
run shows "not run". Written as Markdown and HTML.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

NO_PROFILE = "any"  # scenarios that concern no particular device

_SYMBOL = {"passed": "pass", "failed": "FAIL", "undefined": "UNDEFINED", "skipped": "skip",
           "pending": "pending"}  # fmt: skip
_WORST_FIRST = ("failed", "undefined", "pending", "skipped")
NOT_RUN = "not run"


@dataclass(frozen=True)
class Run:
    """One scenario run, as the matrix needs it."""

    behaviours: tuple[str, ...]
    profile: str
    outcome: str  # passed | failed | skipped | pending


def _id_key(behaviour: str) -> tuple[str, int]:
    match = re.fullmatch(r"B-([A-Z]+)-(\d+)", behaviour)
    return (match.group(1), int(match.group(2))) if match else (behaviour, 0)


def cells(runs: Iterable[Run], behaviours: Iterable[str] = ()) -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for behaviour in behaviours:
        table[behaviour]
    for run in runs:
        for behaviour in run.behaviours:
            table[behaviour][run.profile].append(run.outcome)
    return table


def _cell(outcomes: list[str]) -> str:
    if not outcomes:
        return ""
    worst = next((o for o in _WORST_FIRST if o in outcomes), "passed")
    return f"{_SYMBOL[worst]} ({len(outcomes)})"


def _columns(table: dict[str, dict[str, list[str]]], profiles: Sequence[str]) -> list[str]:
    used = {p for row in table.values() for p in row}
    return [p for p in profiles if p in used] + sorted(used - set(profiles))


def _row_cells(row: dict[str, list[str]], columns: list[str]) -> list[str]:
    if not any(row.values()):
        return [NOT_RUN] + [""] * (len(columns) - 1) if columns else [NOT_RUN]
    return [_cell(row[c]) for c in columns]


def to_markdown(
    runs: Iterable[Run], profiles: Sequence[str], behaviours: Iterable[str] = ()
) -> str:
    table = cells(runs, behaviours)
    columns = _columns(table, profiles)
    lines = [
        "# Behaviours x profiles",
        "",
        "| behaviour | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for behaviour in sorted(table, key=_id_key):
        row = table[behaviour]
        lines.append(f"| {behaviour} | " + " | ".join(_row_cells(row, columns)) + " |")
    return "\n".join(lines) + "\n"


def to_html(runs: Iterable[Run], profiles: Sequence[str], behaviours: Iterable[str] = ()) -> str:
    table = cells(runs, behaviours)
    columns = _columns(table, profiles)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    rows = []
    for behaviour in sorted(table, key=_id_key):
        row = table[behaviour]
        tds = "".join(
            f'<td class="{html.escape(text.split(" ")[0])}">{html.escape(text)}</td>'
            for text in _row_cells(row, columns)
        )
        rows.append(f"<tr><th>{html.escape(behaviour)}</th>{tds}</tr>")
    return (
        "<!doctype html><meta charset='utf-8'><title>Behaviours x profiles</title>"
        "<style>td,th{border:1px solid #ccc;padding:2px 8px}.pass{background:#cfc}"
        ".FAIL{background:#fcc}.skip,.not{background:#eee}.pending{background:#ffd}</style>"
        f"<table><tr><th>behaviour</th>{head}</tr>{''.join(rows)}</table>\n"
    )


def write(
    runs: Sequence[Run], profiles: Sequence[str], report_dir: Path, behaviours: Sequence[str] = ()
) -> None:
    (report_dir / "matrix.md").write_text(to_markdown(runs, profiles, behaviours), encoding="utf-8")
    (report_dir / "matrix.html").write_text(to_html(runs, profiles, behaviours), encoding="utf-8")
