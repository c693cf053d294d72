"""Mutation fuzzing of the reference server, in-process: the engine both fuzz runs share.

Not a test module: `tests/test_fuzz.py` runs it for a few seconds in the
default run, `tests/fuzz_long.py` (``tox -e fuzz``) for a million requests.

`Fuzzer` keeps one provisioned device per server with live state (the
hierarchy sync key, each folder's sync key, the server ids it was sent),
builds a valid request for a random command from that state (so that a
mutation lands past authentication, provisioning and the sync-key check)
and then mutates it:

- values: integers such as ``"²"``, ``"--1"`` or 5,000 digits, odd strings,
  opaque data with NUL or invalid UTF-8 in place of any element's value;
- structure: elements repeated, nested into themselves, dropped, moved to
  another code page's tag, given a value instead of children, new tags;
- bytes: truncation, flipped bytes, SWITCH_PAGE to undefined pages;
- the envelope: query strings (plain and base64, parameters missing,
  repeated or odd), headers (version, policy key, Authorization,
  Content-Length such as ``"²"`` or ``1e20``, User-Agent) and the method.

A request is a finding when the server counts an unhandled exception
(`ServerApp.unhandled_errors`) or a strict server answers 500. Wrong
passwords go to a decoy login, so the fuzzed user is never locked out.
"""

from __future__ import annotations

import base64
import logging
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from server_client import Client, Reply, demo_app

from eas import wbxml
from eas.autodiscover import AUTODISCOVER_PATH, build_request
from eas.codepages import TOKEN_BY_TAG
from eas.commands.foldersync import FolderSyncRequest, FolderSyncResponse
from eas.commands.getitemestimate import EstimateCollection, GetItemEstimateRequest
from eas.commands.meetingresponse import MeetingRequest, MeetingResponseRequest
from eas.commands.ping import PingFolder, PingRequest
from eas.commands.provision import ProvisionRequest
from eas.commands.sendmail import ComposeMailRequest, Source
from eas.commands.settings import DeviceInformation, SettingsRequest
from eas.commands.sync import (
    Add,
    BodyPreference,
    Change,
    CollectionRequest,
    Delete,
    Fetch,
    SyncRequest,
    SyncResponse,
)
from eas.http import ACTIVESYNC_PATH, ASRequestLine, basic_authorization, build_query
from eas.items.calendar import (
    AppointmentException,
    AppointmentItem,
    Attendee,
    Recurrence,
    RecurrenceType,
    appointment_to_application_data,
)
from eas.items.contacts import ContactItem, contact_to_application_data
from eas.items.tasks import Importance, TaskItem, task_to_application_data
from eas.tree import Element
from server.app import ServerApp
from server.seed import DEMO_CUSTOMER

INTEGERS = [
    "²", "--1", "9" * 5000, "²", "--1", "1" * 4301, "-1", "0", "-0", "4294967296",
    "9223372036854775808", "99999999999999999999", "1e3", " 5 ", "", "٣", "0x1F", "1_000",
    "+1", "300000000000",
    "-9999999999", "2", "8",
]  # fmt: skip
STRINGS = [
    "", " ", "x" * 70_000, "é\u202e", "{00000000-0000-0000-0000-000000000000}1", "../../etc",
    "%00", "<x/>&amp;", "' OR 1=1 --", "20261301T250000Z", "2026-02-30T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00.000Z", "20260302T090000Z", "true",
    "\t\n", "contacts", "calendar", "tasks", "a@b", "😀" * 100, "\x7f\x01",
]  # fmt: skip
OPAQUES = [b"\x00", b"a\x00b", b"\xff\xfe\xfd", b"\x00" * 64, b"9" * 5000, b"", b"\xc3\x28"]
VERSIONS = [
    None,
    "12.0",
    "12.1",
    "14.0",
    "14.1",
    "16.1",
    "2.5",
    "x",
    "14.1.1",
    "",
    "\u0661\u0664.\u0661",
]
COMMANDS = [
    "Sync", "Sync", "Sync", "Sync", "FolderSync", "GetItemEstimate", "GetItemEstimate", "Ping",
    "Ping", "Settings", "SendMail", "SmartReply", "SmartForward", "MeetingResponse", "Provision",
    "Provision", "Search", "Bogus",
]  # fmt: skip
ALL_TAGS = sorted(TOKEN_BY_TAG)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DECOY_LOGIN = f"max.mustermann_{DEMO_CUSTOMER}"


@dataclass
class Finding:
    what: str  # "unhandled" or "strict 500"
    request: str
    error: str = ""


@dataclass
class Stats:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    unhandled: int = 0
    strict_500: int = 0
    findings: list[Finding] = field(default_factory=list)

    def merge(self, other: Stats) -> None:
        self.requests += other.requests
        self.statuses.update(other.statuses)
        self.unhandled += other.unhandled
        self.strict_500 += other.strict_500
        self.findings.extend(other.findings[: max(0, 20 - len(self.findings))])


class _Errors(logging.Handler):
    """Keeps the last unhandled exception the server logged, for the report."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            where = "" if tb is None else f" at {tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
            self.last = f"{type(exc).__name__}: {str(exc)[:120]}{where}"


@dataclass
class Folder:
    server_id: str
    class_name: str
    sync_key: str = "0"
    server_ids: list[str] = field(default_factory=list)


class Fuzzer:
    """Sends ``count`` mutated requests to one server (strict or Z-Push mode)."""

    def __init__(self, app: ServerApp, seed: int) -> None:
        self.app = app
        self.rnd = random.Random(seed)
        self.client = Client(app, device_id="FuzzDevice0123456789")
        self.prov = Client(app, device_id="FuzzProvisioning01", auto_provision=False)
        self.hierarchy_key = "0"
        self.folders: list[Folder] = []
        self.errors = _Errors()
        logging.getLogger("zpush_sim.server").addHandler(self.errors)
        self.since_setup = 0

    def close(self) -> None:
        logging.getLogger("zpush_sim.server").removeHandler(self.errors)

    # -- live state -------------------------------------------------------------

    def setup(self) -> None:
        """Provision, FolderSync and a first Sync of every folder: live keys and ids."""
        self.client.auto_provision = False
        self.client.provision(check=False)
        reply = self.client.eas("FolderSync", FolderSyncRequest("0").to_tree())
        self.folders = []
        if reply.status == 200 and reply.body:
            answer = FolderSyncResponse.from_tree(reply.tree())
            self.hierarchy_key = answer.sync_key
            classes = {"Contacts": "Contacts", "Calendar": "Calendar", "Tasks": "Tasks"}
            for f in answer.add:
                if f.display_name in classes:
                    self.folders.append(Folder(f.server_id, classes[f.display_name]))
        for folder in self.folders:
            for _ in range(2):
                request = CollectionRequest(folder.sync_key, folder.server_id, window_size=50)
                self._learn(self.client.eas("Sync", SyncRequest((request,)).to_tree()))
        self.since_setup = 0

    def _learn(self, reply: Reply) -> None:
        """Take new sync keys and server ids from a Sync answer."""
        if reply.status == 449 or b"\x03142\x00" in reply.body or b"\x03144\x00" in reply.body:
            self.since_setup = 10**9  # the device must provision again
            return
        if reply.status != 200 or not reply.body.startswith(b"\x03\x01j\x00E"):
            return
        try:
            answer = SyncResponse.from_tree(wbxml.decode(reply.body))
        except ValueError:
            return
        by_id = {f.server_id: f for f in self.folders}
        for collection in answer.collections:
            folder = by_id.get(collection.collection_id)
            if folder is None or not collection.sync_key:
                continue
            folder.sync_key = collection.sync_key
            for command in collection.commands:
                server_id = getattr(command, "server_id", None)
                if server_id and len(folder.server_ids) < 200:
                    folder.server_ids.append(server_id)

    # -- valid requests from the state ------------------------------------------------

    def _item(self, class_name: str) -> Element:
        r = self.rnd
        start = NOW + timedelta(days=r.randint(-40, 200), hours=r.randint(0, 23))
        if class_name == "Contacts":
            item = ContactItem(
                {"FirstName": "Ann", "LastName": "Lee", "Email1Address": "ann@example.org",
                 "MobilePhoneNumber": "+49 170 1", "BusinessAddressCity": "Aachen",
                 "Birthday": "1980-05-01T00:00:00.000Z"},
                categories=("Customer",), body="note",
            )  # fmt: skip
            return contact_to_application_data(item)
        if class_name == "Calendar":
            appointment = AppointmentItem(
                subject="Viewing", start_time=start, end_time=start + timedelta(hours=1),
                location="Office", body="b", reminder=r.choice([None, 15, 7]),
                attendees=(Attendee("ann@example.org", "Ann"),),
                recurrence=r.choice([None, Recurrence(RecurrenceType.WEEKLY, 2, occurrences=5,
                                                      day_of_week=2)]),
                exceptions=r.choice([(), (AppointmentException(start + timedelta(days=14),
                                                               deleted=True),)]),
                uid="fuzz", categories=("Viewing",),
            )  # fmt: skip
            return appointment_to_application_data(appointment)
        task = TaskItem(
            subject="Call back", body="b", importance=Importance.HIGH, start_date=start,
            utc_start_date=start, due_date=start, utc_due_date=start,
            complete=r.random() < 0.2, date_completed=start, categories=("Call",),
            reminder_set=True, reminder_time=start,
        )  # fmt: skip
        return task_to_application_data(task)

    def _sync_of(self, folders: list[Folder]) -> Element:
        r = self.rnd
        collections = []
        for folder in folders:
            ops: list[Any] = []
            if folder.sync_key != "0":
                for _ in range(r.randint(0, 3)):
                    known = r.choice(folder.server_ids) if folder.server_ids else "1"
                    kind = r.randrange(4)
                    if kind == 0:
                        ops.append(Add(self._item(folder.class_name), None, f"c{r.randrange(99)}"))
                    elif kind == 1:
                        ops.append(Change(known, self._item(folder.class_name)))
                    elif kind == 2:
                        ops.append(Delete(known))
                    else:
                        ops.append(Fetch(known))
            collections.append(
                CollectionRequest(
                    folder.sync_key,
                    folder.server_id,
                    window_size=r.choice([None, 1, 5, 100]),
                    filter_type=r.choice([None, 0, 4, 5, 7]),
                    get_changes=r.choice([None, True, False]),
                    conflict=r.choice([None, 0, 1]),
                    body_preferences=r.choice([(), (BodyPreference(1, 200),)]),
                    commands=tuple(ops),
                )
            )
        wait = r.choice([None, None, None, 1])
        return SyncRequest(tuple(collections), wait=wait).to_tree()

    def _template(self, cmd: str) -> Element | None:
        r = self.rnd
        folders = self.folders or [Folder("contacts", "Contacts")]
        some = r.sample(folders, r.randint(1, len(folders)))
        ids = [i for f in folders for i in f.server_ids] or ["1"]
        if cmd == "Sync":
            return self._sync_of(some)
        if cmd == "FolderSync":
            return FolderSyncRequest(r.choice([self.hierarchy_key, "0"])).to_tree()
        if cmd == "GetItemEstimate":
            estimates = tuple(EstimateCollection(f.server_id, f.sync_key, 0) for f in some)
            return GetItemEstimateRequest(estimates).to_tree()
        if cmd == "Ping":
            watched = tuple(PingFolder(f.server_id, f.class_name) for f in some)
            return PingRequest(r.choice([60, 480, None]), watched).to_tree()
        if cmd == "Settings":
            info = DeviceInformation(model="iPhone", os="iOS 17", user_agent="Apple")
            return SettingsRequest(info, user_information_get=True).to_tree()
        if cmd in ("SendMail", "SmartReply", "SmartForward"):
            source = None if cmd == "SendMail" else Source(folder_id=some[0].server_id,
                                                           item_id=r.choice(ids))  # fmt: skip
            mime = b"From: a@b\r\nTo: c@d\r\nSubject: x\r\n\r\nbody"
            return ComposeMailRequest(cmd, mime, client_id="1", source=source).to_tree()
        if cmd == "MeetingResponse":
            calendar = next((f for f in folders if f.class_name == "Calendar"), folders[0])
            request = MeetingRequest(r.choice([1, 2, 3]), r.choice(ids), calendar.server_id)
            return MeetingResponseRequest((request,)).to_tree()
        if cmd == "Provision":
            info = DeviceInformation(model="iPhone")
            return r.choice(
                [ProvisionRequest(device_information=info),
                 ProvisionRequest(policy_key=r.choice([1, 2**31, 0]), policy_status=1)]
            ).to_tree()  # fmt: skip
        return None

    # -- mutations ------------------------------------------------------------

    def _mutate_tree(self, root: Element) -> Element:
        r = self.rnd
        for _ in range(r.choice([1, 1, 1, 2, 3])):
            nodes = list(root.iter())
            leaves = [n for n in nodes if not n.children] or nodes
            numbers = [n for n in leaves if isinstance(n.value, str) and n.value.isdigit()]
            kind = r.choices(range(11), weights=(30, 10, 10, 6, 6, 6, 8, 6, 4, 4, 10))[0]
            node = r.choice(nodes)
            if kind == 0:  # an integer element gets an odd integer
                node = r.choice(numbers or leaves)
                node.value, node.children = r.choice(INTEGERS), []
            elif kind == 1:
                node = r.choice(leaves)
                node.value, node.children = r.choice(STRINGS), []
            elif kind in (2, 10):  # opaque data, NUL included, in place of a value
                node = r.choice(leaves)
                text = node.text or ""
                node.value = r.choice([*OPAQUES, text.encode() + b"\x00", text.encode()[:3]])
                node.children = []
            elif kind == 3 and node is not root:  # repeated
                parent = _parent(root, node)
                parent.children.insert(parent.children.index(node), _copy(node))
            elif kind == 4:  # nested in itself or in another element
                host = r.choice(nodes)
                if host.value is None and sum(1 for _ in node.iter()) < 200:
                    host.children.append(_copy(node))
            elif kind == 5 and node is not root:  # dropped
                _parent(root, node).children.remove(node)
            elif kind == 6:  # another code page's tag (or the same name elsewhere)
                name = node.tag.partition(":")[2]
                same = [t for t in ALL_TAGS if t.endswith(f":{name}") and t != node.tag]
                node.tag = r.choice(same) if same and r.random() < 0.5 else r.choice(ALL_TAGS)
            elif kind == 7 and node.value is None:  # a new child of any tag
                node.children.append(Element(r.choice(ALL_TAGS), r.choice(INTEGERS + STRINGS)))
            elif kind == 8:
                node.value, node.children = None, []
            elif kind == 9 and node is not root:  # moved under another parent
                host = r.choice(nodes)
                if host.value is None and not any(n is host for n in node.iter()):
                    _parent(root, node).children.remove(node)
                    host.children.append(node)
        return root

    def _mutate_bytes(self, body: bytes) -> bytes:
        r = self.rnd
        if not body:
            return body
        kind = r.randrange(4)
        at = r.randrange(len(body))
        if kind == 0:
            return body[:at]
        if kind == 1:
            return body[:at] + bytes([r.randrange(256)]) + body[at + 1 :]
        if kind == 2:
            return body[:at] + bytes([0, r.randrange(256)]) + body[at:]
        return body[:at] + r.randbytes(r.randint(1, 8)) + body[at:]

    def _query(self, cmd: str, client: Client) -> str:
        r = self.rnd
        roll = r.random()
        if roll < 0.8:
            return client.query(cmd)
        line = ASRequestLine(cmd, client.login, client.device_id, client.device_type,
                             protocol_version=r.choice(["14.1", "12.1", None]),
                             policy_key=client.policy_key)  # fmt: skip
        if roll < 0.88:
            try:
                text = build_query(line, encoding="base64")
            except (ValueError, TypeError):
                return client.query(cmd)
            if r.random() < 0.5:
                raw = bytearray(base64.b64decode(text + "=="))
                if raw:
                    raw[r.randrange(len(raw))] = r.randrange(256)
                text = base64.b64encode(bytes(raw[: r.randint(0, len(raw))])).decode()
            return text
        params = {"Cmd": cmd, "User": client.login, "DeviceId": client.device_id,
                  "DeviceType": client.device_type}  # fmt: skip
        key = r.choice(list(params))
        choice = r.randrange(5)
        if choice == 0:
            del params[key]
        elif choice == 1:
            params[key] = r.choice(["", "%00", "%ff%fe", "x" * 5000, "é", "a&b=c", "²"])
        parts = [f"{k}={v}" for k, v in params.items()]
        if choice == 2:
            parts.append(r.choice(parts))
        if choice == 3:
            parts.append(r.choice(["=", "&&", "%", "Cmd", "AttachmentName=%zz", "ItemId=\x01"]))
        if choice == 4:
            return r.choice(["", "&", "%ZZ", "Cmd", "\x00", "Cmd=Sync;DeviceId=1"])
        return "&".join(parts)

    def _headers(self, client: Client, body: bytes) -> tuple[dict[str, str], bool]:
        """Extra headers, and whether to send the client's credentials."""
        r = self.rnd
        headers: dict[str, str] = {}
        if r.random() < 0.1:
            headers["MS-ASProtocolVersion"] = r.choice([v for v in VERSIONS if v is not None])
        if r.random() < 0.1:
            headers["X-MS-PolicyKey"] = r.choice([*INTEGERS[:12], "garbage"])
        if r.random() < 0.05:
            headers["Content-Length"] = r.choice(
                ["²", "1e20", "100000000000000000000", "-1", str(len(body) + 10), "0", " 1"]
            )
        if r.random() < 0.03:
            headers["User-Agent"] = r.choice(["x" * 10_000, "Android/13", "Apple-iPhone", "é"])
        if r.random() < 0.03:
            headers["Content-Type"] = r.choice(["text/xml", "", "multipart/form-data; boundary="])
        if r.random() < 0.04:
            headers["Authorization"] = r.choice([
                "Basic", "Basic ²", "Basic " + base64.b64encode(b"\xff\xfe:\x00").decode(),
                "Bearer x", "Basic " + base64.b64encode(b"nouser").decode(),
                basic_authorization(DECOY_LOGIN, "wrong"), basic_authorization("x_y@z", "w"),
                "Basic " + "A" * 10_000,
            ])  # fmt: skip
        return headers, "Authorization" not in headers

    # -- one request -----------------------------------------------------------------

    def step(self) -> tuple[str, Reply]:
        r = self.rnd
        if self.since_setup > 300:
            self.setup()
        self.since_setup += 1
        if r.random() < 0.03:
            return self._autodiscover()
        cmd = r.choice(COMMANDS)
        client = self.prov if cmd == "Provision" else self.client
        tree = self._template(cmd)
        body = b""
        if tree is not None:
            if r.random() < 0.85:
                tree = self._mutate_tree(tree)
            try:
                body = wbxml.encode(tree)
            except (ValueError, TypeError):
                body = b""
        if r.random() < 0.15:
            body = self._mutate_bytes(body)
        query = self._query(cmd, client)
        headers, auth = self._headers(client, body)
        version = r.choice(VERSIONS[1:5]) if r.random() < 0.9 else r.choice(VERSIONS)
        method = "POST" if r.random() < 0.97 else r.choice(["OPTIONS", "GET", "PUT"])
        all_headers = {"Content-Type": "application/vnd.ms-sync.wbxml"}
        if client.policy_key is not None:
            all_headers["X-MS-PolicyKey"] = str(client.policy_key)
        if version is not None:
            all_headers["MS-ASProtocolVersion"] = version
        all_headers |= headers
        all_headers = {k: _latin1(v) for k, v in all_headers.items()}
        reply = self._send(client, method, ACTIVESYNC_PATH, _latin1(query), body, all_headers, auth)
        if cmd == "Sync" and client is self.client:
            self._learn(reply)
        elif cmd == "FolderSync" and reply.status == 200 and b"\x03142" in reply.body:
            self.since_setup = 10**9
        return f"{method} {cmd} {query[:60]!r} {body[:80]!r} {headers}", reply

    def _autodiscover(self) -> tuple[str, Reply]:
        r = self.rnd
        body = build_request(r.choice([
            "jane.doe_DoeRealEstate@activesync.onoffice.de", "x@other.example", "", "é@x",
        ]))  # fmt: skip
        if r.random() < 0.7:
            body = self._mutate_bytes(body)
        headers, auth = self._headers(self.client, body)
        headers = {k: _latin1(v) for k, v in headers.items()}
        reply = self._send(self.client, "POST", AUTODISCOVER_PATH, "", body, headers, auth)
        return f"autodiscover {body[:80]!r} {headers}", reply

    @staticmethod
    def _send(
        client: Client, method: str, path: str, query: str, body: bytes,
        headers: dict[str, str], auth: bool,
    ) -> Reply:  # fmt: skip
        # wsgiref's validator refuses a Content-Length that is not a number before the
        # app sees it; a server in front may pass it on, so it goes to the app directly.
        validated = client.wsgi
        if "Content-Length" in headers:
            client.wsgi = client.app
        try:
            return client.request(method, path, query=query, body=body, headers=headers,
                                  auth=auth)  # fmt: skip
        finally:
            client.wsgi = validated

    def run(self, count: int, stats: Stats | None = None, *, stop_early: bool = False) -> Stats:
        """``count`` requests (fewer with ``stop_early``: until the first finding)."""
        stats = stats if stats is not None else Stats()
        if not self.folders:
            self.setup()
        for _ in range(count):
            before = self.app.unhandled_errors
            what, reply = self.step()
            stats.requests += 1
            stats.statuses[reply.status] += 1
            if self.app.unhandled_errors != before:
                stats.unhandled += 1
                stats.findings.append(Finding("unhandled", what, self.errors.last))
            elif self.app.config.strict and reply.status == 500:
                stats.strict_500 += 1
                stats.findings.append(Finding("strict 500", what))
            if stop_early and stats.findings:
                break
        return stats


def _copy(node: Element) -> Element:
    return Element(node.tag, node.value, [_copy(c) for c in node.children])


def _parent(root: Element, node: Element) -> Element:
    for candidate in root.iter():
        if any(c is node for c in candidate.children):
            return candidate
    raise LookupError(node.tag)


def _latin1(text: str) -> str:
    """A header or query value as a WSGI server hands it over (PEP 3333: latin-1 str)."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def fuzz_app(strict: bool, **config: Any) -> ServerApp:
    """A demo server that keeps waiting Pings and Syncs short."""
    return demo_app(strict=strict, ping_poll_interval=0.0005, ping_real_limit=0.002, **config)


def fuzz(
    strict: bool,
    seed: int,
    count: int,
    make: Callable[..., ServerApp] = fuzz_app,
    *,
    stop_early: bool = False,
) -> Stats:
    app = make(strict)
    fuzzer = Fuzzer(app, seed)
    try:
        return fuzzer.run(count, stop_early=stop_early)
    finally:
        fuzzer.close()
        app.close()
