"""The task app (iOS Reminders, an Android task app): the account's tasks (B-VIEW-4).

Lists every task the device holds, completed ones included until the server
removes them (B-TASK-12: a task completed on the device stays visible after
that sync and disappears after the next). The user can create a task,
complete it, rename it, set its due date, or delete it; the change goes up
with the next Sync.

Must not: talk to the server; it reads and edits through `simulator.apps.base`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eas.items.tasks import (
    Importance,
    TaskItem,
    task_from_application_data,
    task_to_application_data,
)
from simulator.apps.base import EasItems, Editor, StoredItem
from zpush_sim.clock import Clock

# Tasks without a due date sort last. EAS dates arrive aware (UTC) and a task made
# on the device may carry a naive one, so both are compared as UTC (a naive date
# is taken as UTC, as `eas.items.dates` writes it).
_NO_DUE = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class TaskView:
    title: str
    due: datetime | None
    complete: bool
    importance: Importance | None
    account: str
    list_name: str
    item_id: str
    item: TaskItem
    stored: StoredItem = dataclasses.field(repr=False, compare=False)


class TasksApp:
    def __init__(self, name: str, items: EasItems, editor: Editor, clock: Clock) -> None:
        self.name, self._items, self._editor, self._clock = name, items, editor, clock

    def tasks(self, account: str | None = None) -> list[TaskView]:
        views = [
            self._view(s)
            for s in self._items
            if account is None or account in (s.account.description, s.account.email)
        ]
        return sorted(views, key=_order)

    def titles(self, account: str | None = None) -> list[str]:
        return [t.title for t in self.tasks(account)]

    def open_titles(self) -> list[str]:
        return [t.title for t in self.tasks() if not t.complete]

    def find(self, title: str) -> TaskView:
        found = [t for t in self.tasks() if t.title == title]
        if not found:
            raise LookupError(f"{self.name} shows no task {title!r}; it shows {self.titles()}")
        return found[0]

    # -- the user's changes ------------------------------------------------------

    def create(
        self,
        title: str,
        *,
        due: datetime | None = None,
        importance: Importance | None = None,
        body: str | None = None,
        account: str | None = None,
    ) -> str:
        item = TaskItem(
            subject=title,
            body=body,
            importance=importance,
            due_date=due,
            utc_due_date=due,
        )
        target = self._items.account(account)
        return self._editor.create(
            target, self._items.sync_class.key, task_to_application_data(item)
        )

    def complete(self, title: str) -> None:
        view = self.find(title)
        done = dataclasses.replace(view.item, complete=True, date_completed=self._clock.now())
        self._save(view, done)

    def edit(self, title: str, **changes: Any) -> None:
        """Change fields of the task (TaskItem field names: subject, due_date, importance ...)."""
        view = self.find(title)
        self._save(view, dataclasses.replace(view.item, **changes))

    def delete(self, title: str) -> None:
        view = self.find(title)
        self._editor.delete(view.stored.account, view.item_id)

    def _save(self, view: TaskView, item: TaskItem) -> None:
        data = task_to_application_data(item)
        self._editor.change(view.stored.account, view.item_id, data)

    @staticmethod
    def _view(stored: StoredItem) -> TaskView:
        item = task_from_application_data(stored.data)
        return TaskView(
            title=item.subject or "",
            due=item.due_date,
            complete=item.complete,
            importance=item.importance,
            account=stored.account.description,
            list_name=stored.folder,
            item_id=stored.item_id,
            item=item,
            stored=stored,
        )


def _order(task: TaskView) -> tuple[bool, datetime, str]:
    """Open before completed, then by due date (none last), then by title."""
    due = task.due
    if due is None:
        return (task.complete, _NO_DUE, task.title)
    return (task.complete, due if due.tzinfo else due.replace(tzinfo=UTC), task.title)
