"""``zpush-sim``: one argparse entry point dispatching to a module per subcommand.

Each subcommand module offers ``add_parser(subparsers)`` and sets ``func``;
a bad argument gets one line naming the subcommand and exit status 2
(`zpush_sim.args.Parser`), and every option's help shows its default.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from zpush_sim.args import Parser, show_defaults

SUBCOMMAND_MODULES = (
    "zpush_sim.cmd_serve",
    "zpush_sim.cmd_run",
    "zpush_sim.cmd_device",
    "zpush_sim.cmd_wbxml",
    "zpush_sim.cmd_admin",
    "zpush_sim.cmd_report",
    "zpush_sim.cmd_load",
    "zpush_sim.cmd_steps",
    "zpush_sim.cmd_replay",
    "zpush_sim.cmd_quirks",
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="zpush-sim",
        description="Simulated ActiveSync devices against a Z-Push/onOffice reference server.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    show_defaults(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:  # name the subcommand, as its own errors do
        prog = f"{parser.prog} {args.command}"
        parser.exit(2, f"{prog}: unrecognized arguments: {' '.join(extras)} (see {prog} --help)\n")
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("zpush-sim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (| head): nothing left to say
        sys.stderr.close()
        return 0
