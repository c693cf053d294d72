"""`SyncStateStore`: Z-Push's side of a partnership, per user and device.

The folder hierarchy sent under each FolderSync key, and per collection the items (ServerId ->
version) the device holds under each Sync key, with the time of its last
Sync (read from the injected clock; ``zpush-sim admin device`` shows it).
The keep-N-while-issuing-N+1 rule is `server.synckey`'s; this module only
stores and prunes states.

It also keeps, per collection, the ServerIds given to the device's Adds
by ClientId (a resent Add gets the same ServerId, nothing is added twice),
and per device the collections of its last Sync (the 14.x empty and
partial Sync reuse them). Devices, policies and flags: `DeviceStore`.

Must not: read onOffice data or know EAS documents.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass
from datetime import datetime

from server.store.db import Database
from server.store.devices import Device, DeviceStore, PolicyRecord
from server.synckey import SyncKey
from zpush_sim.clock import Clock, SystemClock

__all__ = ["CollectionState", "Device", "FolderRecord", "PolicyRecord", "SyncStateStore"]

SCHEMA = """
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
CREATE TABLE IF NOT EXISTS client_adds (
    device INTEGER NOT NULL REFERENCES devices(id), collection_id TEXT NOT NULL,
    client_id TEXT NOT NULL, server_id TEXT NOT NULL,
    PRIMARY KEY (device, collection_id, client_id));
CREATE TABLE IF NOT EXISTS sync_cache (
    device INTEGER PRIMARY KEY REFERENCES devices(id), collections TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collection_synced (
    device INTEGER NOT NULL REFERENCES devices(id), collection_id TEXT NOT NULL,
    last_sync TEXT NOT NULL, PRIMARY KEY (device, collection_id));
"""
# Every table with a row per device (besides ``devices``): what remove_device drops.
DEVICE_TABLES = (
    "collection_keys", "collection_items", "client_adds", "collection_synced", "sync_cache",
    "hierarchy_keys", "hierarchy_folders", "device_info", "device_policy", "ping_params",
    "device_announced",
)  # fmt: skip
# What forget_collection drops: a collection's states and the device's Adds in it.
COLLECTION_TABLES = ("collection_keys", "collection_items", "client_adds", "collection_synced")


def loop_flag(device: int, collection_id: str = "%") -> str:
    """The server flag with Z-Push's loop detection state of a device's collection
    (`server.commands.loopdetect`); ``%``: a LIKE pattern for all of its collections."""
    return f"loop:{device}:{collection_id}"


@dataclass(frozen=True)
class FolderRecord:
    """A folder as the device was told about it."""

    server_id: str
    parent_id: str
    display_name: str
    type: int


@dataclass(frozen=True)
class CollectionState:
    """One collection of a device, as z-push-admin lists it."""

    collection_id: str
    sync_key: SyncKey  # the newest key issued
    items: int  # how many items the device holds at that key
    last_sync: datetime | None  # the last Sync that issued or confirmed a key


class SyncStateStore(DeviceStore):
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        super().__init__(db)
        self.clock = clock if clock is not None else SystemClock()
        db.create_schema(SCHEMA)

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

    def latest_hierarchy(self, device: int) -> tuple[FolderRecord, ...] | None:
        """The folders under the newest hierarchy key; None before the first FolderSync."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT uuid, counter FROM hierarchy_keys WHERE device = ?"
                " ORDER BY counter DESC LIMIT 1",
                (device,),
            ).fetchone()
        return None if row is None else self.hierarchy(device, SyncKey(row[0], row[1]))

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
            self._synced(conn, device, collection_id)

    def keep_collection(self, device: int, collection_id: str, key: SyncKey) -> None:
        """Drop every state of the collection but ``key``'s."""
        with self.db.transaction() as conn:
            self._prune(conn, "collection_keys", device, collection_id, key, {key.counter})
            self._prune(conn, "collection_items", device, collection_id, key, {key.counter})
            self._synced(conn, device, collection_id)

    def _synced(self, conn: sqlite3.Connection, device: int, collection_id: str) -> None:
        conn.execute(
            "INSERT INTO collection_synced VALUES (?, ?, ?) ON CONFLICT (device, collection_id)"
            " DO UPDATE SET last_sync = excluded.last_sync",
            (device, collection_id, self.clock.now().isoformat()),
        )

    def latest_collection(
        self, device: int, collection_id: str
    ) -> tuple[SyncKey, dict[str, str]] | None:
        """The newest stored state of the collection (the key last issued), with its items."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT uuid, counter FROM collection_keys WHERE device = ? AND collection_id = ?"
                " ORDER BY counter DESC LIMIT 1",
                (device, collection_id),
            ).fetchone()
            if row is None:
                return None
            key = SyncKey(row["uuid"], row["counter"])
            items = self.collection(device, collection_id, key)
        return None if items is None else (key, items)

    def forget_collection(self, device: int, collection_id: str | None = None) -> None:
        """Drop the states of one collection (every one if None): the device must resync."""
        where = "device = ?" + ("" if collection_id is None else " AND collection_id = ?")
        params = (device,) if collection_id is None else (device, collection_id)
        with self.db.transaction() as conn:
            for table in COLLECTION_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE {where}", params)
            # A resync starts loop detection over too, as Z-Push's resync drops its state.
            conn.execute(
                "DELETE FROM server_flags WHERE name LIKE ?",
                (loop_flag(device, collection_id or "%"),),
            )

    def collections(self, device: int) -> list[CollectionState]:
        """The device's collections that have a sync state, by CollectionId."""
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT DISTINCT k.collection_id, s.last_sync FROM collection_keys AS k"
                " LEFT JOIN collection_synced AS s"
                " ON s.device = k.device AND s.collection_id = k.collection_id"
                " WHERE k.device = ? ORDER BY k.collection_id",
                (device,),
            ).fetchall()
            found = [(row, self.latest_collection(device, row["collection_id"])) for row in rows]
        return [
            CollectionState(
                row["collection_id"],
                state[0],
                len(state[1]),
                None if row["last_sync"] is None else datetime.fromisoformat(row["last_sync"]),
            )
            for row, state in found
            if state is not None
        ]

    def collection_summary(self, device: int) -> list[tuple[str, str, int]]:
        """``(collection_id, newest key, items held)`` per collection of the device."""
        return [(c.collection_id, str(c.sync_key), c.items) for c in self.collections(device)]

    def remove_device(self, device: int) -> None:
        """Forget the device and all its state (z-push-admin -a remove)."""
        with self.db.transaction() as conn:
            for table in DEVICE_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE device = ?", (device,))
            conn.execute("DELETE FROM server_flags WHERE name LIKE ?", (loop_flag(device),))
            conn.execute("DELETE FROM devices WHERE id = ?", (device,))

    # -- the device's Adds, by ClientId -------------------------------------

    def client_add(self, device: int, collection_id: str, client_id: str) -> str | None:
        """The ServerId already given to this ClientId's Add, if any."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT server_id FROM client_adds WHERE device = ? AND collection_id = ?"
                " AND client_id = ?",
                (device, collection_id, client_id),
            ).fetchone()
        return None if row is None else str(row["server_id"])

    def record_client_add(
        self, device: int, collection_id: str, client_id: str, server_id: str
    ) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO client_adds VALUES (?, ?, ?, ?)",
                (device, collection_id, client_id, server_id),
            )

    # -- the last Sync's collections (14.x empty and partial Sync) ------------

    def sync_cache(self, device: int) -> list[dict[str, object]] | None:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT collections FROM sync_cache WHERE device = ?", (device,)
            ).fetchone()
        return None if row is None else list(json.loads(row["collections"]))

    def set_sync_cache(self, device: int, collections: list[dict[str, object]]) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_cache VALUES (?, ?) ON CONFLICT (device) DO UPDATE"
                " SET collections = excluded.collections",
                (device, json.dumps(collections, sort_keys=True)),
            )

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
