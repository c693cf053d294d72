"""`SyncStateStore`: Z-Push's side of a partnership, per user and device.

Devices (id, type, user agent, first and last seen), the folder hierarchy
sent under each FolderSync key, and per collection the items (ServerId ->
version) the device holds under each Sync key. The keep-N-while-issuing-N+1
rule is `server.synckey`'s; this module only stores and prunes states.

Must not: read onOffice data or know EAS documents.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass
from datetime import datetime

from server.store.db import Database
from server.synckey import SyncKey

SCHEMA = """
CREATE TABLE IF NOT EXISTS devices (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, device_id TEXT NOT NULL,
    device_type TEXT NOT NULL, user_agent TEXT NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, UNIQUE (user_id, device_id));
CREATE TABLE IF NOT EXISTS hierarchy_folders (
    device INTEGER NOT NULL REFERENCES devices(id), uuid TEXT NOT NULL, counter INTEGER NOT NULL,
    server_id TEXT NOT NULL, parent_id TEXT NOT NULL, display_name TEXT NOT NULL,
    type INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS hierarchy_keys (
    device INTEGER NOT NULL REFERENCES devices(id), uuid TEXT NOT NULL, counter INTEGER NOT NULL,
    PRIMARY KEY (device, uuid, counter));
CREATE TABLE IF NOT EXISTS collection_keys (
    device INTEGER NOT NULL REFERENCES devices(id), collection_id TEXT NOT NULL,
    uuid TEXT NOT NULL, counter INTEGER NOT NULL,
    PRIMARY KEY (device, collection_id, uuid, counter));
CREATE TABLE IF NOT EXISTS collection_items (
    device INTEGER NOT NULL REFERENCES devices(id), collection_id TEXT NOT NULL,
    uuid TEXT NOT NULL, counter INTEGER NOT NULL, server_id TEXT NOT NULL, version TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS collection_items_by_key
    ON collection_items (device, collection_id, uuid, counter);
CREATE INDEX IF NOT EXISTS hierarchy_folders_by_key ON hierarchy_folders (device, uuid, counter);
"""


@dataclass(frozen=True)
class Device:
    id: int  # the store's row id; ``device_id`` is the device's own DeviceId
    user_id: int
    device_id: str
    device_type: str
    user_agent: str
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class FolderRecord:
    """A folder as the device was told about it."""

    server_id: str
    parent_id: str
    display_name: str
    type: int


class SyncStateStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        db.create_schema(SCHEMA)

    # -- devices ---------------------------------------------------------

    def touch_device(
        self, user_id: int, device_id: str, device_type: str, user_agent: str, now: datetime
    ) -> Device:
        """Record a request of the device (created on first sight); return it."""
        stamp = now.isoformat()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO devices (user_id, device_id, device_type, user_agent, first_seen,"
                " last_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, device_id) DO UPDATE"
                " SET device_type = excluded.device_type, user_agent = excluded.user_agent,"
                " last_seen = excluded.last_seen",
                (user_id, device_id, device_type, user_agent, stamp, stamp),
            )
        device = self.device(user_id, device_id)
        assert device is not None
        return device

    def device(self, user_id: int, device_id: str) -> Device | None:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT * FROM devices WHERE user_id = ? AND device_id = ?", (user_id, device_id)
            ).fetchone()
        if row is None:
            return None
        return Device(
            id=row["id"],
            user_id=row["user_id"],
            device_id=row["device_id"],
            device_type=row["device_type"],
            user_agent=row["user_agent"],
            first_seen=datetime.fromisoformat(row["first_seen"]),
            last_seen=datetime.fromisoformat(row["last_seen"]),
        )

    def devices(self, user_id: int) -> list[Device]:
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT device_id FROM devices WHERE user_id = ? ORDER BY id", (user_id,)
            ).fetchall()
        found = (self.device(user_id, row["device_id"]) for row in rows)
        return [d for d in found if d is not None]

    # -- folder hierarchy (FolderSync) ------------------------------------

    def hierarchy(self, device: int, key: SyncKey) -> tuple[FolderRecord, ...] | None:
        """The folders sent under ``key``; None if the key is not (or no longer) stored."""
        with self.db.transaction() as conn:
            known = conn.execute(
                "SELECT 1 FROM hierarchy_keys WHERE device = ? AND uuid = ? AND counter = ?",
                (device, key.uuid, key.counter),
            ).fetchone()
            if known is None:
                return None
            rows = conn.execute(
                "SELECT server_id, parent_id, display_name, type FROM hierarchy_folders"
                " WHERE device = ? AND uuid = ? AND counter = ? ORDER BY rowid",
                (device, key.uuid, key.counter),
            ).fetchall()
        return tuple(FolderRecord(*row) for row in rows)

    def save_hierarchy(
        self, device: int, key: SyncKey, folders: Iterable[FolderRecord], keep: Iterable[int]
    ) -> None:
        """Store the folders of ``key``; drop every other state except the counters in ``keep``."""
        with self.db.transaction() as conn:
            self._prune(conn, "hierarchy_keys", device, None, key, {key.counter, *keep})
            self._prune(conn, "hierarchy_folders", device, None, key, {*keep} - {key.counter})
            conn.execute(
                "INSERT OR IGNORE INTO hierarchy_keys (device, uuid, counter) VALUES (?, ?, ?)",
                (device, key.uuid, key.counter),
            )
            conn.executemany(
                "INSERT INTO hierarchy_folders VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(device, key.uuid, key.counter, *astuple(f)) for f in folders],
            )

    def keep_hierarchy(self, device: int, key: SyncKey) -> None:
        """Drop every hierarchy state but ``key``'s (the device confirmed it by using it)."""
        with self.db.transaction() as conn:
            self._prune(conn, "hierarchy_keys", device, None, key, {key.counter})
            self._prune(conn, "hierarchy_folders", device, None, key, {key.counter})

    # -- collections (Sync) -----------------------------------------------

    def collection(self, device: int, collection_id: str, key: SyncKey) -> dict[str, str] | None:
        """``{ServerId: version}`` the device holds at ``key``; None if the key is not stored."""
        with self.db.transaction() as conn:
            known = conn.execute(
                "SELECT 1 FROM collection_keys WHERE device = ? AND collection_id = ?"
                " AND uuid = ? AND counter = ?",
                (device, collection_id, key.uuid, key.counter),
            ).fetchone()
            if known is None:
                return None
            rows = conn.execute(
                "SELECT server_id, version FROM collection_items WHERE device = ?"
                " AND collection_id = ? AND uuid = ? AND counter = ?",
                (device, collection_id, key.uuid, key.counter),
            ).fetchall()
        return {row["server_id"]: row["version"] for row in rows}

    def save_collection(
        self,
        device: int,
        collection_id: str,
        key: SyncKey,
        items: Mapping[str, str],
        keep: Iterable[int] = (),
    ) -> None:
        """Store the items of ``key``; drop every other state except the counters in ``keep``."""
        with self.db.transaction() as conn:
            kept = {key.counter, *keep}
            self._prune(conn, "collection_keys", device, collection_id, key, kept)
            self._prune(conn, "collection_items", device, collection_id, key, kept - {key.counter})
            conn.execute(
                "INSERT OR IGNORE INTO collection_keys VALUES (?, ?, ?, ?)",
                (device, collection_id, key.uuid, key.counter),
            )
            conn.executemany(
                "INSERT INTO collection_items VALUES (?, ?, ?, ?, ?, ?)",
                [(device, collection_id, key.uuid, key.counter, s, v) for s, v in items.items()],
            )

    def keep_collection(self, device: int, collection_id: str, key: SyncKey) -> None:
        """Drop every state of the collection but ``key``'s."""
        with self.db.transaction() as conn:
            self._prune(conn, "collection_keys", device, collection_id, key, {key.counter})
            self._prune(conn, "collection_items", device, collection_id, key, {key.counter})

    @staticmethod
    def _prune(
        conn: sqlite3.Connection,
        table: str,
        device: int,
        collection_id: str | None,
        key: SyncKey,
        keep: set[int],
    ) -> None:
        """Delete the states of other UUIDs and of this UUID's counters not in ``keep``."""
        where = "device = ?" + ("" if collection_id is None else " AND collection_id = ?")
        params: list[object] = [device] + ([] if collection_id is None else [collection_id])
        if keep:
            marks = ", ".join("?" for _ in keep)
            where += f" AND (uuid != ? OR counter NOT IN ({marks}))"
            params += [key.uuid, *sorted(keep)]
        conn.execute(f"DELETE FROM {table} WHERE {where}", params)
