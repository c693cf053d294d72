"""Replay a Z-Push log's requests, in order, against a target; compare each answer.

For each logged request (`zpush_sim.replay.zlog`):

1. OPTIONS starts a new account set-up: the PolicyKey goes back to 0.
2. On the embedded target, the items the log's server sends in this answer
   (and, for a Ping answered "changes", in the next one) are put into
   onOffice first, so the target has them to send too.
3. The body is the logged WBXML-IN with the log's SyncKeys, PolicyKeys and
   ServerIds replaced by the target's (`zpush_sim.replay.rewrite`). A
   request whose body Z-Push did not log (a 449 before it was read) goes
   without one; a body cut at 4 KB is not sent (the report says so).
4. Headers as the device sent them: MS-ASProtocolVersion, User-Agent (the
   last one the log named), X-MS-PolicyKey, Basic auth with the target's
   login; the query names the logged command, DeviceId and DeviceType.
5. The two answers are summed up and compared (`zpush_sim.replay.compare`);
   the first request whose answers differ is the first divergence.

Must not: parse the log or write reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests

from eas import wbxml
from eas.commands.foldersync import class_of_folder_type
from eas.http import ASRequestLine, basic_authorization, build_query, request_headers
from eas.tree import Element
from server.mapping.sources import SOURCES
from zpush_sim.replay.compare import Summary, differences, element_differences, summarise
from zpush_sim.replay.rewrite import KeyMap, collections, text
from zpush_sim.replay.targets import Target
from zpush_sim.replay.zlog import LoggedRequest

ACTIVESYNC_PATH = "/Microsoft-Server-ActiveSync"


def class_of(folder_type: str) -> str:
    """The Sync class of a logged FolderSync Type whose items onOffice holds, else ""."""
    kind = class_of_folder_type(int(folder_type)) if folder_type.isdigit() else ""
    return kind if kind in SOURCES else ""


@dataclass
class Exchange:
    logged: LoggedRequest
    log_root: Element | None
    sent: Element | None = None
    target_http: int | None = None
    target_root: Element | None = None
    log_summary: Summary = field(default_factory=lambda: Summary(None))
    target_summary: Summary = field(default_factory=lambda: Summary(None))
    differences: list[str] = field(default_factory=list)
    element_differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def diverges(self) -> bool:
        return bool(self.differences) or self.skipped is not None


@dataclass
class ReplayResult:
    target: str
    exchanges: list[Exchange]

    @property
    def first_divergence(self) -> int | None:
        return next((e.logged.n for e in self.exchanges if e.diverges), None)


def decode(blob: bytes | None) -> tuple[Element | None, str | None]:
    if not blob:
        return None, None
    try:
        return wbxml.decode(blob), None
    except wbxml.WBXMLError as exc:
        return None, f"WBXML not decodable at byte {exc.offset}: {exc.message}"


class Replayer:
    def __init__(self, requests_: list[LoggedRequest], target: Target) -> None:
        self.requests = requests_
        self.target = target
        self.keys = KeyMap()
        self.log_folder_types: dict[str, str] = {}
        self.seeded: set[str] = set()
        self.user_agent: str | None = next((r.user_agent for r in requests_ if r.user_agent), None)

    def run(self) -> ReplayResult:
        exchanges = [self._one(i, r) for i, r in enumerate(self.requests)]
        return ReplayResult(self.target.url, exchanges)

    # -- one request -------------------------------------------------------

    def _one(self, index: int, logged: LoggedRequest) -> Exchange:
        log_root, problem = decode(logged.response.data if logged.response else None)
        exchange = Exchange(logged, log_root)
        if problem:
            exchange.notes.append(f"the log's answer: {problem}")
        exchange.log_summary = summarise(logged.command, logged.http_status, log_root)
        if logged.user_agent:
            self.user_agent = logged.user_agent
        if logged.command == "FolderSync" and log_root is not None:
            for add in log_root.findall("Changes/Add"):
                self.log_folder_types[text(add, "ServerId")] = text(add, "Type")
        self._seed(exchange, index)
        body = self._body(exchange)
        if exchange.skipped:
            return exchange
        if logged.command == "OPTIONS":
            self.keys.reset_policy()
        try:
            status, content = self.target.send(self._request(logged, body))
        except requests.RequestException as exc:
            exchange.skipped = f"the target did not answer: {exc}"
            return exchange
        exchange.target_http = status
        exchange.target_root, problem = decode(content)
        if problem:
            exchange.notes.append(f"the target's answer: {problem}")
        exchange.target_summary = summarise(logged.command, status, exchange.target_root)
        exchange.differences = differences(exchange.log_summary, exchange.target_summary)
        exchange.element_differences = element_differences(
            exchange.log_summary, exchange.target_summary
        )
        self.keys.learn(logged.command, exchange.sent, log_root, exchange.target_root)
        return exchange

    def _body(self, exchange: Exchange) -> bytes | None:
        logged = exchange.logged
        if logged.request is None:
            if logged.command != "OPTIONS":
                exchange.notes.append("no body in the log (answered before Z-Push read it)")
            return None
        if logged.request.truncated:
            exchange.skipped = (
                f"the request body is cut at 4 KB in the log (line {logged.request.line})"
            )
            return None
        root, problem = decode(logged.request.data)
        if root is None:
            exchange.skipped = f"the logged request: {problem}"
            return None
        exchange.sent = self.keys.rewrite(root)
        return wbxml.encode(exchange.sent)

    def _request(self, logged: LoggedRequest, body: bytes | None) -> requests.Request:
        auth = basic_authorization(self.target.login, self.target.password)
        url = self.target.url + ACTIVESYNC_PATH
        if logged.command == "OPTIONS":
            headers = request_headers(None, None, auth, self.user_agent, content_type=None)
            return requests.Request("OPTIONS", url, headers=headers)
        line = ASRequestLine(
            logged.command, user=self.target.login, device_id=logged.device_id,
            device_type=logged.device_type,
        )  # fmt: skip
        headers = request_headers(
            logged.protocol_version, int(self.keys.policy_key), auth, self.user_agent
        )
        return requests.Request(
            "POST", f"{url}?{build_query(line)}", headers=headers, data=body or b""
        )

    # -- the log's data onto the target ------------------------------------

    def _seed(self, exchange: Exchange, index: int) -> None:
        answers = [exchange.log_root]
        if exchange.logged.command == "Ping" and "Ping=2" in exchange.log_summary.statuses:
            later = self.requests[index + 1 : index + 2]
            if later and later[0].response is not None:
                answers.append(decode(later[0].response.data)[0])
        for root in answers:
            for folder_id, coll in collections(root).items():
                class_name = class_of(self.log_folder_types.get(folder_id, ""))
                for add in coll.findall("Commands/Add"):
                    server_id = text(add, "ServerId")
                    data = add.find("ApplicationData")
                    if not class_name or data is None or server_id in self.seeded:
                        continue
                    self.seeded.add(server_id)
                    mine = self.target.seed(class_name, data)
                    if mine is None:
                        exchange.notes.append(f"the target cannot hold the log's item {server_id}")
                    else:
                        self.keys.items[server_id] = mine
