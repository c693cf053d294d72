"""The replay's report: a text line per request, and one self-contained HTML page.

Per request: the log's answer and the target's (HTTP status, Status
elements, counts), what differs, the first divergence marked, and, folded,
the decoded conversation (the request as replayed, both answers as XML).

Must not: replay or compare; it renders a `ReplayResult`.
"""

from __future__ import annotations

import html

from eas.tree import Element
from eas.xmlview import to_xml
from zpush_sim.replay.replayer import Exchange, ReplayResult

STYLE = (
    "body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}"
    ".same{background:#efe}.differs{background:#fdd}.first{outline:3px solid #c00}"
    "pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:85%}"
)
FIRST = "<- first divergence"


def _xml(root: Element | None) -> str:
    return to_xml(root) if root is not None else "(no body)"


def text_lines(result: ReplayResult) -> list[str]:
    first = result.first_divergence
    lines = []
    for e in result.exchanges:
        r = e.logged
        mark = "  " + FIRST if r.n == first else ""
        target = e.skipped or e.target_summary.describe()
        lines.append(
            f"#{r.n:<3} {r.time:%H:%M:%S} {r.command:<10} log: {e.log_summary.describe()} | "
            f"target: {target}{mark}"
        )
        lines.extend(f"       differs: {d}" for d in e.differences)
        lines.extend(f"       note: {n}" for n in [*e.notes, *r.notes[:1]])
    same = sum(not e.diverges for e in result.exchanges)
    lines.append(
        f"{len(result.exchanges)} requests replayed against {result.target}: {same} answered "
        f"alike, first divergence: {'none' if first is None else f'#{first}'}"
    )
    return lines


def _row(e: Exchange, first: int | None) -> str:
    r = e.logged
    css = "differs" if e.diverges else "same"
    if r.n == first:
        css += " first"
    details = "<br>".join(html.escape(d) for d in [*e.differences, *e.element_differences])
    notes = "<br>".join(html.escape(n) for n in [*e.notes, *r.notes[:1]])
    conversation = (
        f"<details><summary>decoded</summary><b>request (as replayed)</b><pre>"
        f"{html.escape(_xml(e.sent))}</pre><b>the log's answer</b><pre>"
        f"{html.escape(_xml(e.log_root))}</pre><b>the target's answer</b><pre>"
        f"{html.escape(_xml(e.target_root))}</pre></details>"
    )
    marker = f"<b>{html.escape(FIRST)}</b><br>" if r.n == first else ""
    return (
        f'<tr class="{css}"><td>{r.n}</td><td>{r.time:%H:%M:%S}</td>'
        f"<td>{html.escape(r.command)}</td><td>{html.escape(e.log_summary.describe())}</td>"
        f"<td>{html.escape(e.skipped or e.target_summary.describe())}</td>"
        f"<td>{marker}{details}<br>{notes}{conversation}</td></tr>"
    )


def render(result: ReplayResult, title: str) -> str:
    first = result.first_divergence
    rows = "\n".join(_row(e, first) for e in result.exchanges)
    summary = text_lines(result)[-1]
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(summary)}</p><table><tr><th>#</th><th>time</th><th>command</th>"
        f"<th>the log's server</th><th>the target</th><th>differences</th></tr>\n{rows}"
        f"</table></body></html>\n"
    )
