"""Which customers' onOffice data changed: a generation counter per customer, kept by triggers.

A waiting Ping must learn that something it watches may have changed
without re-reading every folder of every waiting device on a timer (with
a thousand Pings held that is thousands of reads a second). So every
write to a table a device syncs from moves its customer's counter, in
the same transaction, by an SQLite trigger; the waiting side reads all
counters with one query and re-checks only the waits of customers whose
counter moved. Triggers (not calls in each store method) also see writes
from another process on the same file (``zpush-sim admin``), and no store
method can forget one.

The login counters of ``users`` (written on every failed login) are not
data a device syncs, so only the user's settings move the counter.

Must not: decide what a change means to a device (`server.commands.ping`
does); it only says "look again".
"""

from __future__ import annotations

from server.store.base import Tables

_BUMP = (
    "INSERT INTO data_generation (customer_id, n) VALUES ({customer}, 1)"
    " ON CONFLICT (customer_id) DO UPDATE SET n = n + 1;"
)
# table -> how a row names its customer (NEW./OLD. prefixed below).
_TABLES = {
    "addresses": "{row}.customer_id",
    "appointments": "{row}.customer_id",
    "tasks": "{row}.customer_id",
    "resources": "{row}.customer_id",
    "properties": "{row}.customer_id",
    "numbers": "(SELECT customer_id FROM addresses WHERE id = {row}.address_id)",
    "customers": "{row}.id",
}
# users: its settings, not the login counters (see above).
_USER_SETTINGS = "user_name, password, display_name, email, zpush, contacts, tasks"


def _triggers() -> str:
    out = [
        "CREATE TABLE IF NOT EXISTS data_generation"
        " (customer_id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
    ]
    events = (("insert", "INSERT", "NEW"), ("update", "UPDATE", "NEW"), ("delete", "DELETE", "OLD"))
    for table, customer in _TABLES.items():
        for name, event, row in events:
            bump = _BUMP.format(customer=customer.format(row=row))
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_{name}_gen AFTER {event} ON {table}"
                f" BEGIN {bump} END;"
            )
    for name, event in (
        ("insert", "INSERT"),
        ("update", f"UPDATE OF {_USER_SETTINGS}"),
        ("delete", "DELETE"),
    ):
        row = "OLD" if name == "delete" else "NEW"
        bump = _BUMP.format(customer=f"{row}.customer_id")
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS users_{name}_gen AFTER {event} ON users"
            f" BEGIN {bump} END;"
        )
    return "\n".join(out)


SCHEMA = _triggers()


class ChangeTables(Tables):
    def data_generations(self) -> dict[int, int]:
        """Customer id -> its counter; a counter that moved means "look again"."""
        with self.db.transaction() as conn:
            rows = conn.execute("SELECT customer_id, n FROM data_generation").fetchall()
        return {int(r["customer_id"]): int(r["n"]) for r in rows}
