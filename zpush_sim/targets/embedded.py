"""The ``embedded`` target (the default): a reference server per scenario, in-process.

Each scenario gets its own server (in-memory SQLite) behind the simulated
internet (`zpush_sim.network`): ``activesync.onoffice.de`` and the
autodiscover hosts of the guide's two domains are that server, which
answers autodiscover for other domains with its own error document (the
real ``onoffice.de`` has none). The clock is pinned with freezegun, so
"Given today is ..." needs no shift and time moves when the scenario says.
Arranging goes straight to the server's store: this target *is* the
server, so that is not a step reaching behind a server's back.

Must not: outlive its scenario (`close` drops the database and the network).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import requests
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from server.admin.settings import changed, settings_json
from server.app import ServerApp, create_app
from server.config import ServerConfig
from server.model import (
    Address,
    Appointment,
    CreationMode,
    Number,
    Property,
    Resource,
    Slot,
    Task,
    User,
)
from server.requestlog import Received
from server.store.addresses import FormField
from server.store.base import SettingError
from server.store.onoffice import OnOfficeStore
from server.store.search import records_mentioning
from zpush_sim.clock import Clock
from zpush_sim.network import Network, SimulatedNetwork
from zpush_sim.targets.base import MAPPED_HOSTS, WEBSITE_HOSTS, Capability, Person, Refused, Target

PING_REAL_LIMIT = 0.02  # seconds: the clock is frozen, a waiting Ping ends after this
# The server caps a waiting Ping in real seconds (time.monotonic), which must keep
# running while the date stands still; the reporters time steps and
# scenarios in real seconds too (a frozen perf_counter gave step durations of
# 1.77e18 ns in cucumber.json): freezegun leaves these modules the real clock.
REAL_TIME_MODULES = [
    "server.pingwait",
    "zpush_sim.report",
    "pytest_bdd",
    "allure_commons",
    "allure_pytest_bdd",
]


def website(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """onOffice's website as a device's autodiscover probe finds it: no such page (B-AUTO-2).

    The real onoffice.de answers such a POST with 404; a server-side answer here,
    rather than a failure of the simulated network, keeps the probe's outcome
    what a phone sees.
    """
    start_response("404 Not Found", [("Content-Type", "text/html"), ("Content-Length", "0")])
    return [b""]


class EmbeddedTarget(Target):
    kind = "embedded"
    in_process = True
    clock_tolerance = timedelta(0)  # frozen: times are exact
    capabilities = frozenset(Capability)

    def __init__(self, clock: Clock) -> None:
        super().__init__(None)
        config = ServerConfig(
            clock=clock, ping_real_limit=PING_REAL_LIMIT, ping_poll_interval=PING_REAL_LIMIT / 2
        )
        self.app: ServerApp = create_app(config)
        self.network = Network()
        self.network.start()
        for host in MAPPED_HOSTS:
            self.network.route(host, self.app)
        for host in WEBSITE_HOSTS:
            self.network.route(host, website)
        self._freezer: object | None = None
        self._frozen: FrozenDateTimeFactory | None = None

    @property
    def store(self) -> OnOfficeStore:
        return self.app.onoffice

    def close(self) -> None:
        if self._freezer is not None:
            self._freezer.stop()  # type: ignore[attr-defined]
            self._freezer = None
        self.network.stop()
        unhandled = self.app.unhandled_errors
        self.app.close()
        assert unhandled == 0, f"the reference server raised {unhandled} unhandled exceptions"

    def simulated_network(self) -> SimulatedNetwork:
        return self.network

    def session(self) -> requests.Session | None:
        return None  # the simulated network carries every request in-process

    # -- time: freezegun, no shift ----------------------------------------------

    def today_is(self, moment: datetime) -> None:
        # naive = UTC for datetime.now(UTC)
        freezer = freeze_time(moment.replace(tzinfo=None), ignore=REAL_TIME_MODULES)
        frozen = freezer.start()
        assert isinstance(frozen, FrozenDateTimeFactory)
        self._freezer, self._frozen = freezer, frozen

    def pass_time(self, span: timedelta) -> None:
        assert self._frozen is not None, "start the scenario with 'Given today is ...'"
        self._frozen.tick(span)

    # -- users --------------------------------------------------------------------

    def add_user(
        self, first: str, last: str, customer: str, password: str, *, onoffice_sync: bool = True
    ) -> Person:
        company = self.store.customer(customer) or self.store.add_customer(
            customer, onoffice_sync=onoffice_sync
        )
        user_name = f"{first}.{last}".lower()
        user = self.store.add_user(
            company.id, user_name, password, display_name=f"{first} {last}",
            email=f"{user_name}@{customer.lower()}.example", zpush=True, contacts=True, tasks=True,
        )  # fmt: skip
        return Person(first, last, customer, user_name, password, user.id)

    def user(self, person: Person) -> User:
        user = self.store.user(person.user_id)
        assert user is not None, f"onOffice has no user {person.login}"
        return user

    def set_user_settings(self, person: Person, **flags: bool) -> None:
        try:
            self.store.set_user_settings(person.user_id, **flags)
        except SettingError as exc:
            raise Refused(str(exc)) from exc

    def set_customer_sync(self, person: Person, active: bool) -> None:
        self.store.set_onoffice_sync(self._customer_id(person), active)

    def set_password(self, person: Person, password: str) -> None:
        self.store.set_password(person.user_id, password)

    def mistype_browser_password(self, person: Person, count: int) -> None:
        self.store.set_login_state(person.user_id, onoffice_failed_logins=count)

    def admin_page(self) -> tuple[str, str]:
        return f"https://{MAPPED_HOSTS[0]}", self.app.admin.token

    def server_settings(self) -> dict[str, object]:
        return settings_json(self.app.config)

    def change_server_settings(self, settings: Mapping[str, object]) -> None:
        # The admin API's own check: a setting it refuses fails the step with its message.
        self.app.reconfigure(changed(self.app.config, dict(settings)))

    def devices(self, person: Person) -> list[str]:
        return [d.device_id for d in self.app.sync_state.devices(person.user_id)]

    def resync(self, person: Person, device_id: str, folders: Sequence[str]) -> None:
        device = self.app.sync_state.device(person.user_id, device_id)
        assert device is not None, f"the server does not know the device {device_id}"
        for folder in folders:
            self.app.sync_state.forget_collection(device.id, folder)

    def set_maintenance(self, on: bool) -> None:
        self.app.maintenance = on

    def received(self, after: int = 0) -> list[Received]:
        return self.app.request_log.after(after)

    def records_mentioning(self, person: Person, text: str) -> list[str]:
        return records_mentioning(self.app.db, self._customer_id(person), text)

    # -- records --------------------------------------------------------------------

    def _customer_id(self, person: Person) -> int:
        customer = self.store.customer(person.customer)
        assert customer is not None, f"no customer {person.customer}"
        return customer.id

    def add_address(self, person: Person, address: Address) -> Address:
        return self.store.add_address(self._customer_id(person), address)

    def create_address(
        self, person: Person, address: Address, mode: CreationMode, form: dict[FormField, str]
    ) -> Address:
        return self.store.create_address(self._customer_id(person), address, mode, form)

    def update_address(self, person: Person, address: Address) -> Address:
        return self.store.update_address(address)

    def add_number(self, person: Person, address: Address, number: Number) -> Address:
        self.store.add_number(address.id, number)
        found = self.store.address(address.id)
        assert found is not None
        return found

    def assign_slot(self, person: Person, address: Address, number: Number, slot: Slot) -> None:
        self.store.assign_slot(number.id, slot)

    def addresses(self, person: Person) -> list[Address]:
        return self.store.addresses(self._customer_id(person))

    def add_appointment(self, person: Person, appointment: Appointment) -> Appointment:
        return self.store.add_appointment(self._customer_id(person), appointment)

    def update_appointment(self, person: Person, appointment: Appointment) -> Appointment:
        return self.store.update_appointment(appointment)

    def appointments(self, person: Person) -> list[Appointment]:
        return self.store.appointments(person.user_id)

    def add_resource(self, person: Person, resource: Resource) -> Resource:
        return self.store.add_resource(self._customer_id(person), resource)

    def add_property(self, person: Person, estate: Property) -> Property:
        return self.store.add_property(self._customer_id(person), estate)

    def add_task(self, person: Person, task: Task) -> Task:
        return self.store.add_task(self._customer_id(person), task)

    def update_task(self, person: Person, task: Task) -> Task:
        return self.store.update_task(replace(task))

    def tasks(self, person: Person) -> list[Task]:
        return self.store.customer_tasks(self._customer_id(person))
