"""Customers and users: onOffice sync per customer, the user settings, login counters and locks.

Owns the ``customers`` and ``users`` tables. A user's ``password`` column
holds an argon2id hash (`server.passwords`), never the password. Rules that hold whatever the
client: Z-Push can be ticked only where onOffice Sync is active (B-SET-2);
names are case-sensitive (B-MAN-2: SQLite compares TEXT with BINARY
collation). The lockout's transitions are `server.auth`'s; this module
stores the counters and flags it decides on.
"""

from __future__ import annotations

import sqlite3

from server.model import Customer, User
from server.passwords import Passwords, is_hash
from server.store.base import SettingError, Tables
from server.store.rows import from_row, insert

SCHEMA = """
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, onoffice_sync INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
    user_name TEXT NOT NULL, password TEXT NOT NULL, display_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    zpush INTEGER NOT NULL, contacts INTEGER NOT NULL, tasks INTEGER NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0, zpush_locked INTEGER NOT NULL DEFAULT 0,
    unlock_confirmation INTEGER NOT NULL DEFAULT 0,
    onoffice_failed_logins INTEGER NOT NULL DEFAULT 0,
    onoffice_locked INTEGER NOT NULL DEFAULT 0,
    UNIQUE (customer_id, user_name));
"""

_USER_SELECT = (
    "SELECT users.*, customers.name AS customer_name FROM users"
    " JOIN customers ON customers.id = users.customer_id"
)
# What `set_login_state` may write: the counters and locks of the lockout.
LOGIN_STATE = (
    "failed_logins", "zpush_locked", "unlock_confirmation",
    "onoffice_failed_logins", "onoffice_locked",
)  # fmt: skip


class UserTables(Tables):
    passwords: Passwords  # set by `OnOfficeStore`
    # -- customers ------------------------------------------------------------

    def add_customer(self, name: str, *, onoffice_sync: bool = True) -> Customer:
        if not name or "_" in name:
            raise SettingError(f"a customer name has no underscore: {name!r}")
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM customers WHERE name = ?", (name,)).fetchone():
                raise SettingError(f"customer {name} exists")
            row_id = insert(conn, "customers", ("name", "onoffice_sync"), [name, onoffice_sync])
        return Customer(row_id, name, onoffice_sync)

    def customer(self, name: str) -> Customer | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT * FROM customers WHERE name = ?", (name,)).fetchone()
        return None if row is None else from_row(Customer, row)

    def customers(self) -> list[Customer]:
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT * FROM customers ORDER BY id").fetchall()
        return [from_row(Customer, r) for r in rows]

    def set_onoffice_sync(self, customer_id: int, active: bool) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE customers SET onoffice_sync = ? WHERE id = ?", (active, customer_id)
            )
            if not active:  # B-SET-2: without onOffice sync there is no Z-Push option
                conn.execute("UPDATE users SET zpush = 0 WHERE customer_id = ?", (customer_id,))

    # -- users ------------------------------------------------------------------

    def add_user(
        self,
        customer_id: int,
        user_name: str,
        password: str,
        *,
        display_name: str = "",
        email: str = "",
        zpush: bool = False,
        contacts: bool = False,
        tasks: bool = False,
    ) -> User:
        names = ("customer_id", "user_name", "password", "display_name", "email")
        hashed = self.passwords.hash(password)  # outside the transaction: argon2 takes a while
        with self.db.transaction() as conn:
            if conn.execute(
                "SELECT 1 FROM users WHERE customer_id = ? AND user_name = ?",
                (customer_id, user_name),
            ).fetchone():
                raise SettingError(f"user {user_name} exists")
            row = [customer_id, user_name, hashed, display_name, email]
            user_id = insert(
                conn, "users", (*names, "zpush", "contacts", "tasks"), [*row, False, False, False]
            )
            return self.set_user_settings(user_id, zpush=zpush, contacts=contacts, tasks=tasks)

    def user(self, user_id: int) -> User | None:
        with self.db.transaction() as conn:
            row = conn.execute(f"{_USER_SELECT} WHERE users.id = ?", (user_id,)).fetchone()
        return None if row is None else from_row(User, row)

    def users(self, customer_id: int) -> list[User]:
        with self.db.transaction() as conn:
            rows = conn.execute(
                f"{_USER_SELECT} WHERE users.customer_id = ? ORDER BY users.id", (customer_id,)
            ).fetchall()
        return [from_row(User, r) for r in rows]

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
            user = self._existing_user(user_id)
            if zpush:
                self._check_zpush_allowed(conn, user)
            for name, value in (("zpush", zpush), ("contacts", contacts), ("tasks", tasks)):
                if value is not None:
                    conn.execute(f"UPDATE users SET {name} = ? WHERE id = ?", (value, user_id))
            return self._existing_user(user_id)

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
        """B-CRED-2: a new password in onOffice; every device must be given it."""
        hashed = self.passwords.hash(password)
        with self.db.transaction() as conn:
            self._existing_user(user_id)
            conn.execute("UPDATE users SET password = ? WHERE id = ?", (hashed, user_id))

    def hash_plaintext_passwords(self) -> int:
        """Hash the passwords an older database kept in plain text; how many there were."""
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT id, password FROM users").fetchall()
            plain = [(r["id"], r["password"]) for r in rows if not is_hash(r["password"])]
            for user_id, password in plain:
                hashed = self.passwords.hash(password)
                conn.execute("UPDATE users SET password = ? WHERE id = ?", (hashed, user_id))
        return len(plain)

    def set_login_state(self, user_id: int, **state: int | bool) -> User:
        """Write lockout counters and flags (names from `LOGIN_STATE`)."""
        unknown = set(state) - set(LOGIN_STATE)
        if unknown:
            raise ValueError(f"not login state: {sorted(unknown)}")
        with self.db.transaction() as conn:
            for name, value in state.items():
                conn.execute(f"UPDATE users SET {name} = ? WHERE id = ?", (int(value), user_id))
            return self._existing_user(user_id)

    def take_unlock_confirmation(self, user_id: int) -> bool:
        """B-CRED-3: whether to show the confirmation; it is shown once, so this clears it."""
        with self.db.transaction():
            shown = self._existing_user(user_id).unlock_confirmation
            if shown:
                self.set_login_state(user_id, unlock_confirmation=False)
        return shown

    def _existing_user(self, user_id: int) -> User:
        user = self.user(user_id)
        if user is None:
            raise KeyError(f"no user {user_id}")
        return user
