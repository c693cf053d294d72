"""The phone's calendar app: what it shows, which calendars are selected, what she changes.

Details the app's list does not show (notes, reminder, category, private,
repetition, attendee kinds) are read from the event as the app opens it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from pytest_bdd import given, parsers, then, when

from simulator.apps.calendar import CalendarApp, Event
from simulator.device import Device
from steps.onoffice import Person
from steps.phone_items import (
    CANCELLED_MEETING,
    AppointmentItem,
    mentions,
    opened_event,
    repetition,
    weekdays_of,
)
from steps.target import Target
from steps.types import at, in_words, step_parser


def calendar(phone: Device) -> CalendarApp:
    """Her calendar app with the account's calendar selected, as she has it to open an event."""
    app = phone.calendar_app
    app.select(phone.account().description)
    return app


def event(phone: Device, title: str) -> Event:
    return calendar(phone).find(title)


def opened(phone: Device, title: str) -> AppointmentItem:
    """Everything the event carries, as the calendar app opens it."""
    return opened_event(event(phone, title))


def _utc(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


@then(parsers.re(r'her calendar app shows "(?P<title>[^"]+)" (?P<count>\d+) times?$'))
def _(phone: Device, title: str, count: str) -> None:
    """How often the calendar app shows an appointment of that title (all selected calendars)."""
    app = phone.calendar_app
    shown = app.count(title)
    assert shown == int(count), (
        f"{app.name} shows {title!r} {shown} times; it shows "
        f"{[(e.title, e.account, e.calendar) for e in app.events()]}; calendars: {app.calendars()}"
    )


@then(parsers.parse("her calendar app shows {count:d} appointments"))
def _(phone: Device, count: int) -> None:
    """How many appointments the calendar app shows."""
    shown = len(phone.calendar_app.events())
    assert shown == count, f"the calendar app shows {shown} appointments"


@then(parsers.parse("the {count:d} appointments furthest from today are not among them"))
def _(phone: Device, target: Target, person: Person, count: int) -> None:
    """The appointments furthest from today (by the arranged dates) are not on the phone."""
    # The arranged appointments, ranked here by their distance from now; neither their
    # number nor their names are assumed, and the server's own window is not asked.
    now = target.now_real()  # the target's clock: frozen, or a live server's
    ranked = sorted(
        target.appointments(person),
        key=lambda a: abs((_utc(a.start) or now) - now),
    )
    assert len(ranked) > count, f"only {len(ranked)} appointments were arranged"
    furthest = {a.subject for a in ranked[-count:]}
    titles = set(phone.calendar_app.titles())
    assert not titles & furthest, f"the phone shows {sorted(titles & furthest)}"


@given(parsers.re(r"she (?P<action>hides|selects) the account's calendar in her calendar app$"))
@when(parsers.re(r"she (?P<action>hides|selects) the account's calendar in her calendar app$"))
def _(phone: Device, action: str) -> None:
    """She hides or selects the account's calendar in the calendar app."""
    account = phone.account().description
    phone.calendar_app.select(account, shown=action == "selects")


@then(step_parser('the phone\'s calendar shows "{title}" on {day:Date} from {start:Time} to {end:Time}'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, day: date, start: time, end: time) -> None:
    """The calendar shows the appointment on that day, from and to those times (UTC)."""
    found = event(phone, title)
    shown = (_utc(found.start), _utc(found.end))
    assert shown == (at(day, start), at(day, end)), f"the phone shows {shown}"


@then(parsers.re(r'the phone\'s calendar (?P<negation>has|does not have) "(?P<title>[^"]+)"$'))
def _(phone: Device, negation: str, title: str) -> None:
    """Whether the phone's calendar has the appointment, selected or not."""
    titles = [e.title for e in _all_events(phone)]
    if negation == "has":
        assert title in titles, f"the phone's calendar has {titles}"
    else:
        assert title not in titles, f"the phone's calendar still has {title!r}"


def _all_events(phone: Device) -> list[Event]:
    """Every event of the account, whether or not its calendar is selected."""
    app = phone.calendar_app
    for entry in app.calendars():
        app.select(entry.account, entry.name)
    return app.events()


_PHONE_TEXT = {"place": "location", "notes": "body"}


@then(parsers.re(r'the phone\'s appointment "(?P<title>[^"]+)" has the (?P<field>place|notes) "(?P<value>[^"]*)"$'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, field: str, value: str) -> None:
    """The place or notes of the appointment as the phone opens it."""
    shown = getattr(opened(phone, title), _PHONE_TEXT[field])
    assert shown == value, f"the phone shows the {field} {shown!r}"


@then(parsers.parse('the phone\'s appointment "{title}" has notes mentioning "{text}"'))
def _(phone: Device, title: str, text: str) -> None:
    """The notes of the appointment on the phone contain the text."""
    notes = opened(phone, title).body or ""
    assert text in notes, f"the phone shows the notes {notes!r}"


@then(parsers.parse('the phone\'s appointment "{title}" has the category "{category}"'))
def _(phone: Device, title: str, category: str) -> None:
    """The appointment on the phone has that category (onOffice's type)."""
    shown = opened(phone, title).categories
    assert category in shown, f"the phone shows the categories {shown}"


@then(step_parser('the phone\'s appointment "{title}" has a reminder {minutes:Minutes} before'))
def _(phone: Device, title: str, minutes: int) -> None:
    """The reminder of the appointment on the phone."""
    shown = opened(phone, title).reminder
    assert shown == minutes, f"the phone shows a reminder {in_words(shown)} before"


@then(parsers.parse('the phone\'s appointment "{title}" is private'))
def _(phone: Device, title: str) -> None:
    """The appointment on the phone is private."""
    shown = opened(phone, title).sensitivity
    assert shown is not None and shown.name == "PRIVATE", f"the phone shows {shown}"


@then(step_parser('the phone\'s appointment "{title}" is all-day on {day:Date}'))
def _(phone: Device, title: str, day: date) -> None:
    """The appointment on the phone is all-day on that day."""
    found = event(phone, title)
    assert found.all_day, f"{title!r} is not all-day on the phone"
    assert found.start is not None and found.start.date() == day, f"it starts {found.start}"


@then(parsers.re(r'the phone\'s appointment "(?P<title>[^"]+)" repeats every (?P<every>\d+) (?P<unit>day|week|month|year)s?$'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, every: str, unit: str) -> None:
    """The repetition of the appointment on the phone."""
    item = opened(phone, title)
    recurrence = item.recurrence
    assert recurrence is not None, f"{title!r} does not repeat on the phone"
    kinds = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
    shown = (recurrence.type.name, recurrence.interval)
    assert shown == (kinds[unit], int(every)), f"the phone repeats {shown}"
    days = weekdays_of(recurrence)
    if unit == "week" and days and item.start_time is not None:
        # onOffice repeats weekly on the start's weekday only (B-APPT-10).
        assert days == [item.start_time.strftime("%A")], f"the phone repeats on {days}"


@then(parsers.re(r'the phone\'s appointment "(?P<title>[^"]+)" has the (?P<kind>attendee|resource) "(?P<who>[^"]+)"$'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, kind: str, who: str) -> None:
    """The appointment on the phone has that attendee (or resource attendee), by name or e-mail."""
    attendees = opened(phone, title).attendees
    shown = [(a.email, a.name, a.attendee_type.name) for a in attendees]
    matching = [a for a in attendees if who in (a.email, a.name)]
    assert matching, f"the phone shows the attendees {shown}"
    if kind == "resource":
        assert matching[0].attendee_type.name == "RESOURCE", f"attendees: {shown}"


@then(parsers.parse('the phone\'s copy of the appointment "{title}" does not mention "{text}"'))
def _(phone: Device, title: str, text: str) -> None:
    """No field of the phone's appointment holds the text (fields onOffice keeps to itself)."""
    stored = event(phone, title).stored
    assert stored is not None, f"{title!r} is not an Exchange event"
    carried = mentions(stored.data, text)
    assert not carried, f"the phone's appointment carries {text!r}: {carried}"


# -- the user's changes ------------------------------------------------------------


@when(step_parser('she creates the appointment "{title}" on {day:Date} from {start:Time} to {end:Time} at "{place}" with the notes "{notes}" and the categories "{categories}" on the phone'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, day: date, start: time, end: time, place: str, notes: str, categories: str) -> None:  # fmt: skip # noqa: E501
    """She creates an appointment in the calendar app with place, notes and categories."""
    app = calendar(phone)
    app.create(title, at(day, start), at(day, end), location=place, body=notes)
    app.edit(title, categories=tuple(c.strip() for c in categories.split(",")))


@when(step_parser('she creates the appointment "{title}" on {day:Date} from {start:Time} to {end:Time} with the attendee "{email}" on the phone'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, day: date, start: time, end: time, email: str) -> None:
    """She creates an appointment in the calendar app and invites an attendee."""
    calendar(phone).create(title, at(day, start), at(day, end), attendees=(email,))


@when(parsers.parse('she deletes the appointment "{title}" on the phone'))
def _(phone: Device, title: str) -> None:
    """She deletes the appointment in the calendar app."""
    calendar(phone).delete(title)


@when(parsers.parse('she cancels the appointment "{title}" on the phone'))
def _(phone: Device, title: str) -> None:
    """She cancels the appointment in the calendar app (kept on the phone, marked cancelled)."""
    calendar(phone).edit(title, meeting_status=CANCELLED_MEETING)


@when(step_parser('she sets a reminder {minutes:Minutes} before the appointment "{title}" on the phone'))  # fmt: skip # noqa: E501
def _(phone: Device, minutes: int, title: str) -> None:
    """She sets a reminder on the appointment in the calendar app."""
    calendar(phone).edit(title, reminder=minutes)


@when(parsers.re(r"she switches (?P<state>off all|on the) notifications of the calendar app$"))
def _(phone: Device, state: str) -> None:
    """She switches the calendar app's notifications off or on (Android 11, B-VIEW-3)."""
    phone.set_app_notifications("calendar", state == "on the")


@then(parsers.parse('the invitation to "{email}" was not sent'))
def _(phone: Device, email: str) -> None:
    """The phone tried to send the invitation, and it was not sent (no mail through Z-Push)."""
    tried = [i for i in phone.invitations if email in i.attendees]
    assert tried, f"the phone did not try to send an invitation: {phone.invitations}"
    assert not any(i.sent for i in tried), f"the invitation was sent: {tried}"


@when(step_parser('she creates the appointment "{title}" on {day:Date} from {start:Time} to {end:Time} repeating {pattern} on the phone'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, day: date, start: time, end: time, pattern: str) -> None:
    """She creates a repeating appointment, e.g. "every 2 weeks", "monthly on the 2nd Tuesday"."""
    app = calendar(phone)
    app.create(title, at(day, start), at(day, end))
    app.edit(title, recurrence=repetition(pattern, at(day, start)))


@when(parsers.re(r"she sets the phone's calendar to sync (?P<period>all events|\d+ (?:weeks?|months?) back)$"))  # fmt: skip # noqa: E501
def _(phone: Device, period: str) -> None:
    """She changes how far back the phone's calendar syncs, e.g. "2 weeks back", "all events"."""
    phone.set_calendar_window(period)
