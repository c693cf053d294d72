"""The WSGI application: `create_app(config)`, routing, and the last-resort guard.

Routes (paths compared case-insensitively, since phones ask for both
``/Autodiscover/Autodiscover.xml`` and ``/autodiscover/autodiscover.xml``):
``/Microsoft-Server-ActiveSync`` -> `server.activesync`,
``/autodiscover/autodiscover.xml`` -> `server.autodiscover`, anything
else 404. Nothing is built at import time: each `create_app` call opens its
own database.

Last resort: an exception that escapes a handler is a bug. It is logged
with its traceback (logger ``zpush_sim.server``), counted in
`ServerApp.unhandled_errors` (tests assert it stays 0) and answered with a
bare 500 in both modes: MS-ASHTTP 2.2.2.1.1 lists 500 for an unexpected
server condition, so even strict mode may give it, and a 503 would only
make devices retry a bug. No traceback ever reaches the client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from eas.autodiscover import AUTODISCOVER_PATH
from eas.http import ACTIVESYNC_PATH
from server.activesync import ActiveSync
from server.autodiscover import Autodiscover
from server.config import ServerConfig
from server.responses import Response, error
from server.store.db import Database
from server.store.onoffice import OnOfficeStore
from server.store.syncstate import SyncStateStore

log = logging.getLogger("zpush_sim.server")

StartResponse = Callable[..., Any]


class ServerApp:
    """A WSGI callable that also exposes its stores to tests and steps."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.db = Database(config.db_path)
        self.onoffice = OnOfficeStore(self.db)
        self.sync_state = SyncStateStore(self.db)
        self.unhandled_errors = 0
        activesync = ActiveSync(config, self.onoffice, self.sync_state)
        autodiscover = Autodiscover(config, self.onoffice)
        self.routes: dict[str, Callable[[dict[str, Any]], Response]] = {
            ACTIVESYNC_PATH.lower(): activesync,
            AUTODISCOVER_PATH.lower(): autodiscover,
        }

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.respond(environ)
        except Exception:
            self.unhandled_errors += 1
            log.exception(
                "unhandled error in %s %s?%s",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                environ.get("QUERY_STRING", ""),
            )
            response = error(500)
        start_response(response.status_line, response.wsgi_headers())
        return [response.body]

    def respond(self, environ: dict[str, Any]) -> Response:
        path = str(environ.get("PATH_INFO", "")).lower()
        handler = self.routes.get(path)
        if handler is None:
            return error(404)
        return handler(environ)

    def close(self) -> None:
        self.db.close()


def create_app(config: ServerConfig | None = None) -> ServerApp:
    return ServerApp(config if config is not None else ServerConfig())
