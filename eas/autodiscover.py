"""The Autodiscover "mobilesync" POX exchange (MS-ASCMD 2.2.1.1), sans-IO.

Owns the request and response documents: building them as devices and
servers send them, and parsing them back into frozen values. Untrusted XML
is parsed only through defusedxml with DTDs forbidden, so entity expansion
and external references fail as ``AutodiscoverError("unsafe_xml")``.

Must not: fetch URLs, pick the URL order a device tries (a profile's job),
check credentials, or choose HTTP status codes. ``AutodiscoverError.kind``
lets a server answer either Z-Push's way (400 for a schema other than
mobilesync, 500 without EMailAddress) or the specification's (ErrorCode
600/601 in an error document).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

_SCHEMAS = "http://schemas.microsoft.com/exchange/autodiscover"
MOBILESYNC_REQUEST_SCHEMA = f"{_SCHEMAS}/mobilesync/requestschema/2006"
MOBILESYNC_RESPONSE_SCHEMA = f"{_SCHEMAS}/mobilesync/responseschema/2006"
OUTLOOK_REQUEST_SCHEMA = f"{_SCHEMAS}/outlook/requestschema/2006"
OUTLOOK_RESPONSE_SCHEMA = f"{_SCHEMAS}/outlook/responseschema/2006a"
# MS-ASCMD 6.4: the outer Autodiscover element of every response.
RESPONSE_SCHEMA = f"{_SCHEMAS}/responseschema/2006"

AUTODISCOVER_PATH = "/Autodiscover/Autodiscover.xml"
XML_CONTENT_TYPE = "text/xml; charset=utf-8"
DEFAULT_CULTURE = "en:us"
SERVER_TYPE_MOBILESYNC = "MobileSync"  # MS-ASCMD 2.2.3.186.1

# MS-ASCMD 2.2.3.64 ErrorCode: 600 an invalid request, 601 no provider for the
# requested AcceptableResponseSchema.
ERROR_INVALID_REQUEST = 600
ERROR_PROVIDER_NOT_FOUND = 601
# MS-ASCMD 2.2.3.177.1 Status (Autodiscover): 2 protocol error.
STATUS_PROTOCOL_ERROR = 2

ErrorKind = Literal[
    "not_xml",
    "unsafe_xml",
    "not_autodiscover",
    "no_request",
    "multiple_requests",
    "missing_email",
    "missing_schema",
    "unsupported_schema",
    "unexpected_response",
]

# XML 1.0 section 2.2: characters a document may not contain at all.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class AutodiscoverError(ValueError):
    """An Autodiscover document that cannot be used; ``kind`` says why."""

    def __init__(self, kind: ErrorKind, message: str, *, schema: str | None = None) -> None:
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.schema = schema  # the AcceptableResponseSchema sent, for "unsupported_schema"

    @property
    def error_code(self) -> int:
        """The ErrorCode a strict server answers (MS-ASCMD 2.2.3.64, 2.2.3.150.1)."""
        if self.kind == "unsupported_schema":
            return ERROR_PROVIDER_NOT_FOUND
        return ERROR_INVALID_REQUEST


@dataclass(frozen=True)
class AutodiscoverRequest:
    """A parsed request; ``request_schema`` is the document's namespace ("" if none)."""

    email_address: str
    acceptable_response_schema: str
    request_schema: str = MOBILESYNC_REQUEST_SCHEMA


@dataclass(frozen=True)
class AutodiscoverSettings:
    """What a successful response tells: who the user is and the MobileSync URL."""

    display_name: str  # "" when the response has none (it is optional)
    email_address: str
    url: str
    culture: str = DEFAULT_CULTURE


@dataclass(frozen=True)
class AutodiscoverFault:
    """An error response: ErrorCode (Response/Error) or Status (Action/Error)."""

    error_code: int | None
    status: int | None
    message: str
    debug_data: str = ""


@dataclass(frozen=True)
class AutodiscoverResult:
    """Exactly one of ``settings``, ``redirect`` (an e-mail address) and ``error``."""

    settings: AutodiscoverSettings | None = None
    redirect: str | None = None
    error: AutodiscoverFault | None = None

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.settings, self.redirect, self.error)) != 1:
            raise ValueError("AutodiscoverResult holds exactly one outcome")

    @property
    def kind(self) -> Literal["settings", "redirect", "error"]:
        if self.settings is not None:
            return "settings"
        return "redirect" if self.redirect is not None else "error"


# -- writing ---------------------------------------------------------------


@dataclass(frozen=True)
class _El:
    name: str
    content: str | list[_El] = ""
    attrs: dict[str, str] = field(default_factory=dict)


def _escaped(text: str, *, attribute: bool = False) -> str:
    if _NOT_XML_CHAR.search(text):
        raise ValueError(f"{text!r} holds a character XML 1.0 cannot carry")
    entities = {"\r": "&#13;"}
    if attribute:
        entities |= {'"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
    return escape(text, entities)


def _render(element: _El, depth: int = 0) -> str:
    pad = "  " * depth
    attrs = "".join(f' {k}="{_escaped(v, attribute=True)}"' for k, v in element.attrs.items())
    head = f"{pad}<{element.name}{attrs}"
    if isinstance(element.content, str):
        if not element.content:
            return f"{head} />\n"
        return f"{head}>{_escaped(element.content)}</{element.name}>\n"
    inner = "".join(_render(child, depth + 1) for child in element.content)
    return f"{head}>\n{inner}{pad}</{element.name}>\n"


def _document(root: _El) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + _render(root)).encode()


def _mobilesync_response(*children: _El) -> bytes:
    # MS-ASCMD 4.2: Autodiscover (response schema) > Response (mobilesync schema).
    response = _El("Response", list(children), {"xmlns": MOBILESYNC_RESPONSE_SCHEMA})
    return _document(_El("Autodiscover", [response], {"xmlns": RESPONSE_SCHEMA}))


def build_request(
    email: str,
    acceptable_schema: str = MOBILESYNC_RESPONSE_SCHEMA,
    *,
    request_schema: str | None = None,
) -> bytes:
    """The POST body a device sends (MS-ASCMD 4.2.1), UTF-8 with the XML declaration.

    The request namespace follows the response schema asked for (Outlook's
    for ``OUTLOOK_RESPONSE_SCHEMA``) unless ``request_schema`` says otherwise.
    """
    if request_schema is None:
        outlook = acceptable_schema == OUTLOOK_RESPONSE_SCHEMA
        request_schema = OUTLOOK_REQUEST_SCHEMA if outlook else MOBILESYNC_REQUEST_SCHEMA
    request = _El(
        "Request",
        [_El("EMailAddress", email), _El("AcceptableResponseSchema", acceptable_schema)],
    )
    return _document(_El("Autodiscover", [request], {"xmlns": request_schema}))


def build_response(settings: AutodiscoverSettings) -> bytes:
    """A success response (MS-ASCMD 4.2.4) with one MobileSync server.

    Url and Name both carry the URL, as MS-ASCMD 2.2.3.120.1 and Z-Push do.
    """
    user = [_El("EMailAddress", settings.email_address)]
    if settings.display_name:
        user.insert(0, _El("DisplayName", settings.display_name))
    server = _El(
        "Server",
        [
            _El("Type", SERVER_TYPE_MOBILESYNC),
            _El("Url", settings.url),
            _El("Name", settings.url),
        ],
    )
    return _mobilesync_response(
        _El("Culture", settings.culture),
        _El("User", user),
        _El("Action", [_El("Settings", [server])]),
    )


def build_redirect_response(email: str, *, culture: str = DEFAULT_CULTURE) -> bytes:
    """Action/Redirect: try again with this address's domain (MS-ASCMD 2.2.3.147)."""
    return _mobilesync_response(_El("Culture", culture), _El("Action", [_El("Redirect", email)]))


def build_error_response(
    code: int,
    message: str,
    debug_data: str = "",
    *,
    time: str | None = None,
    error_id: int | None = None,
) -> bytes:
    """Response/Error with an ErrorCode such as 600 or 601 (MS-ASCMD 2.2.3.64, 6.4).

    The Response is in the outer response schema, as AutodiscoverResponse.xsd
    defines it. ``time`` and ``error_id`` fill the optional Time and Id
    attributes; the caller supplies them, since this module reads no clock.
    """
    attrs = {"Time": time} if time is not None else {}
    if error_id is not None:
        attrs["Id"] = str(error_id)
    error = _El(
        "Error",
        [
            _El("ErrorCode", str(code)),
            _El("Message", message),
            _El("DebugData", debug_data),
        ],
        attrs,
    )
    return _document(_El("Autodiscover", [_El("Response", [error])], {"xmlns": RESPONSE_SCHEMA}))


def build_action_error_response(
    status: int,
    message: str,
    debug_data: str = "",
    *,
    email: str | None = None,
    culture: str = DEFAULT_CULTURE,
) -> bytes:
    """Action/Error with a Status, e.g. 2 protocol error (MS-ASCMD 4.2.2)."""
    children = [_El("Culture", culture)]
    if email is not None:
        children.append(_El("User", [_El("EMailAddress", email)]))
    details = [_El("Status", str(status)), _El("Message", message), _El("DebugData", debug_data)]
    children.append(_El("Action", [_El("Error", details)]))
    return _mobilesync_response(*children)


# -- reading ---------------------------------------------------------------


def _parse_xml(body: bytes) -> Element:
    try:
        return SafeET.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise AutodiscoverError("unsafe_xml", f"refused unsafe XML: {exc!r}") from exc
    except (ParseError, ValueError, LookupError) as exc:
        raise AutodiscoverError("not_xml", f"not well-formed XML: {exc}") from exc


def _split(tag: str) -> tuple[str, str]:
    namespace, _, name = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, name


def _children(parent: Element | None, name: str) -> list[Element]:
    # Matched by local name: clients and servers disagree on namespaces in the wild.
    if parent is None:
        return []
    return [child for child in parent if _split(child.tag)[1] == name]


def _first(parent: Element | None, name: str) -> Element | None:
    found = _children(parent, name)
    return found[0] if found else None


def _text(parent: Element | None, name: str) -> str | None:
    """The stripped text of the first ``name`` child; "" if empty, None if absent."""
    child = _first(parent, name)
    return None if child is None else (child.text or "").strip()


def _root(body: bytes) -> tuple[str, Element]:
    root = _parse_xml(body)
    namespace, name = _split(root.tag)
    if name != "Autodiscover":
        raise AutodiscoverError("not_autodiscover", f"root element is {name!r}")
    return namespace, root


def parse_request(
    body: bytes, *, accepted_schemas: Collection[str] = (MOBILESYNC_RESPONSE_SCHEMA,)
) -> AutodiscoverRequest:
    """Parse a request body; raise ``AutodiscoverError`` for anything a server must refuse.

    Checks follow Z-Push's order: one Request, then EMailAddress, then an
    AcceptableResponseSchema from ``accepted_schemas``.
    """
    namespace, root = _root(body)
    requests = _children(root, "Request")
    if not requests:
        raise AutodiscoverError("no_request", "no Request element")
    if len(requests) > 1:  # MS-ASCMD 2.2.3.150.1: ErrorCode 600
        raise AutodiscoverError("multiple_requests", f"{len(requests)} Request elements")
    email = _text(requests[0], "EMailAddress")
    if not email:
        raise AutodiscoverError("missing_email", "Request without EMailAddress")
    schema = _text(requests[0], "AcceptableResponseSchema")
    if not schema:
        raise AutodiscoverError("missing_schema", "Request without AcceptableResponseSchema")
    if schema not in accepted_schemas:
        raise AutodiscoverError(
            "unsupported_schema", f"response schema {schema!r} not supported", schema=schema
        )
    return AutodiscoverRequest(email, schema, namespace)


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and re.fullmatch(r"-?[0-9]{1,9}", text) else None


def _fault(error: Element) -> AutodiscoverResult:
    return AutodiscoverResult(
        error=AutodiscoverFault(
            error_code=_int(_text(error, "ErrorCode")),
            status=_int(_text(error, "Status")),
            message=_text(error, "Message") or "",
            debug_data=_text(error, "DebugData") or "",
        )
    )


def parse_response(body: bytes) -> AutodiscoverResult:
    """Read a response into settings, a redirect or an error; raise for anything else.

    Settings need a Server of Type MobileSync with a Url (or, failing that,
    a Name); a Response/Error is read wherever its Response's namespace is.
    """
    _, root = _root(body)
    responses = _children(root, "Response")
    if len(responses) != 1:
        raise AutodiscoverError("unexpected_response", f"{len(responses)} Response elements")
    response = responses[0]
    error = _first(response, "Error")
    if error is not None:
        return _fault(error)
    action = _first(response, "Action")
    redirect = _text(action, "Redirect")
    if redirect:
        return AutodiscoverResult(redirect=redirect)
    error = _first(action, "Error")
    if error is not None:
        return _fault(error)
    for server in _children(_first(action, "Settings"), "Server"):
        url = _text(server, "Url") or _text(server, "Name")
        if _text(server, "Type") == SERVER_TYPE_MOBILESYNC and url:
            user = _first(response, "User")
            settings = AutodiscoverSettings(
                display_name=_text(user, "DisplayName") or "",
                email_address=_text(user, "EMailAddress") or "",
                url=url,
                culture=_text(response, "Culture") or DEFAULT_CULTURE,
            )
            return AutodiscoverResult(settings=settings)
    raise AutodiscoverError("unexpected_response", "no Redirect, Error or MobileSync Server")
