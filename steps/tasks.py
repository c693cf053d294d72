"""Tasks: what onOffice holds, what the phone's task app shows, what she changes there.

"the task" is the last task a step named (``task`` fixture). onOffice's
statuses and priorities are named as in the guide.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from pytest_bdd import given, parsers, then, when

from server.model import Priority, Task, TaskStatus
from simulator.apps.tasks import TaskView
from simulator.device import Device
from steps.onoffice import Person
from steps.phone_items import Importance, Sensitivity, mentions
from steps.target import Target
from steps.types import at, step_parser

# What the task app calls the importance -> the simulator's value.
IMPORTANCE = {"high": Importance.HIGH, "normal": Importance.NORMAL,
              "low": Importance.LOW}  # fmt: skip


def _add(target: Target, person: Person, task: Task) -> Task:
    """The task in onOffice."""
    return target.add_task(person, task)


def _update(target: Target, person: Person, task: Task, **changes: object) -> Task:
    """The task with these fields changed in onOffice."""
    return target.update_task(person, replace(task, **changes))  # type: ignore[arg-type]


def stored(target: Target, person: Person, subject: str) -> Task:
    """What onOffice holds of the customer's task with this subject (the latest)."""
    found = [t for t in target.tasks(person) if t.subject == subject]
    assert found, f"onOffice has no task {subject!r}"
    return found[-1]


def on_phone(phone: Device, title: str) -> TaskView:
    return phone.tasks_app.find(title)


# -- onOffice ----------------------------------------------------------------------


@given(parsers.re(r'(?P<first>\w+) is responsible for the task "(?P<subject>[^"]+)"(?: with (?P<agent>\w+) as its agent| with the status "(?P<status>[^"]+)")?$'), target_fixture="task")  # fmt: skip # noqa: E501
def _(target: Target, people: dict[str, Person], first: str, subject: str,
      agent: str | None, status: str | None) -> Task:  # fmt: skip
    """A task in onOffice with the person responsible (and an agent, or a status)."""
    responsible = people[first]
    task = Task(
        subject,
        responsible_id=responsible.user_id,
        agent_id=people[agent].user_id if agent else None,
        status=TaskStatus(status) if status else TaskStatus.OPEN,
    )
    return _add(target, responsible, task)


_TEXT = {"description": "description", "type": "type", "comment": "comments"}


@given(parsers.re(r'the task has the (?P<field>description|type|comment) "(?P<value>[^"]*)"$'), target_fixture="task")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, task: Task, field: str, value: str) -> Task:
    """The last named task has that field set in onOffice."""
    return _update(target, person, task, **{_TEXT[field]: value})


@given(step_parser("the task has a reminder on {day:Date} at {clock:Time}"), target_fixture="task")
def _(target: Target, person: Person, task: Task, day: date, clock: time) -> Task:
    """The last named task has a reminder in onOffice."""
    return _update(target, person, task, reminder=at(day, clock))


@given(parsers.parse("the task has the priority {priority:d}"), target_fixture="task")
def _(target: Target, person: Person, task: Task, priority: int) -> Task:
    """The last named task has onOffice's priority 1 (highest) to 6."""
    return _update(target, person, task, priority=Priority(priority))


@given(step_parser("the task is postponed to {day:Date} at {clock:Time}"), target_fixture="task")
def _(target: Target, person: Person, task: Task, day: date, clock: time) -> Task:
    """The last named task is postponed in onOffice."""
    return _update(target, person, task, postponed=at(day, clock))


@given(step_parser("the task has the deadline {day:Date} at {clock:Time}"), target_fixture="task")
def _(target: Target, person: Person, task: Task, day: date, clock: time) -> Task:
    """The last named task has a deadline in onOffice."""
    return _update(target, person, task, deadline=at(day, clock))


@given(parsers.re(r"the task is (?P<negation>not )?private$"), target_fixture="task")
def _(target: Target, person: Person, task: Task, negation: str | None) -> Task:
    """The last named task is private (or not) in onOffice."""
    return _update(target, person, task, private=not negation)


@given(parsers.parse('the task is connected to "{what}"'), target_fixture="task")
def _(target: Target, person: Person, task: Task, what: str) -> Task:
    """The last named task is connected to something (an address, a property) in onOffice."""
    return _update(target, person, task, connected_to=what)


@given(parsers.parse('the task is linked to the project "{project}"'), target_fixture="task")
def _(target: Target, person: Person, task: Task, project: str) -> Task:
    """The last named task is linked to a project in onOffice."""
    return _update(target, person, task, linked_projects=(*task.linked_projects, project))


@when(parsers.parse('the task "{subject}" gets the status "{status}" in onOffice'))
def _(target: Target, person: Person, subject: str, status: str) -> None:
    """onOffice changes the task's status while the scenario runs (e.g. "completed")."""
    _update(target, person, stored(target, person, subject), status=TaskStatus(status))


@then(parsers.re(r'onOffice has the task "(?P<subject>[^"]+)" with (?P<first>\w+) responsible(?: and (?P<agent>\w+) as agent)?$'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, people: dict[str, Person], subject: str, first: str,
      agent: str | None) -> None:  # fmt: skip
    """onOffice has the task with that user responsible (and agent)."""
    found = stored(target, person, subject)
    assert found.responsible_id == people[first].user_id, (
        f"responsible is user {found.responsible_id}"
    )
    if agent:
        assert found.agent_id == people[agent].user_id, f"the agent is user {found.agent_id}"


@then(parsers.parse('onOffice has the task "{subject}" with the type "{kind}"'))
def _(target: Target, person: Person, subject: str, kind: str) -> None:
    """onOffice stored the task's type."""
    shown = stored(target, person, subject).type
    assert shown == kind, f"onOffice has the type {shown!r}"


@then(parsers.parse('onOffice has the task "{subject}" with the priority {priority:d}'))
def _(target: Target, person: Person, subject: str, priority: int) -> None:
    """onOffice stored the task's priority."""
    shown = stored(target, person, subject).priority
    assert shown == priority, f"onOffice has the priority {int(shown)}"


@then(step_parser('onOffice has the task "{subject}" postponed to {day:Date}'))
def _(target: Target, person: Person, subject: str, day: date) -> None:
    """onOffice stored the task postponed to that day."""
    shown = stored(target, person, subject).postponed
    assert shown is not None and shown.date() == day, f"onOffice has postponed {shown}"


@then(step_parser('onOffice has the task "{subject}" with the deadline {day:Date}'))
def _(target: Target, person: Person, subject: str, day: date) -> None:
    """onOffice stored the task's deadline."""
    shown = stored(target, person, subject).deadline
    assert shown is not None and shown.date() == day, f"onOffice has the deadline {shown}"


@then(parsers.parse('onOffice has the task "{subject}" marked private'))
def _(target: Target, person: Person, subject: str) -> None:
    """onOffice stored the task as private."""
    assert stored(target, person, subject).private, f"{subject!r} is not private in onOffice"


@then(step_parser('onOffice has the task "{subject}" with a reminder on {day:Date} at {clock:Time}'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str, day: date, clock: time) -> None:
    """onOffice stored the task's reminder."""
    shown = stored(target, person, subject).reminder
    assert shown == at(day, clock), f"onOffice has the reminder {shown}"


@then(step_parser('onOffice has the task "{subject}" completed on {day:Date} at {clock:Time} with progress 100 %'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str, day: date, clock: time) -> None:
    """onOffice stored the task completed at that moment, progress 100 % (B-TASK-12)."""
    found = stored(target, person, subject)
    assert found.status is TaskStatus.COMPLETED, f"onOffice has the status {found.status}"
    assert found.progress == 100, f"onOffice has the progress {found.progress} %"
    done = found.completed_on
    off = abs(done - at(day, clock)) if done is not None else None
    assert off is not None and off <= target.clock_tolerance, f"completed on {done}"


# -- the phone's task app --------------------------------------------------------------


@then(parsers.re(r'her task app (?P<negation>shows|does not show) "(?P<title>[^"]+)"$'))
def _(phone: Device, negation: str, title: str) -> None:
    """Whether the task app shows a task of that title."""
    shown = phone.tasks_app.titles()
    if negation == "shows":
        assert title in shown, f"{phone.tasks_app.name} shows {shown}"
    else:
        assert title not in shown, f"{phone.tasks_app.name} still shows {title!r}"


@then(parsers.parse('the task "{title}" on the phone has the description "{text}"'))
def _(phone: Device, title: str, text: str) -> None:
    """The task's description on the phone."""
    shown = on_phone(phone, title).item.body
    assert shown == text, f"the phone shows the description {shown!r}"


@then(parsers.parse('the task "{title}" on the phone has the category "{category}"'))
def _(phone: Device, title: str, category: str) -> None:
    """The task on the phone has that category (onOffice's type)."""
    shown = on_phone(phone, title).item.categories
    assert category in shown, f"the phone shows the categories {shown}"


@then(step_parser('the task "{title}" on the phone has a reminder on {day:Date} at {clock:Time}'))
def _(phone: Device, title: str, day: date, clock: time) -> None:
    """The task's reminder on the phone."""
    item = on_phone(phone, title).item
    assert item.reminder_set, "the task on the phone has no reminder"
    assert _utc(item.reminder_time) == at(day, clock), f"reminder at {item.reminder_time}"


@then(parsers.parse('the task "{title}" on the phone has the importance "{importance}"'))
def _(phone: Device, title: str, importance: str) -> None:
    """The task's importance on the phone: high, normal or low."""
    shown = on_phone(phone, title).importance
    shown_name = "none" if shown is None else shown.name.lower()
    assert shown == IMPORTANCE[importance], f"the phone shows the importance {shown_name!r}"


@then(step_parser('the task "{title}" on the phone starts on {day:Date}'))
def _(phone: Device, title: str, day: date) -> None:
    """The task's start date on the phone."""
    item = on_phone(phone, title).item
    shown = item.utc_start_date or item.start_date
    assert shown is not None and shown.date() == day, f"the phone shows the start {shown}"


@then(step_parser('the task "{title}" on the phone is due on {day:Date}'))
def _(phone: Device, title: str, day: date) -> None:
    """The task's due date on the phone."""
    item = on_phone(phone, title).item
    shown = item.utc_due_date or item.due_date
    assert shown is not None and shown.date() == day, f"the phone shows the due date {shown}"


@then(parsers.parse('the task "{title}" on the phone has the sensitivity "{sensitivity}"'))
def _(phone: Device, title: str, sensitivity: str) -> None:
    """The task's sensitivity on the phone: private, personal, ..."""
    shown = on_phone(phone, title).item.sensitivity
    assert shown is not None and shown.name.lower() == sensitivity, f"the phone shows {shown!r}"


@then(parsers.parse('the phone\'s copy of the task "{title}" does not mention "{text}"'))
def _(phone: Device, title: str, text: str) -> None:
    """No field of the phone's task holds the text (fields onOffice keeps to itself)."""
    carried = mentions(on_phone(phone, title).stored.data, text)
    assert not carried, f"the phone's task carries {text!r}: {carried}"


@when(parsers.parse('she creates the task "{title}" in her task app'))
def _(phone: Device, title: str) -> None:
    """She creates a task in the task app."""
    phone.tasks_app.create(title)


@when(parsers.parse('she renames the task "{title}" to "{new_title}" in her task app'))
def _(phone: Device, title: str, new_title: str) -> None:
    """She renames a task in the task app."""
    phone.tasks_app.edit(title, subject=new_title)


@when(parsers.parse('she gives the task "{title}" the categories "{categories}" in her task app'))
def _(phone: Device, title: str, categories: str) -> None:
    """She gives a task categories in the task app (the first onOffice type sets the type)."""
    phone.tasks_app.edit(title, categories=tuple(c.strip() for c in categories.split(",")))


@when(parsers.parse('she sets the importance of the task "{title}" to "{importance}" in her task app'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, importance: str) -> None:
    """She sets a task's importance in the task app."""
    phone.tasks_app.edit(title, importance=IMPORTANCE[importance])


@when(step_parser('she sets the task "{title}" to start on {start:Date}, be due on {due:Date}, be private and remind her on {day:Date} at {clock:Time} in her task app'))  # fmt: skip # noqa: E501
def _(phone: Device, title: str, start: date, due: date, day: date, clock: time) -> None:
    """She sets a task's dates, privacy and reminder in the task app."""
    begin, end = at(start, time(0, 0)), at(due, time(0, 0))
    phone.tasks_app.edit(
        title, start_date=begin, utc_start_date=begin, due_date=end, utc_due_date=end,
        sensitivity=Sensitivity.PRIVATE, reminder_set=True, reminder_time=at(day, clock),
    )  # fmt: skip


@when(parsers.parse('she marks the task "{title}" as completed in her task app'))
def _(phone: Device, title: str) -> None:
    """She marks a task completed in the task app."""
    phone.tasks_app.complete(title)


def _utc(moment: datetime | None) -> datetime | None:
    from datetime import UTC

    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)
