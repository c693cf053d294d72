"""The files ``zpush-sim run`` leaves in its report directory, written from the outcomes.

``results.json`` (the whole outcome model, read back by ``zpush-sim report
combine``), ``cucumber.json`` (`zpush_sim.report_cucumber`),
``scenarios.md``, ``report.html`` (`zpush_sim.report_html`) and the
behaviours x profiles matrix (``matrix.md``, ``matrix.html``,
`zpush_sim.matrix`). JUnit XML (``junit.xml``) comes from pytest itself and
is moved here by `zpush_sim.cmd_run`.

Must not: gather results or decide what a run means.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

from zpush_sim import matrix, report_cucumber, report_html
from zpush_sim.outcomes import RESULTS_FILE, RunInfo, ScenarioOutcome, counts, write_results


def scenarios_markdown(run: RunInfo, outcomes: Sequence[ScenarioOutcome]) -> str:
    totals = counts(list(outcomes))
    lines = [
        f"# Scenarios against {run.target}",
        "",
        f"{run.started}, server mode {run.mode}, commit {run.commit}: "
        + ", ".join(f"{n} {status}" for status, n in totals.items()),
        "",
        "| outcome | feature | scenario | behaviours | example | reason |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        example = ", ".join(f"{k}={v}" for k, v in o.params.items())
        reason = o.message if o.status != "passed" else ""
        lines.append(
            f"| {o.status} | {o.feature} | {o.name} | {' '.join(o.behaviours)} | {example} "
            f"| {reason.replace('|', '/')} |"
        )
    for o in outcomes:
        if o.status not in ("failed", "undefined"):
            continue
        example = ", ".join(f"{k}={v}" for k, v in o.params.items())
        step = o.failing_step
        lines += ["", f"## {o.status.upper()}: {o.name}" + (f" [{example}]" if example else "")]
        lines += ["", f"{o.feature}:{o.line} {' '.join(o.behaviours)}"]
        if step is not None:
            lines += ["", f"Failing step: {step.keyword} {step.text} (line {step.line})"]
        lines += ["", "```", o.details or o.message, "```"]
        for title, text in o.conversation:
            lines += ["", f"EAS conversation, {title}:", "", "```", text.rstrip(), "```"]
    return "\n".join(lines) + "\n"


def write_all(
    report_dir: Path,
    run: RunInfo,
    outcomes: Sequence[ScenarioOutcome],
    profiles: Sequence[str],
    says: Mapping[str, str],
) -> None:
    listed = list(outcomes)
    write_results(report_dir / RESULTS_FILE, run, listed)
    report_cucumber.write(listed, report_dir / "cucumber.json")
    (report_dir / "scenarios.md").write_text(scenarios_markdown(run, listed), encoding="utf-8")
    (report_dir / "report.html").write_text(report_html.render(run, listed), encoding="utf-8")
    intro = (
        f"<p>Run of {html.escape(run.started)} against <b>{html.escape(run.target)}</b> "
        f"(server mode {html.escape(run.mode)}, commit {html.escape(run.commit)}). "
        'Each cell links to its scenarios in <a href="report.html">the report</a>.</p>'
    )
    matrix.write(listed, profiles, report_dir, says, intro=intro)
