"""The simulated internet: host names routed to in-process WSGI apps or to failures.

A `Network` stands in for DNS and the network while it is active: every
request that `requests` sends (in this harness: only `simulator.transport`)
goes to the WSGI app routed for its host, or fails the way the scenario
says (404, connection refused, timeout, 503, an answer lost on the way),
and a host nobody routed
fails as an unresolvable name would. With no `Network` active ("live"
mode), the same devices send real HTTP to a real server.

`SimulatedNetwork` is the part of it that steps use (an in-process
service routed at a host, an answer lost on the way); live targets offer
the same through `zpush_sim.sealed`, so a step reads the same against both.
The lost answers' bookkeeping (`Losses`) and the errors a device then sees
(`lost_answer_error`) are shared by both.

The WSGI bridge below is hand-written on purpose: no well-kept adapter
routes `requests` to a WSGI app (requests-wsgi-adapter is unmaintained
since 2019, wsgi-intercept pins urllib3 < 2), so a `responses` callback
registered on a catch-all regex URL (``content_type=None``) builds a
PEP 3333 environ with the standard library and calls the app.

Must not: know EAS, Z-Push or onOffice (it routes bytes), or import the
simulator or the server; it only joins them.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Protocol, Self
from urllib.parse import unquote, urlsplit

import requests
import responses
from urllib3 import HTTPHeaderDict
from urllib3.exceptions import ProtocolError

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# How an answer is lost: the connection is reset before any byte of it arrives (a
# mobile network dropping; phones send the request once more on a new connection),
# or the device stops waiting for it (a read timeout; not retried by the transport).
LossKind = Literal["reset", "timeout"]
FailureKind = Literal["not_found", "connection_refused", "timeout", "unavailable"]
FAILURE_KINDS: tuple[FailureKind, ...] = (
    "not_found",
    "connection_refused",
    "timeout",
    "unavailable",
)

# Z-Push's RETRY_AFTER_DELAY (eas-facts.md 1 #7): a 503 carries Retry-After: 300.
RETRY_AFTER_SECONDS = 300

_ANY_URL = re.compile(r"https?://.*")
# HTTP's methods and WebDAV/CalDAV's (RFC 4918, RFC 4791), for the Memotoo service.
_METHODS = ("GET", "POST", "OPTIONS", "PUT", "DELETE", "HEAD", "PATCH",
            "PROPFIND", "PROPPATCH", "REPORT", "MKCOL", "MKCALENDAR")  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}

Reply = tuple[int, HTTPHeaderDict, bytes]


class SimulatedNetwork(Protocol):
    """What steps do with the network, whatever carries the devices' requests.

    `Network` (the embedded target's whole internet) and `zpush_sim.sealed.SealedNetwork`
    (a live target's in-process extras) both offer it: ``Target.simulated_network()``.
    """

    def route(self, host: str, app: WSGIApp) -> None:
        """Send every request for ``host`` to the in-process WSGI ``app``."""

    def lose_answer(
        self, host: str, matches: Callable[[str], bool], nth: int = 1, kind: LossKind = "reset"
    ) -> None:
        """Lose the answer to the NTH request to HOST whose URL MATCHES, from now on."""


@dataclass
class _Loss:
    host: str
    matches: Callable[[str], bool]
    nth: int  # counts down with each matching request; the answer at 0 is lost
    kind: LossKind


class Losses:
    """The answers a scenario said will be lost, each once, in the order they were asked for."""

    def __init__(self) -> None:
        self._pending: list[_Loss] = []

    def add(self, host: str, matches: Callable[[str], bool], nth: int, kind: LossKind) -> None:
        if nth < 1:
            raise ValueError(f"nth counts requests from 1, not {nth}")
        if kind not in ("reset", "timeout"):
            raise ValueError(f"unknown loss kind {kind!r}; known: reset, timeout")
        self._pending.append(_Loss(host.lower(), matches, nth, kind))

    def take(self, host: str, url: str) -> LossKind | None:
        """Count a request to ``host`` for ``url``; how its answer is lost, if it is."""
        for loss in list(self._pending):
            if loss.host == host.lower() and loss.matches(url):
                loss.nth -= 1
                if loss.nth == 0:
                    self._pending.remove(loss)
                    return loss.kind
        return None


def lost_answer_error(
    kind: LossKind, request: requests.PreparedRequest
) -> requests.RequestException:
    """What `requests` raises when the answer to ``request`` is lost in this way."""
    if kind == "timeout":
        host = urlsplit(request.url or "").hostname
        return requests.ReadTimeout(f"{host}: read timed out (the answer was lost on the way)",
                                    request=request)  # fmt: skip
    # What urllib3 reports for a connection reset before the status line.
    reset = ConnectionResetError(104, "Connection reset by peer")
    return requests.ConnectionError(ProtocolError("Connection aborted.", reset), request=request)


@dataclass(frozen=True)
class Failure:
    """What a failed host does to every request sent to it."""

    kind: FailureKind
    retry_after: int = RETRY_AFTER_SECONDS


class Network:
    """Host name -> WSGI app or failure, active between ``start()`` and ``stop()``.

    ``with Network() as net: net.route("activesync.onoffice.de", app)``.
    Routes may change while the network is active (a scenario taking a
    host down mid-way). Host names match case-insensitively, on any port.
    """

    def __init__(self) -> None:
        self._routes: dict[str, WSGIApp | Failure] = {}
        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self.requests_seen: list[tuple[str, str]] = []  # (method, URL), in order
        self._losses = Losses()

    # -- routing -----------------------------------------------------------

    def route(self, host: str, app: WSGIApp) -> None:
        """Send every request for ``host`` to the WSGI ``app``."""
        self._routes[host.lower()] = app

    def fail(self, host: str, kind: FailureKind = "not_found") -> None:
        """Make ``host`` answer 404 / refuse / time out / answer 503 to every request."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; known: {', '.join(FAILURE_KINDS)}")
        self._routes[host.lower()] = Failure(kind)

    def lose_answer(
        self, host: str, matches: Callable[[str], bool], nth: int = 1, kind: LossKind = "reset"
    ) -> None:
        """Lose the answer to the NTH request to HOST whose URL MATCHES, from now on.

        The app handles that request; its answer never reaches the sender: with
        ``reset`` its connection is reset before any byte arrives (as when a
        mobile network drops), so that the sender may send the same request
        again; with ``timeout`` the sender stops waiting (a read timeout).
        """
        self._losses.add(host, matches, nth, kind)

    def forget(self, host: str) -> None:
        """Remove ``host``: from now on its name does not resolve."""
        self._routes.pop(host.lower(), None)

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(self._routes)

    # -- lifetime ----------------------------------------------------------

    def start(self) -> None:
        """Intercept every request `requests` sends, until ``stop()``."""
        self._mock.reset()
        for method in _METHODS:
            self._mock.add_callback(method, _ANY_URL, callback=self._dispatch, content_type=None)
        self._mock.start()

    def stop(self) -> None:
        """Back to the real network (live mode); the routes are kept for a restart."""
        self._mock.stop()
        self._mock.reset()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- the bridge --------------------------------------------------------

    def _dispatch(self, request: requests.PreparedRequest) -> Reply:
        url = request.url or ""
        method = request.method or "GET"
        self.requests_seen.append((method, url))
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        target = self._routes.get(host)
        if target is None:
            # What urllib3 reports when the name does not resolve.
            raise requests.ConnectionError(
                f"Failed to resolve '{host}' ([Errno -2] Name or service not known)",
                request=request,
            )
        if isinstance(target, Failure):
            return _fail(target, host, request)
        reply = call_wsgi(target, request)
        lost = self._losses.take(host, url)
        if lost is not None:
            raise lost_answer_error(lost, request)
        return reply


def _fail(failure: Failure, host: str, request: requests.PreparedRequest) -> Reply:
    if failure.kind == "connection_refused":
        raise requests.ConnectionError(
            f"Failed to establish a new connection to {host}: [Errno 111] Connection refused",
            request=request,
        )
    if failure.kind == "timeout":
        raise requests.ConnectTimeout(f"Connection to {host} timed out", request=request)
    if failure.kind == "unavailable":
        body = b"Service Unavailable"
        headers = _plain_headers(body)
        headers.add("Retry-After", str(failure.retry_after))
        return 503, headers, body
    body = b"Not Found"
    return 404, _plain_headers(body), body


def _plain_headers(body: bytes) -> HTTPHeaderDict:
    return HTTPHeaderDict({"Content-Type": "text/plain", "Content-Length": str(len(body))})


def _body_bytes(body: object) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    raise TypeError(f"the network bridge cannot send a {type(body).__name__} body")


def wsgi_environ(request: requests.PreparedRequest) -> dict[str, Any]:
    """A PEP 3333 environ for ``request``, as a front web server would build it."""
    parts = urlsplit(request.url or "")
    scheme = parts.scheme or "https"
    body = _body_bytes(request.body)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request.method or "GET",
        "SCRIPT_NAME": "",
        # PEP 3333: PATH_INFO is URL-decoded and carried as latin-1 ("bytes as str").
        "PATH_INFO": unquote(parts.path or "/", encoding="latin-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or _DEFAULT_PORTS.get(scheme, 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": parts.netloc,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in request.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key == "CONTENT_LENGTH":
            environ["CONTENT_LENGTH"] = value
        elif key != "HOST":
            environ[f"HTTP_{key}"] = value
    if body and "CONTENT_LENGTH" not in environ:
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ


def call_wsgi(app: WSGIApp, request: requests.PreparedRequest) -> Reply:
    """Run ``app`` on ``request``; return (status code, headers, body)."""
    started: list[tuple[str, list[tuple[str, str]]]] = []
    chunks: list[bytes] = []  # write() output and the iterable's, in order

    def start_response(
        status: str,
        headers: list[tuple[str, str]],
        exc_info: tuple[type[BaseException], BaseException, TracebackType] | None = None,
    ) -> Callable[[bytes], object]:
        if exc_info is not None and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = [(status, headers)]
        return chunks.append

    result = app(wsgi_environ(request), start_response)
    try:
        for chunk in result:
            chunks.append(chunk)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    if not started:
        raise RuntimeError("WSGI app returned without calling start_response")
    status, headers = started[0]
    collected = HTTPHeaderDict()
    for name, value in headers:
        collected.add(name, value)  # repeated headers (Set-Cookie) stay separate
    return int(status.split(" ", 1)[0]), collected, b"".join(chunks)
