"""Who may use ``/admin``: the admin token, the settings page's session cookie, CSRF and Origin.

The JSON API takes the token in a header (``Authorization: Bearer`` or
``X-Admin-Token``); a browser cannot add either to a cross-site request, so
such calls need no CSRF check. The settings page is opened once with
``?token=`` (the link ``zpush-sim serve`` prints): a GET with the right
token is answered with a redirect to the same page without it and a session
cookie (HttpOnly, SameSite=Strict, Path=/admin), so the token is in no link,
history entry or Referer afterwards. A ``?token=`` on anything but a GET is
ignored. A POST carried by the cookie must hold the session's CSRF token
(a hidden field in every form) and come from the server's own origin
(``Origin``; under our no-referrer policy browsers send ``Origin: null``,
so then ``Sec-Fetch-Site``, else ``Referer``; OWASP CSRF Prevention Cheat
Sheet).

Sessions live in memory, per server process, for `SESSION_LIFETIME`.
Must not: read a request body (the caller checks credentials first).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import urlsplit

COOKIE = "zpush_admin"
SESSION_LIFETIME = 8 * 3600.0  # seconds: a working day
_MAX_SESSIONS = 1000


@dataclass(frozen=True)
class Session:
    id: str
    csrf: str
    expires: float


class Sessions:
    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self) -> Session:
        session = Session(
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            time.monotonic() + SESSION_LIFETIME,
        )
        with self._lock:
            now = time.monotonic()
            self._sessions = {k: s for k, s in self._sessions.items() if s.expires > now}
            if len(self._sessions) >= _MAX_SESSIONS:
                self._sessions.pop(next(iter(self._sessions)))
            self._sessions[session.id] = session
        return session

    def find(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
        if session is None or session.expires <= time.monotonic():
            return None
        return session


def cookie_header(session: Session, *, secure: bool = False) -> tuple[str, str]:
    """The session cookie; ``secure`` (the page came over HTTPS) keeps it off plain HTTP."""
    value = f"{COOKIE}={session.id}; Path=/admin; HttpOnly; SameSite=Strict"
    return ("Set-Cookie", value + ("; Secure" if secure else ""))


def session_id(environ: Mapping[str, Any]) -> str | None:
    raw = str(environ.get("HTTP_COOKIE", ""))
    if not raw:
        return None
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(raw)
    except CookieError:
        return None
    morsel = cookies.get(COOKIE)
    return None if morsel is None else morsel.value


def same_token(sent: str | None, token: str) -> bool:
    return sent is not None and hmac.compare_digest(sent.encode(), token.encode())


def same_origin(environ: Mapping[str, Any]) -> bool:
    """Whether a state-changing request comes from a page of this server."""
    scheme = str(environ.get("wsgi.url_scheme", "http"))
    host = str(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
    own = f"{scheme}://{host}".lower()
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None and origin != "null":
        return str(origin).lower() == own
    # Under Referrer-Policy no-referrer a browser sends "Origin: null" with a form POST
    # (Fetch, "append a request Origin header"); its Fetch Metadata still tells.
    site = environ.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        return str(site) == "same-origin"
    referer = environ.get("HTTP_REFERER")
    if referer is None:
        return False
    parts = urlsplit(str(referer))
    return f"{parts.scheme}://{parts.netloc}".lower() == own


# Every admin answer: not framed (clickjacking), no Referer leaves the page.
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Frame-Options", "DENY"),
    (
        "Content-Security-Policy",
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    ),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
)
