"""The tuple-valued fields of appointments and tasks (linked contacts, files ...), in one table.

A row per element: which kind of record owns it, the record's id, the
field's name, the element's position and its value as text; integer
fields (ids) come back as ``int`` by the dataclass's type hint.
`add_record`, `get_record`, `find_records` and `update_record` store a
whole record with its links. Must not: know which fields exist; the
record types say that.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import fields
from functools import cache
from typing import TypeVar, get_type_hints

from server.store.rows import columns, from_row, insert, values

log = logging.getLogger("zpush_sim.server")

SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    owner TEXT NOT NULL, owner_id INTEGER NOT NULL, field TEXT NOT NULL,
    position INTEGER NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS links_by_owner ON links (owner, owner_id);
CREATE TABLE IF NOT EXISTS resends (
    owner TEXT NOT NULL, owner_id INTEGER NOT NULL, PRIMARY KEY (owner, owner_id));
"""


@cache  # resolving type hints per record was most of a 500-item sync
def link_fields(cls: type) -> dict[str, type]:
    """``{field: element type}`` of the ``tuple[int, ...]`` / ``tuple[str, ...]`` fields."""
    hints = get_type_hints(cls)
    found: dict[str, type] = {}
    for f in fields(cls):
        text = str(hints[f.name])
        if text == "tuple[int, ...]":
            found[f.name] = int
        elif text == "tuple[str, ...]":
            found[f.name] = str
    return found


def save_links(conn: sqlite3.Connection, owner: str, owner_id: int, record: object) -> None:
    conn.execute("DELETE FROM links WHERE owner = ? AND owner_id = ?", (owner, owner_id))
    cls: type = type(record)
    for name in link_fields(cls):
        for position, value in enumerate(getattr(record, name)):
            conn.execute(
                "INSERT INTO links VALUES (?, ?, ?, ?, ?)",
                (owner, owner_id, name, position, str(value)),
            )


def load_links(
    conn: sqlite3.Connection, owner: str, cls: type, owner_id: int
) -> dict[str, tuple[object, ...]]:
    kinds = link_fields(cls)
    found: dict[str, list[object]] = {name: [] for name in kinds}
    rows = conn.execute(
        "SELECT field, value FROM links WHERE owner = ? AND owner_id = ? ORDER BY field, position",
        (owner, owner_id),
    ).fetchall()
    for row in rows:
        if row["field"] in kinds:
            found[row["field"]].append(kinds[row["field"]](row["value"]))
    return {name: tuple(values) for name, values in found.items()}


# -- resends: records a device must get again after its own change ---------------------


def mark_resend(conn: sqlite3.Connection, table: str, row_id: int) -> None:
    conn.execute("INSERT OR IGNORE INTO resends VALUES (?, ?)", (table, row_id))


def take_resends(conn: sqlite3.Connection, table: str, among: Iterable[int]) -> set[int]:
    """Which of ``among`` are marked; their versions are bumped and their marks cleared."""
    rows = conn.execute("SELECT owner_id FROM resends WHERE owner = ?", (table,)).fetchall()
    ids = {int(r["owner_id"]) for r in rows} & set(among)
    for row_id in ids:
        conn.execute(f"UPDATE {table} SET version = version + 1 WHERE id = ?", (row_id,))
        conn.execute("DELETE FROM resends WHERE owner = ? AND owner_id = ?", (table, row_id))
    return ids


# -- whole records with their links --------------------------------------------

R = TypeVar("R")


def add_record(conn: sqlite3.Connection, table: str, record: object) -> int:
    """Insert a record (id assigned here) with its tuple fields."""
    names = columns(type(record))
    row_id = insert(conn, table, names, values(record, names))
    save_links(conn, table, row_id, record)
    return row_id


def get_record(conn: sqlite3.Connection, table: str, cls: type[R], row_id: int) -> R | None:
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        return None
    return _readable(conn, table, cls, row)


def find_records(
    conn: sqlite3.Connection, table: str, cls: type[R], where: str, args: tuple[object, ...]
) -> list[R]:
    rows = conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", args).fetchall()
    found = (_readable(conn, table, cls, r) for r in rows)
    return [record for record in found if record is not None]


def _readable(conn: sqlite3.Connection, table: str, cls: type[R], row: sqlite3.Row) -> R | None:
    """The record, or None with a log line if its row cannot be read (issue 13).

    A row written before the admin API checked its fields (or by hand) must
    not make every read of its user's records fail: it is left out, the rest
    is read.
    """
    try:
        return from_row(cls, row, **load_links(conn, table, cls, row["id"]))
    except (ValueError, TypeError, OverflowError, KeyError) as error:
        log.warning("%s %s left out: its row cannot be read: %s", table, row["id"], error)
        return None


def update_record(conn: sqlite3.Connection, table: str, record: object, row_id: int) -> None:
    """Replace a record's fields (not its customer) and bump its version."""
    names = tuple(n for n in columns(type(record)) if n not in ("customer_id", "version"))
    assignments = ", ".join(f'"{n}" = ?' for n in names)
    cursor = conn.execute(
        f"UPDATE {table} SET {assignments}, version = version + 1 WHERE id = ?",
        [*values(record, names), row_id],
    )
    if cursor.rowcount != 1:
        raise KeyError(f"no {table} record {row_id}")
    save_links(conn, table, row_id, record)
