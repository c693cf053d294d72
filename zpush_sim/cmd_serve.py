"""``zpush-sim serve``: the reference server on a real socket (waitress), with the demo seeded.

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

from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from eas.http import ACTIVESYNC_PATH
from server.app import create_app
from server.config import ServerConfig
from server.seed import DEMO_LOGIN, DEMO_PASSWORD, seed_demo
from zpush_sim.clock import OffsetClock

DEFAULT_DB = "zpush-sim.sqlite3"
ADMIN_TOKEN_ENV = "ZPUSH_SIM_ADMIN_TOKEN"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the reference server (onOffice + Z-Push) with a demo customer",
        description="Run the reference server on a real socket with the demo customer seeded.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_port, default=8080, help="port (0: any free one)")
    parser.add_argument(
        "--db", default=DEFAULT_DB, metavar="FILE", help=f"SQLite file (default {DEFAULT_DB})"
    )
    parser.add_argument(
        "--strict", action="store_true", help="answer as the MS-AS specifications say, not Z-Push"
    )
    parser.add_argument(
        "--admin-token",
        metavar="TOKEN",
        default=os.environ.get(ADMIN_TOKEN_ENV),
        help=f"the admin token (or set {ADMIN_TOKEN_ENV}; default: a random one)",
    )
    parser.set_defaults(func=run)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # An OffsetClock, so that a live target can move the clock (admin /api/clock).
    token = getattr(args, "admin_token", None)
    config = ServerConfig(
        db_path=args.db, strict=args.strict, clock=OffsetClock(), admin_token=token
    )
    try:
        app = create_app(config)
    except Exception as exc:  # sqlite3 errors: a directory, no permission, not a database
        print(f"zpush-sim serve: cannot open the database {args.db}: {exc}", file=sys.stderr)
        return 1
    demo = seed_demo(app.onoffice, config.clock.now())
    try:
        server = create_server(app, host=args.host, port=args.port)
    except OSError as exc:
        reason = "port in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
        print(
            f"zpush-sim serve: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr
        )
        app.close()
        return 1
    port = bound_port(server)
    url = f"http://{args.host}:{port}"
    mode = "strict (MS-AS specifications)" if args.strict else "Z-Push"
    print(f"zpush-sim reference server ({mode} mode) at {url}")
    print(f"  ActiveSync endpoint: {url}{ACTIVESYNC_PATH}")
    print(f"  database: {args.db} ({'seeded now' if demo.created else 'existing'})")
    print(f"  demo login: {DEMO_LOGIN} / password: {DEMO_PASSWORD}")
    print(f"  admin settings page: {url}/admin?token={app.admin.token}")
    print(f"  admin JSON API: {url}/admin/api/ (header: Authorization: Bearer {app.admin.token})")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        print("zpush-sim serve: stopped")
    finally:
        server.close()
        app.close()
    return 0


def bound_port(server: BaseWSGIServer | MultiSocketServer) -> int:
    """The port a waitress server listens on (the real one when asked for port 0)."""
    if isinstance(server, BaseWSGIServer):
        return int(server.getsockname()[1])
    return int(server.effective_listen[0][1])
