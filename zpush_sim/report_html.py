"""report.html: the page a QA lead opens after ``zpush-sim run``.

One self-contained file (no network, works from file://). First a header:
when the run started, the target and the server's mode, the versions, the
commit and the totals. Then the failures (and undefined steps), each with
the failing step's text, the device, the assertion and every device's
decoded EAS conversation; then the skips grouped by reason; then every
scenario in a table that filters by outcome, topic, profile and behaviour
(the matrix's cells link here with ``#behaviour=B-CON-4&profile=ios``).

Must not: run or gather anything; it renders `zpush_sim.outcomes`.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from zpush_sim.outcomes import STATUSES, RunInfo, ScenarioOutcome, counts

STYLE = """
body{font-family:system-ui,sans-serif;margin:0 2em 2em;color:#222}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.5em 0}
h1{margin:.3em 0}dl.run{display:grid;grid-template-columns:auto 1fr;gap:0 1em;margin:0}
dl.run dt{font-weight:bold}.totals span{display:inline-block;padding:2px 8px;margin:2px;
border-radius:4px}.passed{background:#d4f5d4}.failed{background:#f8caca}
.undefined{background:#f9d9a8}.pending{background:#fff3b0}.skipped{background:#e4e4e4}
section.failure{border:2px solid #c33;border-radius:6px;padding:.5em 1em;margin:1em 0}
section.failure.undefined{border-color:#d80}.step{font-family:monospace;padding:1px 4px}
.step.failed,.step.undefined{font-weight:bold}pre{background:#f6f6f6;padding:8px;
overflow-x:auto;max-height:40em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
.filters label{margin-right:1em}tr.hidden{display:none}#shown{font-weight:bold}
"""

SCRIPT = """
const rows=[...document.querySelectorAll('#scenarios tbody tr')];
const sel=n=>document.getElementById('filter-'+n);
let behaviour='';
function apply(){
  const o=sel('outcome').value,t=sel('topic').value,p=sel('profile').value;let n=0;
  for(const r of rows){const d=r.dataset;
    const ok=(!o||d.outcome===o)&&(!t||d.topic===t)&&(!p||d.profile===p)&&
      (!behaviour||d.behaviours.split(' ').includes(behaviour));
    r.classList.toggle('hidden',!ok);if(ok)n++;}
  document.getElementById('shown').textContent=n;
  const b=document.getElementById('behaviour-filter');
  b.hidden=!behaviour;document.getElementById('behaviour-name').textContent=behaviour;}
function fromHash(){const h=new URLSearchParams(location.hash.slice(1));
  for(const n of ['outcome','topic','profile'])if(h.has(n))sel(n).value=h.get(n);
  behaviour=h.get('behaviour')||'';apply();
  if(h.toString())document.getElementById('all').scrollIntoView();}
for(const n of ['outcome','topic','profile'])sel(n).addEventListener('change',apply);
document.getElementById('clear-behaviour').addEventListener('click',()=>{behaviour='';apply();});
window.addEventListener('hashchange',fromHash);fromHash();
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _example(o: ScenarioOutcome) -> str:
    return ", ".join(f"{k}={v}" for k, v in o.params.items())


def _header(run: RunInfo, outcomes: Sequence[ScenarioOutcome]) -> str:
    totals = counts(list(outcomes))
    badges = "".join(
        f'<span class="{s}" id="total-{s}">{totals[s]} {s}</span>' for s in reversed(STATUSES)
    )
    versions = ", ".join(f"{k} {v}" for k, v in run.versions.items())
    facts = [
        ("Run", f"{run.started} ({run.duration:.1f} s)"),
        ("Target", run.target),
        ("Server mode", run.mode),
        ("Selection", run.selection or "all scenarios"),
        ("Commit", run.commit),
        ("Versions", versions),
    ]
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    return (
        f"<header><h1>zpush-sim: {len(outcomes)} scenarios against {_e(run.target)}</h1>"
        f'<dl class="run">{rows}</dl><p class="totals">{badges}'
        ' · <a href="matrix.html">behaviours x profiles</a>'
        ' · <a href="#all">all scenarios</a></p></header>'
    )


def _steps(o: ScenarioOutcome) -> str:
    return "".join(
        f'<div class="step {s.status}">{_e(s.keyword)} {_e(s.text)}'
        f" <small>(line {s.line}, {s.status})</small></div>"
        for s in o.steps
    )


def _failure(number: int, o: ScenarioOutcome) -> str:
    step = o.failing_step
    where = (
        f"{step.keyword} {step.text} (line {step.line})"
        if step is not None
        else ("before the first step" if o.setup_error else "after the last step")
    )
    devices = ", ".join(o.devices) or o.profile or "no device"
    parts = [
        f'<section class="failure {o.status}" id="failure-{number}">',
        f"<h3>{_e(o.status.upper())}: {_e(o.name)}"
        + (f" [{_e(_example(o))}]" if o.params else "")
        + "</h3>",
        f"<p>{_e(o.feature)}:{o.line} · {_e(' '.join(o.behaviours))}</p>",
        f'<p>Failing step: <span class="step {o.status} failing-step">{_e(where)}</span></p>',
        f'<p>Device: <span class="device">{_e(devices)}</span></p>',
        f'<p>Assertion:</p><pre class="assertion">{_e(o.details or o.message)}</pre>',
        f"<details><summary>All steps</summary>{_steps(o)}</details>",
    ]
    for title, text in o.conversation:
        parts.append(
            f'<details class="conversation"><summary>EAS conversation, {_e(title)}</summary>'
            f"<pre>{_e(text.rstrip())}</pre></details>"
        )
    if not o.conversation:
        parts.append("<p><small>No EAS conversation: no device had sent anything.</small></p>")
    parts.append("</section>")
    return "\n".join(parts)


def _skips(outcomes: Sequence[ScenarioOutcome]) -> str:
    reasons = Counter(o.message for o in outcomes if o.status == "skipped")
    if not reasons:
        return ""
    items = "".join(f"<li>{n} scenarios: {_e(reason)}</li>" for reason, n in reasons.most_common())
    return f'<h2 id="skips">Skipped, by reason</h2><ul>{items}</ul>'


def _options(name: str, values: Sequence[str]) -> str:
    options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return (
        f'<label>{name}: <select id="filter-{name}"><option value="">all</option>'
        f"{options}</select></label>"
    )


def _row(number: int, o: ScenarioOutcome) -> str:
    return (
        f'<tr id="s-{number}" class="{o.status}" data-outcome="{o.status}" '
        f'data-topic="{_e(o.topic)}" data-profile="{_e(o.profile or "any")}" '
        f'data-behaviours="{_e(" ".join(o.behaviours))}">'
        f"<td>{_e(o.status)}</td><td>{_e(o.topic)}</td><td>{_e(o.profile or 'any')}</td>"
        f"<td><details><summary>{_e(o.name)}</summary>{_steps(o)}</details></td>"
        f"<td>{_e(' '.join(o.behaviours))}</td><td>{_e(_example(o))}</td>"
        f"<td>{_e(o.message if o.status != 'passed' else '')}</td>"
        f"<td>{o.duration:.2f} s</td></tr>"
    )


def render(run: RunInfo, outcomes: Sequence[ScenarioOutcome]) -> str:
    order = {s: i for i, s in enumerate(STATUSES)}
    failed = [o for o in outcomes if o.status in ("failed", "undefined")]
    listed = sorted(outcomes, key=lambda o: (order[o.status], o.feature, o.line))
    failures = "\n".join(_failure(n, o) for n, o in enumerate(failed, start=1))
    topics = sorted({o.topic for o in outcomes})
    profiles = sorted({o.profile or "any" for o in outcomes})
    statuses = [s for s in STATUSES if any(o.status == s for o in outcomes)]
    rows = "\n".join(_row(n, o) for n, o in enumerate(listed, start=1))
    heading = (
        f'<h2 id="failures">Failed or undefined ({len(failed)})</h2>\n{failures}'
        if failed
        else '<h2 id="failures">Failed or undefined (0)</h2><p>Nothing failed.</p>'
    )
    return (
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        f"<title>zpush-sim report: {_e(run.target)}</title><style>{STYLE}</style>\n"
        f"{_header(run, outcomes)}\n<main>{heading}\n{_skips(outcomes)}\n"
        '<h2 id="all">All scenarios (<span id="shown"></span> shown)</h2>'
        f'<p class="filters">{_options("outcome", statuses)}{_options("topic", topics)}'
        f'{_options("profile", profiles)}<span id="behaviour-filter" hidden>behaviour '
        '<b id="behaviour-name"></b> <button id="clear-behaviour">show all</button></span></p>'
        '<table id="scenarios"><thead><tr><th>outcome</th><th>topic</th><th>profile</th>'
        "<th>scenario</th><th>behaviours</th><th>example</th><th>reason</th><th>time</th>"
        f"</tr></thead><tbody>\n{rows}\n</tbody></table></main>\n"
        f"<script>{SCRIPT}</script></html>\n"
    )
