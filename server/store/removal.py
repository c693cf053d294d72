"""Removing a whole customer: its users, records, devices and their sync state.

What a live target's clean-up asks for (``DELETE /admin/api/customers/{name}``)
so that a scenario leaves nothing behind on a shared server. One
transaction; tables are named here because removal spans every store.

Must not: be reachable from EAS (only the admin API calls it).
"""

from __future__ import annotations

from server.store.db import Database
from server.store.syncstate import DEVICE_TABLES, loop_flag

# Records of the customer, and what links hang off them (server.store.links owners).
CUSTOMER_TABLES = ("addresses", "appointments", "tasks", "resources", "properties")


def remove_customer(db: Database, customer_id: int) -> None:
    with db.transaction() as conn:
        users = "SELECT id FROM users WHERE customer_id = ?"
        devices = f"SELECT id FROM devices WHERE user_id IN ({users})"
        for table in DEVICE_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE device IN ({devices})", (customer_id,))
        for (device,) in conn.execute(devices, (customer_id,)).fetchall():
            conn.execute("DELETE FROM server_flags WHERE name LIKE ?", (loop_flag(device),))
        conn.execute(f"DELETE FROM devices WHERE user_id IN ({users})", (customer_id,))
        conn.execute(
            "DELETE FROM numbers WHERE address_id IN "
            "(SELECT id FROM addresses WHERE customer_id = ?)",
            (customer_id,),
        )
        for table in CUSTOMER_TABLES:  # links and resends name their owner by its table
            owned = f"SELECT id FROM {table} WHERE customer_id = ?"
            for link_table in ("links", "resends"):
                conn.execute(
                    f"DELETE FROM {link_table} WHERE owner = ? AND owner_id IN ({owned})",
                    (table, customer_id),
                )
        for table in CUSTOMER_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE customer_id = ?", (customer_id,))
        conn.execute("DELETE FROM users WHERE customer_id = ?", (customer_id,))
        conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))
