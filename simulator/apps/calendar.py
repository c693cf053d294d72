"""The calendar app: the events of every visible calendar of every account (B-VIEW-1/2).

It lists one calendar per EAS calendar folder and per CalDAV calendar (a
Memotoo account, B-MEMO-1), each shown or hidden as the user selected it;
a new account's calendars start as the profile says (iOS shows them;
Google Calendar may need them selected). Events of all shown calendars are
merged, so an appointment that reaches the phone by two accounts appears
twice, as on a real phone. The user can create, edit and delete events in
an EAS calendar; an event with attendees is an invitation (B-MAIL-1).

Must not: talk to the server; it reads and edits through `simulator.apps.base`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from eas.items.calendar import (
    AppointmentItem,
    Attendee,
    appointment_from_application_data,
    appointment_to_application_data,
)
from simulator.apps.base import EasItems, Editor, StoredItem
from simulator.caldav import CalDavAccount


@dataclass(frozen=True)
class CalendarEntry:
    """One calendar in the app's list of calendars."""

    account: str
    name: str
    visible: bool


@dataclass(frozen=True)
class Event:
    title: str
    start: datetime | None
    end: datetime | None
    all_day: bool
    location: str | None
    attendees: tuple[str, ...]
    account: str
    calendar: str
    item_id: str
    stored: StoredItem | None = dataclasses.field(default=None, repr=False, compare=False)

    def on(self, day: date) -> bool:
        return (
            self.start is not None and self.start.date() <= day <= (self.end or self.start).date()
        )


class CalendarApp:
    def __init__(
        self,
        name: str,
        items: EasItems,
        editor: Editor,
        caldav: Callable[[], Sequence[CalDavAccount]],
        visibility: dict[tuple[str, str], bool],
        new_visible: bool,
    ) -> None:
        self.name, self._items, self._editor, self._caldav = name, items, editor, caldav
        self._visibility, self._new_visible = visibility, new_visible

    # -- the list of calendars ---------------------------------------------------

    def calendars(self) -> list[CalendarEntry]:
        names: dict[tuple[str, str], None] = {}
        for account in self._items.accounts():
            for folder in self._items.folders(account):
                names[(account.description, folder)] = None
        for dav in self._caldav():
            if dav.enabled:
                for calendar in dav.calendars.values():
                    names[(dav.description, calendar)] = None
        return [CalendarEntry(a, n, self._shown(a, n)) for a, n in names]

    def _shown(self, account: str, calendar: str) -> bool:
        return self._visibility.setdefault((account, calendar), self._new_visible)

    def select(self, account: str, calendar: str | None = None, shown: bool = True) -> None:
        """Tick (or untick) an account's calendar, or all of its calendars, in the list."""
        matching = [c for c in self.calendars() if c.account == account]
        if calendar is not None:
            matching = [c for c in matching if c.name == calendar]
        if not matching:
            raise LookupError(f"{self.name} lists no calendar {calendar or ''} of {account!r}")
        for entry in matching:
            self._visibility[(entry.account, entry.name)] = shown

    def hide(self, account: str, calendar: str | None = None) -> None:
        self.select(account, calendar, shown=False)

    # -- what the user sees ------------------------------------------------------

    def events(self, on: date | None = None) -> list[Event]:
        """The events of the shown calendars (on one day, if given), by start and title."""
        found = [self._eas_event(s) for s in self._items]
        for dav in self._caldav():
            if dav.enabled:
                found += [
                    Event(e.summary, e.start, e.end, e.all_day, e.location, (),
                          dav.description, e.calendar, e.href)
                    for e in dav.events.values()
                ]  # fmt: skip
        shown = [e for e in found if self._shown(e.account, e.calendar)]
        if on is not None:
            shown = [e for e in shown if e.on(on)]
        return sorted(shown, key=lambda e: (_instant(e.start), e.title, e.account))

    def titles(self, on: date | None = None) -> list[str]:
        return [e.title for e in self.events(on)]

    def count(self, title: str) -> int:
        """How often an event with this title is shown (2 when two accounts bring it)."""
        return sum(1 for e in self.events() if e.title == title)

    def find(self, title: str) -> Event:
        found = [e for e in self.events() if e.title == title and e.stored is not None]
        if not found:
            raise LookupError(f"{self.name} shows no event {title!r}; it shows {self.titles()}")
        return found[0]

    # -- the user's changes ------------------------------------------------------

    def create(
        self,
        title: str,
        start: datetime,
        end: datetime,
        *,
        location: str | None = None,
        attendees: Sequence[str] = (),
        all_day: bool = False,
        reminder: int | None = None,
        body: str | None = None,
        account: str | None = None,
    ) -> str:
        item = AppointmentItem(
            subject=title,
            start_time=start,
            end_time=end,
            all_day=all_day,
            location=location,
            body=body,
            reminder=reminder,
            attendees=tuple(Attendee(email=a, name=a.partition("@")[0]) for a in attendees),
        )
        target = self._items.account(account)
        data = appointment_to_application_data(item)
        return self._editor.create(target, self._items.sync_class.key, data)

    def edit(self, title: str, **changes: Any) -> None:
        """Change fields (AppointmentItem names: subject, start_time, location ...)."""
        event = self.find(title)
        assert event.stored is not None
        item = appointment_from_application_data(event.stored.data)
        new = dataclasses.replace(item, **changes)
        data = appointment_to_application_data(new)
        self._editor.change(event.stored.account, event.item_id, data)

    def delete(self, title: str) -> None:
        event = self.find(title)
        assert event.stored is not None
        self._editor.delete(event.stored.account, event.item_id)

    @staticmethod
    def _eas_event(stored: StoredItem) -> Event:
        item = appointment_from_application_data(stored.data)
        return Event(
            title=item.subject or "",
            start=item.start_time,
            end=item.end_time,
            all_day=item.all_day,
            location=item.location,
            attendees=tuple(a.email for a in item.attendees),
            account=stored.account.description,
            calendar=stored.folder,
            item_id=stored.item_id,
            stored=stored,
        )


def _instant(start: datetime | None) -> datetime:
    """A start to sort by: none last; a naive one (floating, CalDAV) taken as UTC.

    Comparing an aware EAS start with a naive one or ``datetime.max`` raises
    TypeError (the task app's defect of issue 14).
    """
    if start is None:
        return datetime.max.replace(tzinfo=UTC)
    return start if start.tzinfo else start.replace(tzinfo=UTC)
