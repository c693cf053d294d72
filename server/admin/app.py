"""The admin surface's entry: credentials first, then the body, then the API or the pages.

`Admin` is one WSGI-style handler (environ -> `Response`) that `server.app`
routes every ``/admin`` path to. Who may call (`server.admin.session`): the
JSON API with the admin token in ``Authorization: Bearer`` or
``X-Admin-Token``; the pages with that header too, or with the session
cookie that opening a page once with ``?token=`` gives (token exchanged,
then gone from the URL). Nothing of the body is read before that, and then
at most `InputLimits.admin_body` bytes. A POST carried by the cookie needs
the form's CSRF token and the server's own Origin. Every answer carries
`SECURITY_HEADERS`. Everything is scoped by customer in the path, so no call
reaches another customer's records. Must not: speak EAS.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from server.admin import api, live, page, zpush
from server.admin.http import HTML, AdminRequest, json_response
from server.admin.session import (
    SECURITY_HEADERS,
    Session,
    Sessions,
    cookie_header,
    same_origin,
    same_token,
    session_id,
)
from server.admin.settings import SETTINGS_PATH, Configurable, changed, settings_json
from server.limits import BodyError, InputLimits, read_body
from server.requestlog import Received, RequestLog
from server.responses import Response
from server.store.onoffice import OnOfficeStore

PREFIX = "/admin"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# What the server received (server.requestlog), for a live target's checks.
REQUESTS_PATH = "/api/requests"
_ROUTES = (live, zpush)  # their routes join api's table on import
# Routes answered here, not from api's table: they need the running server, not a store.
OWN_ROUTES = (("GET", REQUESTS_PATH), ("GET", SETTINGS_PATH), ("PATCH", SETTINGS_PATH))


class Admin:
    def __init__(
        self,
        store: OnOfficeStore,
        token: str | None = None,
        limits: InputLimits | None = None,
        log: RequestLog | None = None,
        server: Configurable | None = None,
    ) -> None:
        self.store = store
        self.log = log
        self.server = server  # the running server, for /api/settings
        self.token = token if token is not None else secrets.token_urlsafe(18)
        self.limits = limits if limits is not None else InputLimits()
        self.sessions = Sessions()

    def __call__(self, environ: Mapping[str, Any]) -> Response:
        response = self._respond(environ)
        return replace(response, headers=(*response.headers, *SECURITY_HEADERS))

    def _respond(self, environ: Mapping[str, Any]) -> Response:
        path = str(environ.get("PATH_INFO", ""))
        rest = (path[len(PREFIX) :] if path.lower().startswith(PREFIX) else path).rstrip("/") or "/"
        query = {k: v[0] for k, v in parse_qs(str(environ.get("QUERY_STRING", ""))).items()}
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        api_call = rest == "/api" or rest.startswith("/api/")
        header_token = _header_token(environ)
        session: Session | None = None
        if header_token is not None:
            if not same_token(header_token, self.token):
                return _refused()
        elif not api_call and (session := self.sessions.find(session_id(environ))) is not None:
            pass
        elif not api_call and method == "GET" and "token" in query:
            if not same_token(query["token"], self.token):
                return _refused()
            return self._exchange(path, query, secure=environ.get("wsgi.url_scheme") == "https")
        else:
            return _refused()
        try:  # credentials are checked: now the body, capped
            body = read_body(environ, self.limits.admin_body)
        except BodyError as error:
            return json_response(413 if error.too_large else 400, {"error": str(error)})
        request = AdminRequest(
            method=method,
            path=rest,
            query={k: v for k, v in query.items() if k != "token"},
            body=body,
            content_type=str(environ.get("CONTENT_TYPE", "")),
        )
        if api_call and rest == REQUESTS_PATH and method == "GET" and self.log is not None:
            after = request.query.get("after", "0")
            if not (after.isascii() and after.isdigit()) or len(after) > 18:
                return json_response(400, {"error": "after: expected a request number"})
            return json_response(200, [received_json(r) for r in self.log.after(int(after))])
        if api_call and rest == SETTINGS_PATH and self.server is not None:
            return self._settings(request)
        if api_call:
            return api.handle(self.store, request)
        if session is not None and method not in SAFE_METHODS:
            sent = request.form().get("csrf", [""])[0]
            if not same_token(sent, session.csrf) or not same_origin(environ):
                return json_response(403, {"error": "the form's CSRF token or origin is wrong"})
        return page.handle(self.store, request, "" if session is None else session.csrf)

    def _settings(self, request: AdminRequest) -> Response:
        """``GET``/``PATCH /api/settings`` (`server.admin.settings`)."""
        assert self.server is not None
        if request.method == "PATCH":
            try:
                self.server.reconfigure(changed(self.server.config, request.json()))
            except ValueError as error:  # FieldError, or a body that is no JSON
                field = getattr(error, "field", None)
                return json_response(400, {"error": str(error), "field": field})
        elif request.method != "GET":
            return json_response(405, {"error": f"no {request.method} {SETTINGS_PATH}"})
        return json_response(200, settings_json(self.server.config))

    def _exchange(self, path: str, query: dict[str, str], *, secure: bool) -> Response:
        """The token for a session cookie, and the same page without the token in its URL."""
        session = self.sessions.start()
        others = urlencode({k: v for k, v in query.items() if k != "token"})
        location = quote(path) + (f"?{others}" if others else "")
        cookie = cookie_header(session, secure=secure)
        return Response(303, (("Location", location), cookie), b"", HTML)


def _header_token(environ: Mapping[str, Any]) -> str | None:
    bearer = str(environ.get("HTTP_AUTHORIZATION", ""))
    if bearer.startswith("Bearer "):
        return bearer.removeprefix("Bearer ").strip()
    token = environ.get("HTTP_X_ADMIN_TOKEN")
    return None if token is None else str(token)


def _refused() -> Response:
    return json_response(401, {"error": "the admin token is missing or wrong"})


def received_json(entry: Received) -> dict[str, object]:
    """One logged request as ``GET /admin/api/requests`` lists it (the body in base64)."""
    return {
        "method": entry.method, "path": entry.path, "cmd": entry.cmd, "user": entry.user,
        "device_id": entry.device_id, "status": entry.status,
        "body": base64.b64encode(entry.body).decode(), "seq": entry.seq,
    }  # fmt: skip
