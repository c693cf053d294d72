"""Task items (MS-ASTASK) to and from ApplicationData, through the WBXML codec."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eas import wbxml
from eas.commands import CommandError
from eas.items.tasks import (
    Importance,
    Sensitivity,
    TaskItem,
    task_from_application_data,
    task_to_application_data,
)
from eas.tree import E, Element

DUE = datetime(2026, 3, 9, tzinfo=UTC)

FULL = TaskItem(
    subject="Expose schicken",
    body="an Frau Doe",
    importance=Importance.HIGH,
    start_date=datetime(2026, 3, 3, tzinfo=UTC),
    utc_start_date=datetime(2026, 3, 3, tzinfo=UTC),
    due_date=DUE,
    utc_due_date=DUE,
    complete=True,
    date_completed=datetime(2026, 3, 4, 12, tzinfo=UTC),
    sensitivity=Sensitivity.PRIVATE,
    reminder_set=True,
    reminder_time=datetime(2026, 3, 8, 9, tzinfo=UTC),
    categories=("To-do",),
)


def _wire(data: Element) -> Element:
    decoded = wbxml.decode(wbxml.encode(E("AirSync:Sync", E("Commands", E("Add", data)))))
    found = decoded.find("Commands/Add/ApplicationData")
    assert found is not None
    return found


def test_every_field_survives_the_round_trip_through_wbxml() -> None:
    assert task_from_application_data(_wire(task_to_application_data(FULL))) == FULL


def test_dates_use_the_extended_format_and_complete_is_always_sent() -> None:
    data = task_to_application_data(TaskItem(subject="x", due_date=DUE))
    assert data.findtext("Tasks:DueDate") == "2026-03-09T00:00:00.000Z"
    assert data.findtext("Tasks:Complete") == "0"
    assert data.find("Tasks:DateCompleted") is None
    assert data.findtext("Tasks:ReminderSet") == "0"


def test_reminder_time_is_sent_only_when_set() -> None:
    data = task_to_application_data(TaskItem(reminder_time=DUE))
    assert data.find("Tasks:ReminderTime") is None


@pytest.mark.parametrize(
    "bad",
    [
        E("Tasks:DueDate", "friday"),
        E("Tasks:Importance", "7"),
        E("Tasks:Complete", "yes"),
    ],
)
def test_malformed_fields_raise_the_command_error(bad: Element) -> None:
    with pytest.raises(CommandError):
        task_from_application_data(E("AirSync:ApplicationData", bad))
