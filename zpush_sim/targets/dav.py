"""The ``dav:URL`` target: any EAS server whose data lives in CalDAV/CardDAV (SOGo, Z-Push).

``dav:http://LOGIN:PASSWORD@host:port/SOGo`` names the server's base (its
EAS endpoint is ``<base>/Microsoft-Server-ActiveSync``) and one account;
the address book and calendar are SOGo's paths by default
(``<base>/dav/{user}/Contacts/personal/``, ``.../Calendar/personal/``) and
can be given as ``?addressbook=URL&calendar=URL`` templates with ``{user}``.
Contacts are PUT as vCards, appointments as VEVENTs and tasks as VTODOs
(`zpush_sim.targets.davitems`); what the server stored is read back the
same way.

Such a server has none of onOffice's own rules (slots, fallback, locks,
ticks, links): steps that need them skip with ``onoffice-rules``. An
in-process service (Memotoo) and a lost answer (``simulated-network``) come
from the target's sealed network (`zpush_sim.sealed`), as for ``serve``.
Isolation: with a fixed account (the URL's), every object that appears in
its collections during the scenario is deleted at the end, also after a
failure; a plug-in that can make accounts (``accounts``, e.g.
`interop.target` for SOGo) gives each scenario its own.

Every request goes through `DavTarget.request`, each on a fresh connection:
SOGo drops kept-alive connections without notice (`interop.network`), which
is also why the `caldav` library's pooled client is not used here; the
few WebDAV verbs needed (PUT, GET, DELETE, PROPFIND Depth 1) are plain HTTP.

Must not: speak EAS (the devices do).
"""

from __future__ import annotations

import dataclasses
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

import requests
from defusedxml import ElementTree

from server.model import Address, Appointment, Task
from zpush_sim.hosts import HostsSession
from zpush_sim.targets import davitems
from zpush_sim.targets.base import MAPPED_HOSTS, Capability, MissingCapability, Person, Target

Collection = Literal["addressbook", "calendar"]
SOGO_PATHS: dict[Collection, str] = {
    "addressbook": "{base}/dav/{user}/Contacts/personal/",
    "calendar": "{base}/dav/{user}/Calendar/personal/",
}
CONTENT_TYPES = {"addressbook": "text/vcard; charset=utf-8", "calendar": "text/calendar"}
SUFFIX = {"addressbook": ".vcf", "calendar": ".ics"}
PROPFIND = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
)
TIMEOUT = 15
# The fields a vCard / VEVENT / VTODO carries (davitems); others are onOffice's own.
R = TypeVar("R", Address, Appointment, Task)  # a record DAV carries
ADDRESS_FIELDS = {"first_name", "last_name", "salutation", "company", "street", "zip", "city",
                  "country", "birthday", "homepage", "numbers", "onoffice_sync"}  # fmt: skip
APPOINTMENT_FIELDS = {"subject", "start", "end", "all_day", "location", "notes", "private",
                      "reminder_minutes", "repeat_unit", "repeat_every", "user_id"}  # fmt: skip
TASK_FIELDS = {"subject", "description", "priority", "postponed", "deadline", "private",
               "reminder", "status", "progress", "completed_on", "responsible_id"}  # fmt: skip


@dataclass(frozen=True)
class Account:
    login: str
    password: str


class Accounts:
    """Where a `DavTarget` gets its scenario's account: a plug-in may make fresh ones."""

    def __init__(
        self,
        make: Callable[[str], Account] | None = None,
        remove: Callable[[Account], None] | None = None,
    ) -> None:
        self.make, self.remove = make, remove


class NotingSession(HostsSession):
    """A device's sealed session that notes the time of its last request."""

    last_request = 0.0

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        try:
            return super().request(*args, **kwargs)
        finally:
            self.last_request = time.time()


def _changed(old: object, new: object) -> set[str]:
    return {
        f.name
        for f in dataclasses.fields(old)  # type: ignore[arg-type]
        if getattr(old, f.name) != getattr(new, f.name)
    }


class DavTarget(Target):
    kind = "dav"

    def __init__(self, url: str, accounts: Accounts | None = None) -> None:
        parts = urlsplit(url)
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        base = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
        super().__init__(base)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.paths = {c: query.get(c, SOGO_PATHS[c]) for c in SOGO_PATHS}
        self.fixed = (
            Account(unquote(parts.username), unquote(parts.password or ""))
            if parts.username
            else None
        )
        self.accounts = accounts or Accounts()
        made = {Capability.CREATE_USERS} if self.accounts.make else set()
        # Memotoo and lost answers: the devices' sessions consult `sealed` (Target.session).
        self.capabilities = frozenset(made | {Capability.SIMULATED_NETWORK})
        self.people: list[tuple[Person, Account]] = []
        self.before: dict[tuple[str, Collection], set[str]] = {}
        self.http = requests.Session()
        self.device_sessions: list[NotingSession] = []
        self.ids: dict[str, int] = {}  # object name -> the record id the scenario knows

    @staticmethod
    def check(url: str) -> str | None:
        try:
            requests.request("OPTIONS", url.split("?")[0], timeout=5)
        except requests.RequestException as exc:
            return f"the DAV server at {url} does not answer ({type(exc).__name__})"
        return None

    # -- HTTP ---------------------------------------------------------------------------

    def request(self, account: Account, method: str, url: str, text: str = "", **headers: str) -> requests.Response:  # fmt: skip # noqa: E501
        """One WebDAV request, on a fresh connection (SOGo drops kept-alive ones)."""
        headers["Connection"] = "close"
        answer = requests.request(
            method, url, data=text.encode() if text else None, headers=headers,
            auth=(account.login, account.password), timeout=TIMEOUT,
        )  # fmt: skip
        if answer.status_code >= 400 and not (method in ("GET", "DELETE") and answer.status_code == 404):  # fmt: skip # noqa: E501
            raise RuntimeError(f"{method} {url}: HTTP {answer.status_code} {answer.text[:200]}")
        return answer

    def collection(self, account: Account, which: Collection) -> str:
        return self.paths[which].format(base=self.url, user=account.login)

    def object_names(self, account: Account, which: Collection) -> set[str]:
        url = self.collection(account, which)
        reply = self.request(account, "PROPFIND", url, PROPFIND, Depth="1",
                             **{"Content-Type": "application/xml; charset=utf-8"})  # fmt: skip
        hrefs = [e.text or "" for e in ElementTree.fromstring(reply.content).iter("{DAV:}href")]
        return {h.rsplit("/", 1)[-1] for h in hrefs if h.endswith(SUFFIX[which])}

    def texts(self, account: Account, which: Collection) -> dict[str, str]:
        base = self.collection(account, which)
        found = {n: self.request(account, "GET", urljoin(base, n)) for n in self.object_names(account, which)}  # fmt: skip # noqa: E501
        return {n: r.text for n, r in found.items() if r.status_code == 200}

    def put(self, account: Account, which: Collection, name: str, text: str) -> None:
        self._after_device_second()
        url = urljoin(self.collection(account, which), name)
        self.request(account, "PUT", url, text, **{"Content-Type": CONTENT_TYPES[which]})

    # -- life cycle, network --------------------------------------------------------------

    def hosts(self) -> dict[str, str]:
        return {host: str(self.url) for host in MAPPED_HOSTS}

    def session(self) -> requests.Session | None:
        """The devices' session, noting when a device last asked the server anything."""
        session = NotingSession(self.hosts(), only_mapped=True, network=self.sealed)
        self.device_sessions.append(session)
        return session

    def _after_device_second(self) -> None:
        """Wait, if need be, until the second after the devices' last request.

        SOGo finds changes by modification times in whole seconds: an object
        written in the same second as a device's Sync is missed by the next one
        (seen with B-VIEW-3). So a write waits for that second to pass.
        """
        last = max((s.last_request for s in self.device_sessions), default=0.0)
        wait = math.floor(last) + 1 - time.time()
        if wait > 0:
            time.sleep(wait)

    def close(self) -> None:
        for _, account in self.people:
            for which in SOGO_PATHS:
                leftover = self.object_names(account, which) - self.before.get((account.login, which), set())  # fmt: skip # noqa: E501
                base = self.collection(account, which)
                for name in leftover:
                    self.request(account, "DELETE", urljoin(base, name))
            if self.accounts.remove is not None and account != self.fixed:
                self.accounts.remove(account)
        self.http.close()

    def account_of(self, person: Person) -> Account:
        return next(a for p, a in self.people if p.user_id == person.user_id)

    # -- users ----------------------------------------------------------------------------

    def add_user(
        self, first: str, last: str, customer: str, password: str, *, onoffice_sync: bool = True
    ) -> Person:
        user_name = f"{first}.{last}".lower()
        if self.accounts.make is not None:
            real = self.names.setdefault(customer, f"{customer}{self.scenario.suffix}")
            account = self.accounts.make(f"{user_name}_{real}")
            person = Person(first, last, real, user_name, account.password, len(self.people) + 1,
                            account.login)  # fmt: skip
            self.before.update({(account.login, w): set() for w in SOGO_PATHS})
        elif self.fixed is not None and not self.people:
            account = self.fixed
            self.logins[f"{user_name}_{customer}"] = account.login
            person = Person(first, last, customer, user_name, account.password, 1, account.login)
            for which in SOGO_PATHS:
                self.before[(account.login, which)] = self.object_names(account, which)
        else:
            raise MissingCapability(self.name, Capability.CREATE_USERS, "a second user")
        self.people.append((person, account))
        return person

    # -- records --------------------------------------------------------------------------

    def _new_name(self, which: Collection) -> str:
        return f"zpush-sim-{uuid.uuid4().hex}{SUFFIX[which]}"

    def add_address(self, person: Person, address: Address) -> Address:
        if not address.onoffice_sync:
            return address  # not ticked: it never reaches the address book
        name = self._new_name("addressbook")
        self.put(self.account_of(person), "addressbook", name, davitems.to_vcard(name, address))
        return dataclasses.replace(address, id=self._id(name))

    def update_address(self, person: Person, address: Address) -> Address:
        known = self.addresses(person)
        return self._rewrite(person, "addressbook", address, known, ADDRESS_FIELDS, "address", davitems.to_vcard)  # fmt: skip # noqa: E501

    def _rewrite(
        self,
        person: Person,
        which: Collection,
        record: R,
        known: list[R],
        fields: set[str],
        what: str,
        text_of: Callable[[str, R], str],
    ) -> R:
        """PUT a changed record over its object; a field DAV cannot carry skips the scenario."""
        old = next((k for k in known if k.id == record.id), None)
        if old is None or _changed(old, record) - fields - {"id", "version"}:
            self.require(Capability.ONOFFICE_RULES, f"onOffice's own {what} fields")
        name = self._name_of(record.id)
        self.put(self.account_of(person), which, name, text_of(name, record))
        return record

    def addresses(self, person: Person) -> list[Address]:
        texts = self.texts(self.account_of(person), "addressbook")
        return [dataclasses.replace(davitems.from_vcard(t), id=self._id(n)) for n, t in sorted(texts.items())]  # fmt: skip # noqa: E501

    def add_appointment(self, person: Person, appointment: Appointment) -> Appointment:
        name = self._new_name("calendar")
        self.put(self.account_of(person), "calendar", name, davitems.to_vevent(name, appointment))
        return dataclasses.replace(appointment, id=self._id(name))

    def update_appointment(self, person: Person, appointment: Appointment) -> Appointment:
        known = self.appointments(person)
        return self._rewrite(person, "calendar", appointment, known, APPOINTMENT_FIELDS, "appointment", davitems.to_vevent)  # fmt: skip # noqa: E501

    def appointments(self, person: Person) -> list[Appointment]:
        texts = self.texts(self.account_of(person), "calendar")
        return [
            dataclasses.replace(davitems.from_vevent(t), id=self._id(n), user_id=person.user_id)
            for n, t in sorted(texts.items())
            if "BEGIN:VEVENT" in t
        ]

    def add_task(self, person: Person, task: Task) -> Task:
        if task.agent_id is not None or task.responsible_id not in (0, person.user_id):
            self.require(Capability.ONOFFICE_RULES, "a task's responsible user and agent")
        name = self._new_name("calendar")
        self.put(self.account_of(person), "calendar", name, davitems.to_vtodo(name, task))
        return dataclasses.replace(task, id=self._id(name))

    def update_task(self, person: Person, task: Task) -> Task:
        known = self.tasks(person)
        return self._rewrite(person, "calendar", task, known, TASK_FIELDS, "task", davitems.to_vtodo)  # fmt: skip # noqa: E501

    def tasks(self, person: Person) -> list[Task]:
        texts = self.texts(self.account_of(person), "calendar")
        return [
            dataclasses.replace(
                davitems.from_vtodo(t), id=self._id(n), responsible_id=person.user_id
            )
            for n, t in sorted(texts.items())
            if "BEGIN:VTODO" in t
        ]

    # -- ids: the model's int ids stand for DAV object names ----------------------------

    def _id(self, name: str) -> int:
        return self.ids.setdefault(name, len(self.ids) + 1)

    def _name_of(self, record_id: int | None) -> str:
        return next(n for n, i in self.ids.items() if i == record_id)
