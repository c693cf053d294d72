"""Memotoo (B-MEMO-1): a CalDAV service that mirrors a user's onOffice appointments.

Before Z-Push, onOffice users synced their calendars through Memotoo; with
Memotoo still active on the phone, every onOffice appointment arrives twice
(once by Z-Push, once by CalDAV). The service is Radicale, a real CalDAV
server, run in-process as a WSGI app behind the simulated network, with its
collections in a temporary folder and its users checked by a small auth
plugin. `mirror` is Memotoo's own sync job: it writes the user's
appointments as iCalendar VEVENTs (built with the `icalendar` library) into
the user's calendar with CalDAV requests of its own (MKCALENDAR, PUT,
DELETE), straight to the WSGI app.

Must not: know onOffice's model; a caller converts appointments to
`MirroredEvent` values.
"""

from __future__ import annotations

import base64
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import icalendar
from radicale import config
from radicale.app import Application
from radicale.auth import BaseAuth

MEMOTOO_HOST = "caldav.memotoo.com"
CALENDAR_NAME = "onoffice"  # the collection Memotoo fills
PRODID = "-//zpush-sim//Memotoo mirror//EN"

StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class MirroredEvent:
    uid: str
    summary: str
    start: datetime
    end: datetime
    location: str | None = None
    all_day: bool = False


def to_ical(event: MirroredEvent, stamp: datetime) -> bytes:
    """One VCALENDAR with one VEVENT (RFC 5545 3.6.1)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.summary)
    if event.all_day:
        vevent.add("dtstart", event.start.date())
        vevent.add("dtend", event.end.date())
    else:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end)
    if event.location:
        vevent.add("location", event.location)
    calendar.add_component(vevent)
    return bytes(calendar.to_ical())


class MemotooService:
    """Radicale with Memotoo's users; ``self`` is the WSGI app to route the host to."""

    def __init__(self, users: dict[str, str] | None = None) -> None:
        self.users: dict[str, str] = dict(users or {})
        self._folder = tempfile.TemporaryDirectory(prefix="memotoo-")
        os.makedirs(os.path.join(self._folder.name, "collection-root"))  # Radicale's layout
        users_ref = self.users

        class _MemotooAuth(BaseAuth):
            def _login(self, login: str, password: str) -> str:
                return login if users_ref.get(login) == password and password else ""

        configuration = config.load()
        configuration.update(
            {
                "auth": {"type": _MemotooAuth},
                "storage": {"filesystem_folder": self._folder.name, "_filesystem_fsync": "False"},
                "rights": {"type": "owner_only"},
                "logging": {"level": "warning", "mask_passwords": "True"},
            },
            "memotoo",
            privileged=True,
        )
        self.app = Application(configuration)
        self.mirrored: dict[str, dict[str, MirroredEvent]] = {}  # user -> uid -> event

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        return self.app(environ, start_response)

    def close(self) -> None:
        self._folder.cleanup()

    # -- Memotoo's sync job ------------------------------------------------------

    def add_user(self, user: str, password: str) -> None:
        self.users[user] = password

    def mirror(self, user: str, events: Iterable[MirroredEvent], now: datetime) -> None:
        """Make the user's Memotoo calendar hold exactly ``events``."""
        wanted = {e.uid: e for e in events}
        held = self.mirrored.setdefault(user, {})
        base = f"/{user}/{CALENDAR_NAME}/"
        if not held and self._request(user, "PROPFIND", base, depth="0")[0] == 404:
            status, _ = self._request(user, "MKCALENDAR", base)
            if status != 201:
                raise RuntimeError(f"Memotoo: MKCALENDAR {base} answered {status}")
        for uid in set(held) - set(wanted):
            self._request(user, "DELETE", f"{base}{uid}.ics")
            del held[uid]
        for uid, event in wanted.items():
            if held.get(uid) == event:
                continue
            status, _ = self._request(
                user, "PUT", f"{base}{uid}.ics", to_ical(event, now), "text/calendar"
            )
            if status not in (201, 204):
                raise RuntimeError(f"Memotoo: PUT {uid} answered {status}")
            held[uid] = event

    def _request(
        self,
        user: str,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "application/xml",
        depth: str | None = None,
    ) -> tuple[int, bytes]:
        token = base64.b64encode(f"{user}:{self.users[user]}".encode()).decode()
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": MEMOTOO_HOST,
            "SERVER_PORT": "443",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": MEMOTOO_HOST,
            "HTTP_AUTHORIZATION": f"Basic {token}",
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        if depth is not None:
            environ["HTTP_DEPTH"] = depth
        started: list[str] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            started.append(status)

        chunks = b"".join(self.app(environ, start_response))
        return int(started[0].split()[0]), chunks
