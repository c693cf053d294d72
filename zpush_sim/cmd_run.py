"""``zpush-sim run [PATHS...]``: the BDD suite against a target, with reports.

Checks every argument before anything runs (a usage error is one line,
exit 2, and leaves the previous reports as they were): the feature files
or folders, the ``-m`` expression and its tags, the ``--server`` URL, that
the report directory can be made, and the target (``--target KIND[:URL]``,
`zpush_sim.targets`; ``--server URL`` is ``--target serve:URL``) with its
pre-flight: a target that does not answer is one line and exit 2. Then
runs pytest on the feature files or folders given (default: the project's
features/, each file collected as it is, `steps.collect`), prints a line
per scenario and a summary with the skips grouped by reason, lists the
undefined steps with the closest phrases (`zpush_sim.undefined`), and
writes the reports (`zpush_sim.report_files`; JUnit XML from pytest, and
the Allure results, in ``REPORT_DIR/allure-results`` unless ``--alluredir``
says where, `zpush_sim.report_allure`).

Exit status: 0 when every scenario that ran passed, 1 when one failed or
had an undefined step, or when no scenario ran at all (every one skipped:
"no scenario ran"), 2 for a usage error or a selection that matches no
scenario.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from simulator.profile import known_profiles
from steps.behaviours import INDEX_FILE, coverage, load_index
from zpush_sim import report_allure, report_files, run_info
from zpush_sim.args import http_url
from zpush_sim.report import PROFILE_ORDER, ScenarioReporter
from zpush_sim.targets import registry
from zpush_sim.undefined import UndefinedSteps

FEATURES = "features"
ALLURE_RESULTS = "allure-results"
COMMAND = "zpush-sim run"
# pytest's -m identifiers (src/_pytest/mark/expression.py); the rest are operators.
_IDENT = re.compile(r"(?:\w|:|\+|-|\.|\[|\]|\\|/)+")
_OPERATORS = frozenset({"and", "or", "not"})


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the BDD scenarios against a target and write the reports",
        description="Run the Gherkin scenarios (all, or those of the given feature "
        "files or folders) and write the reports.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="feature files or folders (default: all)"
    )
    parser.add_argument(
        "--target",
        metavar="KIND[:URL]",
        default=os.environ.get("ZPUSH_SIM_TARGET"),
        help="what the scenarios run against: embedded (the default), serve:URL, dav:URL "
        "or a plug-in's kind (or set ZPUSH_SIM_TARGET)",
    )
    parser.add_argument(
        "--server",
        type=http_url,
        metavar="URL",
        help="alias of --target serve:URL (a zpush-sim serve at URL)",
    )
    parser.add_argument(
        "--admin-token",
        metavar="TOKEN",
        default=os.environ.get("ZPUSH_SIM_ADMIN_TOKEN"),
        help="the live server's admin token (or set ZPUSH_SIM_ADMIN_TOKEN)",
    )
    parser.add_argument(
        "-m", "--tags", metavar="EXPR", help="select by tag, e.g. 'ios and not contacts'"
    )
    parser.add_argument(
        "--report-dir", default="reports", metavar="DIR", help="where the reports are written"
    )
    parser.add_argument(
        "--alluredir",
        metavar="DIR",
        help="where the Allure results go (emptied first); without it, "
        f"REPORT_DIR/{ALLURE_RESULTS}",
    )
    parser.add_argument(
        "--project",
        metavar="DIR",
        help="the checkout holding features/ (default: the current folder or one above it)",
    )
    parser.set_defaults(func=run)


def find_project(start: Path) -> Path | None:
    """The checkout with features/ and pyproject.toml: from START upwards, then ours."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (start, *start.parents, here):
        if (candidate / FEATURES).is_dir() and (candidate / "pyproject.toml").is_file():
            return candidate
    return None


class UsageError(Exception):
    """An argument that cannot work; reported in one line with exit status 2."""


def known_tags(project: Path) -> set[str]:
    """Every tag a feature file uses and every marker the project registers."""
    tags: set[str] = set()
    features = project / "features"
    for block in coverage(features):
        tags |= block.tags
    pyproject = project / "pyproject.toml"
    if pyproject.exists():
        ini = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        markers = ini.get("tool", {}).get("pytest", {}).get("ini_options", {}).get("markers", [])
        tags |= {str(m).split(":", 1)[0].strip() for m in markers}
    return tags


def check_tags(expression: str, project: Path) -> None:
    from _pytest.mark.expression import Expression  # the parser pytest's own -m uses

    try:
        Expression.compile(expression)
    except Exception as exc:  # ParseError (pytest < 9) or SyntaxError
        raise UsageError(f"-m {expression!r} is not a tag expression: {exc}") from None
    known = known_tags(project)
    unknown = [t for t in _IDENT.findall(expression) if t not in _OPERATORS and t not in known]
    if unknown:
        raise UsageError(
            f"-m: no scenario has the tag {unknown[0]!r} "
            "(tags are behaviour IDs like B-CON-4, topics like contacts, profiles like ios)"
        )


def make_report_dir(path: Path, option: str = "--report-dir") -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".zpush-sim-"):
            pass
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot write there: {exc.strerror or exc}") from None


def check_target(args: argparse.Namespace) -> str | None:
    """The target spec for pytest, after its pre-flight (a target that does not answer)."""
    text = args.target or (f"serve:{args.server}" if args.server else None)
    try:
        spec = registry.parse(text)
    except registry.SpecError as exc:
        raise UsageError(f"--target: {exc}") from None
    problem = registry.preflight(spec, registry.Options(admin_token=args.admin_token))
    if problem is not None:
        raise UsageError(f"target {spec.text}: {problem}")
    return text


def _check(args: argparse.Namespace) -> tuple[Path, list[Path], Path, Path]:
    project = Path(args.project).resolve() if args.project else find_project(Path.cwd())
    if project is None or not (project / "features").is_dir():
        raise UsageError("no features/ found here or above; use --project DIR")
    selected = [Path(p).resolve() for p in args.paths]
    missing = [p for p in selected if not p.exists()]
    if missing:
        raise UsageError(f"no such feature file or folder: {missing[0]}")
    if args.tags:
        check_tags(args.tags, project)
    report_dir = Path(args.report_dir).resolve()
    make_report_dir(report_dir)
    allure_dir = Path(args.alluredir).resolve() if args.alluredir else report_dir / ALLURE_RESULTS
    if args.alluredir:
        make_report_dir(allure_dir, "--alluredir")
    return project, selected, report_dir, allure_dir


def run(args: argparse.Namespace) -> int:
    try:
        project, selected, report_dir, allure_dir = _check(args)
        target_spec = check_target(args)
    except UsageError as exc:
        print(f"{COMMAND}: {exc}", file=sys.stderr)
        return 2
    index = load_index(project / "features") if (project / "features" / INDEX_FILE).exists() else {}
    known = known_profiles()
    profiles = tuple(p for p in PROFILE_ORDER if p in known) + tuple(
        p for p in known if p not in PROFILE_ORDER
    )
    topics = frozenset(b.topic for b in index.values())
    reporter = ScenarioReporter(selected, stream=sys.stdout, profiles=profiles, topics=topics)
    target = run_info.describe_target(target_spec, None)
    scratch = Path(tempfile.mkdtemp(prefix="zpush-sim-run-"))
    pytest_args = [
        *(str(p) for p in selected or [project / FEATURES]),
        "--rootdir", str(project),
        "-p", "no:cacheprovider",
        "-p", "no:terminal",  # the reporter prints instead
        f"--junitxml={scratch / 'junit.xml'}",
        "-o", "junit_suite_name=zpush-sim",
    ]  # fmt: skip
    if args.tags:
        pytest_args += ["-m", args.tags]
    if target_spec is not None:
        pytest_args += ["--target", target_spec]
    if args.admin_token:
        pytest_args += ["--admin-token", args.admin_token]
    # Results are gathered aside and replace the previous ones only once the run has
    # reports to write (as junit.xml), so that a run that ends early leaves them be.
    # allure-pytest-bdd 2.16 names a feature by its path under pytest's rootdir and
    # fails a scenario whose file lies elsewhere: such runs go without Allure.
    outside = [p for p in selected if not p.is_relative_to(project)]
    if outside:
        print(f"Allure results: not written ({outside[0]} is outside {project})")
    else:
        pytest_args += [f"--alluredir={scratch / ALLURE_RESULTS}"]
    selection = " ".join([*args.paths, *(["-m", repr(args.tags)] if args.tags else [])])
    info = run_info.gather(project, target, selection=selection)
    previous = os.getcwd()
    started = time.perf_counter()
    os.chdir(project)  # bdd_features_base_dir is relative to the checkout
    undefined = UndefinedSteps(project / FEATURES)
    pytest_errors = io.StringIO()  # pytest's own one-liners ("Exit: ...", "ERROR: ..."), reworded
    try:
        with contextlib.redirect_stderr(pytest_errors):
            code = pytest.main(pytest_args, plugins=[reporter, undefined])
    finally:
        os.chdir(previous)
    if reporter.target:
        info.target = reporter.target
        info.mode = run_info.mode_of(reporter.target)
    stopped = _stopped_before_running(code, reporter, pytest_errors.getvalue())
    if stopped is not None:
        return stopped
    for line in undefined.lines():
        print(line)
    info.duration = time.perf_counter() - started
    try:
        return _finish(code, reporter, info, report_dir, allure_dir, scratch, profiles, index)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _stopped_before_running(
    code: int | pytest.ExitCode, reporter: ScenarioReporter, errors: str
) -> int | None:
    """A run pytest ended before any scenario (a target that does not answer, a bad option).

    pytest says why in a line of its own ("Exit: target ...: does not answer", "ERROR:
    --target: ..."); that line becomes ours, one line naming the command, with exit 2.
    Otherwise its output is passed on as it came.
    """
    lines = [line for line in errors.splitlines() if line.strip()]
    if reporter.results or code not in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.USAGE_ERROR):
        sys.stderr.write(errors)
        return None
    reason = next(
        (line.split(": ", 1)[1] for line in lines if line.startswith(("Exit: ", "ERROR: "))),
        None,
    )
    if reason is None:
        sys.stderr.write(errors)
        return None
    print(f"{COMMAND}: {reason}", file=sys.stderr)
    return 2


def _finish(
    code: int | pytest.ExitCode,
    reporter: ScenarioReporter,
    info: Any,
    report_dir: Path,
    allure_dir: Path,
    scratch: Path,
    profiles: tuple[str, ...],
    index: dict[str, Any],
) -> int:
    outcomes = reporter.results
    if not outcomes:
        if code == pytest.ExitCode.INTERRUPTED or reporter.collection_errors:
            print(f"{COMMAND}: the scenarios could not be collected (see above)", file=sys.stderr)
            return 1
        print(f"{COMMAND}: no scenario ran: none matches the selection", file=sys.stderr)
        return 2
    report_files.write_all(
        report_dir, info, outcomes, profiles, {k: b.says for k, b in index.items()}
    )
    if (scratch / "junit.xml").exists():
        shutil.move(scratch / "junit.xml", report_dir / "junit.xml")
    if (scratch / ALLURE_RESULTS).is_dir():
        shutil.rmtree(allure_dir, ignore_errors=True)
        shutil.move(scratch / ALLURE_RESULTS, allure_dir)
        report_allure.write_extras(allure_dir, info)
    print(f"Reports: {report_dir} (report.html, matrix.html, cucumber.json, junit.xml)")
    print(f"Allure results: {allure_dir} (tox -e allure renders them into one HTML file)")
    if not any(o.ran for o in outcomes):
        print(
            f"{COMMAND}: no scenario ran: all {len(outcomes)} were skipped "
            "(the reasons are listed above)",
            file=sys.stderr,
        )
        return 1
    return 0 if code == pytest.ExitCode.OK else 1
