"""What the server received: a bounded log of every request, as the server read it.

Z-Push keeps a log per device (``LOGUSERLEVEL``/``LOGDEVICEIDS``); this is
the reference server's equivalent, read by the scenarios' checks on what
onOffice received ("the server received 3 Sync requests from her iPhone"),
so that such checks never trust the device's own account of what it sent.
Each entry keeps the request line (command, user, device), the HTTP status
of the answer, and the request body decoded to XML when it is WBXML.

Must not: change a request or its answer; fail (a body it cannot decode is
kept as its size).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from xml.etree import ElementTree

from eas import wbxml
from eas.http import QueryError, parse_query
from eas.xmlview import to_xml

MAX_ENTRIES = 10_000
MAX_BODY = 1 << 20  # bytes kept (and decoded) of one request body
MAX_BYTES = 64 << 20  # bodies kept in all: the oldest entries go first beyond this


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    cmd: str | None
    user: str | None
    device_id: str | None
    status: int
    body: bytes = b""
    seq: int = 0  # the log's running number: 1 for the server's first request

    @property
    def xml(self) -> str | None:
        """The WBXML body as XML, or None (no body, or not WBXML)."""
        if not self.body:
            return None
        try:
            return to_xml(wbxml.decode(self.body))
        except wbxml.WBXMLError:
            return None

    def values(self, element: str) -> list[str]:
        """The text of every element of that local name in the body, in document order."""
        text = self.xml
        if text is None:
            return []
        root = ElementTree.fromstring(text)
        return [e.text or "" for e in root.iter() if e.tag.rsplit("}", 1)[-1] == element]


class Tap:
    """A request's input stream that keeps a copy of what is read from it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._kept = bytearray()

    def read(self, size: int = -1) -> bytes:
        if self._stream is None:
            return b""
        data: bytes = self._stream.read(size)
        room = MAX_BODY - len(self._kept)
        if room > 0:
            self._kept += data[:room]
        return data

    @property
    def kept(self) -> bytes:
        return bytes(self._kept)


class RequestLog:
    """The last requests, oldest first, at most ``size`` of them and ``max_bytes`` of
    bodies (a long-running ``serve`` keeps it bounded); safe for the server's threads."""

    def __init__(self, size: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._entries: deque[Received] = deque()
        self._size, self._max_bytes, self._bytes = size, max_bytes, 0
        self._seq = 0  # grows with every entry, also once old ones are dropped
        self._lock = threading.Lock()

    @staticmethod
    def tap(environ: dict[str, Any]) -> Tap:
        """Keep what the handler reads of the body (the first MAX_BODY bytes).

        Nothing is read here: a body is read only by a handler that has
        checked the request's credentials (issue 13), so an unauthenticated
        upload is neither read nor logged.
        """
        tap = Tap(environ.get("wsgi.input"))
        environ["wsgi.input"] = tap
        return tap

    def record(self, environ: dict[str, Any], status: int, body: bytes) -> None:
        try:
            line = parse_query(str(environ.get("QUERY_STRING", "")))
            cmd, user, device = line.cmd or None, line.user, line.device_id
        except QueryError:
            cmd = user = device = None
        entry = Received(
            str(environ.get("REQUEST_METHOD", "")),
            str(environ.get("PATH_INFO", "")),
            cmd,
            user,
            device,
            status,
            body,
        )
        with self._lock:
            self._seq += 1
            entry = replace(entry, seq=self._seq)
            self._entries.append(entry)
            self._bytes += len(body)
            while len(self._entries) > self._size or self._bytes > self._max_bytes:
                self._bytes -= len(self._entries.popleft().body)

    def __iter__(self) -> Iterator[Received]:
        with self._lock:
            return iter(list(self._entries))

    def after(self, seq: int) -> list[Received]:
        """The entries logged after the one numbered ``seq`` (0: all that are kept)."""
        return [e for e in self if e.seq > seq]

    def from_device(self, device_id: str) -> list[Received]:
        return [e for e in self if e.device_id == device_id]
