"""The interop matrix: device profile x capability against SOGo, as Markdown and HTML.

Rows are capabilities (the interop test names: ``account-setup``,
``foldersync`` ...), columns the profiles. A cell is one test's outcome:

- ``pass``: the device did it against SOGo;
- ``FAIL``: it did not (including an expected failure that now passes:
  strict xfail, time to remove the mark);
- ``waits``: a known gap of the device, marked xfail with the reason (the
  reason is listed under the table);
- ``n/a``: the profile has nothing to test there (no such class), or the
  run skipped it.

Written to ``reports/interop-matrix.md`` and ``.html`` by the interop
tests' conftest at the end of the run, like ``zpush-sim run`` writes the
behaviours matrix.

Must not: run anything; it formats outcomes it is given.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

LABELS = {"passed": "pass", "failed": "FAIL", "xfailed": "waits", "skipped": "n/a"}
CSS = {"passed": "pass", "failed": "fail", "xfailed": "waits", "skipped": "na"}
WORST_FIRST = ("failed", "xfailed", "skipped", "passed")
# Rows in the order a user meets them; a capability not listed goes last.
ORDER = (
    "account-setup",
    "wrong-password",
    "foldersync",
    "initial-sync-paging",
    "contacts-from-server",
    "contacts-from-device",
    "appointments-from-server",
    "appointments-from-device",
    "tasks-from-server",
    "tasks-from-device",
    "deletion-from-server",
    "deletion-from-device",
    "ping",
)


@dataclass(frozen=True)
class Cell:
    capability: str
    profile: str
    outcome: str  # passed | failed | xfailed | skipped
    note: str = ""  # the xfail or skip reason


def _grid(cells: Sequence[Cell]) -> tuple[list[str], list[str], dict[tuple[str, str], Cell]]:
    seen = dict.fromkeys(c.capability for c in cells)
    capabilities = [c for c in ORDER if c in seen] + sorted(set(seen) - set(ORDER))
    profiles = sorted({c.profile for c in cells})
    grid: dict[tuple[str, str], Cell] = {}
    for cell in cells:
        key = (cell.capability, cell.profile)
        old = grid.get(key)
        if old is None or WORST_FIRST.index(cell.outcome) < WORST_FIRST.index(old.outcome):
            grid[key] = cell
    return capabilities, profiles, grid


def _notes(grid: dict[tuple[str, str], Cell]) -> list[str]:
    """The distinct reasons behind "waits" and "n/a", numbered in order of appearance."""
    return list(dict.fromkeys(c.note for c in grid.values() if c.note and c.outcome != "passed"))


def _label(cell: Cell | None, notes: list[str]) -> str:
    if cell is None:
        return ""
    label = LABELS.get(cell.outcome, cell.outcome)
    if cell.note and cell.note in notes:
        label += f" [{notes.index(cell.note) + 1}]"
    return label


def summary(cells: Sequence[Cell]) -> str:
    counts = {o: sum(c.outcome == o for c in cells) for o in WORST_FIRST}
    return ", ".join(f"{counts[o]} {LABELS[o]}" for o in WORST_FIRST[::-1] if counts[o])


def to_markdown(cells: Sequence[Cell], server: str) -> str:
    capabilities, profiles, grid = _grid(cells)
    notes = _notes(grid)
    lines = [
        f"# Interop: simulated devices against {server}",
        "",
        f"{summary(cells)}.",
        "",
        "| capability | " + " | ".join(profiles) + " |",
        "|---|" + "---|" * len(profiles),
    ]
    for capability in capabilities:
        row = [_label(grid.get((capability, p)), notes) for p in profiles]
        lines.append(f"| {capability} | " + " | ".join(row) + " |")
    if notes:
        lines += ["", *(f"[{i}] {note}" for i, note in enumerate(notes, 1))]
    return "\n".join(lines) + "\n"


def to_html(cells: Sequence[Cell], server: str) -> str:
    capabilities, profiles, grid = _grid(cells)
    notes = _notes(grid)
    head = "".join(f"<th>{html.escape(p)}</th>" for p in profiles)
    rows = []
    for capability in capabilities:
        tds = []
        for profile in profiles:
            cell = grid.get((capability, profile))
            css = CSS.get(cell.outcome, "") if cell else ""
            title = f' title="{html.escape(cell.note)}"' if cell and cell.note else ""
            tds.append(f'<td class="{css}"{title}>{html.escape(_label(cell, notes))}</td>')
        rows.append(f"<tr><th>{html.escape(capability)}</th>{''.join(tds)}</tr>")
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return (
        "<!doctype html><meta charset='utf-8'>"
        f"<title>Interop: {html.escape(server)}</title>"
        "<style>td,th{border:1px solid #ccc;padding:2px 8px}.pass{background:#cfc}"
        ".fail{background:#fcc}.waits{background:#ffd}.na{background:#eee}</style>"
        f"<h1>Interop: simulated devices against {html.escape(server)}</h1>"
        f"<p>{html.escape(summary(cells))}</p>"
        f"<table><tr><th>capability</th>{head}</tr>{''.join(rows)}</table>"
        f"<ol>{items}</ol>\n"
    )


def write(cells: Sequence[Cell], server: str, report_dir: Path) -> list[Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    paths = [report_dir / "interop-matrix.md", report_dir / "interop-matrix.html"]
    paths[0].write_text(to_markdown(cells, server), encoding="utf-8")
    paths[1].write_text(to_html(cells, server), encoding="utf-8")
    return paths
