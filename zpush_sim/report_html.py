"""The HTML report of ``zpush-sim run``: every scenario, and each failure with its conversation.

One self-contained page: a summary line, a table of the scenarios (outcome,
feature, name, behaviour tags, example) and, for each failed scenario, its
message and the decoded EAS conversation the steps attached, folded in a
``<details>``. Must not: run anything; it renders what the reporter gathered.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

STYLE = (
    "body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}"
    ".passed{background:#cfc}.failed,.undefined{background:#fcc}.skipped{background:#eee}"
    ".pending{background:#ffd}pre{background:#f6f6f6;padding:8px;overflow-x:auto}"
)


class Outcome(Protocol):
    feature: str
    name: str
    outcome: str
    duration: float
    message: str
    conversation: str
    params: dict[str, str]

    @property
    def behaviours(self) -> list[str]: ...


def _e(text: object) -> str:
    return html.escape(str(text))


def _row(o: Outcome, anchor: int | None) -> str:
    example = ", ".join(f"{k}={v}" for k, v in o.params.items())
    name = f'<a href="#failure-{anchor}">{_e(o.name)}</a>' if anchor is not None else _e(o.name)
    return (
        f'<tr class="{_e(o.outcome)}"><td>{_e(o.outcome)}</td><td>{_e(o.feature)}</td>'
        f"<td>{name}</td><td>{_e(' '.join(o.behaviours))}</td><td>{_e(example)}</td>"
        f"<td>{o.duration:.2f} s</td></tr>"
    )


def _failure(number: int, o: Outcome) -> str:
    parts = [
        f'<h3 id="failure-{number}">{_e(o.feature)}: {_e(o.name)}</h3>',
        f"<pre>{_e(o.message)}</pre>",
    ]
    if o.conversation:
        parts.append(
            "<details><summary>EAS conversation</summary>"
            f"<pre>{_e(o.conversation.rstrip())}</pre></details>"
        )
    return "\n".join(parts)


def render(outcomes: Sequence[Outcome]) -> str:
    counts = Counter(o.outcome for o in outcomes)
    kinds = ("passed", "failed", "undefined", "pending", "skipped")
    summary = ", ".join(f"{counts[k]} {k}" for k in kinds)
    failed = [o for o in outcomes if o.outcome in ("failed", "undefined")]
    anchors = {id(o): n for n, o in enumerate(failed, start=1)}
    rows = "\n".join(_row(o, anchors.get(id(o))) for o in outcomes)
    failures = "\n".join(_failure(n, o) for n, o in enumerate(failed, start=1))
    return (
        "<!doctype html><meta charset='utf-8'><title>zpush-sim scenarios</title>"
        f"<style>{STYLE}</style>\n<h1>Scenarios</h1>\n<p>{len(outcomes)} scenarios: {summary}. "
        'See also <a href="matrix.html">behaviours x profiles</a>.</p>\n'
        "<table><tr><th>outcome</th><th>feature</th><th>scenario</th><th>behaviours</th>"
        f"<th>example</th><th>time</th></tr>\n{rows}\n</table>\n"
        + (f"<h2>Failures</h2>\n{failures}\n" if failed else "")
    )
