"""Tasks, with every field onOffice has (the ones Z-Push does not sync too).

Owns the ``tasks`` table (links in `server.store.links`). Every change
bumps a task's ``version``. Must not: decide which tasks a device sees
(`server.mapping.tasks` does, B-TASK-1, B-TASK-6, B-TASK-12).
"""

from __future__ import annotations

from dataclasses import replace

from server.model import Task
from server.store.base import Tables
from server.store.links import add_record, find_records, get_record, update_record

SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    responsible_id INTEGER NOT NULL, agent_id INTEGER, subject TEXT NOT NULL,
    description TEXT NOT NULL, priority INTEGER NOT NULL, status TEXT NOT NULL,
    type TEXT NOT NULL, postponed TEXT, deadline TEXT, private INTEGER NOT NULL,
    reminder TEXT, progress INTEGER NOT NULL, completed_on TEXT, deleted INTEGER NOT NULL,
    connected_to TEXT NOT NULL, entry_date TEXT, created_by INTEGER,
    time_required_minutes INTEGER NOT NULL, additional_time_minutes INTEGER NOT NULL,
    favourite INTEGER NOT NULL, comments TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS tasks_by_responsible ON tasks (responsible_id);
"""


class TaskTables(Tables):
    def add_task(self, customer_id: int, task: Task) -> Task:
        stored = replace(task, customer_id=customer_id, version=1)
        with self.db.transaction() as conn:
            row_id = add_record(conn, "tasks", stored)
        return replace(stored, id=row_id)

    def task(self, task_id: int) -> Task | None:
        with self.db.transaction() as conn:
            return get_record(conn, "tasks", Task, task_id)

    def tasks(self, responsible_id: int) -> list[Task]:
        """Every task the user is responsible for (completed, cancelled and deleted too)."""
        with self.db.transaction() as conn:
            return find_records(conn, "tasks", Task, "responsible_id = ?", (responsible_id,))

    def customer_tasks(self, customer_id: int) -> list[Task]:
        with self.db.transaction() as conn:
            return find_records(conn, "tasks", Task, "customer_id = ?", (customer_id,))

    def update_task(self, task: Task) -> Task:
        with self.db.transaction() as conn:
            update_record(conn, "tasks", task, task.id)
            found = get_record(conn, "tasks", Task, task.id)
        assert found is not None
        return found
