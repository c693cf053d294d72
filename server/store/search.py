"""Where a text is stored among one customer's onOffice records (``table.column``).

A check that onOffice did not keep a text a phone sent (a department, a
nickname: B-CON-15) must look beyond the model's fields, in every column of
every onOffice table, and on a shared server only at the customer's own rows.
Each table is reached through what ties its rows to a customer: a
``customer_id`` column, the address of a number, the owner of a link.
Z-Push's own state (what each device was sent) is not onOffice's and is
left out.

Must not: change anything, or search another customer's rows.
"""

from __future__ import annotations

import sqlite3

from server.store.db import Database
from server.store.removal import CUSTOMER_TABLES

# Z-Push's own state (server.store.syncstate, server.store.devices, links.resends).
SYNC_STATE_TABLES = frozenset({
    "hierarchy_folders", "hierarchy_keys", "collection_keys", "collection_items",
    "client_adds", "sync_cache", "collection_synced", "resends", "devices", "device_info",
    "device_policy", "ping_params", "device_announced", "server_flags",
})  # fmt: skip


def records_mentioning(db: Database, customer_id: int, text: str) -> list[str]:
    """``table.column`` of every value of the customer's records that contains ``text``."""
    found: list[str] = []
    with db.transaction() as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(t for t in tables if t not in SYNC_STATE_TABLES):
            where = _customer_rows(conn, table)
            # Table and column names come from sqlite_master itself, not from a request.
            cursor = conn.execute(f'SELECT * FROM "{table}" WHERE {where}', {"c": customer_id})
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                found += [
                    f"{table}.{column}"
                    for column, value in zip(columns, row, strict=True)
                    if isinstance(value, str) and text in value
                ]
    return sorted(set(found))


def _customer_rows(conn: sqlite3.Connection, table: str) -> str:
    """A WHERE clause (parameter ``:c``) for the table's rows of the customer."""
    columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    if table == "customers":
        return "id = :c"
    if "customer_id" in columns:
        return "customer_id = :c"
    if "address_id" in columns:
        return "address_id IN (SELECT id FROM addresses WHERE customer_id = :c)"
    if {"owner", "owner_id"} <= columns:  # a link names its owner by table and id
        return " OR ".join(
            f"(owner = '{o}' AND owner_id IN (SELECT id FROM {o} WHERE customer_id = :c))"
            for o in CUSTOMER_TABLES
        )
    # Nothing ties its rows to a customer: all of them, so that no stored text is missed.
    return "1"
