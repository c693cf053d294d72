"""Seeding and reading SOGo over its CardDAV and CalDAV, with real HTTP (`requests`).

SOGo has no onOffice admin API: what a test arranges "on the server" it
PUTs as a vCard or iCalendar object into the user's personal address book
or calendar, and what a device sent it reads back the same way. SOGo
keeps events and tasks in one CalDAV calendar and shows them to EAS as two
folders (``vevent/personal``, ``vtodo/personal``).

Every request goes through `DavClient.request` (one place, as vdirsyncer
does it), each on a new connection: SOGo's HTTP server drops kept-alive
connections without saying so (`interop.network`).

Must not: speak EAS, or build vCard/iCalendar anywhere but the small
builders below (plain RFC 6350 / RFC 5545 text, CRLF line ends).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import requests
from defusedxml import ElementTree

from interop.network import FreshConnectionSession

Collection = Literal["contacts", "calendar"]
COLLECTIONS: dict[Collection, tuple[str, str, str]] = {
    # collection -> (path under the user, file suffix, Content-Type)
    "contacts": ("Contacts/personal", "vcf", "text/vcard; charset=utf-8"),
    "calendar": ("Calendar/personal", "ics", "text/calendar; charset=utf-8"),
}
_PROPFIND = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
)
TIMEOUT_SECONDS = 15


class DavError(RuntimeError):
    pass


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def vcard(uid: str, first: str, last: str, email: str = "", phone: str = "") -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:{uid}",
        f"FN:{first} {last}".rstrip(),
        f"N:{last};{first};;;",
    ]
    if email:
        lines.append(f"EMAIL;TYPE=work:{email}")
    if phone:
        lines.append(f"TEL;TYPE=cell:{phone}")
    return "\r\n".join([*lines, "END:VCARD", ""])


def vevent(uid: str, summary: str, start: datetime, end: datetime) -> str:
    return _calendar(
        "VEVENT",
        [f"UID:{uid}", f"SUMMARY:{summary}", f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(end)}"],
    )


def vtodo(uid: str, summary: str, due: datetime | None = None, completed: bool = False) -> str:
    lines = [f"UID:{uid}", f"SUMMARY:{summary}"]
    if due is not None:
        lines.append(f"DUE:{_stamp(due)}")
    lines.append("STATUS:COMPLETED" if completed else "STATUS:NEEDS-ACTION")
    return _calendar("VTODO", lines)


def _calendar(component: str, lines: list[str]) -> str:
    now = _stamp(datetime.now(UTC))
    body = [f"BEGIN:{component}", f"DTSTAMP:{now}", *lines, f"END:{component}"]
    wrapped = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//zpush-sim//interop//EN", *body]
    return "\r\n".join([*wrapped, "END:VCALENDAR", ""])


def field(text: str, name: str) -> str | None:
    """The value of the first ``NAME:`` or ``NAME;params:`` line of a vCard/iCalendar text."""
    match = re.search(rf"^{name}(?:;[^:\r\n]*)?:(.*)$", text, re.MULTILINE | re.IGNORECASE)
    return match.group(1).strip() if match else None


@dataclass
class DavClient:
    """One SOGo user's address book and calendar."""

    dav_url: str  # http://127.0.0.1:PORT/SOGo/dav
    user: str
    password: str

    def __post_init__(self) -> None:
        self.session = FreshConnectionSession({})
        self.session.auth = (self.user, self.password)

    def close(self) -> None:
        self.session.close()

    def url(self, collection: Collection, name: str | None = None) -> str:
        path, suffix, _ = COLLECTIONS[collection]
        base = f"{self.dav_url}/{self.user}/{path}/"
        return base if name is None else f"{base}{name}.{suffix}"

    def request(
        self, method: str, url: str, body: str | None = None, **headers: str
    ) -> requests.Response:
        try:
            response = self.session.request(
                method,
                url,
                data=body.encode("utf-8") if body is not None else None,
                headers=headers,
                timeout=TIMEOUT_SECONDS,
            )
        except requests.RequestException as exc:
            raise DavError(f"{method} {url}: {exc}") from exc
        if response.status_code >= 400 and not (method == "GET" and response.status_code == 404):
            raise DavError(f"{method} {url}: HTTP {response.status_code} {response.text[:300]}")
        return response

    def put(self, collection: Collection, name: str, text: str) -> str:
        """Create or replace ``name``; the new ETag."""
        content_type = COLLECTIONS[collection][2]
        reply = self.request(
            "PUT", self.url(collection, name), text, **{"Content-Type": content_type}
        )
        return reply.headers.get("ETag", "")

    def get(self, collection: Collection, name: str) -> str | None:
        reply = self.request("GET", self.url(collection, name))
        return None if reply.status_code == 404 else reply.text

    def delete(self, collection: Collection, name: str) -> None:
        self.request("DELETE", self.url(collection, name))

    def names(self, collection: Collection) -> list[str]:
        """The object names (without suffix) in the collection, by a Depth 1 PROPFIND."""
        reply = self.request(
            "PROPFIND",
            self.url(collection),
            _PROPFIND,
            Depth="1",
            **{"Content-Type": "application/xml; charset=utf-8"},
        )
        suffix = "." + COLLECTIONS[collection][1]
        hrefs = [e.text or "" for e in ElementTree.fromstring(reply.content).iter("{DAV:}href")]
        return sorted(
            h.rsplit("/", 1)[-1].removesuffix(suffix) for h in hrefs if h.endswith(suffix)
        )

    def texts(self, collection: Collection) -> dict[str, str]:
        """Every object of the collection: name -> its vCard or iCalendar text."""
        found = {name: self.get(collection, name) for name in self.names(collection)}
        return {name: text for name, text in found.items() if text is not None}
