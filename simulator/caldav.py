"""A small CalDAV client (RFC 4791, RFC 6764) for a second calendar account (Memotoo).

What a phone does with a CalDAV account, in four requests per sync, all
through the device's `Transport`:

1. PROPFIND ``/.well-known/caldav`` (following its redirect) for the
   ``current-user-principal`` (RFC 5397);
2. PROPFIND the principal for ``calendar-home-set`` (RFC 4791 6.2.1);
3. PROPFIND the home, Depth 1: the collections whose resourcetype is a
   calendar, with their display names;
4. REPORT ``calendar-query`` for VEVENTs on each calendar (RFC 4791 7.8),
   each event's ``calendar-data`` parsed with the `icalendar` library.

The account keeps the events by href; the calendar app shows them next to
the EAS accounts' events (B-MEMO-1).

Must not: parse XML unsafely (defusedxml) or send HTTP itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
import icalendar

from simulator.transport import HttpReply, Transport

DAV, CALDAV = "DAV:", "urn:ietf:params:xml:ns:caldav"
XML = "application/xml; charset=utf-8"

_PRINCIPAL = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>"""
_HOME = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><c:calendar-home-set/></d:prop></d:propfind>"""
_CALENDARS = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:displayname/></d:prop></d:propfind>"""
_EVENTS = b"""<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
<d:prop><d:getetag/><c:calendar-data/></d:prop>
<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter></c:filter>
</c:calendar-query>"""


class CalDavError(Exception):
    """The CalDAV server did not answer as expected."""


@dataclass(frozen=True)
class CalDavEvent:
    href: str
    uid: str
    summary: str
    start: datetime | None
    end: datetime | None
    all_day: bool
    location: str | None
    calendar: str


@dataclass
class CalDavAccount:
    description: str
    url: str  # https://host/ as the user typed it
    user: str
    password: str
    enabled: bool = True
    calendars: dict[str, str] = field(default_factory=dict)  # href -> display name
    events: dict[str, CalDavEvent] = field(default_factory=dict)  # href -> event


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _when(value: object) -> tuple[datetime | None, bool]:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)), False
    if isinstance(value, date):
        return datetime.combine(value, time(), UTC), True
    return None, False


class CalDavClient:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def _dav(
        self, account: CalDavAccount, method: str, url: str, body: bytes, depth: str
    ) -> Element:
        reply = self._send(account, method, url, body, depth)
        if reply.status in (301, 302, 307, 308) and "Location" in reply.headers:
            url = urljoin(url, reply.headers["Location"])
            reply = self._send(account, method, url, body, depth)
        if reply.status == 401:
            raise CalDavError(f"{method} {url}: the login was refused")
        if reply.status != 207:
            raise CalDavError(f"{method} {url}: HTTP {reply.status}")
        root: Element = SafeET.fromstring(reply.body)
        return root

    def _send(
        self, account: CalDavAccount, method: str, url: str, body: bytes, depth: str
    ) -> HttpReply:
        return self.transport.http(
            method,
            url,
            body=body,
            headers={"Content-Type": XML, "Depth": depth},
            credentials=(account.user, account.password),
        )

    def _href(self, account: CalDavAccount, url: str, body: bytes, prop: str, ns: str) -> str:
        root = self._dav(account, "PROPFIND", url, body, "0")
        href = root.find(f".//{_tag(ns, prop)}/{_tag(DAV, 'href')}")
        if href is None or not href.text:
            raise CalDavError(f"PROPFIND {url}: no {prop}")
        return urljoin(url, href.text)

    def sync(self, account: CalDavAccount) -> int:
        """Fetch every calendar's events anew; returns how many the account holds."""
        base = urlsplit(account.url)
        start = f"{base.scheme}://{base.netloc}/.well-known/caldav"
        principal = self._href(account, start, _PRINCIPAL, "current-user-principal", DAV)
        home = self._href(account, principal, _HOME, "calendar-home-set", CALDAV)
        listing = self._dav(account, "PROPFIND", home, _CALENDARS, "1")
        account.calendars = {}
        for response in listing.iter(_tag(DAV, "response")):
            href = response.findtext(_tag(DAV, "href")) or ""
            if response.find(f".//{_tag(DAV, 'resourcetype')}/{_tag(CALDAV, 'calendar')}") is None:
                continue
            name = response.findtext(f".//{_tag(DAV, 'displayname')}") or href.rstrip("/")
            account.calendars[urljoin(home, href)] = name.rpartition("/")[2] or name
        events: dict[str, CalDavEvent] = {}
        for url, name in account.calendars.items():
            report = self._dav(account, "REPORT", url, _EVENTS, "1")
            for response in report.iter(_tag(DAV, "response")):
                data = response.findtext(f".//{_tag(CALDAV, 'calendar-data')}")
                href = response.findtext(_tag(DAV, "href")) or ""
                if data:
                    events.update(self._events(href, data, name))
        account.events = events
        return len(events)

    @staticmethod
    def _events(href: str, data: str, calendar: str) -> dict[str, CalDavEvent]:
        parsed = icalendar.Calendar.from_ical(data)
        found: dict[str, CalDavEvent] = {}
        for vevent in parsed.walk("VEVENT"):
            start, all_day = _when(vevent.decoded("dtstart", None))
            end, _ = _when(vevent.decoded("dtend", None))
            location = vevent.get("location")
            found[href] = CalDavEvent(
                href=href,
                uid=str(vevent.get("uid", "")),
                summary=str(vevent.get("summary", "")),
                start=start,
                end=end,
                all_day=all_day,
                location=None if location is None else str(location),
                calendar=calendar,
            )
        return found
