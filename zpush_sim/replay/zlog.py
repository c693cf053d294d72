"""A Z-Push debug log (LOGLEVEL_WBXML) read into the requests it records, in order.

What Z-Push 2.7 writes per request (one PHP worker, one PID):

    dd/mm/yyyy HH:MM:SS [PID] [LEVEL] [user] -------- Start
    ... cmd='Sync' devType='iPhone' devId='...' getUser='...' from='...' version='2.7.1
    ' method='POST'                                   (the version string ends in a newline)
    ... Request::ProcessHeaders() ASVersion: 14.0
    ... User-agent: 'Apple-iPhone9C4/1602.92'
    ... [WBXML] ... I  <AirSync:Sync>                 (decoded dump of the request)
    ... [WBXML] ... O  <AirSync:Sync>                 (decoded dump of the answer)
    ... [WBXML] ... WBXML-OUT: <base64>               (the answer)
    ... [WBXML] ... WBXML-IN : <base64>               (the request, first 4 KB only)
    ... WBXML 10K debug data: <base64>                (on a fatal error: the request's 10 KB)
    ... cmd='Sync' memory='...' time='...' ... version='2.7.1
    ' method='POST' httpcode='200'
    ... -------- End

Workers run in parallel, so lines of several requests interleave: each
line belongs to its PID's open request. Lines without the timestamp
prefix continue the line before them (CalDAV dumps, the version's
newline). Requests are ordered by their Start line.

A log this cannot read raises `LogError` naming the line; nothing else.
Must not: decode WBXML beyond checking it, or send anything.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

# Z-Push's WBXML-IN holds only the first 4 KB of a request (eas-facts, device-bugs.md).
WBXML_IN_LIMIT = 4096

_PREFIX = re.compile(
    r"^(?P<time>\d\d/\d\d/\d{4} \d\d:\d\d:\d\d) \[\s*(?P<pid>\d+)\] \[\s*(?P<level>[A-Z]+)\] "
    r"\[(?P<user>[^\]]*)\] (?P<text>.*)$"
)
_FIELD = re.compile(r"(\w+)='([^']*)'")
_BLOB = re.compile(r"^WBXML-(?P<dir>IN |OUT): ?(?P<data>\S*)\s*$")
# On a fatal error Z-Push logs the request's first 10 KB instead (device-bugs.md, Z-Push#99).
_DEBUG_DATA = re.compile(r"WBXML 10K debug data: ?(?P<data>\S+)\s*$")
DEBUG_DATA_LIMIT = 10240
_DUMP = re.compile(r"^(?P<dir>[IO]) (?P<text>.*)$")
_ASVERSION = re.compile(r"Request::ProcessHeaders\(\) ASVersion: (?P<v>[\d.]+)")
_USER_AGENT = re.compile(r"^User-agent: '(?P<ua>.*)'$")


class LogError(ValueError):
    """The log cannot be read; ``str()`` is the one line to print."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class Blob:
    data: bytes
    line: int
    truncated: bool = False  # Z-Push cut it at 4 KB: the WBXML does not end


@dataclass
class LoggedRequest:
    """One request as the log records it; ``n`` counts from 1 in Start order."""

    n: int
    line: int  # the Start line
    pid: str
    time: datetime
    user: str
    cmd: str = ""
    method: str = ""
    device_type: str = ""
    device_id: str = ""
    protocol_version: str | None = None
    user_agent: str | None = None
    http_status: int | None = None
    request: Blob | None = None
    response: Blob | None = None
    dump_in: list[str] = field(default_factory=list)
    dump_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings worth showing (loop detection)
    ended: bool = False

    @property
    def command(self) -> str:
        return self.cmd or self.method or "?"


@dataclass
class _Line:
    number: int
    time: str
    pid: str
    level: str
    user: str
    text: str


def _lines(text: Iterable[str]) -> Iterable[_Line]:
    """Prefixed lines, with their continuation lines joined (newline kept)."""
    current: _Line | None = None
    for number, raw in enumerate(text, start=1):
        line = raw.rstrip("\r\n")
        match = _PREFIX.match(line)
        if match is None:
            if current is None:
                if not line.strip():
                    continue
                raise LogError(number, "not a Z-Push log line (no 'dd/mm/yyyy HH:MM:SS [PID]')")
            current.text += "\n" + line
            continue
        if current is not None:
            yield current
        current = _Line(
            number, match["time"], match["pid"], match["level"], match["user"], match["text"]
        )
    if current is not None:
        yield current


def read_log(path: str | Path) -> list[LoggedRequest]:
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as file:
            return parse_log(file)
    except OSError as exc:
        raise LogError(0, f"cannot read {path}: {exc.strerror or exc}") from None


def parse_log(text: Iterable[str] | str) -> list[LoggedRequest]:
    """Every request of the log, in the order they started."""
    lines = text.splitlines(keepends=True) if isinstance(text, str) else text
    open_: dict[str, LoggedRequest] = {}
    done: list[LoggedRequest] = []
    for line in _lines(lines):
        request = open_.get(line.pid)
        if line.text.startswith("-------- Start"):
            if request is not None:
                raise LogError(
                    line.number, f"PID {line.pid} starts a request before ending #{request.n}"
                )
            request = LoggedRequest(
                n=0, line=line.number, pid=line.pid, time=_time(line), user=line.user
            )
            open_[line.pid] = request
            done.append(request)
            continue
        if request is None:
            continue  # lines outside a request (start-up probes) carry nothing to replay
        if line.text.startswith("-------- End"):
            request.ended = True
            del open_[line.pid]
            continue
        _read_line(request, line)
    if open_:
        first = min(open_.values(), key=lambda r: r.line)
        raise LogError(
            first.line, f"the request started here ({first.command}) has no End: truncated log?"
        )
    if not done:
        raise LogError(1, "no request in the log ('-------- Start' lines)")
    for number, request in enumerate(done, start=1):
        request.n = number
    return done


def _time(line: _Line) -> datetime:
    try:
        return datetime.strptime(line.time, "%d/%m/%Y %H:%M:%S")
    except ValueError:
        raise LogError(line.number, f"bad timestamp {line.time!r}") from None


def _read_line(request: LoggedRequest, line: _Line) -> None:
    text = line.text
    debug = _DEBUG_DATA.search(text)
    if debug is not None:  # any level: Z-Push writes it with the fatal error
        data = _base64(debug["data"], line.number)
        if request.request is None:
            request.request = Blob(data, line.number, truncated=len(data) >= DEBUG_DATA_LIMIT)
        return
    if line.level == "WBXML":
        blob = _BLOB.match(text)
        if blob is not None:
            data = _base64(blob["data"], line.number)
            if blob["dir"] == "OUT":
                request.response = Blob(data, line.number)
            else:
                request.request = Blob(data, line.number, truncated=len(data) >= WBXML_IN_LIMIT)
            return
        dump = _DUMP.match(text)
        if dump is not None:
            (request.dump_in if dump["dir"] == "I" else request.dump_out).append(dump["text"])
            return
    if "cmd='" in text and "devType='" in text:
        fields = dict(_FIELD.findall(text.replace("\n", "")))
        request.cmd = fields.get("cmd", request.cmd)
        request.device_type = fields.get("devType", request.device_type)
        request.device_id = fields.get("devId", request.device_id)
        request.method = fields.get("method", request.method)
        if "httpcode" in fields:
            if not fields["httpcode"].isdigit():
                raise LogError(line.number, f"httpcode {fields['httpcode']!r} is not a number")
            request.http_status = int(fields["httpcode"])
        return
    version = _ASVERSION.search(text)
    if version is not None:
        request.protocol_version = version["v"]
        return
    agent = _USER_AGENT.match(text)
    if agent is not None:
        request.user_agent = agent["ua"]
        return
    if line.level in ("WARN", "ERROR", "FATAL") and "loop" in text.lower():
        request.notes.append(text.strip())


def _base64(data: str, number: int) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise LogError(number, "the WBXML blob is not valid base64") from None
