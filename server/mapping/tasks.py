"""An onOffice task as an EAS task and back (guide 12.1; B-TASK-1..12).

To the device: subject, description, reminder, type as a category, the
six priorities as three importances, postponed as StartDate, deadline as
DueDate, private as the sensitivity. Not sent: agent, status, progress,
time required and the rest of B-TASK-7. From the device: importance to
priority 2/3/4, the first known category to the type, dates, private,
reminder; "complete" sets Completed, 100 % and the completion date
(B-TASK-12). Must not: read the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from eas.items.tasks import Importance, TaskItem
from server.mapping.common import (
    TASK_SENSITIVITY,
    aware,
    categories_of_type,
    private_from_sensitivity,
    type_from_categories,
)
from server.model import Priority, Task, TaskStatus
from server.rules import OnOfficeRules

# B-TASK-3: onOffice's six priorities -> EAS Importance.
IMPORTANCE_OF_PRIORITY: Mapping[Priority, Importance] = MappingProxyType(
    {
        Priority.HIGHEST: Importance.HIGH,
        Priority.HIGH: Importance.HIGH,
        Priority.NORMAL: Importance.NORMAL,
        Priority.NONE: Importance.NORMAL,
        Priority.LOW: Importance.LOW,
        Priority.LOWEST: Importance.LOW,
    }
)
# B-TASK-10: EAS Importance -> onOffice's high, normal, low.
PRIORITY_OF_IMPORTANCE: Mapping[Importance, Priority] = MappingProxyType(
    {
        Importance.HIGH: Priority.HIGH,
        Importance.NORMAL: Priority.NORMAL,
        Importance.LOW: Priority.LOW,
    }
)
# B-TASK-6: statuses whose tasks are not sent (and leave the device).
UNSENT_STATUSES = frozenset({TaskStatus.COMPLETED, TaskStatus.CANCELLED})


def is_sent(task: Task, user_id: int) -> bool:
    """B-TASK-1, B-TASK-6: the user's tasks that are neither completed nor cancelled.

    B-TASK-12 follows: a task completed on the device leaves the folder at
    once, but the Sync that carried the completion does not echo the
    device's own change, so the Delete comes with the next Sync.
    """
    return (
        task.responsible_id == user_id and not task.deleted and task.status not in UNSENT_STATUSES
    )


def _time(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


def task_item(task: Task) -> TaskItem:
    completed = task.status is TaskStatus.COMPLETED
    return TaskItem(
        subject=task.subject,
        body=task.description,
        importance=IMPORTANCE_OF_PRIORITY[task.priority],
        start_date=_time(task.postponed),
        utc_start_date=_time(task.postponed),
        due_date=_time(task.deadline),
        utc_due_date=_time(task.deadline),
        complete=completed,
        date_completed=_time(task.completed_on) if completed else None,
        sensitivity=TASK_SENSITIVITY[task.private],
        reminder_set=task.reminder is not None,
        reminder_time=_time(task.reminder),
        categories=categories_of_type(task.type),
    )


def new_task(user_id: int, now: datetime) -> Task:
    """B-TASK-8: a task from the device belongs to the syncing user."""
    return Task(subject="", responsible_id=user_id, created_by=user_id, entry_date=now)


def apply_item(task: Task, item: TaskItem, rules: OnOfficeRules, now: datetime) -> Task:
    """B-TASK-8..12: the device's item onto the task (responsible and agent unchanged)."""
    changed = replace(
        task,
        subject=item.subject or "",
        description=item.body if item.body is not None else task.description,
        priority=(
            task.priority if item.importance is None else PRIORITY_OF_IMPORTANCE[item.importance]
        ),
        type=type_from_categories(item.categories, rules.task_types, task.type),
        postponed=item.utc_start_date or item.start_date,
        deadline=item.utc_due_date or item.due_date,
        private=private_from_sensitivity(item.sensitivity, task.private),
        reminder=item.reminder_time if item.reminder_set else None,
    )
    if item.complete and task.status is not TaskStatus.COMPLETED:
        changed = replace(
            changed,
            status=TaskStatus.COMPLETED,
            progress=100,
            completed_on=item.date_completed or now,
        )
    return changed
