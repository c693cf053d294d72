"""The guide's mapping tables, rule by rule, on the pure mapping functions (no wire, no store)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from eas.items.calendar import AppointmentItem, DayOfWeek, Recurrence, RecurrenceType, Sensitivity
from eas.items.contacts import ContactItem
from eas.items.tasks import Importance, TaskItem
from server.mapping import appointments, common, tasks, windows
from server.mapping.contacts import contact_from_address, number_changes
from server.mapping.recurrence import repeat_from
from server.model import (
    Address,
    Appointment,
    Number,
    NumberKind,
    Priority,
    Property,
    RepeatUnit,
    Slot,
    Task,
    TaskStatus,
)
from server.rules import OnOfficeRules

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
RULES = OnOfficeRules()
P, M, F, E = NumberKind.PHONE, NumberKind.MOBILE, NumberKind.FAX, NumberKind.EMAIL


@pytest.mark.parametrize(
    ("minutes", "step"),
    [(None, None), (0, 0), (1, 5), (15, 15), (16, 30), (53, 60), (61, 120), (5 * 60, 12 * 60),
     (13 * 60, 1440), (4 * 1440, 10080), (11 * 1440, 20160), (30 * 1440, 20160)],
)  # fmt: skip
def test_b_appt_9_reminder_steps(minutes: int | None, step: int | None) -> None:
    assert common.round_up_reminder(minutes, RULES.reminder_steps) == step


@pytest.mark.parametrize(
    ("recurrence", "unit", "every"),
    [
        (Recurrence(RecurrenceType.DAILY, 3), RepeatUnit.DAYS, 3),
        (Recurrence(RecurrenceType.DAILY, 1, day_of_week=62), RepeatUnit.DAYS, 1),
        (Recurrence(RecurrenceType.WEEKLY, 2, day_of_week=DayOfWeek.MONDAY), RepeatUnit.WEEKS, 2),
        (Recurrence(RecurrenceType.WEEKLY, 1, day_of_week=10), RepeatUnit.WEEKS, 1),
        (Recurrence(RecurrenceType.MONTHLY, 1, day_of_month=2), RepeatUnit.MONTHS, 1),
        (Recurrence(RecurrenceType.MONTHLY_NTH, 1, week_of_month=2, day_of_week=4),
         RepeatUnit.MONTHS, 1),
        (Recurrence(RecurrenceType.YEARLY, 1), RepeatUnit.YEARS, 1),
        (Recurrence(RecurrenceType.YEARLY_NTH, 1, week_of_month=1), RepeatUnit.YEARS, 1),
    ],
)  # fmt: skip
def test_b_appt_10_recurrence_reduction(
    recurrence: Recurrence, unit: RepeatUnit, every: int
) -> None:
    repeat = repeat_from(recurrence)
    assert (repeat.unit, repeat.every) == (unit, every)


def test_b_appt_1_3_4_5_to_device() -> None:
    found = Appointment(
        "S", NOW, NOW + timedelta(hours=1), private=True, type="Intern", notes="N",
        repeat_unit=RepeatUnit.WEEKS, travel_time_minutes=30, linked_projects=("P",),
    )  # fmt: skip
    links = appointments.Links(properties=(Property("7", "Haus"),))
    item = appointments.appointment_item(found, links, _user())
    assert item.sensitivity == Sensitivity.PRIVATE and item.categories == ("Intern",)
    assert item.body == "N\n\nLinked properties:\n- 7 Haus"
    assert item.recurrence == Recurrence(RecurrenceType.WEEKLY, 1, day_of_week=DayOfWeek.MONDAY)
    assert "30" not in repr(item) and "'P'" not in repr(item)


def _user():  # type: ignore[no-untyped-def]
    from server.model import User

    return User(1, 1, "C", "u", "pw", "U")


@pytest.mark.parametrize(
    ("body", "notes"),
    [("", ""), ("N", "N"), ("N\n\nLinked properties:\n- 7", "N"), ("Linked properties:\n- 7", "")],
)
def test_b_appt_8_appended_properties_are_not_stored(body: str, notes: str) -> None:
    assert appointments.notes_without_properties(body) == notes


@pytest.mark.parametrize(
    ("categories", "current", "expected"),
    [((), "Intern", "Intern"), (("x", "telefonat", "Intern"), "", "Telefonat"),
     (("unknown",), "Intern", "Intern")],
)  # fmt: skip
def test_b_appt_6_b_task_9_first_known_category(
    categories: tuple[str, ...], current: str, expected: str
) -> None:
    assert common.type_from_categories(categories, RULES.appointment_types, current) == expected


def test_b_appt_7_a_cancelled_meeting_marks_deleted() -> None:
    item = AppointmentItem("S", NOW, NOW, meeting_status=7)
    assert appointments.apply_item(Appointment("S", NOW, NOW), item, RULES).deleted


@pytest.mark.parametrize(
    ("priority", "importance"),
    [(Priority.HIGHEST, Importance.HIGH), (Priority.HIGH, Importance.HIGH),
     (Priority.NORMAL, Importance.NORMAL), (Priority.LOW, Importance.LOW),
     (Priority.LOWEST, Importance.LOW), (Priority.NONE, Importance.NORMAL)],
)  # fmt: skip
def test_b_task_3_priority_to_importance(priority: Priority, importance: Importance) -> None:
    assert tasks.task_item(Task("x", priority=priority)).importance == importance


@pytest.mark.parametrize("importance", list(Importance))
def test_b_task_10_importance_to_priority(importance: Importance) -> None:
    changed = tasks.apply_item(Task("x"), TaskItem("x", importance=importance), RULES, NOW)
    assert changed.priority == {0: Priority.LOW, 1: Priority.NORMAL, 2: Priority.HIGH}[importance]


@pytest.mark.parametrize(
    ("task", "sent"),
    [(Task("x", 1), True), (Task("x", 2), False),
     (Task("x", 1, status=TaskStatus.IN_PROGRESS), True),
     (Task("x", 1, status=TaskStatus.COMPLETED), False),
     (Task("x", 1, status=TaskStatus.CANCELLED), False), (Task("x", 1, deleted=True), False)],
)  # fmt: skip
def test_b_task_1_6_which_tasks_are_sent(task: Task, sent: bool) -> None:
    assert tasks.is_sent(task, 1) is sent


@pytest.mark.parametrize(("private", "sensitivity"), [(True, 2), (False, 1)])
def test_b_task_5_sensitivity(private: bool, sensitivity: int) -> None:
    assert tasks.task_item(Task("x", private=private)).sensitivity == sensitivity


def test_b_task_2_4_7_8_11_12_fields() -> None:
    task = Task("S", 1, agent_id=2, description="D", type="To-do", postponed=NOW, deadline=NOW,
                comments="C", progress=40, reminder=NOW)  # fmt: skip
    item = tasks.task_item(task)
    assert (item.body, item.categories, item.start_date, item.due_date) == (
        "D",
        ("To-do",),
        NOW,
        NOW,
    )
    assert "C" not in (item.body, item.subject) and item.reminder_set
    done = tasks.apply_item(task, TaskItem("S", complete=True, date_completed=NOW), RULES, NOW)
    assert (done.status, done.progress, done.completed_on) == (TaskStatus.COMPLETED, 100, NOW)
    assert (done.responsible_id, done.agent_id) == (1, 2)
    assert tasks.new_task(7, NOW).responsible_id == 7


@pytest.mark.parametrize(
    ("filter_type", "start"),
    [(None, datetime(2026, 2, 2, 9, tzinfo=UTC)), (0, datetime(2026, 2, 2, 9, tzinfo=UTC)),
     (4, NOW - timedelta(days=14)), (5, datetime(2026, 2, 2, 9, tzinfo=UTC)),
     (7, datetime(2025, 9, 2, 9, tzinfo=UTC))],
)  # fmt: skip
def test_b_lim_2_3_windows(filter_type: int | None, start: datetime) -> None:
    window = windows.appointment_window(filter_type, NOW, RULES)
    assert (window.start, window.end) == (start, datetime(2026, 9, 2, 9, tzinfo=UTC))


def test_b_lim_1_nearest_to_now() -> None:
    found = [Appointment("x", NOW + timedelta(days=d), NOW, id=d + 10) for d in (-3, 1, 9, -1, 5)]
    kept = windows.limited(found, NOW, OnOfficeRules(max_appointments=3))
    assert [a.id for a in kept] == [9, 11, 7]


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        pytest.param((Number(P, "1", True, Slot.CAR),), {"CarPhoneNumber": "1"}, id="B-CON-4"),
        pytest.param(
            (Number(P, "1", True, Slot.MOBILE),), {"MobilePhoneNumber": "1"}, id="B-CON-16"
        ),
        pytest.param((Number(P, "1"), Number(P, "2", True), Number(M, "3")),
                     {"HomePhoneNumber": "2", "MobilePhoneNumber": "3"}, id="B-CON-9-phone"),
        pytest.param((Number(F, "1"), Number(F, "2")), {"HomeFaxNumber": "1"}, id="B-CON-9-fax"),
        pytest.param((Number(E, "a", True), Number(E, "b", False, Slot.EMAIL2)),
                     {"Email2Address": "b"}, id="B-CON-9-each-kind-apart"),
    ],
)  # fmt: skip
def test_b_con_4_9_16_slots(numbers: tuple[Number, ...], expected: dict[str, str]) -> None:
    assert dict(contact_from_address(Address(numbers=numbers)).fields) == expected


def test_b_con_2_3_5_fields() -> None:
    address = Address(salutation="Frau", street="S", city="C", birthday=date(1980, 1, 2),
                      company_info="I", po_box="PO", fax2="F2")  # fmt: skip
    fields = contact_from_address(address).fields
    assert fields == {"Title": "Frau", "BusinessAddressStreet": "S", "BusinessAddressCity": "C",
                      "Birthday": "1980-01-02T00:00:00.000Z"}  # fmt: skip


@pytest.mark.parametrize(
    ("device", "unassign", "added"),
    [
        pytest.param({"MobilePhoneNumber": "m"}, (), (), id="unchanged"),
        pytest.param({"MobilePhoneNumber": "new"}, (1,), (("new", Slot.MOBILE),), id="B-CON-11"),
        pytest.param({}, (1,), (), id="B-CON-12"),
        pytest.param({"MobilePhoneNumber": "m", "CarPhoneNumber": "c"}, (),
                     (("c", Slot.CAR),), id="B-CON-10"),
    ],
)  # fmt: skip
def test_b_con_10_11_12_number_changes(
    device: dict[str, str], unassign: tuple[int, ...], added: tuple[tuple[str, Slot], ...]
) -> None:
    address = Address(numbers=(Number(M, "m", True, Slot.MOBILE, id=1),))
    changes = number_changes(address, ContactItem(fields=device))
    assert changes.unassign == unassign
    assert tuple((n.value, n.slot) for n in changes.add) == added


def test_b_con_13_a_deleted_fallback_number_has_nothing_to_unassign() -> None:
    address = Address(numbers=(Number(P, "d", True, None, id=1),))
    assert number_changes(address, ContactItem()).unassign == ()
    assert contact_from_address(address).fields == {"HomePhoneNumber": "d"}
