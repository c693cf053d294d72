"""Appointments, and the resources and properties they link.

Owns the ``appointments``, ``resources`` and ``properties`` tables (links
in `server.store.links`). Every change bumps an appointment's
``version``; nothing is ever removed: a deletion marks it ``deleted``
(B-APPT-7). Must not: filter by sync windows or map to EAS.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from server.model import Appointment, Property, Resource
from server.store.base import Tables
from server.store.links import add_record, find_records, get_record, update_record

SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    name TEXT NOT NULL, email TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS properties (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    object_number TEXT NOT NULL, title TEXT NOT NULL, street TEXT NOT NULL, city TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS appointments (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    user_id INTEGER NOT NULL, subject TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT NOT NULL,
    all_day INTEGER NOT NULL, location TEXT NOT NULL, notes TEXT NOT NULL,
    status TEXT NOT NULL, private INTEGER NOT NULL, type TEXT NOT NULL,
    reminder_minutes INTEGER, repeat_unit TEXT, repeat_every INTEGER NOT NULL,
    repeat_until TEXT, repeat_count INTEGER, deleted INTEGER NOT NULL,
    travel_time_minutes INTEGER NOT NULL, follow_up_id INTEGER, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS appointments_by_user ON appointments (user_id);
"""


class CalendarTables(Tables):
    def add_resource(self, customer_id: int, resource: Resource) -> Resource:
        with self.db.transaction() as conn:
            row_id = add_record(conn, "resources", replace(resource, customer_id=customer_id))
        return replace(resource, id=row_id, customer_id=customer_id)

    def resource(self, resource_id: int) -> Resource | None:
        with self.db.transaction() as conn:
            return get_record(conn, "resources", Resource, resource_id)

    def add_property(self, customer_id: int, estate: Property) -> Property:
        with self.db.transaction() as conn:
            row_id = add_record(conn, "properties", replace(estate, customer_id=customer_id))
        return replace(estate, id=row_id, customer_id=customer_id)

    def property(self, property_id: int) -> Property | None:
        with self.db.transaction() as conn:
            return get_record(conn, "properties", Property, property_id)

    def add_appointment(self, customer_id: int, appointment: Appointment) -> Appointment:
        stored = replace(appointment, customer_id=customer_id, version=1)
        with self.db.transaction() as conn:
            row_id = add_record(conn, "appointments", stored)
        return replace(stored, id=row_id)

    def appointment(self, appointment_id: int) -> Appointment | None:
        with self.db.transaction() as conn:
            return get_record(conn, "appointments", Appointment, appointment_id)

    def appointments(self, user_id: int) -> list[Appointment]:
        """The user's calendar: appointments the user holds or is linked to, deleted too."""
        with self.db.transaction() as conn:
            found = find_records(
                conn,
                "appointments",
                Appointment,
                "user_id = ? OR id IN (SELECT owner_id FROM links WHERE owner = 'appointments'"
                " AND field = 'linked_users' AND value = ?)",
                (user_id, str(user_id)),
            )
        return sorted(found, key=lambda a: (_comparable(a.start), a.id))

    def customer_appointments(self, customer_id: int) -> list[Appointment]:
        with self.db.transaction() as conn:
            return find_records(
                conn, "appointments", Appointment, "customer_id = ?", (customer_id,)
            )

    def update_appointment(self, appointment: Appointment) -> Appointment:
        with self.db.transaction() as conn:
            update_record(conn, "appointments", appointment, appointment.id)
            found = get_record(conn, "appointments", Appointment, appointment.id)
        assert found is not None
        return found


def _comparable(moment: datetime) -> datetime:
    # A naive start stored before the admin API refused them must not break the sort.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
