"""``zpush-sim report combine DIR...``: several runs' results side by side, behaviours x targets.

Each DIR is a report directory of ``zpush-sim run`` (its ``results.json``),
typically one per target (embedded, serve, a staging Z-Push, SOGo). Writes
``targets.md`` and ``targets.html`` into ``--out``: a row per behaviour
with what it says, a column per run named by its target, each cell the
worst outcome of that behaviour's scenarios in that run, linked to them in
that run's report.html.

Must not: run scenarios; it only reads results.json files.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from pathlib import Path
from typing import Any

from steps.behaviours import INDEX_FILE, load_index
from zpush_sim import matrix
from zpush_sim.outcomes import RESULTS_FILE, ResultsError, read_results

COMMAND = "zpush-sim report combine"
TITLE = "Behaviours x targets"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="work with the reports of earlier runs",
        description="Work with the report directories that zpush-sim run wrote.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    combine = actions.add_parser(
        "combine",
        help="put several runs (e.g. one per target) into one behaviours x targets table",
        description="Combine the results.json of several report directories into one "
        "behaviours x targets table.",
    )
    combine.add_argument(
        "dirs", nargs="+", metavar="DIR", help="report directories written by zpush-sim run"
    )
    combine.add_argument(
        "--out", default="reports/combined", metavar="DIR", help="where the table is written"
    )
    combine.add_argument(
        "--features",
        default="features",
        metavar="DIR",
        help=f"the folder with {INDEX_FILE}, for what each behaviour says",
    )
    combine.set_defaults(func=combine_runs)


def combine_runs(args: argparse.Namespace) -> int:
    runs = []
    for name in args.dirs:
        folder = Path(name).resolve()
        try:
            runs.append((folder, *read_results(folder / RESULTS_FILE)))
        except ResultsError as exc:
            print(f"{COMMAND}: {exc}", file=sys.stderr)
            return 2
    out = Path(args.out).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"{COMMAND}: --out {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    features = Path(args.features)
    index = load_index(features) if (features / INDEX_FILE).exists() else {}
    says = {key: b.says for key, b in index.items()}
    entries: list[matrix.Entry] = []
    columns: list[str] = []
    links: dict[str, str] = {}
    for folder, run, outcomes in runs:
        label = run.target
        number = 2
        while label in columns:  # the same target twice: number the later runs
            label = f"{run.target} ({number})"
            number += 1
        columns.append(label)
        links[label] = Path(os.path.relpath(folder / "report.html", out)).as_posix()
        entries += [matrix.Entry(tuple(o.behaviours), label, o.status) for o in outcomes]
    runs_list = "".join(
        f"<li><b>{html.escape(col)}</b>: {html.escape(run.started)}, server mode "
        f"{html.escape(run.mode)}, commit {html.escape(run.commit)}, "
        f'<a href="{html.escape(links[col])}">report</a></li>'
        for col, (_, run, _) in zip(columns, runs, strict=True)
    )
    intro = f"<p>{len(runs)} runs, each cell linked to its scenarios:</p><ul>{runs_list}</ul>"
    (out / "targets.md").write_text(
        matrix.to_markdown(entries, columns, says, title=TITLE), encoding="utf-8"
    )
    (out / "targets.html").write_text(
        matrix.to_html(entries, columns, says, title=TITLE, intro=intro, link=links, key=""),
        encoding="utf-8",
    )
    print(f"{TITLE}: {out / 'targets.html'} ({len(runs)} runs: {', '.join(columns)})")
    return 0
