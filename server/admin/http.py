"""The admin surface's request value and its answers (JSON, HTML, redirects)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from server.responses import Response

JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class AdminRequest:
    method: str
    path: str  # after /admin, without a trailing slash ("/" for /admin itself)
    query: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    content_type: str = ""

    def json(self) -> object:
        if not self.body:
            return {}
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise ValueError(f"the body is not JSON: {error}") from error

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)


def json_response(status: int, data: object) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=1).encode()
    return Response(status, (("Cache-Control", "no-store"),), body, JSON)


def html_response(html: str, status: int = 200) -> Response:
    return Response(status, (("Cache-Control", "no-store"),), html.encode(), HTML)


def redirect(location: str) -> Response:
    return Response(303, (("Location", location),), b"", HTML)
