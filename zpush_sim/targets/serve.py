"""The ``serve:URL`` target: the reference server over a real socket, arranged by its admin API.

The devices send real HTTP to URL (``zpush-sim serve``, or any deployment
of the reference server) with the onOffice hosts mapped to it; everything
else is unreachable (`zpush_sim.hosts`, ``only_mapped``) but the in-process
services a scenario routes (`Target.sealed`). Data is arranged
through the admin JSON API (``/admin/api``, `server.admin.api`) with the
admin token (``--admin-token`` / ``ZPUSH_SIM_ADMIN_TOKEN``).

Isolation on a shared server: each scenario's customers get a unique
suffix ("DoeRealEstate" -> "DoeRealEstateT1a2b3c4d"), so its users are its
own; `close` deletes those customers with everything under them, also after
a failure, and puts back the server settings a scenario changed
(``/api/settings``: the versions offered, Ping bounds, Android autodiscover).
The clock: dates shift to the server's now (`Target.today_is`); "30 minutes
pass" advances the server's clock (``/api/clock``) and the
devices' by the same span.

Must not: touch the server's database; everything goes over HTTP.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar, get_type_hints
from urllib.parse import quote

import requests

from server.admin.codec import STORE_FIELDS, to_json
from server.admin.codec import _value as codec_value  # the one JSON -> model decoder
from server.admin.settings import CHANGEABLE
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
from zpush_sim.clock import OffsetClock
from zpush_sim.targets.base import MAPPED_HOSTS, Capability, Person, Refused, Target

T = TypeVar("T")
TIMEOUT = 15
WRONG_PASSWORD = "not-her-password"


class AdminError(RuntimeError):
    """The admin API answered something other than success."""


def record(cls: type[T], data: Any) -> T:
    """A model value from the API's JSON, the store's own fields (ids) included.

    `from_json` refuses the store's fields (a client must not set them), so
    they are taken as they are and every other field is decoded by its hint.
    """
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, raw in data.items():
        if name not in hints:
            continue
        if name in STORE_FIELDS:
            values[name] = raw
        elif name == "numbers":
            values[name] = tuple(record(Number, n) for n in raw)
        else:
            values[name] = codec_value(hints[name], raw, name)
    return cls(**values)


def body(value: object, *, numbers: bool = True) -> dict[str, Any]:
    """A model value as the API takes it: without the store's own fields."""
    data: dict[str, Any] = to_json(value)
    for name in STORE_FIELDS:
        data.pop(name, None)
    if "numbers" in data:
        if numbers:
            data["numbers"] = [{k: v for k, v in n.items() if k != "id"} for n in data["numbers"]]
        else:
            del data["numbers"]
    return data


class ServeTarget(Target):
    kind = "serve"
    # Every one: the simulated network's services and lost answers through `Target.sealed`.
    capabilities = frozenset(Capability)

    def __init__(self, url: str, token: str | None, clock: OffsetClock | None = None) -> None:
        super().__init__(url.rstrip("/"))
        self.token = token or ""
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        self.created: list[str] = []  # real customer names, removed in close()
        self.devices_clock = clock
        self._offset_before: float | None = None
        self._settings_before: dict[str, object] | None = None

    # -- the admin API -------------------------------------------------------------

    def api(self, method: str, path: str, data: object = None) -> Any:
        url = f"{self.url}/admin/api{path}"
        answer = self.http.request(method, url, json=data, timeout=TIMEOUT)
        if answer.status_code == 409:
            raise Refused(answer.json().get("error", answer.text))
        if answer.status_code >= 400:
            raise AdminError(f"{method} {path}: HTTP {answer.status_code} {answer.text[:300]}")
        return answer.json()

    def _c(self, person: Person) -> str:
        return f"/customers/{quote(person.customer, safe='')}"

    def _u(self, person: Person) -> str:
        return f"{self._c(person)}/users/{quote(person.user_name, safe='')}"

    # -- life cycle, network, time -------------------------------------------------

    def close(self) -> None:
        errors = []
        for customer in self.created:
            try:
                self.api("DELETE", f"/customers/{quote(customer, safe='')}")
            except (requests.RequestException, AdminError) as exc:
                errors.append(f"{customer}: {exc}")
        if self._offset_before is not None:
            try:
                self.api("POST", "/clock", {"offset_seconds": self._offset_before})
            except (requests.RequestException, AdminError) as exc:
                errors.append(f"clock: {exc}")
        if self._settings_before is not None:
            try:
                self.api("PATCH", "/settings", self._settings_before)
            except (requests.RequestException, AdminError) as exc:
                errors.append(f"settings: {exc}")
        self.http.close()
        assert not errors, f"clean-up on {self.name} failed: {errors}"

    def hosts(self) -> dict[str, str]:
        return {host: str(self.url) for host in MAPPED_HOSTS}

    def now_real(self) -> datetime:
        return datetime.fromisoformat(self.api("GET", "/clock")["now"])

    def today_is(self, moment: datetime) -> None:
        """Dates shift by whole days to the server's today; its clock is set to the hour too.

        The server can move its clock, so "today 09:00" is 09:00 there (a task
        completed two hours later is completed at 11:00, B-TASK-12). The offset
        it had is put back in `close`. One server's clock serves every scenario:
        run scenarios against it one at a time.
        """
        clock = self.api("GET", "/clock")
        offset = float(clock["offset_seconds"])
        real_now = datetime.fromisoformat(clock["now"]) - timedelta(seconds=offset)
        self.shift = timedelta(days=(real_now.date() - moment.date()).days)
        wanted = moment + self.shift - real_now
        if self._offset_before is None:
            self._offset_before = offset
        self.api("POST", "/clock", {"offset_seconds": wanted.total_seconds()})
        if self.devices_clock is not None:
            self.devices_clock.offset = wanted

    def pass_time(self, span: timedelta) -> None:
        self.api("POST", "/clock", {"advance_seconds": span.total_seconds()})
        if self.devices_clock is not None:
            self.devices_clock.offset += span

    # -- users ---------------------------------------------------------------------

    def add_user(
        self, first: str, last: str, customer: str, password: str, *, onoffice_sync: bool = True
    ) -> Person:
        real = self.names.get(customer)
        if real is None:
            real = f"{customer}{self.scenario.suffix}"
            self.api("POST", "/customers", {"name": real, "onoffice_sync": onoffice_sync})
            self.created.append(real)
            self.names[customer] = real
        user_name = f"{first}.{last}".lower()
        made = self.api("POST", f"/customers/{quote(real, safe='')}/users", {
            "user_name": user_name, "password": password, "display_name": f"{first} {last}",
            "email": f"{user_name}@{customer.lower()}.example",
            "zpush": True, "contacts": True, "tasks": True,
        })  # fmt: skip
        return Person(first, last, real, user_name, password, int(made["id"]))

    def user(self, person: Person) -> User:
        data = self.api("GET", self._u(person))
        return record(User, {**data, "password": ""})

    def set_user_settings(self, person: Person, **flags: bool) -> None:
        self.api("PATCH", self._u(person), flags)

    def set_customer_sync(self, person: Person, active: bool) -> None:
        self.api("PATCH", self._c(person), {"onoffice_sync": active})

    def set_password(self, person: Person, password: str) -> None:
        self.api("PATCH", self._u(person), {"password": password})

    def mistype_browser_password(self, person: Person, count: int) -> None:
        for _ in range(count):  # B-CRED-4: as she does it, one wrong login at a time
            self.api("POST", f"{self._u(person)}/browser-login", {"password": WRONG_PASSWORD})

    def server_settings(self) -> dict[str, object]:
        return dict(self.api("GET", "/settings"))

    def change_server_settings(self, settings: Mapping[str, object]) -> None:
        """PATCH ``/admin/api/settings``; the settings it had are put back in `close`."""
        if self._settings_before is None:
            current = self.server_settings()
            self._settings_before = {k: current[k] for k in CHANGEABLE}
        self.api("PATCH", "/settings", dict(settings))

    def devices(self, person: Person) -> list[str]:
        return [str(d["device_id"]) for d in self.api("GET", f"{self._u(person)}/devices")]

    def resync(self, person: Person, device_id: str, folders: Sequence[str]) -> None:
        path = f"{self._u(person)}/devices/{quote(device_id, safe='')}/resync"
        self.api("POST", path, {"folders": list(folders)})

    def records_mentioning(self, person: Person, text: str) -> list[str]:
        found = self.api("GET", f"{self._c(person)}/search?text={quote(text, safe='')}")
        return [str(f) for f in found["found"]]

    def admin_page(self) -> tuple[str, str]:
        return str(self.url), self.token

    def received(self, after: int = 0) -> list[Received]:
        """The server's request log, through ``GET /admin/api/requests``, less our own calls."""
        return [
            Received(
                e["method"],
                e["path"],
                e["cmd"],
                e["user"],
                e["device_id"],
                e["status"],
                base64.b64decode(e["body"]),
                int(e["seq"]),
            )
            for e in self.api("GET", f"/requests?after={after}")
            if not str(e["path"]).lower().startswith("/admin")
        ]

    def set_maintenance(self, on: bool) -> None:
        self.api("PUT", "/maintenance", {"on": on})

    # -- records ---------------------------------------------------------------------

    def add_address(self, person: Person, address: Address) -> Address:
        return record(Address, self.api("POST", f"{self._c(person)}/addresses", body(address)))

    def create_address(
        self, person: Person, address: Address, mode: CreationMode, form: dict[FormField, str]
    ) -> Address:
        data = {**body(address), "form": {str(k): v for k, v in form.items()}, "creation": mode}
        return record(Address, self.api("POST", f"{self._c(person)}/addresses", data))

    def update_address(self, person: Person, address: Address) -> Address:
        path = f"{self._c(person)}/addresses/{address.id}"
        return record(Address, self.api("PATCH", path, body(address, numbers=False)))

    def add_number(self, person: Person, address: Address, number: Number) -> Address:
        path = f"{self._c(person)}/addresses/{address.id}/numbers"
        self.api("POST", path, body(number))
        return record(Address, self.api("GET", f"{self._c(person)}/addresses/{address.id}"))

    def assign_slot(self, person: Person, address: Address, number: Number, slot: Slot) -> None:
        path = f"{self._c(person)}/addresses/{address.id}/numbers/{number.id}/slot"
        self.api("PUT", path, {"slot": str(slot)})

    def addresses(self, person: Person) -> list[Address]:
        return [record(Address, a) for a in self.api("GET", f"{self._c(person)}/addresses")]

    def add_appointment(self, person: Person, appointment: Appointment) -> Appointment:
        made = self.api("POST", f"{self._c(person)}/appointments", body(appointment))
        return record(Appointment, made)

    def update_appointment(self, person: Person, appointment: Appointment) -> Appointment:
        path = f"{self._c(person)}/appointments/{appointment.id}"
        return record(Appointment, self.api("PATCH", path, body(appointment)))

    def appointments(self, person: Person) -> list[Appointment]:
        found = [record(Appointment, a) for a in self.api("GET", f"{self._c(person)}/appointments")]
        return [a for a in found if a.user_id == person.user_id]

    def add_resource(self, person: Person, resource: Resource) -> Resource:
        return record(Resource, self.api("POST", f"{self._c(person)}/resources", body(resource)))

    def add_property(self, person: Person, estate: Property) -> Property:
        return record(Property, self.api("POST", f"{self._c(person)}/properties", body(estate)))

    def add_task(self, person: Person, task: Task) -> Task:
        return record(Task, self.api("POST", f"{self._c(person)}/tasks", body(task)))

    def update_task(self, person: Person, task: Task) -> Task:
        path = f"{self._c(person)}/tasks/{task.id}"
        return record(Task, self.api("PATCH", path, body(task)))

    def tasks(self, person: Person) -> list[Task]:
        return [record(Task, t) for t in self.api("GET", f"{self._c(person)}/tasks")]
