"""The dav target against a real CalDAV/CardDAV server (Radicale, in a thread on a socket)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import requests
from server_client import bound_port
from waitress.server import create_server

from server.model import Address, Appointment, Number, NumberKind, Priority, Slot, Task
from services.memotoo import MemotooService
from zpush_sim.targets import davitems
from zpush_sim.targets.base import Capability, MissingCapability, Scenario
from zpush_sim.targets.dav import DavTarget

LOGIN, PASSWORD = "jdoe", "secret"
START = datetime(2026, 3, 4, 10, tzinfo=UTC)


@pytest.fixture
def radicale() -> Iterator[str]:
    """Radicale with one user, its address book and calendar made; yields its base URL."""
    service = MemotooService({LOGIN: PASSWORD})
    server = create_server(service, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{bound_port(server)}"
    auth = (LOGIN, PASSWORD)
    mkcol = (
        '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
        "<d:set><d:prop><d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
        "</d:prop></d:set></d:mkcol>"
    )
    assert requests.request("MKCOL", f"{base}/{LOGIN}/book/", data=mkcol, auth=auth).ok
    assert requests.request("MKCALENDAR", f"{base}/{LOGIN}/cal/", auth=auth).ok
    try:
        yield base
    finally:
        server.close()
        thread.join(timeout=5)
        service.close()


def dav_target(base: str) -> DavTarget:
    url = (
        f"{base.replace('http://', f'http://{LOGIN}:{PASSWORD}@')}"
        "?addressbook={base}/{user}/book/&calendar={base}/{user}/cal/"
    )
    target = DavTarget(url)
    target.start(Scenario("dav"))
    return target


def test_the_dav_target_arranges_reads_back_and_cleans_up(radicale: str) -> None:
    target = dav_target(radicale)
    jane = target.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    assert (jane.login, jane.password) == (LOGIN, PASSWORD)  # the account of the URL
    assert target.real_text("jane.doe_DoeRealEstate@onoffice.de") == f"{LOGIN}@onoffice.de"
    numbers = (Number(NumberKind.EMAIL, "max@example.org", True, Slot.EMAIL1),)
    target.add_address(jane, Address("Max", "Mustermann", company="M GmbH", numbers=numbers))
    target.add_address(jane, Address("Otto", "Normal", onoffice_sync=False))  # never synced
    target.add_appointment(jane, Appointment("Besichtigung", START, START + timedelta(hours=1)))
    target.add_task(jane, Task("Mieter anrufen", responsible_id=jane.user_id))
    [max_] = target.addresses(jane)
    assert (max_.name, max_.company, max_.numbers[0].value) == (
        "Max Mustermann",
        "M GmbH",
        "max@example.org",
    )
    [seen] = target.appointments(jane)
    assert (seen.subject, seen.start) == ("Besichtigung", START)
    assert [t.subject for t in target.tasks(jane)] == ["Mieter anrufen"]
    target.close()
    again = dav_target(radicale)
    after = again.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    assert again.addresses(after) == [] and again.appointments(after) == []


def test_the_dav_target_refuses_onoffice_rules_by_capability(radicale: str) -> None:
    target = dav_target(radicale)
    jane = target.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    assert not target.has(Capability.ONOFFICE_RULES)
    made = target.add_address(jane, Address("Max", "Mustermann"))
    with pytest.raises(MissingCapability, match="'onoffice-rules'"):
        target.add_number(jane, made, Number(NumberKind.MOBILE, "+49 1", False, Slot.MOBILE))
    with pytest.raises(MissingCapability, match="'create-users'"):
        target.add_user("Tom", "Becker", "DoeRealEstate", "tom")
    target.close()


def test_vcards_and_icalendar_carry_the_generic_fields_both_ways() -> None:
    address = Address(
        "Max", "Mustermann", salutation="Herr", company="M GmbH", street="Lindenstraße 4",
        zip="50674", city="Köln", country="Deutschland", birthday=date(1970, 5, 17),
        homepage="https://m.example", onoffice_sync=True,
        numbers=(Number(NumberKind.MOBILE, "+49 151 1", False, Slot.MOBILE),),
    )  # fmt: skip
    back = davitems.from_vcard(davitems.to_vcard("u1", address))
    assert back == address
    appointment = Appointment(
        "Besichtigung", START, START + timedelta(hours=1), location="Köln", notes="Schlüssel",
        private=True, reminder_minutes=30,
    )  # fmt: skip
    assert davitems.from_vevent(davitems.to_vevent("u2", appointment)) == appointment
    task = Task("Mieter anrufen", description="vormittags", priority=Priority.HIGH,
                deadline=START, private=True)  # fmt: skip
    assert davitems.from_vtodo(davitems.to_vtodo("u3", task)) == task
