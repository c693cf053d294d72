"""Addresses and their numbers: the onOffice Sync tick, the sync slots, the creation defaults.

Owns the ``addresses`` and ``numbers`` tables and the rules onOffice
applies whatever the client: a slot is held by at most one number of an
address (B-CON-6), a slot fits the number's group (phone, fax, e-mail;
any phone may take Mobile, B-CON-16), a new address gets its first slots
by how it was created (B-CON-7, B-CON-8), and every change bumps the
address's ``version``. Must not: know EAS (that is `server.mapping`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from types import MappingProxyType

from server.model import KIND_GROUP, SLOT_GROUP, Address, CreationMode, Number, NumberKind, Slot
from server.store.base import SettingError, Tables
from server.store.rows import columns, from_row, insert, to_db, values

SCHEMA = """
CREATE TABLE IF NOT EXISTS addresses (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, salutation TEXT NOT NULL,
    company TEXT NOT NULL, street TEXT NOT NULL, zip TEXT NOT NULL, city TEXT NOT NULL,
    country TEXT NOT NULL, birthday TEXT, homepage TEXT NOT NULL,
    onoffice_sync INTEGER NOT NULL, company_info TEXT NOT NULL, po_box TEXT NOT NULL,
    po_box_zip TEXT NOT NULL, fax2 TEXT NOT NULL, letter_salutation TEXT NOT NULL,
    last_contact TEXT, logo TEXT NOT NULL, preferred_contact_form TEXT NOT NULL,
    entry_date TEXT, language TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS numbers (
    id INTEGER PRIMARY KEY, address_id INTEGER NOT NULL REFERENCES addresses(id),
    kind TEXT NOT NULL, value TEXT NOT NULL, is_default INTEGER NOT NULL, slot TEXT);
CREATE INDEX IF NOT EXISTS numbers_by_address ON numbers (address_id);
"""


class FormField(StrEnum):
    """The number fields of onOffice's address form (guide 12.3)."""

    PHONE1 = "Phone1"
    PHONE2 = "Phone2"
    MOBILE = "Mobile"
    FAX = "Fax"
    FAX2 = "Fax2"  # a plain address field, never a synced number
    EMAIL1 = "EMail1"
    EMAIL2 = "EMail2"


FORM_KIND: Mapping[FormField, NumberKind] = MappingProxyType(
    {
        FormField.PHONE1: NumberKind.PHONE,
        FormField.PHONE2: NumberKind.PHONE,
        FormField.MOBILE: NumberKind.MOBILE,
        FormField.FAX: NumberKind.FAX,
        FormField.EMAIL1: NumberKind.EMAIL,
        FormField.EMAIL2: NumberKind.EMAIL,
    }
)

# B-CON-7 (created by hand), B-CON-8 (created by "Assign / Create"): form field -> slot.
# A field missing from a mode's table gets no assignment.
CREATION_SLOTS: Mapping[CreationMode, Mapping[FormField, Slot]] = MappingProxyType(
    {
        CreationMode.BY_HAND: {
            FormField.FAX: Slot.FAX_PRIVATE,
            FormField.PHONE1: Slot.PHONE_PRIVATE,
            FormField.PHONE2: Slot.PHONE2_PRIVATE,
            FormField.MOBILE: Slot.MOBILE,
            FormField.EMAIL1: Slot.EMAIL1,
            FormField.EMAIL2: Slot.EMAIL2,
        },
        CreationMode.ASSIGN_CREATE: {
            FormField.PHONE1: Slot.PHONE_PRIVATE,
            FormField.FAX: Slot.FAX_PRIVATE,
            FormField.MOBILE: Slot.MOBILE,
            FormField.EMAIL1: Slot.EMAIL1,
        },
        CreationMode.DEVICE: {},
    }
)

_ADDRESS_COLUMNS = columns(Address)
_NUMBER_COLUMNS = columns(Number)


class AddressTables(Tables):
    def add_address(self, customer_id: int, address: Address) -> Address:
        """Store a new address with its numbers (slots as given); ids and version 1 here."""
        stored = replace(address, customer_id=customer_id, version=1, numbers=())
        with self.db.transaction() as conn:
            address_id = insert(
                conn, "addresses", _ADDRESS_COLUMNS, values(stored, _ADDRESS_COLUMNS)
            )
            for number in address.numbers:
                self._insert_number(conn, address_id, number)
            return self._existing_address(address_id)

    def create_address(
        self,
        customer_id: int,
        address: Address,
        mode: CreationMode,
        form: Mapping[FormField, str],
    ) -> Address:
        """An address entered in onOffice's form; its numbers get ``mode``'s first slots."""
        slots = CREATION_SLOTS[mode]
        numbers: list[Number] = []
        for form_field, value in form.items():
            if not value:
                continue
            if form_field is FormField.FAX2:
                address = replace(address, fax2=value)
                continue
            kind = FORM_KIND[form_field]
            first = not any(KIND_GROUP[n.kind] == KIND_GROUP[kind] for n in numbers)
            numbers.append(Number(kind, value, first, slots.get(form_field)))
        return self.add_address(customer_id, replace(address, numbers=tuple(numbers)))

    def address(self, address_id: int) -> Address | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM addresses WHERE id = ?", (address_id,)).fetchone()
            if row is None:
                return None
            return from_row(Address, row, numbers=self._numbers(conn, address_id))

    def addresses(self, customer_id: int, *, synced_only: bool = False) -> list[Address]:
        """The customer's addresses by id; ``synced_only``: those ticked for onOffice Sync."""
        sql = "SELECT * FROM addresses WHERE customer_id = ?"
        if synced_only:
            sql += " AND onoffice_sync = 1"
        with self.db.transaction() as conn:
            rows = conn.execute(sql + " ORDER BY id", (customer_id,)).fetchall()
            return [from_row(Address, r, numbers=self._numbers(conn, r["id"])) for r in rows]

    def address_versions(self, customer_id: int) -> dict[int, int]:
        """``{id: version}`` of the addresses ticked for onOffice Sync (B-CON-1)."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT id, version FROM addresses WHERE customer_id = ? AND onoffice_sync = 1",
                (customer_id,),
            ).fetchall()
        return {row["id"]: row["version"] for row in rows}

    def update_address(self, address: Address) -> Address:
        """Replace an address's own fields (not its numbers) and bump its version."""
        names = tuple(n for n in _ADDRESS_COLUMNS if n not in ("customer_id", "version"))
        assignments = ", ".join(f"{n} = ?" for n in names)
        with self.db.transaction() as conn:
            conn.execute(
                f"UPDATE addresses SET {assignments}, version = version + 1 WHERE id = ?",
                [*values(address, names), address.id],
            )
            _touch_appointments(conn, address.id)
            return self._existing_address(address.id)

    def set_address_sync(self, address_id: int, active: bool) -> None:
        """Tick or untick the address for onOffice Sync (B-CON-1, B-CON-14)."""
        with self.db.transaction() as conn:
            self._existing_address(address_id)
            conn.execute(
                "UPDATE addresses SET onoffice_sync = ?, version = version + 1 WHERE id = ?",
                (active, address_id),
            )

    def add_number(self, address_id: int, number: Number) -> Number:
        with self.db.transaction() as conn:
            self._existing_address(address_id)
            number_id = self._insert_number(conn, address_id, number)
            self._bump(conn, address_id)
        return replace(number, id=number_id)

    def number_owner(self, number_id: int) -> int | None:
        """The address id a number belongs to."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT address_id FROM numbers WHERE id = ?", (number_id,)
            ).fetchone()
        return None if row is None else int(row["address_id"])

    def assign_slot(self, number_id: int, slot: Slot | None) -> None:
        """Give a number a sync slot, or none; B-CON-6 frees the slot's previous holder."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM numbers WHERE id = ?", (number_id,)).fetchone()
            if row is None:
                raise KeyError(f"no number {number_id}")
            number = from_row(Number, row)
            self._check_slot(number, slot)
            self._free_slot(conn, row["address_id"], slot)
            conn.execute("UPDATE numbers SET slot = ? WHERE id = ?", (to_db(slot), number_id))
            self._bump(conn, row["address_id"])

    def _insert_number(self, conn: sqlite3.Connection, address_id: int, number: Number) -> int:
        self._check_slot(number, number.slot)
        self._free_slot(conn, address_id, number.slot)
        names = ("address_id", *_NUMBER_COLUMNS)
        return insert(conn, "numbers", names, [address_id, *values(number, _NUMBER_COLUMNS)])

    def _existing_address(self, address_id: int) -> Address:
        address = self.address(address_id)
        if address is None:
            raise KeyError(f"no address {address_id}")
        return address

    @staticmethod
    def _check_slot(number: Number, slot: Slot | None) -> None:
        if slot is not None and SLOT_GROUP[slot] != KIND_GROUP[number.kind]:
            raise SettingError(f"a {number.kind} number cannot take the slot {slot}")

    @staticmethod
    def _free_slot(conn: sqlite3.Connection, address_id: int, slot: Slot | None) -> None:
        # B-CON-6: assigning a slot in use resets its previous number to "no assignment".
        if slot is not None:
            conn.execute(
                "UPDATE numbers SET slot = NULL WHERE address_id = ? AND slot = ?",
                (address_id, slot.value),
            )

    @staticmethod
    def _bump(conn: sqlite3.Connection, address_id: int) -> None:
        conn.execute("UPDATE addresses SET version = version + 1 WHERE id = ?", (address_id,))
        _touch_appointments(conn, address_id)  # the attendee's e-mail may have changed

    @staticmethod
    def _numbers(conn: sqlite3.Connection, address_id: int) -> tuple[Number, ...]:
        rows = conn.execute(
            "SELECT * FROM numbers WHERE address_id = ? ORDER BY id", (address_id,)
        ).fetchall()
        return tuple(from_row(Number, r) for r in rows)


def _touch_appointments(conn: sqlite3.Connection, address_id: int) -> None:
    """B-APPT-3: appointments show a linked contact as an attendee (name, e-mail), so
    their versions move with the contact's, and devices get the new name (issue 13)."""
    conn.execute(
        "UPDATE appointments SET version = version + 1 WHERE id IN (SELECT owner_id FROM links"
        " WHERE owner = 'appointments' AND field = 'linked_contacts' AND value = ?)",
        (str(address_id),),
    )
