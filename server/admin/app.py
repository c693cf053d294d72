"""The admin surface's entry: token check and dispatch to the API or the pages.

`Admin` is one WSGI-style handler (environ -> `Response`) that `server.app`
routes every ``/admin`` path to. Every call needs the admin token (printed
by ``zpush-sim serve``): ``Authorization: Bearer <token>``, an
``X-Admin-Token`` header, or ``?token=`` (the HTML page's links and forms
carry it). Everything is scoped by customer in the path, so no call
reaches another customer's records. Must not: speak EAS.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from server.admin import api, live, page
from server.admin.http import AdminRequest, json_response
from server.responses import Response
from server.store.onoffice import OnOfficeStore

PREFIX = "/admin"
_ROUTES = live  # its routes join api's table on import


class Admin:
    def __init__(self, store: OnOfficeStore, token: str | None = None) -> None:
        self.store = store
        self.token = token if token is not None else secrets.token_urlsafe(18)

    def __call__(self, environ: Mapping[str, Any]) -> Response:
        request = _request(environ)
        if not self._authorised(request):
            return json_response(401, {"error": "the admin token is missing or wrong"})
        if request.path.startswith("/api/") or request.path == "/api":
            return api.handle(self.store, request)
        return page.handle(self.store, request, self.token)

    def _authorised(self, request: AdminRequest) -> bool:
        sent = request.token or ""
        return hmac.compare_digest(sent.encode(), self.token.encode())


def _request(environ: Mapping[str, Any]) -> AdminRequest:
    path = str(environ.get("PATH_INFO", ""))
    rest = path[len(PREFIX) :] if path.lower().startswith(PREFIX) else path
    query = {k: v[0] for k, v in parse_qs(str(environ.get("QUERY_STRING", ""))).items()}
    raw = str(environ.get("CONTENT_LENGTH") or "0")
    length = int(raw) if raw.isdigit() else 0
    body: bytes = environ["wsgi.input"].read(length) if length else b""
    bearer = str(environ.get("HTTP_AUTHORIZATION", ""))
    token = (
        bearer.removeprefix("Bearer ").strip()
        if bearer.startswith("Bearer ")
        else environ.get("HTTP_X_ADMIN_TOKEN") or query.get("token")
    )
    return AdminRequest(
        method=str(environ.get("REQUEST_METHOD", "GET")).upper(),
        path=rest.rstrip("/") or "/",
        query=query,
        body=body,
        content_type=str(environ.get("CONTENT_TYPE", "")),
        token=None if token is None else str(token),
    )
