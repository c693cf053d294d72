"""Task items (MS-ASTASK): ApplicationData <-> `TaskItem`.

A task is a frozen value with the spec's fields in snake_case
(``due_date`` is ``Tasks:DueDate``). Dates use the extended form
(``2026-03-02T09:00:00.000Z``). Recurring tasks are not modelled (onOffice
tasks do not recur): a Recurrence from a device is ignored when reading,
like every element this module does not know. No onOffice rules here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from eas.commands import CommandError, optional_int, parse_int
from eas.items.body import body_from_tree, body_to_tree
from eas.items.calendar import Sensitivity
from eas.items.dates import extended, parse_optional
from eas.tree import E, Element

__all__ = ["Importance", "Sensitivity", "TaskItem", "task_from_application_data",
           "task_to_application_data"]  # fmt: skip


class Importance(IntEnum):
    """MS-ASTASK 2.2.2.12."""

    LOW = 0
    NORMAL = 1
    HIGH = 2


@dataclass(frozen=True)
class TaskItem:
    subject: str | None = None
    body: str | None = None
    importance: Importance | None = None
    start_date: datetime | None = None  # local time as the device shows it
    utc_start_date: datetime | None = None
    due_date: datetime | None = None
    utc_due_date: datetime | None = None
    complete: bool = False
    date_completed: datetime | None = None  # MS-ASTASK 2.2.2.9: required when complete
    sensitivity: Sensitivity | None = None
    reminder_set: bool = False
    reminder_time: datetime | None = None
    categories: tuple[str, ...] = ()


def task_to_application_data(item: TaskItem, truncation_size: int | None = None) -> Element:
    data = E("AirSync:ApplicationData")
    if item.body is not None:
        data.append(body_to_tree(item.body, truncation_size))
    fields: tuple[tuple[str, object], ...] = (
        ("Subject", item.subject),
        ("Importance", item.importance),
        ("UtcStartDate", item.utc_start_date),
        ("StartDate", item.start_date),
        ("UtcDueDate", item.utc_due_date),
        ("DueDate", item.due_date),
    )
    _write(data, fields)
    if item.categories:
        data.append(E("Tasks:Categories", *(E("Category", c) for c in item.categories)))
    _write(
        data,
        (
            ("Complete", item.complete),  # MS-ASTASK 2.2.2.8: always sent by the server
            ("DateCompleted", item.date_completed if item.complete else None),
            ("Sensitivity", item.sensitivity),
            ("ReminderTime", item.reminder_time if item.reminder_set else None),
            ("ReminderSet", item.reminder_set),
        ),
    )
    return data


def _write(parent: Element, fields: tuple[tuple[str, object], ...]) -> None:
    for name, value in fields:
        if value is None:
            continue
        if isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, datetime):
            text = extended(value)
        elif isinstance(value, IntEnum):
            text = str(int(value))
        else:
            text = str(value)
        parent.append(E(f"Tasks:{name}", text))


def task_from_application_data(data: Element) -> TaskItem:
    """Read a task; elements of other pages (and Recurrence) are ignored."""
    importance = optional_int(data.findtext("Tasks:Importance"), "Importance")
    sensitivity = optional_int(data.findtext("Tasks:Sensitivity"), "Sensitivity")
    try:
        return TaskItem(
            subject=data.findtext("Tasks:Subject"),
            body=body_from_tree(data),
            importance=None if importance is None else Importance(importance),
            start_date=parse_optional(data.findtext("Tasks:StartDate"), "StartDate"),
            utc_start_date=parse_optional(data.findtext("Tasks:UtcStartDate"), "UtcStartDate"),
            due_date=parse_optional(data.findtext("Tasks:DueDate"), "DueDate"),
            utc_due_date=parse_optional(data.findtext("Tasks:UtcDueDate"), "UtcDueDate"),
            complete=parse_int(data.findtext("Tasks:Complete", "0"), "Complete") == 1,
            date_completed=parse_optional(data.findtext("Tasks:DateCompleted"), "DateCompleted"),
            sensitivity=None if sensitivity is None else Sensitivity(sensitivity),
            reminder_set=data.findtext("Tasks:ReminderSet") == "1",
            reminder_time=parse_optional(data.findtext("Tasks:ReminderTime"), "ReminderTime"),
            categories=tuple(c.text or "" for c in data.findall("Tasks:Categories/Category")),
        )
    except ValueError as error:
        if isinstance(error, CommandError):
            raise
        raise CommandError(f"task: {error}") from error
