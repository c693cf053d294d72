"""Memotoo (B-MEMO-1): Radicale behind the simulated network, the device's CalDAV client."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fake_eas import CALENDAR_ID, HOST, FakeEAS, FixedClock

from eas.items.calendar import AppointmentItem, appointment_to_application_data
from services.memotoo import MEMOTOO_HOST, MemotooService, MirroredEvent
from simulator.caldav import CalDavError
from simulator.device import Device
from zpush_sim.network import Network

START = datetime(2026, 3, 3, 10, tzinfo=UTC)
END = datetime(2026, 3, 3, 11, tzinfo=UTC)


@pytest.fixture
def memotoo() -> Iterator[MemotooService]:
    service = MemotooService({"jane": "memo"})
    service.mirror("jane", [MirroredEvent("a1", "Besichtigung", START, END, "Berlin")], START)
    yield service
    service.close()


@pytest.fixture
def phone(memotoo: MemotooService) -> Iterator[Device]:
    fake = FakeEAS()
    fake.items[CALENDAR_ID]["k1:1"] = appointment_to_application_data(
        AppointmentItem(subject="Besichtigung", start_time=START, end_time=END)
    )
    with Network() as net:
        net.route(HOST, fake)
        net.route(MEMOTOO_HOST, memotoo)
        device = Device("ios", clock=FixedClock(), rng=random.Random(3))
        assert device.add_exchange_account(f"jane@{HOST}", "demo").verified
        assert device.sync().ok
        yield device


def test_with_memotoo_active_every_appointment_shows_twice(phone: Device) -> None:
    assert phone.calendar_app.count("Besichtigung") == 1
    dav = phone.add_caldav_account(MEMOTOO_HOST, "jane", "memo")
    assert [e.summary for e in dav.events.values()] == ["Besichtigung"]
    assert phone.calendar_app.count("Besichtigung") == 2  # B-MEMO-1
    [memo] = [e for e in phone.calendar_app.events() if e.account == "Memotoo"]
    assert (memo.start, memo.location, memo.calendar) == (START, "Berlin", "onoffice")
    dav.enabled = False  # Memotoo deactivated in the account settings
    assert phone.calendar_app.count("Besichtigung") == 1


def test_the_caldav_exchange_is_real(phone: Device) -> None:
    phone.add_caldav_account(MEMOTOO_HOST, "jane", "memo")
    dav = [x for x in phone.conversation if MEMOTOO_HOST in x.url]
    assert [x.method for x in dav][-3:] == ["PROPFIND", "PROPFIND", "REPORT"]
    assert dav[-1].status == 207 and "BEGIN:VEVENT" in (dav[-1].response_text or "")


def test_mirror_follows_onoffice_and_wrong_password_fails(
    phone: Device, memotoo: MemotooService
) -> None:
    dav = phone.add_caldav_account(MEMOTOO_HOST, "jane", "memo")
    memotoo.mirror("jane", [MirroredEvent("a2", "Notartermin", START, END)], START)
    phone.background()
    assert [e.summary for e in dav.events.values()] == ["Notartermin"]
    with pytest.raises(CalDavError, match="refused"):
        phone.add_caldav_account(MEMOTOO_HOST, "jane", "wrong", description="Memotoo 2")
