"""`OnOfficeStore`: the onOffice enterprise side (customers, users, addresses, calendar, tasks).

Owns its tables and the onOffice rules that hold whatever the client:
Z-Push can be ticked only where onOffice Sync is active (B-SET-2), a sync
slot is held by at most one number of an address (B-CON-6), and every
change of an address bumps its ``version``. Logins and names are
case-sensitive (B-MAN-2): SQLite compares TEXT with BINARY collation.

Must not: know EAS or sync state (`SyncStateStore` has that).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from server.model import (
    KIND_GROUP,
    SLOT_GROUP,
    Address,
    Appointment,
    Customer,
    Number,
    Slot,
    Task,
    User,
)
from server.store.db import Database
from server.store.rows import columns, from_row, insert, to_db, values

SCHEMA = """
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, onoffice_sync INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    user_name TEXT NOT NULL, password TEXT NOT NULL, display_name TEXT NOT NULL,
    zpush INTEGER NOT NULL, contacts INTEGER NOT NULL, tasks INTEGER NOT NULL,
    UNIQUE (customer_id, user_name));
CREATE TABLE IF NOT EXISTS addresses (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, salutation TEXT NOT NULL,
    company TEXT NOT NULL, street TEXT NOT NULL, zip TEXT NOT NULL, city TEXT NOT NULL,
    country TEXT NOT NULL, birthday TEXT, homepage TEXT NOT NULL,
    onoffice_sync INTEGER NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS numbers (
    id INTEGER PRIMARY KEY, address_id INTEGER NOT NULL REFERENCES addresses(id),
    kind TEXT NOT NULL, value TEXT NOT NULL, is_default INTEGER NOT NULL, slot TEXT);
CREATE TABLE IF NOT EXISTS appointments (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    user_id INTEGER NOT NULL, subject TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT NOT NULL,
    all_day INTEGER NOT NULL, location TEXT NOT NULL, notes TEXT NOT NULL,
    status TEXT NOT NULL, private INTEGER NOT NULL, type TEXT NOT NULL,
    reminder_minutes INTEGER, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    responsible_id INTEGER NOT NULL, agent_id INTEGER, subject TEXT NOT NULL,
    description TEXT NOT NULL, priority INTEGER NOT NULL, status TEXT NOT NULL,
    type TEXT NOT NULL, postponed TEXT, deadline TEXT, private INTEGER NOT NULL,
    reminder TEXT, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS numbers_by_address ON numbers (address_id);
"""

_ADDRESS_COLUMNS = columns(Address)
_NUMBER_COLUMNS = columns(Number)
_APPOINTMENT_COLUMNS = columns(Appointment)
_TASK_COLUMNS = columns(Task)
_USER_SELECT = (
    "SELECT users.*, customers.name AS customer_name FROM users"
    " JOIN customers ON customers.id = users.customer_id"
)


class SettingError(ValueError):
    """An onOffice setting that onOffice itself refuses (shown to the admin)."""


class OnOfficeStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        db.create_schema(SCHEMA)

    # -- customers and users ------------------------------------------------

    def add_customer(self, name: str, *, onoffice_sync: bool = True) -> Customer:
        with self.db.transaction() as conn:
            row_id = insert(conn, "customers", ("name", "onoffice_sync"), [name, onoffice_sync])
        return Customer(row_id, name, onoffice_sync)

    def customer(self, name: str) -> Customer | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM customers WHERE name = ?", (name,)).fetchone()
        return None if row is None else from_row(Customer, row)

    def set_onoffice_sync(self, customer_id: int, active: bool) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE customers SET onoffice_sync = ? WHERE id = ?", (active, customer_id)
            )

    def add_user(
        self,
        customer_id: int,
        user_name: str,
        password: str,
        *,
        display_name: str = "",
        zpush: bool = False,
        contacts: bool = False,
        tasks: bool = False,
    ) -> User:
        names = ("customer_id", "user_name", "password", "display_name", "zpush")
        with self.db.transaction() as conn:
            row = [customer_id, user_name, password, display_name, False]
            user_id = insert(conn, "users", (*names, "contacts", "tasks"), [*row, False, False])
            return self.set_user_settings(user_id, zpush=zpush, contacts=contacts, tasks=tasks)

    def user(self, user_id: int) -> User | None:
        with self.db.transaction() as conn:
            row = conn.execute(f"{_USER_SELECT} WHERE users.id = ?", (user_id,)).fetchone()
        return None if row is None else from_row(User, row)

    def find_user(self, user_name: str, customer_name: str) -> User | None:
        """The user by exact (case-sensitive, B-MAN-2) user and customer name."""
        with self.db.transaction() as conn:
            row = conn.execute(
                f"{_USER_SELECT} WHERE users.user_name = ? AND customers.name = ?",
                (user_name, customer_name),
            ).fetchone()
        return None if row is None else from_row(User, row)

    def set_user_settings(
        self,
        user_id: int,
        *,
        zpush: bool | None = None,
        contacts: bool | None = None,
        tasks: bool | None = None,
    ) -> User:
        """Tick or untick the user's Z-Push, contacts and tasks settings (None: unchanged)."""
        with self.db.transaction() as conn:
            user = self.user(user_id)
            if user is None:
                raise KeyError(f"no user {user_id}")
            if zpush:
                self._check_zpush_allowed(conn, user)
            for name, value in (("zpush", zpush), ("contacts", contacts), ("tasks", tasks)):
                if value is not None:
                    conn.execute(f"UPDATE users SET {name} = ? WHERE id = ?", (value, user_id))
            updated = self.user(user_id)
        assert updated is not None
        return updated

    @staticmethod
    def _check_zpush_allowed(conn: sqlite3.Connection, user: User) -> None:
        # B-SET-2: the Z-Push option exists only where onOffice sync is active.
        row = conn.execute(
            "SELECT onoffice_sync FROM customers WHERE id = ?", (user.customer_id,)
        ).fetchone()
        if not row["onoffice_sync"]:
            raise SettingError(
                f"Z-Push cannot be enabled: onOffice Sync is not active for {user.customer_name}"
            )

    def set_password(self, user_id: int, password: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE users SET password = ? WHERE id = ?", (password, user_id))

    # -- addresses -----------------------------------------------------------

    def add_address(self, customer_id: int, address: Address) -> Address:
        """Store a new address with its numbers; ids and version 1 are assigned here."""
        stored = replace(address, customer_id=customer_id, version=1, numbers=())
        with self.db.transaction() as conn:
            address_id = insert(
                conn, "addresses", _ADDRESS_COLUMNS, values(stored, _ADDRESS_COLUMNS)
            )
            for number in address.numbers:
                self._insert_number(conn, address_id, number)
            result = self.address(address_id)
        assert result is not None
        return result

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
            result = self.address(address.id)
        if result is None:
            raise KeyError(f"no address {address.id}")
        return result

    def set_address_sync(self, address_id: int, active: bool) -> None:
        """Tick or untick the address for onOffice Sync (B-CON-1, B-CON-14)."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE addresses SET onoffice_sync = ?, version = version + 1 WHERE id = ?",
                (active, address_id),
            )

    def add_number(self, address_id: int, number: Number) -> Number:
        with self.db.transaction() as conn:
            number_id = self._insert_number(conn, address_id, number)
            self._bump(conn, address_id)
        return replace(number, id=number_id)

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

    @staticmethod
    def _numbers(conn: sqlite3.Connection, address_id: int) -> tuple[Number, ...]:
        rows = conn.execute(
            "SELECT * FROM numbers WHERE address_id = ? ORDER BY id", (address_id,)
        ).fetchall()
        return tuple(from_row(Number, r) for r in rows)

    # -- appointments and tasks (synced by a later issue) --------------------

    def add_appointment(self, customer_id: int, appointment: Appointment) -> Appointment:
        stored = replace(appointment, customer_id=customer_id, version=1)
        with self.db.transaction() as conn:
            row_id = insert(
                conn, "appointments", _APPOINTMENT_COLUMNS, values(stored, _APPOINTMENT_COLUMNS)
            )
        return replace(stored, id=row_id)

    def appointments(self, user_id: int) -> list[Appointment]:
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM appointments WHERE user_id = ? ORDER BY start, id", (user_id,)
            ).fetchall()
        return [from_row(Appointment, r) for r in rows]

    def add_task(self, customer_id: int, task: Task) -> Task:
        stored = replace(task, customer_id=customer_id, version=1)
        with self.db.transaction() as conn:
            row_id = insert(conn, "tasks", _TASK_COLUMNS, values(stored, _TASK_COLUMNS))
        return replace(stored, id=row_id)

    def tasks(self, responsible_id: int) -> list[Task]:
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM tasks WHERE responsible_id = ? ORDER BY id", (responsible_id,)
            ).fetchall()
        return [from_row(Task, r) for r in rows]
