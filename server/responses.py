"""The server's HTTP answers as values, and the few kinds it gives.

A handler returns a `Response`; only `server.app` turns it into a WSGI
call. Every answer carries a Content-Type (PEP 3333 validators insist) and
a Content-Length. Must not: decide which status a situation gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from eas import wbxml
from eas.http import WBXML_CONTENT_TYPE, WWW_AUTHENTICATE, www_authenticate
from eas.tree import Element

Headers = tuple[tuple[str, str], ...]
TEXT = "text/plain; charset=utf-8"
# MS-ASHTTP 2.2.2.1.1: 449 is Microsoft's own code, unknown to `http.HTTPStatus`.
EXTRA_PHRASES = {449: "Retry With"}


def reason_phrase(status: int) -> str:
    if status in EXTRA_PHRASES:
        return EXTRA_PHRASES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


@dataclass(frozen=True)
class Response:
    status: int
    headers: Headers = ()
    body: bytes = b""
    content_type: str = TEXT

    @property
    def status_line(self) -> str:
        return f"{self.status} {reason_phrase(self.status)}"

    def wsgi_headers(self) -> list[tuple[str, str]]:
        return [
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(self.body))),
            *self.headers,
        ]


def wbxml_response(tree: Element | None, headers: Headers = ()) -> Response:
    """200 with a WBXML body (or none); the WBXML type even when empty, as Z-Push does."""
    body = b"" if tree is None else wbxml.encode(tree)
    return Response(200, headers, body, WBXML_CONTENT_TYPE)


def unauthorized() -> Response:
    # eas-facts.md 1 #2: Z-Push's 401 names the realm "ZPush".
    return Response(401, ((WWW_AUTHENTICATE, www_authenticate("ZPush")),))


def error(status: int, headers: Headers = ()) -> Response:
    return Response(status, headers)
