"""Appointments over the wire (guide 2.3, 12.2): every B-APPT and B-LIM rule as a phone sees it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from onoffice_world import NOW, World, make_world

from eas.items.calendar import (
    AppointmentItem,
    AttendeeType,
    DayOfWeek,
    Recurrence,
    RecurrenceType,
    Sensitivity,
    appointment_from_application_data,
    appointment_to_application_data,
)
from eas.tree import Element
from server.model import (
    Address,
    Appointment,
    AppointmentStatus,
    Number,
    NumberKind,
    Property,
    RepeatUnit,
    Resource,
)

CALENDAR = "calendar"
HOUR = timedelta(hours=1)


@pytest.fixture
def world() -> World:
    return make_world()


def _add(world: World, offset: timedelta = timedelta(days=1), **kwargs: object) -> Appointment:
    start = NOW + offset
    fields: dict[str, object] = {"subject": "Termin", "start": start, "end": start + HOUR}
    appointment = Appointment(**(fields | {"user_id": world.jane.id} | kwargs))  # type: ignore[arg-type]
    return world.store.add_appointment(world.customer.id, appointment)


def _item(data: Element) -> AppointmentItem:
    return appointment_from_application_data(data)


def test_b_appt_1_fields_are_sent(world: World) -> None:
    found = _add(
        world, subject="Besichtigung Markt 1", notes="Schlüssel holen", location="Aachen",
        private=True, type="Besichtigung", reminder_minutes=30, all_day=False,
        repeat_unit=RepeatUnit.WEEKS, repeat_every=2, repeat_count=5,
    )  # fmt: skip
    item = _item(world.phone().sync(CALENDAR)[str(found.id)])
    assert (item.subject, item.body, item.location) == (
        "Besichtigung Markt 1", "Schlüssel holen", "Aachen",
    )  # fmt: skip
    assert (item.start_time, item.end_time, item.all_day) == (found.start, found.end, False)
    assert (item.reminder, item.sensitivity, item.categories) == (
        30, Sensitivity.PRIVATE, ("Besichtigung",),
    )  # fmt: skip
    assert item.recurrence == Recurrence(
        RecurrenceType.WEEKLY, 2, occurrences=5, day_of_week=DayOfWeek.TUESDAY
    )


def test_b_appt_2_cancelled_are_not_sent_and_leave_the_phone(world: World) -> None:
    kept = _add(world)
    _add(world, status=AppointmentStatus.CANCELLED)
    phone = world.phone()
    assert list(phone.sync(CALENDAR)) == [str(kept.id)]
    world.store.update_appointment(replace(kept, status=AppointmentStatus.CANCELLED))
    assert phone.sync(CALENDAR) == {}


def test_b_appt_3_4_attendees_and_properties(world: World) -> None:
    store, customer = world.store, world.customer.id
    contact = store.add_address(customer, Address(first_name="Eva", last_name="Kunde", numbers=(
        Number(NumberKind.EMAIL, "eva@kunde.example", True),)))  # fmt: skip
    colleague = store.add_user(customer, "max", "pw", display_name="Max", email="max@doe.example")
    room = store.add_resource(customer, Resource("Raum 1", "raum1@doe.example"))
    house = store.add_property(customer, Property("1234", "Einfamilienhaus", "Markt 1", "Aachen"))
    found = _add(
        world, notes="Notiz", linked_contacts=(contact.id,), linked_users=(colleague.id,),
        linked_resources=(room.id,), linked_properties=(house.id,),
    )  # fmt: skip
    item = _item(world.phone().sync(CALENDAR)[str(found.id)])
    assert [(a.email, a.name, a.attendee_type) for a in item.attendees] == [
        ("eva@kunde.example", "Eva Kunde", AttendeeType.REQUIRED),
        ("max@doe.example", "Max", AttendeeType.REQUIRED),
        ("raum1@doe.example", "Raum 1", AttendeeType.RESOURCE),
    ]
    assert item.body == "Notiz\n\nLinked properties:\n- 1234 Einfamilienhaus (Markt 1, Aachen)"


def test_b_appt_5_not_sent(world: World) -> None:
    found = _add(world, travel_time_minutes=47, linked_projects=("PROJ-9",), files=("plan.pdf",))
    texts = {node.text for node in world.phone().sync(CALENDAR)[str(found.id)].iter()}
    assert not texts & {"47", "PROJ-9", "plan.pdf"}


def _device_item(**changes: object) -> Element:
    start = NOW + timedelta(days=2)
    item = AppointmentItem(subject="Vom Handy", start_time=start, end_time=start + HOUR)
    return appointment_to_application_data(replace(item, **changes))  # type: ignore[arg-type]


def test_b_appt_6_8_stored_from_the_phone_without_attendees_or_properties(world: World) -> None:
    phone = world.phone()
    phone.sync(CALENDAR)
    from eas.items.calendar import Attendee

    server_id = phone.add(
        CALENDAR,
        _device_item(
            body="Mitbringen: Exposé\n\nLinked properties:\n- 1234 Haus", location="Köln",
            all_day=False, sensitivity=Sensitivity.PRIVATE, reminder=15,
            categories=("Privat", "Notartermin", "Besichtigung"),
            attendees=(Attendee("x@example.org", "X"),),
        ),
    )  # fmt: skip
    stored = world.store.appointment(int(server_id))
    assert stored is not None and stored.user_id == world.jane.id
    assert (stored.subject, stored.notes, stored.location) == (
        "Vom Handy", "Mitbringen: Exposé", "Köln",
    )  # fmt: skip
    assert (stored.private, stored.type, stored.reminder_minutes) == (True, "Notartermin", 15)
    assert stored.linked_contacts == stored.linked_users == stored.linked_properties == ()


def test_b_appt_7_deleted_or_cancelled_on_the_phone_is_marked_deleted(world: World) -> None:
    first, second = _add(world), _add(world, timedelta(days=2))
    phone = world.phone()
    held = phone.sync(CALENDAR)
    phone.delete(CALENDAR, str(first.id))
    cancelled = replace(_item(held[str(second.id)]), meeting_status=5)
    phone.change(CALENDAR, str(second.id), appointment_to_application_data(cancelled))
    for found in (first, second):
        stored = world.store.appointment(found.id)
        assert stored is not None and stored.deleted
    assert phone.sync(CALENDAR) == {}


@pytest.mark.parametrize(("sent", "stored"), [(53, 60), (11 * 24 * 60, 20160), (99999, 20160)])
def test_b_appt_9_reminder_rounded_up_and_sent_back(world: World, sent: int, stored: int) -> None:
    found = _add(world)
    phone = world.phone()
    held = _item(phone.sync(CALENDAR)[str(found.id)])
    phone.change(
        CALENDAR, str(found.id), appointment_to_application_data(replace(held, reminder=sent))
    )
    assert (world.store.appointment(found.id) or found).reminder_minutes == stored
    assert _item(phone.sync(CALENDAR)[str(found.id)]).reminder == stored


def test_b_appt_10_recurrence_reduced_and_sent_back(world: World) -> None:
    found = _add(world)  # starts on a Tuesday
    phone = world.phone()
    held = _item(phone.sync(CALENDAR)[str(found.id)])
    twice_a_week = Recurrence(
        RecurrenceType.WEEKLY, 1, occurrences=6, day_of_week=DayOfWeek.TUESDAY | DayOfWeek.THURSDAY
    )
    phone.change(
        CALENDAR,
        str(found.id),
        appointment_to_application_data(replace(held, recurrence=twice_a_week)),
    )
    stored = world.store.appointment(found.id)
    assert stored is not None
    assert (stored.repeat_unit, stored.repeat_every, stored.repeat_count) == (
        RepeatUnit.WEEKS,
        1,
        6,
    )
    assert _item(phone.sync(CALENDAR)[str(found.id)]).recurrence == Recurrence(
        RecurrenceType.WEEKLY, 1, occurrences=6, day_of_week=DayOfWeek.TUESDAY
    )


def test_b_lim_1_at_most_500_nearest_to_now(world: World) -> None:
    for day in range(-5, 505):
        _add(world, timedelta(hours=6 * day))
    received = world.phone().sync(CALENDAR, filter_type=0)
    assert len(received) == 500
    starts = sorted(_item(d).start_time for d in received.values())  # type: ignore[type-var]
    assert starts[0] == NOW - timedelta(hours=30)
    assert starts[-1] == NOW + timedelta(hours=6 * 494)


def test_b_lim_2_without_a_filter_from_one_month_back(world: World) -> None:
    recent, old = _add(world, -timedelta(days=25)), _add(world, -timedelta(days=35))
    assert list(world.phone().sync(CALENDAR)) == [str(recent.id)]
    three_months = world.phone(password="geheim")
    assert set(three_months.sync(CALENDAR, filter_type=6)) == {str(recent.id), str(old.id)}


@pytest.mark.parametrize("filter_type", [None, 0, 7])
def test_b_lim_3_never_more_than_six_months_ahead(world: World, filter_type: int | None) -> None:
    soon, later = _add(world, timedelta(days=170)), _add(world, timedelta(days=190))
    sent = world.phone().sync(CALENDAR, filter_type=filter_type)
    assert str(soon.id) in sent and str(later.id) not in sent
