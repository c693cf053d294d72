"""Appointments in onOffice: arranging them and checking what onOffice stored.

"the appointment" is the last one a step named (``appointment`` fixture);
others are found by subject in the user's calendar.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.factories import Factories
from server.model import Appointment, AppointmentStatus, Property, RepeatUnit, Resource
from steps.addresses import address_named
from steps.onoffice import Person
from steps.target import Target
from steps.types import at, in_words, step_parser

UNITS = {"day": RepeatUnit.DAYS, "week": RepeatUnit.WEEKS, "month": RepeatUnit.MONTHS,
         "year": RepeatUnit.YEARS}  # fmt: skip


def _add(target: Target, person: Person, appointment: Appointment) -> Appointment:
    """The appointment in the user's calendar in onOffice."""
    return target.add_appointment(person, replace(appointment, user_id=person.user_id))


def _update(
    target: Target, person: Person, appointment: Appointment, **changes: object
) -> Appointment:
    """The appointment with these fields changed in onOffice."""
    changed: Appointment = replace(appointment, **changes)  # type: ignore[arg-type]
    return target.update_appointment(person, changed)


def stored(target: Target, person: Person, subject: str) -> Appointment:
    """What onOffice holds of the user's appointment with this subject (the latest)."""
    held = target.appointments(person)
    found = [a for a in held if a.subject == subject]
    subjects = [a.subject for a in held]
    assert found, f"onOffice has no appointment {subject!r} in the calendar; it has {subjects}"
    return found[-1]


@given(step_parser('{first} has the appointment "{subject}" on {day:Date} from {start:Time} to {end:Time}'), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str, day: date, start: time, end: time) -> Appointment:  # fmt: skip # noqa: E501
    """An appointment in the person's onOffice calendar (planned), before the scenario starts."""
    return _add(target, person, Appointment(subject, at(day, start), at(day, end)))


@when(step_parser('{first} gets the appointment "{subject}" on {day:Date} from {start:Time} to {end:Time} in onOffice'), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str, day: date, start: time, end: time) -> Appointment:  # fmt: skip # noqa: E501
    """onOffice gets a new appointment for the person while the scenario runs."""
    return _add(target, person, Appointment(subject, at(day, start), at(day, end)))


@given(step_parser('{first} has the all-day appointment "{subject}" on {day:Date}'), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str, day: date) -> Appointment:
    """An all-day appointment in the person's onOffice calendar."""
    start = at(day, time(0, 0))
    return _add(
        target, person, Appointment(subject, start, start + timedelta(days=1), all_day=True)
    )


@given(parsers.parse("{first} has {count:d} appointments in the next {weeks:d} weeks"))
def _(target: Target, person: Person, factories: Factories, count: int, weeks: int) -> None:
    """Faker's appointments, spread evenly over the weeks, nearest first: "Termin 001" ..."""
    now = at(target.today(), time(0, 0)) + timedelta(days=1)
    spacing = timedelta(weeks=weeks) / count
    for number in range(1, count + 1):
        start = now + spacing * (number - 1)
        made = factories.appointment(person.user_id, start)
        _add(target, person, replace(
            made, subject=f"Termin {number:03d}", start=start, end=start + timedelta(minutes=30),
            all_day=False, status=AppointmentStatus.PLANNED,
        ))  # fmt: skip


_TEXT = {"place": "location", "notes": "notes", "type": "type"}


@given(parsers.re(r'the appointment has the (?P<field>place|notes|type) "(?P<value>[^"]*)"$'), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(
    target: Target, person: Person, appointment: Appointment, field: str, value: str
) -> Appointment:
    """The last named appointment has that field set in onOffice."""
    return _update(target, person, appointment, **{_TEXT[field]: value})


@given(step_parser("the appointment has a reminder {minutes:Minutes} before"), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, appointment: Appointment, minutes: int) -> Appointment:
    """The last named appointment has a reminder in onOffice."""
    return _update(target, person, appointment, reminder_minutes=minutes)


@given(step_parser("the appointment has {minutes:Minutes} of travel time"), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, appointment: Appointment, minutes: int) -> Appointment:
    """The last named appointment has travel time in onOffice (not sent, B-APPT-5)."""
    return _update(target, person, appointment, travel_time_minutes=minutes)


@given("the appointment is private", target_fixture="appointment")
def _(target: Target, person: Person, appointment: Appointment) -> Appointment:
    """The last named appointment is private in onOffice."""
    return _update(target, person, appointment, private=True)


@given("the appointment is cancelled", target_fixture="appointment")
def _(target: Target, person: Person, appointment: Appointment) -> Appointment:
    """The last named appointment is cancelled in onOffice (not deleted)."""
    return _update(target, person, appointment, status=AppointmentStatus.CANCELLED)


@given(parsers.re(r"the appointment repeats every (?P<every>\d+) (?P<unit>day|week|month|year)s?$"), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(
    target: Target, person: Person, appointment: Appointment, every: str, unit: str
) -> Appointment:
    """The last named appointment repeats in onOffice."""
    return _update(target, person, appointment, repeat_unit=UNITS[unit], repeat_every=int(every))


@given(parsers.parse('the appointment is linked to the project "{project}"'), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, appointment: Appointment, project: str) -> Appointment:
    """The last named appointment is linked to a project in onOffice."""
    return _update(
        target, person, appointment, linked_projects=(*appointment.linked_projects, project)
    )


@given(parsers.parse('the appointment has the file "{name}"'), target_fixture="appointment")
def _(target: Target, person: Person, appointment: Appointment, name: str) -> Appointment:
    """The last named appointment has a file in onOffice."""
    return _update(target, person, appointment, files=(*appointment.files, name))


@given(parsers.parse('the customer has the resource "{name}" with the e-mail "{email}"'), target_fixture="resource")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, name: str, email: str) -> Resource:
    """The customer has this resource (a room, a car) in onOffice."""
    return target.add_resource(person, Resource(name, email))


@given(parsers.parse('the customer has the property "{number}" "{title}" in "{street}, {city}"'), target_fixture="estate")  # fmt: skip # noqa: E501
def _(target: Target, person: Person, number: str, title: str, street: str, city: str) -> Property:  # fmt: skip # noqa: E501
    """The customer has this property in onOffice."""
    return target.add_property(person, Property(number, title, street, city))


@given(parsers.re(r'the appointment is linked to the (?P<kind>contact|user|resource|property) "(?P<name>[^"]+)"$'), target_fixture="appointment")  # fmt: skip # noqa: E501
def _(request: pytest.FixtureRequest, target: Target, person: Person, people: dict[str, Person],
      appointment: Appointment, kind: str, name: str) -> Appointment:  # fmt: skip
    """The last named appointment is linked to a contact, user, resource or property in onOffice."""
    if kind == "contact":
        field, linked = "linked_contacts", address_named(target, person, name).id
    elif kind == "user":
        field, linked = "linked_users", people[name.split()[0]].user_id
    elif kind == "resource":
        resource: Resource = request.getfixturevalue("resource")
        assert resource.name == name, f"the scenario's resource is {resource.name!r}"
        field, linked = "linked_resources", resource.id
    else:
        estate: Property = request.getfixturevalue("estate")
        assert estate.object_number == name, f"the scenario's property is {estate.object_number!r}"
        field, linked = "linked_properties", estate.id
    return _update(target, person, appointment, **{field: (*getattr(appointment, field), linked)})


@when(parsers.parse('the appointment "{subject}" is cancelled in onOffice'))
def _(target: Target, person: Person, subject: str) -> None:
    """onOffice cancels the appointment while the scenario runs."""
    _update(target, person, stored(target, person, subject), status=AppointmentStatus.CANCELLED)


# -- what onOffice stored ------------------------------------------------------------


@then(parsers.parse('onOffice has the appointment "{subject}" in {first}\'s calendar'))
def _(target: Target, people: dict[str, Person], subject: str, first: str) -> None:
    """onOffice has the appointment, not deleted, in the person's calendar."""
    found = stored(target, people[first], subject)
    assert not found.deleted, f"{subject!r} is marked deleted"


@then(step_parser('onOffice\'s appointment "{subject}" is on {day:Date} from {start:Time} to {end:Time}'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str, day: date, start: time, end: time) -> None:
    """onOffice stored the appointment with that date and times."""
    found = stored(target, person, subject)
    assert (found.start, found.end) == (at(day, start), at(day, end)), (
        f"onOffice has {found.start} to {found.end}"
    )


@then(parsers.re(r'onOffice\'s appointment "(?P<subject>[^"]+)" has the (?P<field>place|notes|type) "(?P<value>[^"]*)"$'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str, field: str, value: str) -> None:
    """onOffice stored the appointment with that field."""
    shown = getattr(stored(target, person, subject), _TEXT[field])
    assert shown == value, f"onOffice has the {field} {shown!r}"


@then(step_parser('onOffice\'s appointment "{subject}" has a reminder {minutes:Minutes} before'))
def _(target: Target, person: Person, subject: str, minutes: int) -> None:
    """onOffice stored the appointment with that reminder."""
    shown = stored(target, person, subject).reminder_minutes
    assert shown == minutes, f"onOffice has a reminder {in_words(shown)} before"


@then(parsers.parse('onOffice\'s appointment "{subject}" is marked deleted'))
def _(target: Target, person: Person, subject: str) -> None:
    """onOffice marked the appointment deleted (B-APPT-7)."""
    assert stored(target, person, subject).deleted, f"{subject!r} is not marked deleted"


@then(parsers.parse('onOffice\'s appointment "{subject}" has no linked contacts, users or properties'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str) -> None:
    """onOffice did not enter attendees or properties from the phone (B-APPT-8)."""
    found = stored(target, person, subject)
    links = (found.linked_contacts, found.linked_users, found.linked_properties)
    assert links == ((), (), ()), f"onOffice linked {links}"


@then(parsers.re(r'onOffice\'s appointment "(?P<subject>[^"]+)" repeats every (?P<every>\d+) (?P<unit>day|week|month|year)s?$'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, subject: str, every: str, unit: str) -> None:
    """onOffice stored the appointment's repetition."""
    found = stored(target, person, subject)
    shown = (found.repeat_unit, found.repeat_every)
    assert shown == (UNITS[unit], int(every)), f"onOffice repeats {shown}"
