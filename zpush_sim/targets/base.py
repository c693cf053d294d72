"""The one small interface that steps arrange and read back data through: `Target`.

A target is what a scenario runs against (the embedded reference server,
the reference server over a socket, any EAS server whose data lives in
CalDAV/CardDAV, or a site's own arranger). Steps never reach a server's
store: they ask the target to create users and onOffice records, to read
back what the server stored, to move its clock or switch maintenance, and
they get from it the HTTP session a device uses, and the simulated network
(`zpush_sim.network.SimulatedNetwork`: an in-process service such as
Memotoo, an answer lost on the way). A live target keeps that network in
a `zpush_sim.sealed.SealedNetwork` its devices' sessions consult, so the
steps read the same against the embedded server and a live one.

Every target says what it can do (`capabilities`, the names in
`Capability`). What it cannot do it refuses with `MissingCapability`, a
pytest skip whose reason names the capability, so that a scenario needing
onOffice's slot rules is skipped against SOGo with that reason instead of
failing. The default methods below all refuse; a target implements what
its backend offers.

Records travel as the onOffice model's frozen values (`server.model`):
they are the vocabulary of the guide, whatever the backend stores.

Must not: know pytest-bdd or steps, or speak EAS (devices do).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

import pytest
import requests

from server.config import ACTIVESYNC_HOST
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
from zpush_sim.sealed import SealedNetwork

if TYPE_CHECKING:
    from zpush_sim.clock import OffsetClock
    from zpush_sim.network import SimulatedNetwork

# What a live target maps to its server: the ActiveSync host and the autodiscover
# host of its domain (MS-OXDSCLI 3.1.5.1). onoffice.de, the domain of the guide's
# manual set-up, is onOffice's website, not Z-Push: it stays unmapped, so a device's
# autodiscover probe there never leaves the machine with her password.
ONOFFICE_HOST = ACTIVESYNC_HOST  # what the guide's users type
MAPPED_HOSTS = (ONOFFICE_HOST, f"autodiscover.{ONOFFICE_HOST}")
WEBSITE_HOSTS = ("onoffice.de", "autodiscover.onoffice.de")


class Capability(StrEnum):
    """What a target may be able to do; scenarios name the ones they need (``@needs-<name>``)."""

    CREATE_USERS = "create-users"  # a user (and customer) of its own per scenario
    ONOFFICE_RULES = "onoffice-rules"  # slots, fallback, lock, ticks, links, statuses
    AUTODISCOVER = "autodiscover"  # onOffice's autodiscover answers for activesync.onoffice.de
    CHANGE_PASSWORD = "change-password"
    MOVE_CLOCK = "move-clock"  # the server's clock jumps with the scenario's
    MAINTENANCE = "maintenance-switch"
    SIMULATED_NETWORK = "simulated-network"  # other services (Memotoo) in-process, lost answers
    SERVER_SETTINGS = "server-settings"  # versions offered, Ping bounds, Android autodiscover
    SETTINGS_PAGE = "settings-page"  # onOffice's user settings page (/admin)
    SERVER_LOG = "server-log"  # what the server received, as the server logged it
    SEARCH_RECORDS = "search-records"  # every stored onOffice value, to show a text is nowhere
    ZPUSH_ANSWERS = "zpush-answers"  # answers exactly as Z-Push 2.7 does (wire checks)
    ZPUSH_ADMIN = "z-push-admin"  # a user's devices, and a resync of one, as z-push-admin


NEEDS_PREFIX = "needs-"
# Server settings a scenario fixes by tag, as the admin API's ``/api/settings`` takes
# them (`server.admin.settings`); put back when the scenario ends.
SETTING_TAGS: dict[str, dict[str, object]] = {
    "server-android-autodiscover": {"android_autodiscover": True},  # B-AUTO-3
    # Z-Push's PING_LOWER_BOUND_LIFETIME = 300 (device-bugs.md 26).
    "server-ping-minimum-300": {"ping_heartbeat_bounds": [300, 3540]},
    # Z-Push 2.7.3 and later advertise up to 16.1 (device-bugs.md, per-client defaults).
    "server-offers-16-1": {"protocol_versions": ["12.0", "12.1", "14.0", "14.1", "16.0", "16.1"]},
}


def settings_of(tags: frozenset[str]) -> dict[str, object]:
    """The server settings a scenario's tags ask for."""
    settings: dict[str, object] = {}
    for tag in sorted(tags):
        settings.update(SETTING_TAGS.get(tag, {}))
    return settings


class MissingCapability(pytest.skip.Exception):  # type: ignore[name-defined,misc]
    """A skip whose reason names the capability the target lacks."""

    def __init__(self, target: str, capability: Capability | str, what: str) -> None:
        self.capability = str(capability)
        super().__init__(
            f"needs capability '{self.capability}' ({what}); target {target} lacks it",
            allow_module_level=False,
        )


class Refused(Exception):
    """The backend refused a change, with its message (B-SET-2: the admin sees it)."""


@dataclass(frozen=True)
class Person:
    """An onOffice user as the scenario knows her; the names are the backend's real ones."""

    first_name: str
    last_name: str
    customer: str
    user_name: str
    password: str
    user_id: int
    account_login: str = ""  # a backend's own login, where it is not UserName_CustomerName

    @property
    def login(self) -> str:
        """UserName_CustomerName, as the guide spells the login (B-MAN-1)."""
        return self.account_login or f"{self.user_name}_{self.customer}"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Scenario:
    """What a target knows of the scenario it serves: an id, for names unique on a shared server."""

    node_id: str
    tags: frozenset[str] = frozenset()
    suffix: str = field(default_factory=lambda: "T" + uuid.uuid4().hex[:8])


class Target:
    """Base of every target: capabilities, names, time, and refusals by default."""

    kind: ClassVar[str] = "target"
    capabilities: frozenset[Capability] = frozenset()
    # True when the devices reach the server in-process (no real socket).
    in_process: ClassVar[bool] = False
    # How far a time the server records may be from the scenario's: a live server's
    # clock keeps running while the scenario's steps take their real seconds.
    clock_tolerance: ClassVar[timedelta] = timedelta(minutes=1)

    def __init__(self, url: str | None = None) -> None:
        self.url = url
        self.scenario = Scenario("")
        self.shift = timedelta(0)  # scenario time + shift = the target's time
        self.names: dict[str, str] = {}  # a scenario's customer name -> the real one
        self.logins: dict[str, str] = {}  # a scenario's login -> a backend's own one
        # The devices' clock (the target fixture's); time passing moves it.
        self.devices_clock: OffsetClock | None = None
        # In-process services and lost answers for the devices' sessions (live targets).
        self.sealed = SealedNetwork()

    # -- identity and life cycle ------------------------------------------------

    @property
    def name(self) -> str:
        """How reports name the target: ``serve:http://...``."""
        return f"{self.kind}:{self.url}" if self.url else self.kind

    def start(self, scenario: Scenario) -> None:
        """Called before the scenario's first step: the server settings its tags ask for."""
        self.scenario = scenario
        settings = settings_of(scenario.tags)
        if settings:
            self.change_server_settings(settings)

    def close(self) -> None:
        """Remove everything the scenario created; called also when it failed."""

    def has(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def require(self, capability: Capability, what: str) -> None:
        if capability not in self.capabilities:
            raise MissingCapability(self.name, capability, what)

    def missing(self, needs: frozenset[str]) -> list[str]:
        """Of the capabilities a scenario names, the ones this target lacks."""
        have = {str(c) for c in self.capabilities}
        return sorted(n for n in needs if n not in have)

    # -- the devices' network ---------------------------------------------------

    def hosts(self) -> Mapping[str, str]:
        """Host name -> base URL of everything a device may reach (all else is unreachable)."""
        return {}

    def session(self) -> requests.Session | None:
        """A device's HTTP session; None when the simulated network carries it in-process.

        Only the mapped hosts and the services routed on `sealed` resolve; the
        session consults `sealed` at each request, so a service routed later counts.
        """
        from zpush_sim.hosts import HostsSession

        return HostsSession(self.hosts(), only_mapped=True, network=self.sealed)

    def simulated_network(self) -> SimulatedNetwork:
        """The devices' network, to add an in-process service (Memotoo) or lose an answer."""
        self.require(Capability.SIMULATED_NETWORK, "an in-process service or a lost answer")
        return self.sealed

    def real_text(self, text: str) -> str:
        """A login or address as typed in the scenario, with the real customer names in it.

        On a shared server the scenario's customer "DoeRealEstate" is
        "DoeRealEstateT1a2b3c4d"; the suffix follows the text's own spelling,
        so "doerealestate" stays wrongly cased (B-MAN-2).
        """
        for given, real in self.logins.items():
            text = text.replace(given, real)
        for given, real in self.names.items():
            text = re.sub(re.escape(given), f"\\g<0>{real[len(given) :]}", text, flags=re.I)
        return text

    # -- time -------------------------------------------------------------------

    def today_is(self, moment: datetime) -> None:
        """The scenario's zero point; live targets shift every date to their own now."""
        now = self.now_real()
        self.shift = timedelta(days=(now.date() - moment.date()).days)

    def now_real(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """Today at the target, in the scenario's (shifted) dates."""
        return self.now_real().date()

    def pass_time(self, span: timedelta) -> None:
        """Time passes for the devices; a target that can (``move-clock``) moves its own too.

        Without ``move-clock`` only the devices' clock jumps: a phone's next Ping
        or poll falls due, while the server keeps its real time. A scenario whose
        server must see the time jump says ``@needs-move-clock``.
        """
        if self.devices_clock is not None:
            self.devices_clock.offset += span

    # -- users and settings -------------------------------------------------------

    def add_user(
        self, first: str, last: str, customer: str, password: str, *, onoffice_sync: bool = True
    ) -> Person:
        raise MissingCapability(self.name, Capability.CREATE_USERS, "creating a user")

    def user(self, person: Person) -> User:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "reading onOffice's user")

    def set_user_settings(self, person: Person, **flags: bool) -> None:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "changing a user setting")

    def set_customer_sync(self, person: Person, active: bool) -> None:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "switching onOffice Sync")

    def set_password(self, person: Person, password: str) -> None:
        raise MissingCapability(self.name, Capability.CHANGE_PASSWORD, "changing the password")

    def mistype_browser_password(self, person: Person, count: int) -> None:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "counting browser logins")

    def admin_page(self) -> tuple[str, str]:
        """The base URL of the settings page and its token."""
        raise MissingCapability(self.name, Capability.SETTINGS_PAGE, "opening the settings page")

    # -- the server's settings and z-push-admin --------------------------------------

    def server_settings(self) -> dict[str, object]:
        """The settings in force, as ``GET /admin/api/settings`` gives them."""
        raise MissingCapability(self.name, Capability.SERVER_SETTINGS, "reading server settings")

    def change_server_settings(self, settings: Mapping[str, object]) -> None:
        """Change settings for this scenario (`server.admin.settings`); put back at `close`."""
        raise MissingCapability(self.name, Capability.SERVER_SETTINGS, "changing server settings")

    def offer_versions(self, versions: Sequence[str]) -> None:
        """The server offers these ActiveSync versions (its highest as MS-Server-ActiveSync)."""
        self.change_server_settings({"protocol_versions": list(versions)})

    def android_autodiscover(self) -> bool:
        """Whether autodiscover answers Android devices (B-AUTO-3)."""
        return bool(self.server_settings()["android_autodiscover"])

    def devices(self, person: Person) -> list[str]:
        """The DeviceIds the server keeps for the user, as ``z-push-admin -a list`` shows them."""
        raise MissingCapability(self.name, Capability.ZPUSH_ADMIN, "listing a user's devices")

    def resync(self, person: Person, device_id: str, folders: Sequence[str]) -> None:
        """Forget the device's sync state of these folders (``z-push-admin -a resync``)."""
        raise MissingCapability(self.name, Capability.ZPUSH_ADMIN, "resyncing a device")

    def set_maintenance(self, on: bool) -> None:
        raise MissingCapability(self.name, Capability.MAINTENANCE, "switching maintenance")

    def received(self, after: int = 0) -> list[Received]:
        """The requests the server logged after the one numbered ``after``, oldest first
        (its side, not the device's)."""
        raise MissingCapability(self.name, Capability.SERVER_LOG, "reading the server's log")

    def records_mentioning(self, person: Person, text: str) -> list[str]:
        """Where the customer's onOffice records hold the text (``table.column``)."""
        raise MissingCapability(self.name, Capability.SEARCH_RECORDS, "searching every record")

    # -- addresses ----------------------------------------------------------------

    def add_address(self, person: Person, address: Address) -> Address:
        raise NotImplementedError

    def create_address(
        self, person: Person, address: Address, mode: CreationMode, form: dict[FormField, str]
    ) -> Address:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "creating by a form")

    def update_address(self, person: Person, address: Address) -> Address:
        raise NotImplementedError

    def add_number(self, person: Person, address: Address, number: Number) -> Address:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "numbers with slots")

    def assign_slot(self, person: Person, address: Address, number: Number, slot: Slot) -> None:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "assigning a slot")

    def addresses(self, person: Person) -> list[Address]:
        raise NotImplementedError

    # -- calendar and tasks -------------------------------------------------------

    def add_appointment(self, person: Person, appointment: Appointment) -> Appointment:
        raise NotImplementedError

    def update_appointment(self, person: Person, appointment: Appointment) -> Appointment:
        raise NotImplementedError

    def appointments(self, person: Person) -> list[Appointment]:
        """The user's calendar, deleted ones included (onOffice marks them)."""
        raise NotImplementedError

    def add_resource(self, person: Person, resource: Resource) -> Resource:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "resources")

    def add_property(self, person: Person, estate: Property) -> Property:
        raise MissingCapability(self.name, Capability.ONOFFICE_RULES, "properties")

    def add_task(self, person: Person, task: Task) -> Task:
        raise NotImplementedError

    def update_task(self, person: Person, task: Task) -> Task:
        raise NotImplementedError

    def tasks(self, person: Person) -> list[Task]:
        """The customer's tasks (any responsible), as onOffice holds them."""
        raise NotImplementedError
