"""Push: a device waiting in Ping wakes up when something changes in SOGo.

SOGo holds a Ping and looks for changes every SOGoInternalSyncInterval
(5 s here), then answers Status 2 with the folder; the device syncs it.
The address book holds a contact before the first sync: SOGo does not see
changes in a folder whose SyncKey is still -1 (an empty folder), and holds
such a Ping to its maximum (30 s) to answer Status 5 (see the notes).
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from interop import phone
from interop.dav import DavClient, vcard
from interop.stack import Sogo, User

pytestmark = pytest.mark.interop

WAKE_WITHIN_SECONDS = 20.0


def test_ping(profile: str, sogo: Sogo, user: User, dav: DavClient) -> None:
    device = phone.new_device(profile, sogo)
    if device.profile.sync.mode != "push":
        pytest.skip(f"{profile} polls; it does not Ping")
    dav.put("contacts", "first", vcard("first", "First", "Contact"))
    assert phone.set_up(device, user, sogo).verified
    assert device.sync().ok
    runs: list[Any] = []
    waiting = threading.Thread(target=lambda: runs.append(device.background()), daemon=True)
    started = time.monotonic()
    waiting.start()
    time.sleep(1.0)  # the Ping is on its way and held by SOGo
    phone.next_second()
    dav.put("contacts", "pushed", vcard("pushed", "Pushed", "Contact"))
    waiting.join(WAKE_WITHIN_SECONDS)
    assert not waiting.is_alive(), f"no answer to the Ping after {WAKE_WITHIN_SECONDS} s"
    assert time.monotonic() - started > 1.0  # it was held, not answered at once
    assert "Pushed Contact" in phone.titles(device, "contacts"), runs
