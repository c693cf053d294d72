"""``zpush-sim``: one argparse entry point dispatching to a module per subcommand.

Each subcommand module offers ``add_parser(subparsers)`` and sets ``func``;
a bad argument gets argparse's one-line message and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

SUBCOMMAND_MODULES = (
    "zpush_sim.cmd_serve",
    "zpush_sim.cmd_run",
    "zpush_sim.cmd_device",
    "zpush_sim.cmd_wbxml",
    "zpush_sim.cmd_admin",
    "zpush_sim.cmd_load",
    "zpush_sim.cmd_steps",
    "zpush_sim.cmd_replay",
    "zpush_sim.cmd_quirks",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zpush-sim",
        description="Simulated ActiveSync devices against a Z-Push/onOffice reference server.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("zpush-sim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (| head): nothing left to say
        sys.stderr.close()
        return 0
