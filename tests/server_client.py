"""Test helper: the reference server in-process, called through `wsgiref.validate`.

`Client` builds PEP 3333 environs with the standard library, sends EAS
requests built with `eas.commands` and `eas.wbxml`, and returns plain
`Reply` values. Like a real device it provisions before its first
command (phase 1 and 2 of MS-ASPROV) and then sends ``X-MS-PolicyKey``;
``auto_provision=False`` leaves that to the test. Not a test module (no
``test_`` prefix): the server tests import it.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

from waitress import wasyncore
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from eas import wbxml
from eas.commands.foldersync import FolderSyncRequest, FolderSyncResponse
from eas.commands.provision import PolicyResponse, ProvisionRequest, ProvisionResponse
from eas.commands.settings import DeviceInformation
from eas.commands.sync import CollectionRequest, SyncRequest, SyncResponse
from eas.http import ACTIVESYNC_PATH, basic_authorization
from eas.tree import Element
from server.app import ServerApp, create_app
from server.config import ServerConfig
from server.model import User
from server.seed import DEMO_CUSTOMER, DEMO_LOGIN, DEMO_PASSWORD, DEMO_USER, seed_demo

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FixedClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


def demo_app(*, strict: bool = False, db_path: str = ":memory:", **config: Any) -> ServerApp:
    app = create_app(ServerConfig(db_path=db_path, strict=strict, clock=FixedClock(), **config))
    seed_demo(app.onoffice, NOW)
    return app


def demo_user(app: ServerApp) -> User:
    user = app.onoffice.find_user(DEMO_USER, DEMO_CUSTOMER)
    assert user is not None
    return user


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]  # names lower-cased
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def tree(self) -> Element:
        return wbxml.decode(self.body)


class Client:
    def __init__(
        self,
        app: ServerApp,
        login: str | None = DEMO_LOGIN,
        password: str = DEMO_PASSWORD,
        device_id: str = "ABCDEF0123456789ABCDEF0123",
        device_type: str = "iPhone",
        *,
        auto_provision: bool = True,
    ) -> None:
        self.app = app
        self.auto_provision = auto_provision
        self.policy_key: int | None = None
        self.wsgi = validator(app)
        self.login = login
        self.password = password
        self.device_id = device_id
        self.device_type = device_type

    def request(
        self,
        method: str,
        path: str,
        *,
        query: str = "",
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
    ) -> Reply:
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        }
        if auth and self.login is not None:
            environ["HTTP_AUTHORIZATION"] = basic_authorization(self.login, self.password)
        for name, value in (headers or {}).items():
            key = name.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
        setup_testing_defaults(environ)
        captured: dict[str, Any] = {}

        def start_response(
            status: str, response_headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            captured["status"] = int(status.split()[0])
            captured["headers"] = {k.lower(): v for k, v in response_headers}
            return lambda data: None

        result: Iterable[bytes] = self.wsgi(environ, start_response)
        try:
            body_out = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return Reply(captured["status"], captured["headers"], body_out)

    def query(self, cmd: str, **params: str | None) -> str:
        values = {"Cmd": cmd, "User": self.login, "DeviceId": self.device_id}
        values |= {"DeviceType": self.device_type} | params
        return urlencode({k: v for k, v in values.items() if v is not None})

    def eas(
        self,
        cmd: str,
        tree: Element | None = None,
        *,
        body: bytes | None = None,
        version: str | None = "14.1",
        query: str | None = None,
        auth: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        if self.auto_provision and self.policy_key is None and cmd != "Provision":
            self.auto_provision = False  # one attempt; a test of refusals just goes on
            self.provision(version=version, check=False)
        payload = body if body is not None else (b"" if tree is None else wbxml.encode(tree))
        all_headers = {"Content-Type": "application/vnd.ms-sync.wbxml"}
        if self.policy_key is not None:
            all_headers["X-MS-PolicyKey"] = str(self.policy_key)
        all_headers |= headers or {}
        if version is not None:
            all_headers["MS-ASProtocolVersion"] = version
        return self.request(
            "POST",
            ACTIVESYNC_PATH,
            query=self.query(cmd) if query is None else query,
            body=payload,
            headers=all_headers,
            auth=auth,
        )

    def provision(self, *, version: str | None = "14.1", check: bool = True) -> int | None:
        """Both phases of MS-ASPROV; the final key (also kept for later requests).

        ``check=False``: None instead of an assertion when the server refuses.
        """
        info = DeviceInformation(model="iPhone8C4", os="iOS 11.2.6 15D100")
        first = self.eas("Provision", ProvisionRequest(device_information=info).to_tree(),
                         version=version)  # fmt: skip
        temporary = _policy(first)
        if temporary is None or temporary.policy_key is None:
            assert not check, first
            return None
        ack = ProvisionRequest(policy_key=temporary.policy_key, policy_status=1)
        final = _policy(self.eas("Provision", ack.to_tree(), version=version))
        if final is None or final.policy_key is None:
            assert not check, final
            return None
        self.policy_key = final.policy_key
        return final.policy_key

    def folder_sync(self, key: str) -> FolderSyncResponse:
        reply = self.eas("FolderSync", FolderSyncRequest(key).to_tree())
        assert reply.status == 200, reply
        return FolderSyncResponse.from_tree(reply.tree())

    def sync(self, *collections: CollectionRequest, window_size: int | None = None) -> SyncResponse:
        request = SyncRequest(collections, window_size=window_size)
        reply = self.eas("Sync", request.to_tree())
        assert reply.status == 200, reply
        return SyncResponse.from_tree(reply.tree())


def _policy(reply: Reply) -> PolicyResponse | None:
    if reply.status != 200 or not reply.body:
        return None
    return ProvisionResponse.from_tree(reply.tree()).policy


@contextmanager
def serving(app: ServerApp, threads: int = 4) -> Iterator[str]:
    """The app under waitress on a free loopback port, in a thread; yields its URL.

    Closes the app afterwards and fails if it ever raised an unhandled exception.
    """
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{bound_port(server)}"
    finally:
        # Closed from its own loop: closing the sockets from this thread while the
        # loop waits in select() makes it fail with EBADF in the server's thread.
        try:
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        except OSError:  # its trigger is closed: the loop has ended already
            server.close()
        thread.join(timeout=5)
        app.close()
    assert not thread.is_alive(), "the server's loop did not end"
    assert app.unhandled_errors == 0


def bound_port(server: BaseWSGIServer | MultiSocketServer) -> int:
    """The port a waitress server listens on (the real one when asked for port 0)."""
    if isinstance(server, BaseWSGIServer):
        return int(server.getsockname()[1])
    return int(server.effective_listen[0][1])
