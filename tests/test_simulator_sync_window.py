"""The calendar's sync window set on the device, and quirk filter_type_change_mid_sync (bug 24)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from fake_eas import CALENDAR_ID, HOST, FakeEAS, FixedClock

from eas.commands.sync import SyncRequest
from simulator.device import Device
from zpush_sim.network import Network

EMAIL = f"jane@{HOST}"


@pytest.fixture
def fake() -> Iterator[FakeEAS]:
    fake = FakeEAS()
    with Network() as net:
        net.route(HOST, fake)
        yield fake


def _phone(*quirks: str) -> Device:
    device = Device("android", clock=FixedClock(), rng=random.Random(3))
    for quirk in quirks:
        device.add_quirk(quirk)
    assert device.add_account_manually(EMAIL, HOST, "demo").verified
    assert device.sync().ok
    return device


def _calendar_requests(fake: FakeEAS) -> list[tuple[str, int | None]]:
    """(SyncKey, FilterType) of every Sync of the calendar collection, in order."""
    found = []
    for seen in fake.requests("Sync"):
        assert seen.tree is not None
        for c in SyncRequest.from_tree(seen.tree).collections:
            if c.collection_id == CALENDAR_ID:
                found.append((c.sync_key, c.filter_type))
    return found


def test_a_new_window_starts_the_calendar_again_from_key_0(fake: FakeEAS) -> None:
    phone = _phone()
    before = len(_calendar_requests(fake))
    held = _calendar_requests(fake)[-1][0]
    phone.set_calendar_window("2 weeks back")
    assert phone.sync().ok
    after = _calendar_requests(fake)[before:]
    assert after[0] == ("0", None)  # MS-ASCMD R4598: key 0 without options
    assert after[1][1] == 4 and held != after[1][0]


def test_with_the_quirk_the_new_window_goes_with_the_key_it_holds(fake: FakeEAS) -> None:
    phone = _phone("filter_type_change_mid_sync")
    held = phone.store.account(EMAIL).folders[CALENDAR_ID].sync_key
    before = len(_calendar_requests(fake))
    phone.set_calendar_window("3 months back")
    assert phone.sync().ok
    assert _calendar_requests(fake)[before] == (held, 6)


def test_an_unknown_window_is_refused() -> None:
    phone = Device("ios", clock=FixedClock(), rng=random.Random(3))
    with pytest.raises(KeyError, match="2 weeks back"):
        phone.set_calendar_window("forever")
