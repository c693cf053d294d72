"""``zpush-sim admin``: z-push-admin for the reference server's database.

Works on the SQLite file that ``zpush-sim serve`` uses (same default), also
while the server runs: the server reads devices, sync state and the
maintenance flag (B-MAINT-1) from the file on every request. Actions, as
z-push-admin offers them: ``devices`` (the list), ``device ID`` (its
collections), ``remove-device ID`` (all its state: it provisions and syncs
from the start), ``resync ID FOLDER`` (one collection's state: its next
Sync gets Status 3 and starts over from SyncKey 0) and ``maintenance
on|off``. A DeviceId is matched case-insensitively (Z-Push lower-cases
them); without ``--user`` an action applies to every user's device of that
id, as ``z-push-admin -a remove -d ID`` does.

Every refusal (no database, unknown user, device or folder) is one line on
stderr and exit status 2, as argparse's own. Must not: write SQL or hold
sync rules; it goes through `SyncStateStore` and `OnOfficeStore`.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from eas.commands.foldersync import class_of_folder_type
from server.auth import parse_login
from server.store.db import Database
from server.store.devices import MAINTENANCE_FLAG, holds_devices
from server.store.onoffice import OnOfficeStore
from server.store.syncstate import Device, SyncStateStore
from zpush_sim.cmd_serve import DEFAULT_DB

USAGE_ERROR = 2


class AdminError(Exception):
    """A refusal of the command: its one-line message, exit status 2."""


class Stores:
    """The two stores over one open database, and the look-ups the actions share."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.state = SyncStateStore(db)
        self.onoffice = OnOfficeStore(db)

    def login(self, user_id: int) -> str:
        user = self.onoffice.user(user_id)
        return f"#{user_id}" if user is None else user.login

    def find(self, device_id: str, login: str | None) -> list[Device]:
        """The devices with this DeviceId (of one user if ``login``); AdminError if none."""
        user_id = None if login is None else self._user_id(login)
        found = [
            d for d in self.state.devices(user_id) if d.device_id.casefold() == device_id.casefold()
        ]
        if not found:
            owner = "" if login is None else f" of {login}"
            raise AdminError(f"no device {device_id}{owner} (see: zpush-sim admin devices)")
        return found

    def folders(self, device: Device) -> dict[str, tuple[str, str]]:
        """``{CollectionId: (display name, class)}``: the hierarchy sent, then other states."""
        known = {
            f.server_id: (f.display_name, _class_name(f.type))
            for f in self.state.latest_hierarchy(device.id) or ()
        }
        for state in self.state.collections(device.id):
            known.setdefault(state.collection_id, (state.collection_id, "-"))
        return known

    def _user_id(self, login: str) -> int:
        parsed = parse_login(login)
        user = (
            None
            if parsed is None
            else self.onoffice.find_user(parsed.user_name, parsed.customer_name)
        )
        if user is None:
            raise AdminError(f"no user {login} (a login is UserName_CustomerName)")
        return user.id


# -- the actions ------------------------------------------------------------------


def list_devices(stores: Stores, args: argparse.Namespace) -> int:
    devices = stores.state.devices()
    if not devices:
        print("No device has synced yet.")
        return 0
    head = ("User", "DeviceId", "DeviceType", "User agent", "First sync", "Last sync")
    rows = [
        (stores.login(d.user_id), d.device_id, d.device_type, d.user_agent or "-",
         _when(d.first_seen), _when(d.last_seen))
        for d in devices
    ]  # fmt: skip
    print(_table(head, rows))
    users = len({d.user_id for d in devices})
    print(f"{_count(len(devices), 'device')} of {_count(users, 'user')}.")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def show_device(stores: Stores, args: argparse.Namespace) -> int:
    for number, device in enumerate(stores.find(args.device_id, args.user)):
        if number:
            print()
        policy = stores.state.policy(device.id)
        info = stores.state.device_information(device.id)
        print(f"Device {device.device_id} ({device.device_type}) of {stores.login(device.user_id)}")
        lines = [
            ("User agent", device.user_agent or "-"),
            ("First sync", _when(device.first_seen)),
            ("Last sync", _when(device.last_seen)),
            ("Policy", "-" if policy is None else policy.state),
            ("Versions announced", stores.state.announced_versions(device.id) or "-"),
            *((f"Device {name.replace('_', ' ')}", value) for name, value in sorted(info.items())),
        ]  # the DeviceInformation fields the device sent (Settings, Provision)
        width = max(len(label) for label, _ in lines) + 2
        for label, value in lines:
            print(f"  {label + ':':<{width}}{value}")
        states = {s.collection_id: s for s in stores.state.collections(device.id)}
        rows = []
        for collection_id, (name, class_name) in stores.folders(device).items():
            state = states.get(collection_id)
            if state is None:  # in the hierarchy, no Sync state: its next Sync starts at 0
                rows.append((name, collection_id, class_name, "-", "-", "-"))
                continue
            last = "-" if state.last_sync is None else _when(state.last_sync)
            row = (name, collection_id, class_name, str(state.sync_key), str(state.items), last)
            rows.append(row)
        if not rows:
            print("  No folders yet (no FolderSync).")
            continue
        head = ("Folder", "Id", "Class", "SyncKey", "Items", "Last sync")
        print(_table(head, rows, indent="  "))
    return 0


def remove_device(stores: Stores, args: argparse.Namespace) -> int:
    for device in stores.find(args.device_id, args.user):
        stores.state.remove_device(device.id)
        print(
            f"Removed device {device.device_id} ({device.device_type}) of"
            f" {stores.login(device.user_id)}: it provisions and syncs from the start."
        )
    return 0


def resync(stores: Stores, args: argparse.Namespace) -> int:
    devices = stores.find(args.device_id, args.user)
    chosen = [(device, _folder(stores, device, args.folder)) for device in devices]
    for device, (collection_id, name) in chosen:  # all resolved: nothing changed on an error
        stores.state.forget_collection(device.id, collection_id)
        print(
            f"Resync of {name} ({collection_id}) on {device.device_id} of"
            f" {stores.login(device.user_id)}: its next Sync gets Status 3 and starts from 0."
        )
    return 0


def maintenance(stores: Stores, args: argparse.Namespace) -> int:
    if args.switch is not None:
        stores.state.set_flag(MAINTENANCE_FLAG, args.switch)
    on = stores.state.flag(MAINTENANCE_FLAG) == "on"
    if on:
        print("Maintenance is on: every ActiveSync request is answered 503 with Retry-After.")
    else:
        print("Maintenance is off: the server answers devices normally.")
    return 0


def _folder(stores: Stores, device: Device, wanted: str) -> tuple[str, str]:
    """``(CollectionId, display name)`` of the device's folder named by id or display name."""
    folders = stores.folders(device)
    if wanted in folders:
        return wanted, folders[wanted][0]
    for collection_id, (name, _) in folders.items():
        if wanted.casefold() in (collection_id.casefold(), name.casefold()):
            return collection_id, name
    names = ", ".join(folders) or "none yet"
    raise AdminError(f"device {device.device_id} has no folder {wanted!r} (its folders: {names})")


# -- command line -------------------------------------------------------------------

Action = Callable[[Stores, argparse.Namespace], int]


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "admin",
        help="list, inspect, remove or resync devices; maintenance on/off (as z-push-admin)",
        description="Administer the reference server's devices and sync state (z-push-admin).",
    )
    parser.add_argument(
        "--db", default=DEFAULT_DB, metavar="FILE", help=f"SQLite file (default {DEFAULT_DB})"
    )
    parser.set_defaults(func=run)
    # ``--db`` is also accepted after the action; SUPPRESS keeps the default above.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="FILE", help=argparse.SUPPRESS)
    actions = parser.add_subparsers(dest="admin_action", metavar="ACTION", required=True)

    def action(name: str, handler: Action, text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(
            name, help=text, description=text, parents=[common]
        )
        sub.set_defaults(handler=handler)
        return sub

    action("devices", list_devices, "list every device with its first and last sync")
    for name, handler, text in (
        ("device", show_device, "show a device and its collections"),
        ("remove-device", remove_device, "remove a device and all its sync state"),
        ("resync", resync, "forget one collection's state: the device syncs it again from 0"),
    ):
        sub = action(name, handler, text)
        sub.add_argument("device_id", metavar="ID", help="the DeviceId")
        if name == "resync":
            sub.add_argument("folder", metavar="FOLDER", help="folder id or name, e.g. calendar")
        sub.add_argument("--user", metavar="LOGIN", help="only this user's device")
    switch = action("maintenance", maintenance, "switch maintenance mode (503) on or off")
    switch.add_argument("switch", nargs="?", choices=("on", "off"), help="omit to show the state")


def run(args: argparse.Namespace) -> int:
    try:
        stores = _open(args.db)
        try:
            handler: Action = args.handler
            return handler(stores, args)
        finally:
            stores.db.close()
    except AdminError as exc:
        print(f"zpush-sim admin: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except sqlite3.Error as exc:  # e.g. the server held the lock too long
        print(f"zpush-sim admin: database {args.db}: {exc}", file=sys.stderr)
        return USAGE_ERROR


def _open(path: str) -> Stores:
    """The stores over ``path``, which must be a database that ``serve`` wrote."""
    if not os.path.isfile(path):
        raise AdminError(f"no database {path} (start `zpush-sim serve --db {path}` first)")
    db = Database(path)
    try:
        if not holds_devices(db):
            raise AdminError(f"{path} is not a zpush-sim database (no devices table)")
        return Stores(db)
    except sqlite3.Error as exc:
        db.close()
        raise AdminError(f"cannot read the database {path}: {exc}") from exc
    except AdminError:
        db.close()
        raise


def _class_name(folder_type: int) -> str:
    return class_of_folder_type(folder_type) or "-"


def _when(moment: datetime) -> str:
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "") -> str:
    widths = [max(len(row[i]) for row in (head, *rows)) for i in range(len(head))]
    lines = (
        indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in (head, *rows)
    )
    return "\n".join(line.rstrip() for line in lines)
