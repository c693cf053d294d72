"""Values a device may send that overflow a date (issue 13's million-request fuzz run).

The long fuzz run found OverflowErrors: a recurrence with an Interval or
Occurrences of 10^17 was stored and from then on every calendar Sync of the
user raised in the sync window; a Birthday of 9999-12-31T23:00Z raised when
read. MS-ASCAL caps Interval and Occurrences at 999.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from eas.items.calendar import Recurrence, RecurrenceType
from server.mapping.contacts import birthday_from
from server.mapping.recurrence import repeat_from
from server.mapping.windows import Window, in_window, series_end
from server.model import Appointment, RepeatUnit

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_device_pattern_beyond_999_is_clipped_to_what_the_spec_allows() -> None:
    huge = 10**17
    for kind in (RecurrenceType.DAILY, RecurrenceType.WEEKLY, RecurrenceType.MONTHLY):
        repeat = repeat_from(Recurrence(kind, interval=huge, occurrences=huge))
        assert repeat.every <= 999 and repeat.count is not None and repeat.count <= 999


def test_a_stored_series_ending_past_the_last_date_counts_as_without_end() -> None:
    for unit in (RepeatUnit.DAYS, RepeatUnit.WEEKS, RepeatUnit.MONTHS, RepeatUnit.YEARS):
        stored = Appointment(
            "Serie", START, START + timedelta(hours=1), repeat_unit=unit,
            repeat_every=10**9, repeat_count=10**9,
        )  # fmt: skip
        assert series_end(stored) is None
        assert in_window(stored, Window(START - timedelta(days=30), START + timedelta(days=180)))


def test_a_birthday_at_the_end_of_time_is_no_birthday_rather_than_an_error() -> None:
    assert birthday_from("9999-12-31T23:00:00.000Z") is None
    assert str(birthday_from("1970-05-16T22:00:00.000Z")) == "1970-05-17"
