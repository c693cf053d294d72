"""``zpush-sim device``: one simulated device against any EAS server, step by step.

``zpush-sim device PROFILE --server URL --email ADDR --password PW
[--manual-server HOST] [--user LOGIN] [--sync] [--seed S] [-q|-v]``: the device adds the
account as its real counterpart does (autodiscover, or the manual form
with ``--manual-server``), then with ``--sync`` synchronises once. Every
host name the device asks for is sent to ``--server`` (like an
/etc/hosts entry), so autodiscover and the server it announces both reach
that server. Each step prints what the user would see, then a line per
request (``--verbose``: the decoded EAS exchange, WBXML as XML, the
password hidden; ``--quiet``: no requests). Errors go to stderr in one
line naming the URL given, so that a refused connection is not mistaken
for the host name the device asked for.

Must not: hold device logic; it only drives `simulator.device.Device`.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
from typing import Any

from simulator.device import Device
from simulator.profile import QUIRKS, ProfileError, known_profiles
from zpush_sim.args import http_url
from zpush_sim.clock import SystemClock
from zpush_sim.hosts import HostsSession


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "device",
        help="run one simulated device against a server, printing the EAS exchange",
        description="Set up one simulated device's account against SERVER and optionally sync.",
    )
    parser.add_argument("profile", metavar="PROFILE", help=f"one of: {', '.join(known_profiles())}")
    parser.add_argument(
        "--server",
        required=True,
        type=http_url,
        metavar="URL",
        help="the server every host name goes to, e.g. http://127.0.0.1:8080",
    )
    parser.add_argument(
        "--email", required=True, metavar="ADDR", help="the address the user types in"
    )
    parser.add_argument("--password", required=True, metavar="PW", help="the user's password")
    parser.add_argument(
        "--manual-server", metavar="HOST", help="use the manual form with this server"
    )
    parser.add_argument(
        "--user", metavar="LOGIN", help="login for the manual form; without it, ADDR"
    )
    parser.add_argument("--sync", action="store_true", help="synchronise once after the set-up")
    parser.add_argument(
        "--seed",
        default=None,
        help="seed of the DeviceId: the same seed is the same device (default: a fresh one)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "-q", "--quiet", action="store_true", help="print only the steps and what the device shows"
    )
    output.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print every request and answer in full (headers, decoded WBXML); "
        "by default one line each",
    )
    parser.add_argument(
        "--quirk", action="append", default=[], metavar="NAME",
        help="switch a known device bug on (repeatable; zpush-sim quirks lists them)",
    )  # fmt: skip
    parser.set_defaults(func=run)


def _show(device: Device, since: int, args: argparse.Namespace) -> int:
    """Print the exchanges from SINCE on: in full with --verbose, one line each by default."""
    exchanges = list(device.conversation)[since:]
    if args.verbose:
        text = device.conversation.format(since)
        if text:
            print(text)
    elif not args.quiet:
        for x in exchanges:
            answer = f"no answer: {x.error}" if x.error is not None else f"{x.status} {x.reason}"
            print(f"--> {x.method} {x.url}  <-- {answer.rstrip()}")
    return len(device.conversation)


def _rng(seed: str | None) -> tuple[random.Random, str]:
    """The DeviceId's source and how the output names it.

    Without ``--seed`` every run is a new device: a fixed default would send
    the same DeviceId each time, and a live Z-Push's loop detection takes the
    reruns for a looping device and cuts each response to one item.
    """
    if seed is None:
        return random.Random(secrets.randbits(64)), "a fresh DeviceId (use --seed to repeat one)"
    return random.Random(seed), f"the DeviceId of --seed {seed!r} (the same every run)"


def run(args: argparse.Namespace) -> int:
    session = HostsSession({"*": args.server})
    rng, which = _rng(args.seed)
    try:
        device = Device(args.profile, clock=SystemClock(), rng=rng, session=session)
    except ProfileError as exc:
        print(f"zpush-sim device: {exc}", file=sys.stderr)
        return 2
    for name in args.quirk:
        if name not in QUIRKS:
            print(
                f"zpush-sim device: unknown quirk {name!r}; see zpush-sim quirks", file=sys.stderr
            )
            return 2
        device.add_quirk(name)
    if args.quirk:
        print(f"== Quirks switched on: {', '.join(args.quirk)}")
    print(f"== {device.profile.description}, DeviceId {device.device_id}: {which}")
    if args.manual_server:
        print(f"== Adding {args.email} by hand, server {args.manual_server}")
        outcome = device.add_account_manually(
            args.email, args.manual_server, args.password, user=args.user
        )
    else:
        print(f"== Adding {args.email} with its password (autodiscover)")
        outcome = device.add_exchange_account(args.email, args.password)
    seen = _show(device, 0, args)
    print(f"== The device shows: {outcome.shown} ({outcome.detail})")
    if not outcome.verified:
        print(
            f"zpush-sim device: the account was not set up against {args.server} "
            f"(every host name goes there): {outcome.shown}",
            file=sys.stderr,
        )
        return 1
    if not args.sync:
        return 0
    print("== Sync now")
    report = device.sync()
    _show(device, seen, args)
    for folder in report.folders:
        state = "complete" if folder.complete else folder.error or "incomplete"
        print(
            f"== {folder.display_name}: {folder.added} added, {folder.changed} changed, "
            f"{folder.deleted} deleted in {folder.rounds} rounds ({state})"
        )
    if report.error is not None:
        print(f"== Sync failed: {report.error}")
        print(
            f"zpush-sim device: sync against {args.server} failed: {report.error}", file=sys.stderr
        )
        return 1
    return 0 if report.ok else 1
