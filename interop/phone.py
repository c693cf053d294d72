"""A simulated device for the interop tests: made, set up against SOGo, read and edited by kind.

The tests speak of three kinds of data -- contacts, appointments, tasks --
whatever a profile calls the switch (iOS "Reminders", Android "Tasks").
`kind_class` finds the profile's class by the EAS folder type it syncs
(MS-ASCMD 2.2.3.186.3: 9 contacts, 8 calendar, 7 tasks). What the device
holds is read from its local store (ServerId -> ApplicationData), so a
server-to-device test needs only the engine; what the user changes goes
through the device's apps (``contacts_app``, ``calendar_app``,
``tasks_app``), which `DeviceLacks` reports when a device has no such app
yet.

Must not: send EAS itself (the device does), or reach into SOGo (the tests
use `interop.dav` for that).
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from interop.network import MAIL_DOMAIN, interop_session
from interop.stack import Sogo, User
from simulator.account import SetupOutcome
from simulator.device import Device
from simulator.profile import SyncClass
from zpush_sim.clock import SystemClock

Kind = Literal["contacts", "appointments", "tasks"]
FOLDER_TYPES: dict[Kind, int] = {"contacts": 9, "appointments": 8, "tasks": 7}
SUBJECT_NAMESPACE: dict[Kind, str] = {"appointments": "Calendar", "tasks": "Tasks"}
APPS: dict[Kind, str] = {
    "contacts": "contacts_app",
    "appointments": "calendar_app",
    "tasks": "tasks_app",
}


class DeviceLacks(Exception):
    """The device has no way (yet) to do what the test asks of the user."""


def new_device(profile: str, sogo: Sogo, seed: int = 20261125) -> Device:
    """A device of this profile whose network reaches SOGo (`interop.network`)."""
    session = interop_session(sogo.base_url)
    return Device(profile, clock=SystemClock(), rng=random.Random(seed), session=session)


def set_up(device: Device, user: User, sogo: Sogo, password: str | None = None) -> SetupOutcome:
    """The manual form: address, server (SOGo's EAS URL), login, password."""
    assert user.email.endswith("@" + MAIL_DOMAIN)
    return device.add_account_manually(
        user.email,
        server=sogo.eas_url,
        password=user.password if password is None else password,
        user=user.login,
    )


def kind_class(device: Device, kind: Kind) -> SyncClass | None:
    wanted = FOLDER_TYPES[kind]
    return next((c for c in device.profile.classes if wanted in c.folder_types), None)


def switch_on(device: Device, kind: Kind) -> SyncClass | None:
    """Turn the kind's switch on (Android has tasks off by default); None: no such class."""
    sync_class = kind_class(device, kind)
    if sync_class is not None:
        device.set_class_enabled(sync_class.key, True)
    return sync_class


def held(device: Device, kind: Kind) -> dict[str, str]:
    """What the device holds of this kind: ServerId -> title (contact: "First Last")."""
    data = device.store.account(device.account().email)
    found: dict[str, str] = {}
    for folder in data.folders_of_types((FOLDER_TYPES[kind],)):
        for server_id, item in folder.items.items():
            if kind == "contacts":
                first, last = (
                    item.findtext("Contacts:FirstName"),
                    item.findtext("Contacts:LastName"),
                )
                found[server_id] = " ".join(n for n in (first, last) if n)
            else:
                found[server_id] = item.findtext(f"{SUBJECT_NAMESPACE[kind]}:Subject") or ""
    return found


def titles(device: Device, kind: Kind) -> list[str]:
    return sorted(held(device, kind).values())


def app(device: Device, kind: Kind) -> Any:
    """The app the user edits this kind with (typed loosely: the apps are still growing).

    A calendar app shows every calendar first, as the user would tick them:
    Android's shows a new account's calendars only once selected (B-VIEW-1).
    """
    found = getattr(device, APPS[kind], None)
    if found is None:
        raise DeviceLacks(f"the {device.profile.name} device has no {APPS[kind]}")
    if kind == "appointments" and hasattr(found, "calendars"):
        for entry in found.calendars():
            if not entry.visible:
                found.select(entry.account, entry.name)
    return found


def create(device: Device, kind: Kind, title: str) -> None:
    """The user adds a contact (title "First Last"), an appointment or a task."""
    target = app(device, kind)
    if kind == "contacts":
        first, _, last = title.partition(" ")
        target.create(FirstName=first, LastName=last)
    elif kind == "appointments":
        start = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=1)
        target.create(title, start, start + timedelta(hours=1))
    else:
        target.create(title, due=datetime.now(UTC).replace(microsecond=0) + timedelta(days=2))


def rename(device: Device, kind: Kind, old: str, new: str) -> None:
    """The user edits an item's title (a contact's last name)."""
    target = app(device, kind)
    if kind == "contacts":
        target.edit(old, LastName=new.partition(" ")[2])
    else:
        target.edit(old, subject=new)


def delete(device: Device, kind: Kind, title: str) -> None:
    app(device, kind).delete(title)


def next_second() -> None:
    """Wait into the next wall-clock second.

    SOGo's SyncKeys are modification times in whole seconds: a change made in
    the same second as the sync before it is not seen by the next one
    (eas-facts 6). Tests that change data right after a sync wait this long.
    """
    time.sleep(1.05 - (time.time() % 1.0))


def exchanges(device: Device, last: int = 4) -> str:
    """The device's last exchanges, decoded: the message of a failed assertion."""
    return device.conversation.format(since=max(0, len(device.conversation) - last))
