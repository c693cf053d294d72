"""``zpush-sim load``: many simulated phones against a server, as Locust users.

Targets: none given -> the embedded reference server (``zpush-sim serve``
started here as a child process on a free loopback port, seeded with
``--accounts`` load users, stopped at the end); ``--server URL`` (or
``--target KIND:URL``, the suite's spelling) -> that server, ``serve`` or
a live Z-Push, whose accounts follow ``--login`` (``{n}``: the user's
number, ``{office}``: n // 10) and ``--password``.

Locust runs in a child process (``python -m locust``, with
`zpush_sim.load.locustfile`): it patches the standard library with
gevent, which this process must not get. Headless always, with Locust's
CSV (``--csv PREFIX``) and HTML report (``--html FILE``); ``--master`` /
``--worker`` are Locust's own distributed mode (``--expect-workers``,
``--master-host``), so load scales past one machine. At the end the
figures are printed from the CSV: devices held, requests/s and
p50/p95/p99 by command, errors by status.

Must not: build requests (the phones do) or hold server logic.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from zpush_sim.load.mix import MixError, parse_mix

DEFAULT_PREFIX = "reports/load"
# By path, never imported here: importing it imports Locust, which patches this process.
LOCUSTFILE = Path(__file__).parent / "load" / "locustfile.py"
_DURATION = re.compile(r"^(\d+h)?(\d+m)?(\d+s)?$")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "load",
        help="many simulated phones against a server, as Locust users (headless or distributed)",
        description="Run the device profiles as Locust users against a server and print figures.",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--server", metavar="URL", type=_url, help="serve's or a live server's URL")
    target.add_argument(
        "--target",
        metavar="KIND[:URL]",
        type=_target,
        help="embedded, or KIND:URL (e.g. serve:URL)",
    )
    parser.add_argument("--users", type=_positive_int, default=10, help="phones (default 10)")
    parser.add_argument(
        "--spawn-rate", type=_positive_float, default=5.0, help="phones started per second"
    )
    parser.add_argument(
        "--run-time", type=_duration, default="1m", help="duration: 30s, 5m, 1h30m (default 1m)"
    )
    parser.add_argument(
        "--profiles", type=_mix, default="ios", help="profile mix, e.g. ios:3,android:2,thunderbird"
    )
    parser.add_argument(
        "--edit-rate", type=_non_negative_float, default=0.0, help="edits per phone per minute"
    )
    parser.add_argument(
        "--heartbeat", type=_positive_int, default=None, help="Ping heartbeat in s (profile's)"
    )
    parser.add_argument(
        "--accounts", type=_positive_int, default=None, help="accounts to spread phones over"
    )
    parser.add_argument("--login", default=None, help="login template, e.g. 'user{n}_Office'")
    parser.add_argument("--password", default=None, help="password of the load accounts")
    parser.add_argument(
        "--csv", dest="csv_prefix", default=DEFAULT_PREFIX, metavar="PREFIX", help="CSV prefix"
    )
    parser.add_argument("--html", default=None, metavar="FILE", help="HTML report (PREFIX.html)")
    role = parser.add_mutually_exclusive_group()
    role.add_argument("--master", action="store_true", help="be Locust's master")
    role.add_argument("--worker", action="store_true", help="be a Locust worker")
    parser.add_argument("--expect-workers", type=_positive_int, default=1, metavar="N")
    parser.add_argument("--master-host", default="127.0.0.1", metavar="HOST")
    parser.add_argument("--master-port", type=_positive_int, default=5557, metavar="PORT")
    parser.set_defaults(func=run)


def _url(text: str) -> str:
    if not re.match(r"^https?://[^/\s]+", text):
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {text!r}")
    return text.rstrip("/")


def _target(text: str) -> str:
    kind, _, url = text.partition(":")
    if kind == "embedded" and not url:
        return ""
    if not url:
        raise argparse.ArgumentTypeError(f"{text!r}: give embedded, or KIND:URL")
    return _url(url)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number above 0: {text!r}")
    return int(text)


def _positive_float(text: str) -> float:
    value = _non_negative_float(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of 0 or more: {text!r}")
    return value


def _duration(text: str) -> str:
    if not text or not _DURATION.match(text):
        raise argparse.ArgumentTypeError(f"not a duration like 30s, 5m or 1h30m: {text!r}")
    return text


def _mix(text: str) -> str:
    try:
        parse_mix(text)
    except MixError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def run(args: argparse.Namespace) -> int:
    if args.worker:
        return _locust(args, host=None)
    url = args.server or args.target or None
    if url is not None:
        return _locust(args, host=url)
    with tempfile.TemporaryDirectory(prefix="zpush-sim-load-") as scratch:
        server = _start_embedded(args, Path(scratch) / "load.sqlite3")
        if server is None:
            return 1
        process, url = server
        try:
            return _locust(args, host=url)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _start_embedded(args: argparse.Namespace, db: Path) -> tuple[subprocess.Popen[str], str] | None:
    accounts = args.accounts or args.users
    command = [sys.executable, "-m", "zpush_sim", "serve", "--port", "0", "--db", str(db)]
    command += ["--load-users", str(accounts)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r" at (http://\S+)$", line.strip())
        if found:
            print(f"zpush-sim load: embedded reference server at {found.group(1)}", flush=True)
            return process, found.group(1)
    print("zpush-sim load: the embedded server did not start", file=sys.stderr)
    process.wait()
    return None


def _locust(args: argparse.Namespace, host: str | None) -> int:
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--loglevel", "WARNING"]
    if args.worker:
        command += ["--worker", "--master-host", args.master_host]
        command += ["--master-port", str(args.master_port)]
        return subprocess.call(command)
    assert host is not None
    Path(args.csv_prefix).parent.mkdir(parents=True, exist_ok=True)
    html = args.html or f"{args.csv_prefix}.html"
    command += ["--headless", "--host", host, "-u", str(args.users)]
    command += ["-r", str(args.spawn_rate), "-t", args.run_time, "--only-summary"]
    command += ["--csv", args.csv_prefix, "--html", html]
    command += ["--profiles", args.profiles, "--edit-rate", str(args.edit_rate)]
    command += ["--accounts", str(args.accounts or args.users)]
    if args.heartbeat:
        command += ["--heartbeat", str(args.heartbeat)]
    if args.login:
        command += ["--login", args.login]
    if args.password:
        command += ["--password", args.password]
    if args.master:
        command += ["--master", "--expect-workers", str(args.expect_workers)]
        command += ["--master-bind-port", str(args.master_port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    code = subprocess.call(command, env=env, stdout=subprocess.DEVNULL)
    print_figures(args.csv_prefix)
    print(f"zpush-sim load: CSV {args.csv_prefix}_stats.csv, HTML {html}")
    return code


def print_figures(prefix: str) -> None:
    """Devices held, requests/s and p50/p95/p99 by command, errors by status (from the CSVs)."""
    for line in figures(prefix):
        print(line)


def figures(prefix: str) -> list[str]:
    lines: list[str] = []
    devices = Path(f"{prefix}_devices.csv")
    if devices.exists():
        with devices.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                lines.append(f"{row['figure']}: {row['value']}")
    stats = Path(f"{prefix}_stats.csv")
    if stats.exists():
        lines.append(
            f"{'command':<16}{'requests':>9}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}  ms"
        )
        with stats.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                lines.append(
                    f"{row['Name']:<16}{row['Request Count']:>9}{float(row['Requests/s']):>8.1f}"
                    f"{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}"
                )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        lines.append("errors: none" if not rows else "errors by status:")
        lines += [f"  {r['Name']}: {r['Error']} x{r['Occurrences']}" for r in rows]
    return lines
