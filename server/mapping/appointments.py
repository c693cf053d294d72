"""An onOffice appointment as an EAS calendar item and back (guide 12.2; B-APPT-1..10).

To the device: subject, notes (with the linked properties appended),
start, end, all-day, place, reminder, recurrence, private and type; linked
contacts and users as attendees, linked resources as resource attendees.
Not sent: travel time, linked projects, follow-up, files (B-APPT-5).
From the device: the same fields back, the reminder rounded up to
onOffice's steps, the recurrence reduced to its intervals; attendees and
the appended properties are not entered (B-APPT-8); a cancelled meeting
marks the appointment deleted (B-APPT-7).
Must not: read the store; the caller resolves links into `Links`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from eas.items.calendar import UTC_TIMEZONE, AppointmentItem, Attendee, AttendeeType, BusyStatus
from server.mapping.common import (
    APPOINTMENT_SENSITIVITY,
    aware,
    categories_of_type,
    private_from_sensitivity,
    round_up_reminder,
    type_from_categories,
)
from server.mapping.recurrence import recurrence_of, repeat_from
from server.model import Address, Appointment, NumberKind, Property, Resource, User
from server.rules import OnOfficeRules

# B-APPT-4: the heading under which linked properties are appended to the notes.
PROPERTIES_HEADING = "Linked properties:"
MEETING = 1  # MS-ASCAL 2.2.2.29 MeetingStatus: a meeting the user organises
APPOINTMENT = 0


@dataclass(frozen=True)
class Links:
    """An appointment's links, resolved (only those of the same customer)."""

    contacts: tuple[Address, ...] = ()
    users: tuple[User, ...] = ()
    resources: tuple[Resource, ...] = ()
    properties: tuple[Property, ...] = ()


def notes_with_properties(notes: str, properties: tuple[Property, ...]) -> str:
    """B-APPT-4: the notes, then a block listing the linked properties."""
    if not properties:
        return notes
    block = "\n".join([PROPERTIES_HEADING, *(f"- {p.label}" for p in properties)])
    return f"{notes}\n\n{block}" if notes else block


def notes_without_properties(body: str) -> str:
    """B-APPT-8: the device's notes without the block it was given."""
    if body.startswith(PROPERTIES_HEADING):
        return ""
    head, found, _ = body.partition(f"\n\n{PROPERTIES_HEADING}")
    return head if found else body


def attendees(links: Links) -> tuple[Attendee, ...]:
    """B-APPT-3: linked contacts and users as attendees, resources as resource attendees."""
    people = [Attendee(_email_of(a), a.name) for a in links.contacts]
    people += [Attendee(u.email, u.display_name or u.user_name) for u in links.users]
    people += [Attendee(r.email, r.name, AttendeeType.RESOURCE) for r in links.resources]
    return tuple(people)


def _email_of(address: Address) -> str:
    emails = [n for n in address.numbers if n.kind is NumberKind.EMAIL]
    default = next((n for n in emails if n.is_default), emails[0] if emails else None)
    return "" if default is None else default.value


def appointment_item(appointment: Appointment, links: Links, organizer: User) -> AppointmentItem:
    guests = attendees(links)
    return AppointmentItem(
        subject=appointment.subject,
        start_time=aware(appointment.start),
        end_time=aware(appointment.end),
        all_day=appointment.all_day,
        location=appointment.location,
        body=notes_with_properties(appointment.notes, links.properties),
        reminder=appointment.reminder_minutes,
        sensitivity=APPOINTMENT_SENSITIVITY[appointment.private],
        busy_status=BusyStatus.BUSY,
        categories=categories_of_type(appointment.type),
        attendees=guests,
        recurrence=recurrence_of(appointment),
        timezone=UTC_TIMEZONE,
        uid=f"onoffice-appointment-{appointment.customer_id}-{appointment.id}",
        organizer_name=organizer.display_name or organizer.user_name,
        organizer_email=organizer.email or None,
        meeting_status=MEETING if guests else APPOINTMENT,
    )


def apply_item(
    appointment: Appointment, item: AppointmentItem, rules: OnOfficeRules
) -> Appointment:
    """B-APPT-6..10: the device's item onto the stored appointment (links stay as they are)."""
    if item.start_time is None or item.end_time is None:
        raise ValueError("an appointment needs StartTime and EndTime")
    repeat = repeat_from(item.recurrence)
    return replace(
        appointment,
        subject=item.subject or "",
        notes=notes_without_properties(item.body or ""),
        start=item.start_time,
        end=item.end_time,
        all_day=item.all_day,
        location=item.location or "",
        private=private_from_sensitivity(item.sensitivity, appointment.private),
        type=type_from_categories(item.categories, rules.appointment_types, appointment.type),
        reminder_minutes=round_up_reminder(item.reminder, rules.reminder_steps),
        repeat_unit=repeat.unit,
        repeat_every=repeat.every,
        repeat_until=repeat.until,
        repeat_count=repeat.count,
        deleted=appointment.deleted or item.cancelled,
    )
