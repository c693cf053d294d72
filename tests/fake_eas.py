"""A small fake EAS server (WSGI) for the simulator's tests, built from `eas` alone.

It is not the reference server and must not import `server/`: simulator
tests check the device against a few lines of known behaviour. It answers
autodiscover for one domain, OPTIONS with a version list, Settings,
Provision (two phases; with ``provisioning`` on, HTTP 449 or Status 142 to
an unprovisioned device), FolderSync with a contacts, a calendar and a
tasks folder, Sync with paging by WindowSize and the client's Add, Change
and Delete, Ping (Status 2 naming the folders with changes, else 1) and
SendMail (failing as Z-Push does without a mail backend). It records every
request so that tests can check what the device sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import parse_qs

from eas import autodiscover as ad
from eas import wbxml
from eas.commands.foldersync import Folder, FolderSyncRequest, FolderSyncResponse, FolderType
from eas.commands.ping import PingRequest, PingResponse
from eas.commands.provision import (
    EASProvisionDoc,
    PolicyResponse,
    ProvisionRequest,
    ProvisionResponse,
)
from eas.commands.settings import SettingsResponse
from eas.commands.sync import (
    Add,
    AddResult,
    Change,
    ChangeResult,
    CollectionRequest,
    CollectionResponse,
    Command,
    Delete,
    DeleteResult,
    Result,
    SyncRequest,
    SyncResponse,
)
from eas.http import WBXML_CONTENT_TYPE, options_headers, parse_basic_authorization, parse_query
from eas.items.contacts import ContactItem, contact_to_application_data
from eas.tree import Element

HOST = "activesync.example.test"
EAS_URL = f"https://{HOST}/Microsoft-Server-ActiveSync"
CONTACTS_ID, CALENDAR_ID, TASKS_ID = "c1", "k1", "t1"
TEMPORARY_KEY, FINAL_KEY = 1111, 2222


class FixedClock:
    """The injected clock of the devices under test, pinned to a scenario's date."""

    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    tree: Element | None
    body: bytes = b""


@dataclass
class FakeEAS:
    """Users ``{login: password}``; contacts served from CONTACTS_ID, ``items`` elsewhere."""

    users: dict[str, str] = field(default_factory=lambda: {"jane@" + HOST: "demo"})
    versions: tuple[str, ...] = ("12.0", "12.1", "14.0", "14.1")
    autodiscover_domain: str = HOST
    contacts: list[ContactItem] = field(default_factory=list)
    items: dict[str, dict[str, Element]] = field(
        default_factory=lambda: {CONTACTS_ID: {}, CALENDAR_ID: {}, TASKS_ID: {}}
    )
    provisioning: Literal["off", "449", "142"] = "off"
    add_status: int = 1  # what a client Add gets (6: the reference server's "not yet")
    delete_status: int = 1  # what a client Delete gets; not 1: answered, the item kept
    ping_supported: bool = True
    maintenance: bool = False  # 503 + Retry-After to everything
    retry_after: int = 120
    invalidate_next_sync_key: bool = False
    invalidate_next_folder_key: bool = False
    hierarchy_changed_next_sync: bool = False
    seen: list[Seen] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)  # ServerIds the device deleted
    states: dict[tuple[str, str], dict[str, Element]] = field(default_factory=dict)
    latest: dict[str, str] = field(default_factory=dict)  # collection -> last key issued
    counter: int = 0

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")
        }
        path, raw_query = environ["PATH_INFO"], environ["QUERY_STRING"]
        query = {k: v[0] for k, v in parse_qs(raw_query).items()}
        line = parse_query(raw_query) if raw_query else None
        if line is not None and "Cmd" not in query:  # base64 query: keep the tests' view
            query = {"Cmd": line.cmd, "DeviceId": line.device_id or "", "base64": "1"}
        is_wbxml = environ.get("CONTENT_TYPE") == WBXML_CONTENT_TYPE and body
        tree = wbxml.decode(body) if is_wbxml else None
        self.seen.append(Seen(environ["REQUEST_METHOD"], path, query, headers, tree, body))
        if self.maintenance:
            return _reply(start_response, "503 Service Unavailable",
                          [("Retry-After", str(self.retry_after))])  # fmt: skip
        credentials = parse_basic_authorization(headers.get("authorization"))
        if credentials is None or self.users.get(credentials[0]) != credentials[1]:
            return _reply(start_response, "401 Unauthorized", [("WWW-Authenticate", "Basic")])
        if path.lower() == "/autodiscover/autodiscover.xml":
            return self._autodiscover(start_response, body)
        if environ["REQUEST_METHOD"] == "OPTIONS":
            commands = ["Sync", "FolderSync", "Provision", "Settings", "Ping", "SendMail"]
            return _reply(
                start_response, "200 OK", options_headers(self.versions, commands, "14.1")
            )
        cmd = query.get("Cmd")
        policy = line.policy_key if line is not None and line.policy_key is not None else None
        if policy is None:
            policy = int(headers.get("x-ms-policykey", "0") or 0)
        if (
            self.provisioning != "off"
            and cmd not in ("Provision", "Settings")
            and policy != FINAL_KEY
        ):
            if self.provisioning == "449":
                return _reply(start_response, "449 Retry With Status Code", [])
            return self._wbxml(start_response, FolderSyncResponse(142).to_tree())
        handler = {
            "FolderSync": lambda: self._folder_sync(FolderSyncRequest.from_tree(_t(tree))),
            "Sync": lambda: self._sync(SyncRequest.from_tree(_t(tree))),
            "Provision": lambda: self._provision(ProvisionRequest.from_tree(_t(tree))),
            "Settings": lambda: SettingsResponse(1, device_information_status=1).to_tree(),
            "Ping": lambda: self._ping(PingRequest.from_tree(_t(tree))),
        }.get(cmd or "")
        if handler is None or (cmd == "Ping" and not self.ping_supported):
            # Z-Push: an unknown command, or SendMail without a mail backend (eas-facts 6).
            return _reply(start_response, "500 Internal Server Error", [])
        return self._wbxml(start_response, handler())

    def _wbxml(self, start_response: Callable[..., Any], root: Element) -> Iterable[bytes]:
        out = wbxml.encode(root)
        return _reply(start_response, "200 OK", [("Content-Type", WBXML_CONTENT_TYPE)], out)

    def _autodiscover(self, start_response: Callable[..., Any], body: bytes) -> Iterable[bytes]:
        try:
            email = ad.parse_request(body).email_address
        except ad.AutodiscoverError:  # Z-Push: a schema other than mobilesync is a 400
            return _reply(start_response, "400 Bad Request", [])
        if email.rpartition("@")[2] != self.autodiscover_domain:
            return _reply(start_response, "404 Not Found", [])
        answer = ad.build_response(ad.AutodiscoverSettings("Jane Doe", email, EAS_URL))
        return _reply(start_response, "200 OK", [("Content-Type", "text/xml")], answer)

    def _provision(self, request: ProvisionRequest) -> Element:
        if request.policy_key is None:
            doc = EASProvisionDoc((("DevicePasswordEnabled", "0"),))
            policy = PolicyResponse(request.policy_type or "", 1, TEMPORARY_KEY, doc)
        else:
            key = FINAL_KEY if request.policy_key == TEMPORARY_KEY else None
            policy = PolicyResponse(request.policy_type or "", 1 if key else 5, key)
        info = 1 if request.device_information is not None else None
        return ProvisionResponse(1, policy, device_information_status=info).to_tree()

    def _folder_sync(self, request: FolderSyncRequest) -> Element:
        if self.invalidate_next_folder_key and request.sync_key != "0":
            self.invalidate_next_folder_key = False
            return FolderSyncResponse(9).to_tree()
        if request.sync_key == "0":
            folders = (
                Folder(CONTACTS_ID, "0", "Contacts", FolderType.CONTACTS),
                Folder(CALENDAR_ID, "0", "Calendar", FolderType.CALENDAR),
                Folder(TASKS_ID, "0", "Tasks", FolderType.TASKS),
            )
            return FolderSyncResponse(1, "F1", add=folders).to_tree()
        return FolderSyncResponse(1, request.sync_key).to_tree()

    # -- Sync --------------------------------------------------------------------

    def current(self, collection_id: str) -> dict[str, Element]:
        found = dict(self.items.get(collection_id, {}))
        if collection_id == CONTACTS_ID:
            for i, contact in enumerate(self.contacts):
                found.setdefault(f"{CONTACTS_ID}:{i:04d}", contact_to_application_data(contact))
        return {sid: data for sid, data in found.items() if sid not in self.removed}

    def _sync(self, request: SyncRequest) -> Element:
        return SyncResponse(
            collections=tuple(self._collection(c) for c in request.collections)
        ).to_tree()

    def _collection(self, coll: CollectionRequest) -> CollectionResponse:
        cid, key = coll.collection_id, coll.sync_key
        if self.hierarchy_changed_next_sync:
            self.hierarchy_changed_next_sync = False
            return CollectionResponse(cid, 12)
        if self.invalidate_next_sync_key and key != "0":
            self.invalidate_next_sync_key = False
            return CollectionResponse(cid, 3)
        if key == "0":
            return CollectionResponse(cid, 1, self._save(cid, {}))
        held = self.states.get((cid, key))
        if held is None:
            return CollectionResponse(cid, 3)
        held = dict(held)
        results = tuple(r for c in coll.commands if (r := self._client(cid, c, held)) is not None)
        current = self.current(cid)
        pending = sorted(s for s, d in current.items() if held.get(s) != d)
        pending += sorted(s for s in held if s not in current)
        window = coll.window_size or 100
        commands: list[Command] = []
        for sid in pending[:window]:
            if sid in current:
                commands.append(
                    Change(sid, current[sid]) if sid in held else Add(current[sid], sid)
                )
                held[sid] = current[sid]
            else:
                commands.append(Delete(sid))
                del held[sid]
        return CollectionResponse(
            cid, 1, self._save(cid, held), commands=tuple(commands), responses=results,
            more_available=len(pending) > window,
        )  # fmt: skip

    def _save(self, cid: str, held: dict[str, Element]) -> str:
        key = f"S{self.counter}"
        self.counter += 1
        self.states[(cid, key)] = held
        self.latest[cid] = key
        return key

    def _client(self, cid: str, command: Command, held: dict[str, Element]) -> Result | None:
        store = self.items.setdefault(cid, {})
        if isinstance(command, Add):
            if self.add_status != 1:
                return AddResult(command.client_id or "", self.add_status)
            sid = f"{cid}:new{len(store) + 1}"
            store[sid] = held[sid] = command.application_data
            return AddResult(command.client_id or "", 1, sid)
        if isinstance(command, Change):
            if command.server_id not in self.current(cid):
                return ChangeResult(command.server_id, 8)
            store[command.server_id] = held[command.server_id] = command.application_data
            return None
        if isinstance(command, Delete) and self.delete_status != 1:
            return DeleteResult(command.server_id, self.delete_status)
        if isinstance(command, Delete):
            store.pop(command.server_id, None)
            self.removed.add(command.server_id)
            held.pop(command.server_id, None)
        return None

    def _ping(self, request: PingRequest) -> Element:
        changed = tuple(
            f.id
            for f in request.folders
            if (f.id, self.latest.get(f.id, "")) in self.states
            and self.states[(f.id, self.latest[f.id])] != self.current(f.id)
        )
        return PingResponse(2 if changed else 1, changed).to_tree()

    def commands(self) -> list[str]:
        return [s.query.get("Cmd", s.method) for s in self.seen]

    def requests(self, cmd: str) -> list[Seen]:
        return [s for s in self.seen if s.query.get("Cmd") == cmd]


def _t(tree: Element | None) -> Element:
    assert tree is not None, "the device sent no WBXML body"
    return tree


def _reply(
    start_response: Callable[..., Any],
    status: str,
    headers: list[tuple[str, str]],
    body: bytes = b"",
) -> Iterable[bytes]:
    start_response(status, [*headers, ("Content-Length", str(len(body)))])
    return [body]
