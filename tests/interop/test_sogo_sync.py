"""Server to device: the first sync in pages, then SOGo-side adds, changes and deletes.

Data is arranged in SOGo over CardDAV/CalDAV (`interop.dav`); the device
must show it after a "sync now", as it would against Z-Push.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interop import phone
from interop.dav import DavClient, vcard, vevent, vtodo
from interop.stack import Sogo, User
from simulator.device import Device

pytestmark = pytest.mark.interop


def put(dav: DavClient, kind: phone.Kind, name: str, title: str) -> None:
    """One item on the server: a contact "First Last", an appointment or a task."""
    if kind == "contacts":
        first, _, last = title.partition(" ")
        dav.put("contacts", name, vcard(name, first, last, f"{name}@example.test"))
        return
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    text = (
        vevent(name, title, soon, soon + timedelta(hours=1))
        if kind == "appointments"
        else vtodo(name, title, due=soon)
    )
    dav.put("calendar", name, text)


def synced_device(profile: str, sogo: Sogo, user: User, kind: phone.Kind) -> Device:
    device = phone.new_device(profile, sogo)
    assert phone.set_up(device, user, sogo).verified
    if phone.switch_on(device, kind) is None:
        pytest.skip(f"{profile} does not sync {kind}")
    report = device.sync()
    assert report.ok, report
    return device


def test_initial_sync_paging(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    """More contacts than the profile's WindowSize: several rounds, all of them shown."""
    device = phone.new_device(profile, sogo)
    count = device.profile.sync.window_size + 3
    for number in range(count):
        put(dav, "contacts", f"seed{number}", f"Anna{number} Seeded")
    assert phone.set_up(device, user, sogo).verified
    report = device.sync()
    assert report.ok, report
    contacts_class = phone.kind_class(device, "contacts")
    assert contacts_class is not None
    [contacts] = report.folder(contacts_class.key)
    assert contacts.complete and contacts.rounds >= 2
    assert len(phone.titles(device, "contacts")) == count


def from_server(profile: str, sogo: Sogo, user: User, dav: DavClient, kind: phone.Kind) -> None:
    put(dav, kind, "first", "First Item")
    put(dav, kind, "second", "Second Item")
    device = synced_device(profile, sogo, user, kind)
    assert phone.titles(device, kind) == ["First Item", "Second Item"]
    phone.next_second()
    put(dav, kind, "third", "Third Item")
    put(dav, kind, "first", "First Changed")
    report = device.sync()
    assert report.ok, report
    assert phone.titles(device, kind) == ["First Changed", "Second Item", "Third Item"]


def test_contacts_from_server(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    from_server(profile, sogo, user, dav, "contacts")


def test_appointments_from_server(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    from_server(profile, sogo, user, dav, "appointments")


def test_tasks_from_server(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    from_server(profile, sogo, user, dav, "tasks")


def test_deletion_from_server(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    """A contact, an appointment and a task deleted in SOGo disappear from the device."""
    kinds: tuple[phone.Kind, ...] = ("contacts", "appointments", "tasks")
    device = phone.new_device(profile, sogo)
    assert phone.set_up(device, user, sogo).verified
    synced = [kind for kind in kinds if phone.switch_on(device, kind) is not None]
    for kind in synced:
        put(dav, kind, f"keep-{kind}", "Kept Item")
        put(dav, kind, f"gone-{kind}", "Deleted Item")
    assert device.sync().ok
    assert all(phone.titles(device, k) == ["Deleted Item", "Kept Item"] for k in synced)
    phone.next_second()
    for kind in synced:
        dav.delete("contacts" if kind == "contacts" else "calendar", f"gone-{kind}")
    report = device.sync()
    assert report.ok, report
    assert {k: phone.titles(device, k) for k in synced} == {k: ["Kept Item"] for k in synced}
