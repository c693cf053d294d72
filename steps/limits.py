"""Appointments around today for the limits of guide 2.3 (B-LIM): past ones too.

The 500-appointment limit keeps the appointments nearest to now, in the past
as well as ahead; "Jane has N appointments in the next W weeks"
(`steps.appointments`) arranges the future, this module the recent past.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from pytest_bdd import given, parsers

from fixtures.factories import Factories
from server.model import AppointmentStatus
from steps.onoffice import Person
from steps.target import Target
from steps.types import at


@given(parsers.parse("{first} had {count:d} appointments in the last {weeks:d} weeks"))
def _(target: Target, person: Person, factories: Factories, count: int, weeks: int) -> None:  # fmt: skip # noqa: E501
    """Faker's appointments spread evenly over the past weeks, latest first: "Vergangen 001" ..."""
    today = at(date.today(), time(0, 0))
    spacing = timedelta(weeks=weeks) / count
    for number in range(1, count + 1):
        start = today - spacing * number
        made = factories.appointment(person.user_id, start)
        target.add_appointment(person, replace(
            made, subject=f"Vergangen {number:03d}", start=start,
            end=start + timedelta(minutes=30), all_day=False, status=AppointmentStatus.PLANNED,
        ))  # fmt: skip
