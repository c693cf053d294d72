"""The conversation log: every HTTP exchange of a device, decoded for people.

`simulator.transport` records each request and its answer (or the failure)
here; steps print it when a scenario fails and ``zpush-sim device`` prints
it as it goes. WBXML bodies are shown as XML (`eas.xmlview`), XML and text
as text, anything else by size. The password in an Authorization header is
never shown.

Must not: send anything or interpret the exchange (whether a 401 means
"password incorrect" is the account set-up's business).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from eas import wbxml
from eas.http import WBXML_CONTENT_TYPE, command_of, parse_basic_authorization
from eas.xmlview import to_xml

Headers = tuple[tuple[str, str], ...]
_PREVIEW_BYTES = 64


def is_wbxml(headers: Mapping[str, str]) -> bool:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return content_type.split(";")[0].strip().lower() == WBXML_CONTENT_TYPE


def _content_type(headers: Headers) -> str:
    value = next((v for k, v in headers if k.lower() == "content-type"), "")
    return value.split(";")[0].strip().lower()


def render_body(body: bytes, headers: Headers) -> str | None:
    """A readable form of a body: XML for WBXML, text for text, else its size."""
    if not body:
        return None
    content_type = _content_type(headers)
    if content_type == WBXML_CONTENT_TYPE:
        try:
            return to_xml(wbxml.decode(body))
        except wbxml.WBXMLError as exc:
            return f"(undecodable WBXML: {exc}) {body[:_PREVIEW_BYTES].hex(' ')}"
    if content_type.startswith("text/") or "xml" in content_type or body.lstrip().startswith(b"<"):
        return body.decode("utf-8", "replace")
    return f"({len(body)} bytes of {content_type or 'unknown type'})"


def _redacted(headers: Mapping[str, str]) -> Headers:
    shown: list[tuple[str, str]] = []
    for name, value in headers.items():
        if name.lower() == "authorization":
            credentials = parse_basic_authorization(value)
            value = f"Basic {credentials[0]}:***" if credentials else "***"
        shown.append((name, value))
    return tuple(shown)


@dataclass(frozen=True)
class Exchange:
    """One request and what came back: a status, or ``error`` when nothing did."""

    at: datetime
    method: str
    url: str
    request_headers: Headers
    request_body: bytes
    status: int | None = None
    reason: str = ""
    response_headers: Headers = ()
    response_body: bytes = b""
    error: str | None = None

    @classmethod
    def answered(
        cls,
        at: datetime,
        method: str,
        url: str,
        request_headers: Mapping[str, str],
        request_body: bytes,
        status: int,
        reason: str,
        response_headers: Mapping[str, str],
        response_body: bytes,
    ) -> Exchange:
        return cls(
            at,
            method,
            url,
            _redacted(request_headers),
            request_body,
            status,
            reason,
            tuple(response_headers.items()),
            response_body,
        )

    @classmethod
    def failed(
        cls,
        at: datetime,
        method: str,
        url: str,
        request_headers: Mapping[str, str],
        request_body: bytes,
        error: str,
    ) -> Exchange:
        return cls(at, method, url, _redacted(request_headers), request_body, error=error)

    @property
    def cmd(self) -> str | None:
        """The EAS command of the query (plain or base64), or None (OPTIONS, autodiscover)."""
        return command_of(self.url)

    @property
    def request_text(self) -> str | None:
        return render_body(self.request_body, self.request_headers)

    @property
    def response_text(self) -> str | None:
        return render_body(self.response_body, self.response_headers)

    def format(self) -> str:
        lines = [f"--> {self.method} {self.url}    [{self.at.isoformat()}]"]
        lines += [f"    {name}: {value}" for name, value in self.request_headers]
        if self.request_text:
            lines += _indented(self.request_text)
        if self.error is not None:
            lines.append(f"<-- no answer: {self.error}")
            return "\n".join(lines)
        lines.append(f"<-- {self.status} {self.reason}".rstrip())
        lines += [f"    {name}: {value}" for name, value in self.response_headers]
        if self.response_text:
            lines += _indented(self.response_text)
        return "\n".join(lines)


def _indented(text: str) -> list[str]:
    return [f"    {line}" for line in text.rstrip("\n").splitlines()]


class Conversation:
    """The exchanges of one device, oldest first."""

    def __init__(self) -> None:
        self._exchanges: list[Exchange] = []

    def record(self, exchange: Exchange) -> None:
        self._exchanges.append(exchange)

    def __iter__(self) -> Iterator[Exchange]:
        return iter(self._exchanges)

    def __len__(self) -> int:
        return len(self._exchanges)

    def __getitem__(self, index: int) -> Exchange:
        return self._exchanges[index]

    @property
    def last(self) -> Exchange | None:
        return self._exchanges[-1] if self._exchanges else None

    def commands(self) -> list[str]:
        """What was sent, in order: ``Cmd=`` names, or the method and URL otherwise."""
        return [x.cmd or f"{x.method} {x.url}" for x in self._exchanges]

    def clear(self) -> None:
        self._exchanges.clear()

    def format(self, since: int = 0) -> str:
        """The decoded conversation from exchange ``since`` on, blank-line separated."""
        return "\n\n".join(x.format() for x in self._exchanges[since:])
