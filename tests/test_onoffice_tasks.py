"""Tasks over the wire (guide 12.1): every B-TASK rule as a phone sees it, and onOffice after."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from onoffice_world import NOW, World, make_world

from eas.items.calendar import Sensitivity
from eas.items.tasks import (
    Importance,
    TaskItem,
    task_from_application_data,
    task_to_application_data,
)
from eas.tree import Element
from server.model import Priority, Task, TaskStatus

TASKS = "tasks"
DAY = timedelta(days=1)


@pytest.fixture
def world() -> World:
    return make_world()


def _add(world: World, **kwargs: object) -> Task:
    fields: dict[str, object] = {"subject": "Aufgabe", "responsible_id": world.jane.id}
    return world.store.add_task(world.customer.id, Task(**(fields | kwargs)))  # type: ignore[arg-type]


def _item(data: Element) -> TaskItem:
    return task_from_application_data(data)


def test_b_task_1_only_the_responsible_users_tasks_agent_not_sent(world: World) -> None:
    mine = _add(world, agent_id=world.jane.id)
    colleague = world.store.add_user(world.customer.id, "max", "pw", display_name="Agent Max")
    _add(world, responsible_id=colleague.id, agent_id=world.jane.id)
    held = world.phone().sync(TASKS)
    assert list(held) == [str(mine.id)]
    assert "Agent Max" not in {n.text for n in held[str(mine.id)].iter()}


def test_b_task_2_3_4_5_fields(world: World) -> None:
    found = _add(
        world, subject="Exposé schicken", description="an Frau Doe", type="To-do",
        priority=Priority.LOWEST, postponed=NOW + DAY, deadline=NOW + 3 * DAY, private=True,
        reminder=NOW + 2 * DAY,
    )  # fmt: skip
    item = _item(world.phone().sync(TASKS)[str(found.id)])
    assert (item.subject, item.body, item.categories) == (
        "Exposé schicken",
        "an Frau Doe",
        ("To-do",),
    )
    assert (item.importance, item.sensitivity) == (Importance.LOW, Sensitivity.PRIVATE)
    assert (item.start_date, item.due_date) == (NOW + DAY, NOW + 3 * DAY)
    assert (item.reminder_set, item.reminder_time) == (True, NOW + 2 * DAY)


@pytest.mark.parametrize(
    ("priority", "importance"),
    [(Priority.HIGHEST, Importance.HIGH), (Priority.HIGH, Importance.HIGH),
     (Priority.NORMAL, Importance.NORMAL), (Priority.NONE, Importance.NORMAL),
     (Priority.LOW, Importance.LOW), (Priority.LOWEST, Importance.LOW)],
)  # fmt: skip
def test_b_task_3_priority_on_the_wire(
    world: World, priority: Priority, importance: Importance
) -> None:
    found = _add(world, priority=priority, private=False)
    item = _item(world.phone().sync(TASKS)[str(found.id)])
    assert item.importance == importance and item.sensitivity == Sensitivity.PERSONAL  # B-TASK-5


def test_b_task_6_completed_and_cancelled_not_sent_and_removed(world: World) -> None:
    open_task = _add(world)
    _add(world, status=TaskStatus.COMPLETED)
    _add(world, status=TaskStatus.CANCELLED)
    phone = world.phone()
    assert list(phone.sync(TASKS)) == [str(open_task.id)]
    world.store.update_task(replace(open_task, status=TaskStatus.CANCELLED))
    assert phone.sync(TASKS) == {}


def test_b_task_7_not_sent(world: World) -> None:
    found = _add(
        world, connected_to="Objekt 4711", time_required_minutes=95, additional_time_minutes=25,
        favourite=True, progress=40, comments="Kommentar XY", linked_projects=("PROJ-1",),
        linked_files=("datei.pdf",),
    )  # fmt: skip
    texts = {n.text for n in world.phone().sync(TASKS)[str(found.id)].iter()}
    assert not texts & {"Objekt 4711", "95", "25", "40", "Kommentar XY", "PROJ-1", "datei.pdf"}


def _device(**changes: object) -> Element:
    return task_to_application_data(replace(TaskItem(subject="Vom Handy"), **changes))  # type: ignore[arg-type]


def test_b_task_8_to_11_a_new_task_from_the_phone(world: World) -> None:
    phone = world.phone()
    phone.sync(TASKS)
    server_id = phone.add(
        TASKS,
        _device(
            body="Details", importance=Importance.HIGH, categories=("Privat", "phone call"),
            start_date=NOW + DAY, utc_start_date=NOW + DAY, due_date=NOW + 2 * DAY,
            utc_due_date=NOW + 2 * DAY, sensitivity=Sensitivity.PRIVATE,
            reminder_set=True, reminder_time=NOW + DAY,
        ),
    )  # fmt: skip
    stored = world.store.task(int(server_id))
    assert stored is not None and stored.responsible_id == world.jane.id  # B-TASK-8
    assert (stored.type, stored.priority) == ("Phone call", Priority.HIGH)  # B-TASK-9, 10
    assert (stored.postponed, stored.deadline) == (NOW + DAY, NOW + 2 * DAY)  # B-TASK-11
    assert (stored.private, stored.reminder, stored.description) == (True, NOW + DAY, "Details")


@pytest.mark.parametrize(
    ("importance", "priority"),
    [(Importance.HIGH, Priority.HIGH), (Importance.NORMAL, Priority.NORMAL),
     (Importance.LOW, Priority.LOW)],
)  # fmt: skip
def test_b_task_8_9_10_a_change_keeps_responsible_agent_and_unknown_type(
    world: World, importance: Importance, priority: Priority
) -> None:
    colleague = world.store.add_user(world.customer.id, "max", "pw")
    found = _add(world, agent_id=colleague.id, type="Anruf", priority=Priority.LOWEST)
    phone = world.phone()
    held = _item(phone.sync(TASKS)[str(found.id)])
    changed = replace(held, importance=importance, categories=("Unbekannt",))
    phone.change(TASKS, str(found.id), task_to_application_data(changed))
    stored = world.store.task(found.id)
    assert stored is not None
    assert (stored.responsible_id, stored.agent_id) == (world.jane.id, colleague.id)
    assert (stored.type, stored.priority) == ("Anruf", priority)


def test_b_task_12_completed_on_the_phone_stays_one_sync(world: World) -> None:
    found = _add(world)
    phone = world.phone()
    held = _item(phone.sync(TASKS)[str(found.id)])
    done = replace(held, complete=True, date_completed=NOW - DAY)
    assert str(found.id) in phone.change(TASKS, str(found.id), task_to_application_data(done))
    stored = world.store.task(found.id)
    assert stored is not None
    assert (stored.status, stored.progress, stored.completed_on) == (
        TaskStatus.COMPLETED, 100, NOW - DAY,
    )  # fmt: skip
    assert phone.sync(TASKS) == {}  # the next sync removes it
