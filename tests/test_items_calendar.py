"""Calendar items (MS-ASCAL) to and from ApplicationData, through the WBXML codec."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eas import wbxml
from eas.commands import CommandError
from eas.items.calendar import (
    UTC_TIMEZONE,
    AppointmentException,
    AppointmentItem,
    Attendee,
    AttendeeType,
    BusyStatus,
    DayOfWeek,
    Recurrence,
    RecurrenceType,
    Sensitivity,
    appointment_from_application_data,
    appointment_to_application_data,
)
from eas.tree import E, Element

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
END = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)

FULL = AppointmentItem(
    subject="Besichtigung",
    start_time=START,
    end_time=END,
    location="Aachen",
    body="Objekt 12",
    reminder=15,
    sensitivity=Sensitivity.PRIVATE,
    busy_status=BusyStatus.BUSY,
    categories=("Besichtigung",),
    attendees=(
        Attendee("jane@example.org", "Jane Doe"),
        Attendee("room@example.org", "Raum 1", AttendeeType.RESOURCE, 0),
    ),
    recurrence=Recurrence(
        RecurrenceType.WEEKLY,
        interval=2,
        until=datetime(2026, 6, 1, tzinfo=UTC),
        day_of_week=DayOfWeek.MONDAY,
    ),
    exceptions=(AppointmentException(datetime(2026, 3, 16, 9, tzinfo=UTC), deleted=True),),
    timezone=UTC_TIMEZONE,
    dtstamp=START,
    uid="abc",
    meeting_status=1,
)


def _wire(data: Element) -> Element:
    """Through the codec, wrapped as a Sync's Add would carry it."""
    root = E("AirSync:Sync", E("Commands", E("Add", data)))
    decoded = wbxml.decode(wbxml.encode(root))
    found = decoded.find("Commands/Add/ApplicationData")
    assert found is not None
    return found


def test_every_field_survives_the_round_trip_through_wbxml() -> None:
    assert appointment_from_application_data(_wire(appointment_to_application_data(FULL))) == FULL


def test_times_use_the_compact_calendar_format() -> None:
    data = appointment_to_application_data(FULL)
    assert data.findtext("Calendar:StartTime") == "20260302T090000Z"
    assert data.findtext("Calendar:Recurrence/Until") == "20260601T000000Z"
    assert data.findtext("Calendar:AllDayEvent") == "0"
    assert data.findtext("Calendar:Sensitivity") == "2"


def test_absent_fields_are_not_written() -> None:
    data = appointment_to_application_data(AppointmentItem(subject="x"))
    assert [c.tag for c in data.children] == ["Calendar:Subject", "Calendar:AllDayEvent"]


@pytest.mark.parametrize(
    ("status", "cancelled"), [(None, False), (0, False), (1, False), (5, True), (7, True)]
)
def test_cancelled_meeting_statuses(status: int | None, cancelled: bool) -> None:
    assert AppointmentItem(meeting_status=status).cancelled is cancelled


@pytest.mark.parametrize(
    "bad",
    [
        E("Calendar:StartTime", "tomorrow"),
        E("Calendar:Sensitivity", "9"),
        E("Calendar:Reminder", "soon"),
        E("Calendar:Recurrence", E("Interval", "1")),
    ],
)
def test_malformed_fields_raise_the_command_error(bad: Element) -> None:
    with pytest.raises(CommandError):
        appointment_from_application_data(E("AirSync:ApplicationData", bad))


def test_extended_dates_from_a_device_are_accepted() -> None:
    data = E("AirSync:ApplicationData", E("Calendar:StartTime", "2026-03-02T09:00:00.000Z"))
    assert appointment_from_application_data(data).start_time == START
