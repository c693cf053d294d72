"""The WSGI application: `create_app(config)`, routing, and the last-resort guard.

Routes (paths compared case-insensitively, since phones ask for both
``/Autodiscover/Autodiscover.xml`` and ``/autodiscover/autodiscover.xml``):
``/Microsoft-Server-ActiveSync`` -> `server.activesync`,
``/autodiscover/autodiscover.xml`` -> `server.autodiscover`, ``/admin``
and below -> `server.admin` (token required; onOffice's side, so not
under Z-Push's maintenance), anything else 404. Nothing is built at
import time: each `create_app` call opens its own database.

Maintenance (B-MAINT-1): while `ServerApp.maintenance` is on, every request
is answered 503 with ``Retry-After`` (Z-Push's ServiceUnavailableException,
RETRY_AFTER_DELAY; eas-facts 1 #7), in both modes. The switch is a flag
in the database, so that ``zpush-sim admin maintenance on`` reaches a
running ``serve`` that shares its file.

Database busy: another process holding the SQLite file past
``ServerConfig.db_busy_timeout`` is a 503 with Retry-After, in both modes.

Last resort: an exception that escapes a handler is a bug. It is logged
with its traceback (logger ``zpush_sim.server``), counted in
`ServerApp.unhandled_errors` (tests assert it stays 0) and answered with a
bare 500 in both modes: MS-ASHTTP 2.2.2.1.1 lists 500 for an unexpected
server condition, so even strict mode may give it, and a 503 would only
make devices retry a bug. No traceback ever reaches the client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from eas.autodiscover import AUTODISCOVER_PATH
from eas.http import ACTIVESYNC_PATH, RETRY_AFTER
from server.activesync import ActiveSync, Waiting
from server.admin.app import Admin
from server.autodiscover import Autodiscover
from server.config import ServerConfig
from server.requestlog import RequestLog
from server.responses import Response, error
from server.store.db import Database, DatabaseBusy
from server.store.devices import MAINTENANCE_FLAG
from server.store.onoffice import OnOfficeStore
from server.store.syncstate import SyncStateStore

log = logging.getLogger("zpush_sim.server")

StartResponse = Callable[..., Any]
R = TypeVar("R")


class ServerApp:
    """A WSGI callable that also exposes its stores to tests and steps."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.db = Database(config.db_path, config.db_busy_timeout)
        self.onoffice = OnOfficeStore(self.db, config.rules, config.clock)
        self.sync_state = SyncStateStore(self.db, config.clock)
        self.unhandled_errors = 0
        self.request_log = RequestLog()  # what the server received (server.requestlog)
        if config.maintenance:
            self.maintenance = True
        self.activesync = activesync = ActiveSync(config, self.onoffice, self.sync_state)
        self.autodiscover = autodiscover = Autodiscover(config, self.onoffice)
        self.admin = Admin(
            self.onoffice,
            config.admin_token,
            limits=config.input_limits,
            log=self.request_log,
            server=self,
        )
        self.routes: dict[str, Callable[[dict[str, Any]], Response | Waiting]] = {
            ACTIVESYNC_PATH.lower(): activesync,
            AUTODISCOVER_PATH.lower(): autodiscover,
        }

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        tap = self.request_log.tap(environ)
        response = self.guarded(environ, lambda: self.wait_here(self.respond(environ)))
        self.request_log.record(environ, response.status, tap.kept)
        start_response(response.status_line, response.wsgi_headers())
        return [response.body]

    def guarded(self, environ: Mapping[str, Any], work: Callable[[], R]) -> R | Response:
        """``work()``, or a 503 when the database is busy, or the last resort's bare 500
        if it raised (logged, counted)."""
        try:
            return work()
        except DatabaseBusy as exc:
            # Another process holds the database (issue 13): a retryable 503, both modes.
            log.warning("database busy, answering 503: %s", exc)
            return error(503, ((RETRY_AFTER, str(self.config.retry_after)),))
        except Exception:
            self.unhandled_errors += 1
            log.exception(
                "unhandled error in %s %s?%s",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                environ.get("QUERY_STRING", ""),
            )
            return error(500)

    def wait_here(self, outcome: Response | Waiting) -> Response:
        """A long poll waits on this thread (WSGI: one thread per request anyway)."""
        if isinstance(outcome, Response):
            return outcome
        config = self.config
        return outcome.block(
            self.activesync.pings, config.clock, config.ping_poll_interval, config.ping_real_limit
        )

    def respond(self, environ: dict[str, Any]) -> Response | Waiting:
        """The answer, or a long poll whose answer comes when it ends (`server.pingwait`)."""
        path = str(environ.get("PATH_INFO", "")).lower()
        if path == "/admin" or path.startswith("/admin/"):
            return self.admin(environ)
        handler = self.routes.get(path)
        if handler is None:
            return error(404)
        if self.maintenance:
            log.info("maintenance: 503 for %s %s", environ.get("REQUEST_METHOD"), path)
            return error(503, ((RETRY_AFTER, str(self.config.retry_after)),))
        return handler(environ)

    @property
    def maintenance(self) -> bool:
        """B-MAINT-1: the server answers 503 + Retry-After while this is on."""
        return self.sync_state.flag(MAINTENANCE_FLAG) == "on"

    @maintenance.setter
    def maintenance(self, on: bool) -> None:
        self.sync_state.set_flag(MAINTENANCE_FLAG, "on" if on else "off")

    def offer_versions(self, versions: tuple[str, ...]) -> None:
        """Offer these ActiveSync versions from now on (a scenario's server setting).

        Devices learn it from the next OPTIONS, or from X-MS-RP on their next
        request (`server.activesync`).
        """
        self.reconfigure(self.config.offering(versions))

    def reconfigure(self, config: ServerConfig) -> None:
        """Run with these settings from the next request on (``/admin/api/settings``)."""
        self.config = config
        self.activesync.config = config
        self.autodiscover.config = config

    def close(self) -> None:
        self.db.close()


def create_app(config: ServerConfig | None = None) -> ServerApp:
    return ServerApp(config if config is not None else ServerConfig())
