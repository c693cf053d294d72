"""``python -m zpush_sim.targets.live``: the scenario suite against live targets (tox -e live).

1. ``serve``: starts ``zpush-sim serve`` on a free loopback port (in-memory
   database, a fixed admin token, a short real-time cap on a waiting Ping)
   and runs the scenarios against it over the socket, one at a time (one
   server clock);
2. ``sogo``: when this machine can run SOGo (root and apt, `interop.system`),
   brings it up with `interop.stack` as ``tox -e interop`` does and runs the
   scenarios with the ``sogo`` target (`interop.target`: ``dav`` with an
   account of its own per scenario).

Each run's JUnit XML is read back and checked against
``tests/live/expected.toml``: no failure; against serve at least the given
share passed and at most so many skipped; against SOGo every scenario
without a ``@needs-`` tag (counted in the features) passed and every skip
names a capability. Prints one line of figures per target;
exits non-zero when a check fails.

Must not: decide outcomes itself (pytest runs the scenarios) or leave a
server running (each is stopped by its PID).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from pytest_bdd.feature import get_features

EXPECTED = Path("tests/live/expected.toml")
REPORTS = Path("reports")
TOKEN = "live-admin-token"
SCENARIOS = "features"


@dataclass
class Outcome:
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # test -> reason
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return len(self.passed) + len(self.failed) + len(self.skipped)


def read_junit(path: Path, seconds: float) -> Outcome:
    outcome = Outcome(seconds=seconds)
    for case in ElementTree.parse(path).iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        if "test_behaviour_index" in name:
            continue  # the index checks, not scenarios
        skipped = case.find("skipped")
        if case.find("failure") is not None or case.find("error") is not None:
            outcome.failed.append(name)
        elif skipped is not None:
            outcome.skipped[name] = skipped.get("message", "")
        else:
            outcome.passed.append(name)
    return outcome


def run_pytest(label: str, target_args: list[str], extra: list[str]) -> Outcome:
    REPORTS.mkdir(exist_ok=True)
    junit = REPORTS / f"live-{label}.xml"
    command = [sys.executable, "-m", "pytest", SCENARIOS, "-q", "-p", "no:cacheprovider",
               "-rfs", f"--junitxml={junit}", *target_args, *extra]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, check=False)
    return read_junit(junit, time.monotonic() - started)


@contextmanager
def serve() -> Iterator[str]:
    """``zpush-sim serve`` on a free port until the block ends; its URL."""
    command = [sys.executable, "-m", "zpush_sim", "serve", "--port", "0", "--db", ":memory:",
               "--admin-token", TOKEN, "--ping-real-limit", "0.2"]  # fmt: skip
    REPORTS.mkdir(exist_ok=True)
    log = (REPORTS / "live-serve.log").open("w")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        found = re.search(r"at (http://\S+)", first)
        if found is None:
            raise RuntimeError(f"zpush-sim serve did not start: {first!r}")
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def check_serve(outcome: Outcome, expected: dict[str, float]) -> list[str]:
    problems = [f"failed: {name}" for name in outcome.failed]
    share = len(outcome.passed) / max(outcome.total, 1)
    if share < expected["passed_at_least"]:
        problems.append(f"only {share:.1%} passed (expected {expected['passed_at_least']:.0%})")
    if len(outcome.skipped) > expected["skipped_at_most"]:
        problems.append(f"{len(outcome.skipped)} skipped (at most {expected['skipped_at_most']})")
    return problems + _unnamed_skips(outcome)


def generic_scenarios(features: Path = Path(SCENARIOS)) -> int:
    """How many scenarios (outline rows counted) carry no ``@needs-`` tag: the generic ones."""
    count = 0
    for feature in get_features(sorted(str(p) for p in features.glob("*.feature"))):
        for template in feature.scenarios.values():
            tags = template.tags | feature.tags
            if not template.examples:
                count += _generic(tags)
            for block in template.examples:
                count += _generic(tags | block.tags) * len(list(block.as_contexts()))
    return count


def _generic(tags: set[str]) -> int:
    return 0 if any(tag.startswith("needs-") for tag in tags) else 1


def check_sogo(outcome: Outcome) -> list[str]:
    """Every generic scenario (no @needs- tag) passed; every skip came from a tag."""
    problems = [f"failed: {name}" for name in outcome.failed]
    generic = generic_scenarios()
    if len(outcome.passed) < generic:
        problems.append(
            f"only {len(outcome.passed)} scenarios passed against SOGo; {generic} are generic"
        )
    # A tag's skip reads "needs capability 'x'; target ..."; a step's reads
    # "needs capability 'x' (what it was doing); ...": that scenario lacks its tag.
    untagged = [
        n for n, r in outcome.skipped.items() if re.search(r"needs capability '[^']+' \(", r)
    ]
    problems += [f"skipped by a step, not by a @needs- tag: {name}" for name in untagged]
    return problems + _unnamed_skips(outcome)


def _unnamed_skips(outcome: Outcome) -> list[str]:
    return [
        f"skipped without naming a capability: {name}: {reason}"
        for name, reason in outcome.skipped.items()
        if "needs capability" not in reason
    ]


def figures(label: str, outcome: Outcome) -> str:
    return (
        f"live {label}: {outcome.total} scenarios, {len(outcome.passed)} passed, "
        f"{len(outcome.failed)} failed, {len(outcome.skipped)} skipped in {outcome.seconds:.0f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zpush_sim.targets.live")
    parser.add_argument("--only", choices=("serve", "sogo"))
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    expected = tomllib.loads(EXPECTED.read_text())
    extra = [a for a in args.pytest_args if a != "--"]
    problems: list[str] = []
    if args.only in (None, "serve"):
        with serve() as url:
            outcome = run_pytest("serve", ["--target", f"serve:{url}", "--admin-token", TOKEN], extra)  # fmt: skip # noqa: E501
        print(figures("serve", outcome), flush=True)
        problems += [f"serve: {p}" for p in check_serve(outcome, expected["serve"])]
    if args.only in (None, "sogo"):
        problems += run_sogo(extra)
    for problem in problems:
        print(f"live: {problem}", file=sys.stderr)
    return 1 if problems else 0


def run_sogo(extra: list[str]) -> list[str]:
    from interop import system
    from interop.stack import ENV_VAR, sogo_stack

    reason = system.preflight()
    if reason is not None:
        if system.in_ci():
            return [f"sogo: cannot run SOGo in CI: {reason}"]
        print(f"live sogo: skipped, SOGo cannot run here: {reason}")
        return []
    if ENV_VAR in os.environ:  # a SOGo already running (python -m interop up, say)
        outcome = run_pytest("sogo", ["--target", "sogo"], extra)
    else:
        with sogo_stack(REPORTS) as stack:
            os.environ[ENV_VAR] = stack.to_json()
            outcome = run_pytest("sogo", ["--target", "sogo"], extra)
    print(figures("sogo", outcome), flush=True)
    return [f"sogo: {p}" for p in check_sogo(outcome)]


if __name__ == "__main__":
    sys.exit(main())
