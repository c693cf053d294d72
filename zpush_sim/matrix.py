"""The behaviours x profiles matrix of a run, and the behaviours x targets table of several runs.

Rows are the behaviours of features/behaviours.toml (with what each says)
and any other behaviour the scenarios tag; columns are the device profiles
(``any`` for scenarios that concern no device) or, combined, the targets.
A cell holds the worst outcome of its scenarios (failed, undefined,
pending, skipped, passed) and how many there were, and links to those
scenarios in the run's report.html. An empty cell has one meaning: no
scenario of that behaviour ran for that column in this run (none was
selected, or none exists). Written as Markdown and as HTML.

Must not: run anything or read pytest objects; it renders outcomes.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from zpush_sim.outcomes import STATUSES, ScenarioOutcome

NO_PROFILE = "any"  # scenarios that concern no particular device
EMPTY = "—"
_WORD = {
    "passed": "pass",
    "failed": "FAIL",
    "undefined": "undefined",
    "pending": "pending",
    "skipped": "skip",
}
LEGEND = (
    ("pass", "every scenario of the behaviour in this column passed"),
    ("FAIL", "at least one failed (the worst outcome wins; the number counts the scenarios)"),
    ("undefined", "a step has no definition yet"),
    ("pending", "waits for a missing piece of the simulator (expected to fail)"),
    ("skip", "skipped: the target cannot run it (the reason is in the report)"),
    (EMPTY, "no scenario of this behaviour ran for this column in this run"),
)


@dataclass(frozen=True)
class Entry:
    """One scenario in one column, as the matrix needs it."""

    behaviours: tuple[str, ...]
    column: str
    status: str


def _id_key(behaviour: str) -> tuple[str, int]:
    match = re.fullmatch(r"B-([A-Z]+)-(\d+)", behaviour)
    return (match.group(1), int(match.group(2))) if match else (behaviour, 0)


def by_profile(outcomes: Iterable[ScenarioOutcome]) -> list[Entry]:
    return [Entry(tuple(o.behaviours), o.profile or NO_PROFILE, o.status) for o in outcomes]


def cells(
    entries: Iterable[Entry], behaviours: Iterable[str] = ()
) -> dict[str, dict[str, list[str]]]:
    table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for behaviour in behaviours:
        table[behaviour]
    for entry in entries:
        for behaviour in entry.behaviours:
            table[behaviour][entry.column].append(entry.status)
    return table


def cell_text(statuses: Sequence[str]) -> str:
    if not statuses:
        return EMPTY
    worst = next(s for s in STATUSES if s in statuses)
    return f"{_WORD[worst]} ({len(statuses)})"


def _columns(table: Mapping[str, Mapping[str, list[str]]], order: Sequence[str]) -> list[str]:
    used = {c for row in table.values() for c, statuses in row.items() if statuses}
    return [c for c in order if c in used] + sorted(used - set(order))


def to_markdown(
    entries: Iterable[Entry],
    order: Sequence[str],
    says: Mapping[str, str] | None = None,
    title: str = "Behaviours x profiles",
) -> str:
    says = says or {}
    table = cells(entries, says)
    columns = _columns(table, order)
    lines = [
        f"# {title}",
        "",
        "| behaviour | what it says | " + " | ".join(columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    for behaviour in sorted(table, key=_id_key):
        row = table[behaviour]
        texts = [cell_text(row.get(c, [])) for c in columns]
        text = says.get(behaviour, "").replace("|", "\\|")
        lines.append(f"| {behaviour} | {text} | " + " | ".join(texts) + " |")
    lines += ["", "Legend:"] + [f"- {word}: {meaning}" for word, meaning in LEGEND]
    return "\n".join(lines) + "\n"


STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1em 2em;color:#222}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;"
    "text-align:left;vertical-align:top}td.cell{text-align:center;white-space:nowrap}"
    ".pass{background:#d4f5d4}.FAIL{background:#f8caca;font-weight:bold}"
    ".undefined{background:#f9d9a8}.pending{background:#fff3b0}.skip{background:#e4e4e4}"
    ".empty{color:#999}a{color:inherit}dl.legend{display:grid;grid-template-columns:auto 1fr;"
    "gap:2px 12px}dl.legend dt{padding:0 6px;text-align:center}"
)


def _legend_html() -> str:
    items = "".join(
        f'<dt class="{"empty" if word == EMPTY else html.escape(word)}">{html.escape(word)}</dt>'
        f"<dd>{html.escape(meaning)}</dd>"
        for word, meaning in LEGEND
    )
    return f'<h2>Legend</h2><dl class="legend" id="legend">{items}</dl>'


def to_html(
    entries: Iterable[Entry],
    order: Sequence[str],
    says: Mapping[str, str] | None = None,
    title: str = "Behaviours x profiles",
    intro: str = "",
    link: Mapping[str, str] | None = None,
    key: str = "profile",
) -> str:
    """LINK maps a column to the report.html its cells link to (default: report.html)."""
    says = says or {}
    table = cells(entries, says)
    columns = _columns(table, order)
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    rows = []
    for behaviour in sorted(table, key=_id_key):
        row = table[behaviour]
        tds = []
        for column in columns:
            statuses = row.get(column, [])
            text = cell_text(statuses)
            if not statuses:
                tds.append(f'<td class="cell empty">{EMPTY}</td>')
                continue
            page = (link or {}).get(column, "report.html")
            fragment = f"behaviour={quote(behaviour)}"
            if key:
                fragment += f"&{key}={quote(column)}"
            tds.append(
                f'<td class="cell {html.escape(text.split(" ")[0])}">'
                f'<a href="{html.escape(page + "#" + fragment)}">{html.escape(text)}</a></td>'
            )
        rows.append(
            f'<tr id="{html.escape(behaviour)}"><th scope="row">{html.escape(behaviour)}</th>'
            f"<td>{html.escape(says.get(behaviour, ''))}</td>{''.join(tds)}</tr>"
        )
    return (
        f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style>\n<h1>{html.escape(title)}</h1>\n{intro}\n{_legend_html()}\n"
        f"<table id='matrix'><thead><tr><th scope='col'>behaviour</th>"
        f"<th scope='col'>what it says</th>{head}</tr></thead>\n<tbody>{''.join(rows)}</tbody>"
        "</table>\n</html>\n"
    )


def write(
    outcomes: Sequence[ScenarioOutcome],
    profiles: Sequence[str],
    report_dir: Path,
    says: Mapping[str, str] | None = None,
    intro: str = "",
) -> None:
    entries = by_profile(outcomes)
    order = [*profiles, NO_PROFILE]
    (report_dir / "matrix.md").write_text(to_markdown(entries, order, says), encoding="utf-8")
    (report_dir / "matrix.html").write_text(
        to_html(entries, order, says, intro=intro), encoding="utf-8"
    )
