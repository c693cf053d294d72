"""``zpush-sim serve``: the reference server on a real socket (uvicorn, ASGI), with the demo seeded.

The server model is `server.asgi`'s (why: see there): long polls wait on
events, ordinary commands run on a small thread pool.

The database is a file (default ``zpush-sim.sqlite3`` in the current
directory) so that sync state survives a restart, as Z-Push's state
directory does; the demo customer is seeded when the database does not
have it yet. Prints where to point a device and the demo login, then
serves until Ctrl-C.

Must not: hold server logic; it only configures and starts `server.app`.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from typing import Any

from eas.http import ACTIVESYNC_PATH
from server.app import create_app
from server.asgi import AsgiServer
from server.config import ZPUSH_PROTOCOL_VERSIONS, ServerConfig
from server.seed import DEMO_LOGIN, DEMO_PASSWORD, seed_demo
from server.seedload import load_login, seed_load
from zpush_sim.args import fail, listen_address
from zpush_sim.clock import OffsetClock
from zpush_sim.uvicorn_run import Tls, bind, uvicorn_server

DEFAULT_DB = "zpush-sim.sqlite3"
ADMIN_TOKEN_ENV = "ZPUSH_SIM_ADMIN_TOKEN"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the reference server (onOffice + Z-Push) with a demo customer",
        description="Run the reference server on a real socket with the demo customer seeded.",
    )
    parser.add_argument(
        "--host", type=listen_address, default="127.0.0.1", help="address to listen on"
    )
    parser.add_argument("--port", type=_port, default=8080, help="port (0: any free one)")
    parser.add_argument(
        "--db", default=DEFAULT_DB, metavar="FILE", help="SQLite file with the server's state"
    )
    parser.add_argument(
        "--strict", action="store_true", help="answer as the MS-AS specifications say, not Z-Push"
    )
    parser.add_argument(
        "--load-users",
        type=_count,
        default=0,
        metavar="N",
        help="also seed N load accounts (user{n}_LoadOffice{n//10}, password demo)",
    )
    parser.add_argument(
        "--versions",
        type=_versions,
        default=ZPUSH_PROTOCOL_VERSIONS,
        metavar="LIST",
        help=(
            "ActiveSync versions to offer, e.g. 12.0,12.1,14.0,14.1,16.0,16.1 "
            f"(default {','.join(ZPUSH_PROTOCOL_VERSIONS)}, as Z-Push 2.7.1)"
        ),
    )
    parser.add_argument(
        "--admin-token",
        metavar="TOKEN",
        default=os.environ.get(ADMIN_TOKEN_ENV),
        help=f"the admin token (or set {ADMIN_TOKEN_ENV}; default: a random one)",
    )
    parser.add_argument(
        "--ping-real-limit",
        type=float,
        metavar="SECONDS",
        help="end a waiting Ping after this many real seconds, whatever its heartbeat "
        "(for test runs over a socket, such as tox -e live)",
    )
    parser.add_argument(
        "--tls-cert",
        type=_readable,
        metavar="FILE",
        help="serve HTTPS with this PEM certificate chain (with --tls-key); phones that "
        "insist on SSL need it, or a TLS proxy in front",
    )
    parser.add_argument(
        "--tls-key", type=_readable, metavar="FILE", help="the PEM private key of --tls-cert"
    )
    parser.set_defaults(func=run)


def _readable(text: str) -> str:
    try:
        with open(text, "rb"):
            return text
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"cannot read {text}: {exc.strerror}") from exc


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}")
    return int(text)


def _versions(text: str) -> tuple[str, ...]:
    versions = tuple(v.strip() for v in text.split(",") if v.strip())
    try:
        return ServerConfig().offering(versions).protocol_versions
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    cert, key = getattr(args, "tls_cert", None), getattr(args, "tls_key", None)
    if (cert is None) != (key is None):
        return fail("zpush-sim serve", "--tls-cert and --tls-key go together")
    tls = None if cert is None or key is None else Tls(cert, key)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # An OffsetClock, so that a live target can move the clock (admin /api/clock).
    token = getattr(args, "admin_token", None)
    config = ServerConfig(
        db_path=args.db, strict=args.strict, clock=OffsetClock(), admin_token=token,
        ping_real_limit=getattr(args, "ping_real_limit", None),
    ).offering(getattr(args, "versions", ZPUSH_PROTOCOL_VERSIONS))  # fmt: skip
    try:
        app = create_app(config)
    except Exception as exc:  # sqlite3 errors: a directory, no permission, not a database
        print(f"zpush-sim serve: cannot open the database {args.db}: {exc}", file=sys.stderr)
        return 1
    demo = seed_demo(app.onoffice, config.clock.now())
    load_users = getattr(args, "load_users", 0)
    if load_users:
        seed_load(app.onoffice, config.clock.now(), load_users)
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        reason = "port in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
        print(
            f"zpush-sim serve: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr
        )
        app.close()
        return 1
    port = sock.getsockname()[1]
    try:
        server = uvicorn_server(AsgiServer(app), tls=tls)
        server.config.load()  # reads the certificate and key now: an error is one line
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        print(f"zpush-sim serve: cannot use the TLS certificate: {exc}", file=sys.stderr)
        sock.close()
        app.close()
        return 1
    url = f"{'http' if tls is None else 'https'}://{args.host}:{port}"
    mode = "strict (MS-AS specifications)" if args.strict else "Z-Push"
    print(f"zpush-sim reference server ({mode} mode) at {url}")
    print(f"  ActiveSync endpoint: {url}{ACTIVESYNC_PATH}")
    print(f"  ActiveSync versions offered: {','.join(config.protocol_versions)}")
    print(f"  database: {args.db} ({'seeded now' if demo.created else 'existing'})")
    print(f"  demo login: {DEMO_LOGIN} / password: {DEMO_PASSWORD}")
    if load_users:
        print(f"  load logins: {load_login(0)} .. {load_login(load_users - 1)} / password: demo")
    print(f"  admin settings page: {url}/admin?token={app.admin.token}")
    print(f"  admin JSON API: {url}/admin/api/ (header: Authorization: Bearer {app.admin.token})")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        server.run(sockets=[sock])  # uvicorn stops on Ctrl-C / SIGTERM by itself
        print("zpush-sim serve: stopped")
    finally:
        sock.close()
        app.close()
    return 0
