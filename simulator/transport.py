"""The device's only HTTP client: EAS commands, OPTIONS and autodiscover.

Every byte a simulated device sends goes through `Transport` (one
`requests.Session` per device, as vdirsyncer sends everything through one
``request()``): it frames EAS requests with `eas.http`, applies the
profile's timeouts, turns network failures into `TransportError` with a
readable message, and records every exchange in the device's
`Conversation` (the decoded EAS conversation that steps and the CLI print).

A request whose connection is reset before any byte of an answer arrives
(a kept-alive connection the server dropped without ``Connection: close``)
is sent once more on a new connection, as phones' HTTP stacks do (OkHttp's
retryOnConnectionFailure, NSURLSession); both attempts are in the
conversation. Nothing else is retried: refused, timed out, DNS and TLS
failures, and a connection lost after the answer began, are the caller's.

Must not: decide what a response means (the engine and the account set-up
do), or know about a particular server: in a test the `zpush_sim.network`
router answers, live a real server does, and this code cannot tell.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from eas import wbxml
from eas.http import (
    WBXML_CONTENT_TYPE,
    ASRequestLine,
    basic_authorization,
    build_query,
    request_headers,
)
from eas.tree import Element
from simulator import quirks
from simulator.conversation import Conversation, Exchange, is_wbxml
from simulator.profile import Profile
from zpush_sim.clock import Clock

AUTODISCOVER_CONTENT_TYPE = "text/xml"
MIME_CONTENT_TYPE = "message/rfc822"


class TransportError(Exception):
    """The request got no HTTP answer; ``kind`` is dns, refused, timeout, tls or connection."""

    def __init__(self, kind: str, url: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.url = kind, url


@dataclass(frozen=True)
class Endpoint:
    """Where and as whom an account talks EAS: the server URL and the Basic credentials."""

    url: str  # https://host/Microsoft-Server-ActiveSync
    user: str
    password: str


@dataclass(frozen=True)
class HttpReply:
    status: int
    reason: str
    headers: CaseInsensitiveDict[str]
    body: bytes

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class CommandReply(HttpReply):
    """An EAS command's answer; ``root`` is the decoded WBXML body, if any."""

    root: Element | None = None
    decode_error: str | None = None


def _classify(error: requests.RequestException, url: str) -> TransportError:
    host = urlsplit(url).hostname or url
    text = str(error)
    if isinstance(error, requests.Timeout):
        return TransportError("timeout", url, f"{host} did not answer in time")
    if isinstance(error, requests.exceptions.SSLError):
        return TransportError("tls", url, f"{host}: the secure connection failed ({text})")
    if "resolve" in text or "Name or service not known" in text:
        return TransportError("dns", url, f"{host}: server not found (name does not resolve)")
    if "refused" in text.lower():
        return TransportError("refused", url, f"{host}: connection refused")
    return TransportError("connection", url, f"{host}: cannot connect ({text})")


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error and what it wraps: requests and urllib3 keep the cause in ``args``."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [a for a in current.args if isinstance(a, BaseException)]
        todo += [c for c in (current.__cause__, current.__context__) if c is not None]


def _reset_before_answer(error: requests.RequestException) -> bool:
    """Was the connection reset before the answer began (worth one more try)?

    urllib3 reports a connection lost while sending or before the status line
    as ``ProtocolError("Connection aborted.", ConnectionResetError |
    RemoteDisconnected | BrokenPipeError)``, which requests raises as a
    ``ConnectionError``. A reset later, while reading the body, is a
    ``ChunkedEncodingError``: part of the answer came, so it is not retried.
    """
    if not isinstance(error, requests.ConnectionError) or isinstance(error, requests.Timeout):
        return False
    return any(
        isinstance(cause, ConnectionResetError)  # http.client.RemoteDisconnected is one
        or "Connection aborted" in str(cause)
        for cause in _causes(error)
    )


class Transport:
    """Sends requests for one device: its identity (DeviceId, type, User-Agent) is fixed."""

    def __init__(
        self,
        profile: Profile,
        device_id: str,
        clock: Clock,
        session: requests.Session | None = None,
        conversation: Conversation | None = None,
    ) -> None:
        self.profile, self.device_id, self.clock = profile, device_id, clock
        self.session = session if session is not None else requests.Session()
        self.conversation = conversation if conversation is not None else Conversation()

    # -- EAS -----------------------------------------------------------------

    def command(
        self,
        endpoint: Endpoint,
        cmd: str,
        root: Element | None,
        *,
        version: str,
        policy_key: int | None = None,
        device_id: str | None = None,
        mime: bytes | None = None,
        read_timeout: float | None = None,
    ) -> CommandReply:
        """POST one EAS command; a WBXML answer is decoded into ``root``.

        ``device_id`` overrides the device's (Gmail's "validate" account check);
        ``mime`` sends a raw message instead of WBXML (SendMail in 12.x,
        MS-ASCMD 2.2.1.17: ``Content-Type: message/rfc822``); ``read_timeout``:
        how long the device waits for this answer (a held Ping: its heartbeat plus
        the profile's margin, `simulator.session`).
        """
        protocol = self.profile.protocol
        key = policy_key if policy_key is not None else protocol.initial_policy_key
        base64 = protocol.query_encoding == "base64"
        line = ASRequestLine(
            cmd=cmd,
            user=endpoint.user,
            device_id=device_id or self.device_id,
            device_type=self.profile.identity.device_type,
            protocol_version=version if base64 else None,
            policy_key=key if base64 else None,
        )
        url = f"{endpoint.url}?{build_query(line, encoding=protocol.query_encoding)}"
        headers = request_headers(
            None if base64 else version,
            None if base64 else key,
            self._authorization(endpoint),
            self.profile.identity.user_agent,
            content_type=WBXML_CONTENT_TYPE if mime is None else MIME_CONTENT_TYPE,
        )
        body = mime if mime is not None else wbxml.encode(root) if root is not None else b""
        reply = self._send("POST", url, headers, body, read_timeout)
        decoded: Element | None = None
        error: str | None = None
        if reply.body and is_wbxml(reply.headers):
            try:
                decoded = wbxml.decode(reply.body)
            except wbxml.WBXMLError as exc:
                error = str(exc)
        return CommandReply(reply.status, reply.reason, reply.headers, reply.body, decoded, error)

    def options(self, endpoint: Endpoint, *, policy_key: int | None = None) -> HttpReply:
        """OPTIONS on the EAS URL, with credentials (Z-Push wants them, eas-facts 1 #1)."""
        key = policy_key if policy_key is not None else self.profile.protocol.initial_policy_key
        headers = request_headers(
            None,
            key,
            self._authorization(endpoint),
            self.profile.identity.user_agent,
            content_type=None,
        )
        return self._send("OPTIONS", endpoint.url, headers, b"")

    def _authorization(self, endpoint: Endpoint) -> str:
        """Basic credentials in UTF-8, or as quirk ``basic_auth_latin1`` words them."""
        odd = quirks.basic_credentials(self.profile, endpoint.user, endpoint.password)
        return odd or basic_authorization(endpoint.user, endpoint.password)

    # -- autodiscover ----------------------------------------------------------

    def autodiscover(self, url: str, user: str, password: str, body: bytes) -> HttpReply:
        """POST an autodiscover request (MS-ASCMD 2.2.1.1) with Basic credentials."""
        headers = {
            "Content-Type": AUTODISCOVER_CONTENT_TYPE,
            "Authorization": basic_authorization(user, password),
            "User-Agent": self.profile.identity.user_agent,
        }
        return self._send("POST", url, headers, body)

    # -- anything else: the autodiscover GET probe, CalDAV ----------------------

    def http(
        self,
        method: str,
        url: str,
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        credentials: tuple[str, str] | None = None,
    ) -> HttpReply:
        """A plain HTTP request, with Basic credentials when given."""
        all_headers = {"User-Agent": self.profile.identity.user_agent, **(headers or {})}
        if credentials is not None:
            all_headers["Authorization"] = basic_authorization(*credentials)
        return self._send(method, url, all_headers, body)

    # -- the one place that sends ------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        read_timeout: float | None = None,
    ) -> HttpReply:
        all_headers = {**self.profile.protocol.extra_headers, **headers}
        try:
            return self._attempt(method, url, all_headers, body, read_timeout=read_timeout)
        except requests.RequestException as exc:
            if not _reset_before_answer(exc):
                raise _classify(exc, url) from exc
        # The server dropped the connection; any other idle one in the pool is as
        # likely dropped too, so the retry goes out on a new connection.
        self.session.close()
        try:
            return self._attempt(
                method, url, all_headers, body, retry=True, read_timeout=read_timeout
            )
        except requests.RequestException as exc:
            raise _classify(exc, url) from exc

    def _attempt(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        retry: bool = False,
        read_timeout: float | None = None,
    ) -> HttpReply:
        """Send once and record the exchange, answered or failed (the failure re-raised)."""
        timeouts = self.profile.timeouts
        read = timeouts.read_seconds if read_timeout is None else read_timeout
        at = self.clock.now()
        try:
            response = self.session.request(
                method,
                url,
                data=body or None,
                headers=headers,
                timeout=(timeouts.connect_seconds, read),
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            error = _classify(exc, url)
            detail = f"{error} [{error.kind}]"
            if retry:
                detail += " (the retry on a new connection)"
            elif _reset_before_answer(exc):
                detail += " (reset before any answer: sent again on a new connection)"
            self.conversation.record(Exchange.failed(at, method, url, headers, body, detail))
            raise
        reply = HttpReply(
            response.status_code,
            response.reason or "",
            CaseInsensitiveDict(response.headers),
            response.content,
        )
        self.conversation.record(
            Exchange.answered(
                at,
                method,
                url,
                headers,
                body,
                reply.status,
                reply.reason,
                reply.headers,
                reply.body,
            )
        )
        return reply
