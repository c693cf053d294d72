"""`DeviceStore`: what Z-Push's ASDevice keeps per user and device, and the server's switches.

The device row (type, user agent, first and last request), its
DeviceInformation (Settings or Provision), its policy state (the
provisioning machine's state and keys), the last Ping's parameters (a Ping
without body reuses them), the protocol versions last announced to it in
``X-MS-RP`` (Z-Push's ASDevice announcedASversion), and server-wide flags
such as maintenance, so
that ``zpush-sim admin maintenance on`` reaches a running ``serve`` through
the database file. `SyncStateStore` extends this with the sync keys.

Must not: read onOffice data, know EAS documents, or decide transitions
(`server.provisioning` does).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from server.store.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS devices (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, device_id TEXT NOT NULL,
    device_type TEXT NOT NULL, user_agent TEXT NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, UNIQUE (user_id, device_id));
CREATE TABLE IF NOT EXISTS device_info (
    device INTEGER PRIMARY KEY REFERENCES devices(id), info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS device_policy (
    device INTEGER PRIMARY KEY REFERENCES devices(id), state TEXT NOT NULL,
    policy_key INTEGER, pending_key INTEGER);
CREATE TABLE IF NOT EXISTS ping_params (
    device INTEGER PRIMARY KEY REFERENCES devices(id), params TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS device_announced (
    device INTEGER PRIMARY KEY REFERENCES devices(id), versions TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS server_flags (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# B-MAINT-1: the server flag that switches maintenance (503 + Retry-After) on and off.
MAINTENANCE_FLAG = "maintenance"


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
class PolicyRecord:
    """The provisioning state of a device (`server.provisioning.PolicyState` by name)."""

    state: str
    policy_key: int | None = None  # the final key, once acknowledged
    pending_key: int | None = None  # the temporary key of phase 1


def holds_devices(db: Database) -> bool:
    """Whether ``db`` already has the devices table (a server used it), before any schema."""
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'devices'"
        ).fetchone()
    return row is not None


class DeviceStore:
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

    def devices(self, user_id: int | None = None) -> list[Device]:
        """The user's devices (every device when ``user_id`` is None), oldest first."""
        with self.db.transaction() as conn:
            sql = "SELECT user_id, device_id FROM devices"
            rows = conn.execute(
                sql + (" ORDER BY id" if user_id is None else " WHERE user_id = ? ORDER BY id"),
                () if user_id is None else (user_id,),
            ).fetchall()
        found = (self.device(row["user_id"], row["device_id"]) for row in rows)
        return [d for d in found if d is not None]

    # -- DeviceInformation (Settings, Provision) ---------------------------

    def set_device_information(self, device: int, info: dict[str, str]) -> None:
        """Merge the fields the device sent into what it sent before."""
        merged = {**self.device_information(device), **info}
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO device_info VALUES (?, ?) ON CONFLICT (device) DO UPDATE"
                " SET info = excluded.info",
                (device, json.dumps(merged, sort_keys=True)),
            )

    def device_information(self, device: int) -> dict[str, str]:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT info FROM device_info WHERE device = ?", (device,)
            ).fetchone()
        return {} if row is None else dict(json.loads(row["info"]))

    # -- policy (Provision) -------------------------------------------------

    def policy(self, device: int) -> PolicyRecord | None:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT state, policy_key, pending_key FROM device_policy WHERE device = ?",
                (device,),
            ).fetchone()
        return None if row is None else PolicyRecord(*row)

    def set_policy(self, device: int, record: PolicyRecord) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO device_policy VALUES (?, ?, ?, ?) ON CONFLICT (device) DO UPDATE"
                " SET state = excluded.state, policy_key = excluded.policy_key,"
                " pending_key = excluded.pending_key",
                (device, record.state, record.policy_key, record.pending_key),
            )

    # -- Ping parameters -----------------------------------------------------

    def ping_params(self, device: int) -> dict[str, object] | None:
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT params FROM ping_params WHERE device = ?", (device,)
            ).fetchone()
        return None if row is None else dict(json.loads(row["params"]))

    def set_ping_params(self, device: int, params: dict[str, object]) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO ping_params VALUES (?, ?) ON CONFLICT (device) DO UPDATE"
                " SET params = excluded.params",
                (device, json.dumps(params, sort_keys=True)),
            )

    # -- X-MS-RP: the versions announced to the device ------------------------

    def announced_versions(self, device: int) -> str | None:
        """The version list last sent to the device in ``X-MS-RP``; None if never."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT versions FROM device_announced WHERE device = ?", (device,)
            ).fetchone()
        return None if row is None else str(row["versions"])

    def announce_versions(self, device: int, versions: str) -> bool:
        """Record ``versions`` as announced; True if that differs from what the device had.

        Z-Push's DeviceManager::AnnounceASVersion: compare and store in one step,
        so the header goes out once per change, whichever request comes first.
        """
        with self.db.transaction() as conn:
            changed = self.announced_versions(device) != versions
            if changed:
                conn.execute(
                    "INSERT INTO device_announced VALUES (?, ?) ON CONFLICT (device) DO UPDATE"
                    " SET versions = excluded.versions",
                    (device, versions),
                )
        return changed

    # -- server-wide flags ---------------------------------------------------

    def flag(self, name: str) -> str | None:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT value FROM server_flags WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row["value"])

    def set_flag(self, name: str, value: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO server_flags VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                " SET value = excluded.value",
                (name, value),
            )
