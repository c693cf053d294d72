"""``zpush-sim replay LOG``: a Z-Push debug log's requests again, against a target.

    zpush-sim replay LOG [--server URL --user LOGIN --password PW | --strict]
                         [--report FILE.html] [--as PROFILE] [--gherkin [FILE]]

Byte for byte by default: each logged request is rebuilt and sent to the
embedded reference server (seeded with the log's items) or to ``--server``,
with the target's SyncKeys, PolicyKeys and ServerIds; a line per request
shows the log's answer and the target's, the first divergence marked, and
``--report`` writes the decoded conversation as HTML. ``--as PROFILE``
replays the user's actions through one of our device profiles instead.
``--gherkin`` writes a scenario skeleton (to FILE, or stdout) and replays
nothing. A log this cannot read: one line naming the line, exit 2.

Must not: parse, replay or compare itself (`zpush_sim.replay` does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.profile import known_profiles
from zpush_sim.replay.gherkin import skeleton
from zpush_sim.replay.html import render, text_lines
from zpush_sim.replay.replayer import Replayer
from zpush_sim.replay.targets import EmbeddedTarget, LiveTarget, Target
from zpush_sim.replay.zlog import LogError, read_log


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay",
        help="replay a Z-Push debug log against a server and compare the answers",
        description="Replay the requests of a Z-Push debug log (LOGLEVEL_WBXML) against a target.",
    )
    parser.add_argument("log", metavar="LOG", help="a Z-Push debug log (z-push.log)")
    parser.add_argument("--server", metavar="URL", help="a live server (default: the embedded one)")
    parser.add_argument("--user", metavar="LOGIN", help="login on --server")
    parser.add_argument("--password", metavar="PW", help="password on --server")
    parser.add_argument("--report", metavar="FILE", help="write the HTML report here")
    parser.add_argument(
        "--strict", action="store_true",
        help="the embedded server answers as the MS-AS specifications say, not as Z-Push",
    )  # fmt: skip
    parser.add_argument(
        "--as", dest="profile", metavar="PROFILE",
        help=f"replay the user's actions through a profile: {', '.join(known_profiles())}",
    )  # fmt: skip
    parser.add_argument(
        "--gherkin", nargs="?", const="-", metavar="FILE",
        help="write a scenario skeleton (default: stdout) instead of replaying",
    )  # fmt: skip
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"zpush-sim replay: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    if args.server and not (args.user and args.password):
        return _fail("--server needs --user and --password")
    if args.server and args.strict:
        return _fail("--strict is for the embedded server; a live server answers as it does")
    if args.profile and args.profile not in known_profiles():
        return _fail(f"unknown profile {args.profile!r}; known: {', '.join(known_profiles())}")
    try:
        logged = read_log(args.log)
    except LogError as exc:
        return _fail(f"{args.log}: {exc}")
    if args.gherkin:
        text = skeleton(logged, Path(args.log).name)
        if args.gherkin == "-":
            sys.stdout.write(text)
        else:
            Path(args.gherkin).write_text(text, encoding="utf-8")
            print(f"scenario skeleton: {args.gherkin}")
        return 0
    target: Target = (
        LiveTarget(args.server, args.user, args.password)
        if args.server
        else EmbeddedTarget(logged[0].user, logged[0].time, strict=args.strict)
    )
    try:
        if args.profile:
            from zpush_sim.replay.asprofile import replay_as  # only this mode needs the simulator

            lines = replay_as(logged, target, args.profile)
            print("\n".join(lines))
            return 0
        result = Replayer(logged, target).run()
    finally:
        target.close()
    print("\n".join(text_lines(result)))
    if args.report:
        Path(args.report).write_text(render(result, f"Replay of {args.log}"), encoding="utf-8")
        print(f"report: {args.report}")
    return 0
