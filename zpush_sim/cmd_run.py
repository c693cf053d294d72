"""``zpush-sim run [PATHS...]``: the BDD suite against the embedded server, with reports.

Runs pytest on the feature files or folders given (default: the project's
features/), each file collected as it is (steps.collect), prints one line per scenario as it ends
and a summary, and writes the reports under ``--report-dir``: cucumber
JSON, scenarios.md and report.html (failures with their EAS conversation),
and the behaviours x profiles matrix (matrix.md, matrix.html) with a row
for every behaviour of features/behaviours.toml. ``--target KIND[:URL]``
chooses what they run against (`zpush_sim.targets`; ``--server URL`` is
``--target serve:URL``); a target that does not answer is one line and
exit 2 before any scenario starts.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from steps.behaviours import INDEX_FILE, load_index
from zpush_sim.report import ScenarioReporter
from zpush_sim.targets import registry
from zpush_sim.undefined import UndefinedSteps

FEATURES = "features"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the BDD suite against the embedded reference server",
        description="Run the Gherkin scenarios (all, or those of the given feature "
        "files or folders) and write the reports.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="feature files or folders")
    parser.add_argument(
        "--target",
        metavar="KIND[:URL]",
        default=os.environ.get("ZPUSH_SIM_TARGET"),
        help="embedded (default), serve:URL, dav:URL or a plug-in's kind",
    )
    parser.add_argument("--server", metavar="URL", help="alias of --target serve:URL")
    parser.add_argument(
        "--admin-token",
        metavar="TOKEN",
        default=os.environ.get("ZPUSH_SIM_ADMIN_TOKEN"),
        help="the live server's admin token",
    )
    parser.add_argument("-m", "--tags", metavar="EXPR", help="select by tag, e.g. 'ios'")
    parser.add_argument("--report-dir", default="reports", metavar="DIR")
    parser.add_argument("--project", metavar="DIR", help="the checkout holding features/")
    parser.set_defaults(func=run)


def find_project(start: Path) -> Path | None:
    """The checkout with features/ and pyproject.toml: from START upwards, then ours."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (start, *start.parents, here):
        if (candidate / FEATURES).is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate
    return None


def run(args: argparse.Namespace) -> int:
    project = Path(args.project).resolve() if args.project else find_project(Path.cwd())
    if project is None:
        print("zpush-sim run: no features/ found here or above; use --project DIR", file=sys.stderr)
        return 2
    selected = [Path(p).resolve() for p in args.paths]
    missing = [p for p in selected if not p.exists()]
    if missing:
        print(f"zpush-sim run: no such feature file or folder: {missing[0]}", file=sys.stderr)
        return 2
    target = _target(args)
    if isinstance(target, int):
        return target
    report_dir = Path(args.report_dir).resolve()
    report_dir.mkdir(parents=True, exist_ok=True)

    pytest_args = [
        *(str(p) for p in selected or [project / FEATURES]),
        "--rootdir", str(project),
        "-p", "no:cacheprovider",
        "-p", "no:terminal",  # the reporter prints instead
        f"--cucumberjson={report_dir / 'cucumber.json'}",
    ]  # fmt: skip
    if args.tags:
        pytest_args += ["-m", args.tags]
    if target is not None:
        pytest_args += ["--target", target]
    if args.admin_token:
        pytest_args += ["--admin-token", args.admin_token]
    index = project / "features" / INDEX_FILE
    behaviours = tuple(load_index(index.parent)) if index.exists() else ()
    reporter = ScenarioReporter(selected, report_dir, stream=sys.stdout, behaviours=behaviours)
    undefined = UndefinedSteps(project / "features")
    previous = os.getcwd()
    os.chdir(project)  # bdd_features_base_dir is relative to the checkout
    try:
        code = pytest.main(pytest_args, plugins=[reporter, undefined])
    finally:
        os.chdir(previous)
    reporter.write_reports()
    for line in undefined.lines():
        print(line)
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("zpush-sim run: no scenario matched", file=sys.stderr)
        return 2
    return 0 if code == pytest.ExitCode.OK else 1


def _target(args: argparse.Namespace) -> str | int | None:
    """The target spec for pytest, after its pre-flight; an exit status when it fails."""
    text = args.target or (f"serve:{args.server}" if args.server else None)
    try:
        spec = registry.parse(text)
    except registry.SpecError as exc:
        print(f"zpush-sim run: --target: {exc}", file=sys.stderr)
        return 2
    problem = registry.preflight(spec, registry.Options(admin_token=args.admin_token))
    if problem is not None:
        print(f"zpush-sim run: target {spec.text}: {problem}", file=sys.stderr)
        return 2
    return text
