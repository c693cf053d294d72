"""Device to server: what the user adds, edits and deletes on the device arrives in SOGo.

Checked on SOGo's side over CardDAV/CalDAV, then with a second sync that
must neither lose nor duplicate anything on the device.
"""

from __future__ import annotations

import pytest

from interop import phone
from interop.dav import DavClient, field
from interop.stack import Sogo, User
from simulator.device import Device

pytestmark = pytest.mark.interop


def synced_device(profile: str, sogo: Sogo, user: User, kind: phone.Kind) -> Device:
    device = phone.new_device(profile, sogo)
    assert phone.set_up(device, user, sogo).verified
    if phone.switch_on(device, kind) is None:
        pytest.skip(f"{profile} does not sync {kind}")
    assert device.sync().ok
    return device


def server_titles(dav: DavClient, kind: phone.Kind) -> list[str]:
    if kind == "contacts":
        names = []
        for text in dav.texts("contacts").values():
            last, _, rest = (field(text, "N") or "").partition(";")
            names.append(f"{rest.partition(';')[0]} {last}".strip())
        return sorted(names)
    component = "VEVENT" if kind == "appointments" else "VTODO"
    texts = dav.texts("calendar").values()
    return sorted(field(t, "SUMMARY") or "" for t in texts if f"BEGIN:{component}" in t)


def from_device(profile: str, sogo: Sogo, user: User, dav: DavClient, kind: phone.Kind) -> None:
    device = synced_device(profile, sogo, user, kind)
    phone.create(device, kind, "Made Ondevice")
    report = device.sync()
    assert report.ok, report
    assert server_titles(dav, kind) == ["Made Ondevice"]
    phone.next_second()
    phone.rename(device, kind, "Made Ondevice", "Made Edited")
    assert device.sync().ok
    assert server_titles(dav, kind) == ["Made Edited"], phone.exchanges(device, 12)
    phone.next_second()
    assert device.sync().ok
    # Neither an echo of the device's own change nor a duplicate comes back.
    assert phone.titles(device, kind) == ["Made Edited"], phone.exchanges(device, 6)


def test_contacts_from_device(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    from_device(profile, sogo, user, dav, "contacts")


def test_appointments_from_device(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    from_device(profile, sogo, user, dav, "appointments")


def test_tasks_from_device(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    from_device(profile, sogo, user, dav, "tasks")


def test_deletion_from_device(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    """Items the user deletes on the device are deleted in SOGo."""
    kinds: tuple[phone.Kind, ...] = ("contacts", "appointments", "tasks")
    device = phone.new_device(profile, sogo)
    assert phone.set_up(device, user, sogo).verified
    synced = [kind for kind in kinds if phone.switch_on(device, kind) is not None]
    assert device.sync().ok
    for kind in synced:
        phone.create(device, kind, "Short Lived")
    assert device.sync().ok
    assert all(server_titles(dav, k) == ["Short Lived"] for k in synced)
    phone.next_second()
    for kind in synced:
        phone.delete(device, kind, "Short Lived")
    assert device.sync().ok
    left = {k: server_titles(dav, k) for k in synced}
    assert left == {k: [] for k in synced}, phone.exchanges(device, 8)
