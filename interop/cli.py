"""``python -m interop``: run the interop tests against SOGo, or bring SOGo up by hand.

- ``run [PYTEST ARGS]`` (what ``tox -e interop`` calls): if this machine
  cannot run SOGo (not root, no apt), one line says why and it exits 0 --
  except in CI (``CI=true``), where that is an error. Otherwise it starts
  the stack, runs pytest on ``tests/interop`` in this process with the
  stack in ``ZPUSH_SIM_INTEROP_SOGO``, and stops the stack whatever the
  tests did; SIGTERM (tox's second interrupt) stops it too.
- ``up``: the stack until Ctrl-C, printing the EAS URL and a user, for a
  developer pointing ``zpush-sim device`` at it.
- ``check``: the preflight line only.

Must not: decide test outcomes (pytest and the tests do).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from interop import system
from interop.procs import StackError
from interop.stack import ENV_VAR, sogo_stack

ENABLE_VAR = "ZPUSH_SIM_INTEROP"
TESTS = "tests/interop"
REPORT_DIR = Path("reports")


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _stop_on_signals() -> None:
    """TERM and INT end the run through the stack's clean-up (INT even if inherited ignored)."""
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _unavailable() -> int | None:
    reason = system.preflight()
    if reason is None:
        return None
    if system.in_ci():
        print(f"interop: cannot run SOGo in CI: {reason}", file=sys.stderr)
        return 1
    print(f"interop: skipped, SOGo cannot run here: {reason}")
    return 0


def run_tests(pytest_args: list[str]) -> int:
    import pytest

    stopped = _unavailable()
    if stopped is not None:
        return stopped
    _stop_on_signals()
    try:
        with sogo_stack(REPORT_DIR) as stack:
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in stack.timings.items())
            print(f"interop: SOGo up at {stack.eas_url} ({steps})", flush=True)
            os.environ[ENV_VAR] = stack.to_json()
            os.environ[ENABLE_VAR] = "1"
            # interop is imported before pytest starts: no assertion rewriting for it
            # (it asserts nothing), so pytest's warning about that is noise.
            quiet = ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
            return int(pytest.main([*quiet, *(pytest_args or [TESTS])]))
    except StackError as exc:
        print(f"interop: SOGo did not come up: {exc}", file=sys.stderr)
        return 1


def bring_up() -> int:
    stopped = _unavailable()
    if stopped is not None:
        return stopped
    _stop_on_signals()
    try:
        with sogo_stack() as stack:
            user = stack.new_user("dev")
            print(f"SOGo EAS: {stack.eas_url}")
            print(f"CardDAV/CalDAV: {stack.dav_url}/{user.login}/")
            print(f"user {user.login} password {user.password}; Ctrl-C stops", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    except StackError as exc:
        print(f"interop: SOGo did not come up: {exc}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m interop", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="say whether SOGo can run here")
    sub.add_parser("up", help="start SOGo and wait for Ctrl-C")
    run = sub.add_parser("run", help="start SOGo, run the interop tests, stop SOGo")
    run.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed to pytest")
    args = parser.parse_args(argv)
    if args.command == "check":
        reason = system.preflight()
        print(f"interop: {'SOGo can run here' if reason is None else reason}")
        return 0 if reason is None or not system.in_ci() else 1
    if args.command == "up":
        return bring_up()
    return run_tests([a for a in args.pytest_args if a != "--"])
