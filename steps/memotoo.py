"""Memotoo on the phone (B-MEMO-1): the old CalDAV account that mirrors onOffice's calendar.

Memotoo is `services.memotoo`, a real CalDAV server behind the simulated
network; the step fills it with the user's onOffice appointments, as
Memotoo's own sync job did, and adds its account to the phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from pytest_bdd import given, when

from services.memotoo import MEMOTOO_HOST, MemotooService, MirroredEvent
from simulator.device import Device
from steps.onoffice import Person
from steps.target import Target


@pytest.fixture
def memotoo(target: Target) -> Iterator[MemotooService]:
    """Memotoo's CalDAV service on the simulated network, for the scenario."""
    network = target.simulated_network()
    service = MemotooService()
    network.route(MEMOTOO_HOST, service)
    yield service
    service.close()


@given("Memotoo sync is still active on the phone")
def _(phone: Device, person: Person, target: Target, memotoo: MemotooService) -> None:
    """Memotoo mirrors her onOffice calendar, and its CalDAV account is on the phone."""
    events = [
        MirroredEvent(f"onoffice-{a.id}", a.subject, a.start, a.end, a.location or None, a.all_day)
        for a in target.appointments(person)
        if not a.deleted
    ]
    memotoo.add_user(person.login, person.password)
    memotoo.mirror(person.login, events, datetime.now().astimezone())
    phone.add_caldav_account(MEMOTOO_HOST, person.login, person.password)
    # She has been using Memotoo: its calendar is selected in her calendar app.
    phone.calendar_app.select("Memotoo")


@when("she deactivates Memotoo on the phone")
def _(phone: Device) -> None:
    """She switches Memotoo's sync off on the phone."""
    phone.caldav_account("Memotoo").enabled = False
