"""Where a replay goes: the embedded reference server (default) or a live server.

`EmbeddedTarget` makes a fresh reference server (Z-Push mode, in-memory
SQLite) with a user of its own, and calls it in-process (no socket). Its
clock starts at the log's first timestamp, so that sync windows cut the
log's appointments as the log's server did. The items the log's server
sent are put into onOffice through the same mapping a device's Add takes
(`seed`), so that the target has the log's data to answer with.
`LiveTarget` sends real HTTP to ``--server URL`` with the given login; it
cannot be seeded.

Must not: know the log's format or compare anything.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

import requests

from eas.tree import Element
from server.app import ServerApp, create_app
from server.config import ServerConfig
from server.mapping.sources import SOURCES, ItemRejected
from server.model import User
from zpush_sim.clock import OffsetClock
from zpush_sim.network import call_wsgi

EMBEDDED_URL = "https://activesync.onoffice.de"
REPLAY_CUSTOMER = "ZPushLog"
REPLAY_PASSWORD = "replay"
# A replayed Ping or waiting Sync ends after this much real time on the embedded
# server (the log's own wait is in the log; nothing changes on the target meanwhile).
PING_REAL_LIMIT = 0.05


class Target(Protocol):
    url: str
    login: str
    password: str

    def send(self, request: requests.Request) -> tuple[int, bytes]: ...

    def seed(self, class_name: str, data: Element) -> str | None: ...

    def close(self) -> None: ...


class EmbeddedTarget:
    def __init__(self, user_name: str, start: datetime, *, strict: bool = False) -> None:
        config = ServerConfig(
            # Real time, shifted to start at the log's first request.
            clock=OffsetClock(
                (start if start.tzinfo else start.replace(tzinfo=UTC)) - datetime.now(UTC)
            ),
            strict=strict,
            ping_real_limit=PING_REAL_LIMIT,
            ping_poll_interval=PING_REAL_LIMIT / 2,
        )
        self.app: ServerApp = create_app(config)
        store = self.app.onoffice
        name = user_name.replace("_", "-") or "user"
        customer = store.add_customer(REPLAY_CUSTOMER, onoffice_sync=True)
        self.user: User = store.add_user(
            customer.id, name, REPLAY_PASSWORD, display_name=name,
            zpush=True, contacts=True, tasks=True,
        )  # fmt: skip
        self.url = EMBEDDED_URL
        self.login = f"{name}_{REPLAY_CUSTOMER}"
        self.password = REPLAY_PASSWORD

    def send(self, request: requests.Request) -> tuple[int, bytes]:
        status, _headers, body = call_wsgi(self.app, request.prepare())
        return status, body

    def seed(self, class_name: str, data: Element) -> str | None:
        source = SOURCES.get(class_name)
        if source is None:
            return None
        try:
            return source.add(self.app.onoffice, self.user, data)
        except ItemRejected:
            return None  # onOffice would not take it from a device either; the report shows it

    def close(self) -> None:
        self.app.close()


class LiveTarget:
    def __init__(self, url: str, login: str, password: str, timeout: float = 300.0) -> None:
        self.url, self.login, self.password = url.rstrip("/"), login, password
        self._session = requests.Session()
        self._timeout = timeout

    def send(self, request: requests.Request) -> tuple[int, bytes]:
        response = self._session.send(request.prepare(), timeout=self._timeout)
        return response.status_code, response.content

    def seed(self, class_name: str, data: Element) -> str | None:
        return None

    def close(self) -> None:
        self._session.close()
