"""MS-ASHTTP framing: the request line, headers, Basic auth and OPTIONS, sans-IO.

Owns the two query forms of an EAS request URI (plain and base64,
MS-ASHTTP 2.2.1.1.1), the header names and values both sides exchange,
Basic credentials, the OPTIONS capability headers and version negotiation.

Must not: open sockets, read the clock or environment, or decide HTTP
status codes. Parsers report what was sent; whether a missing DeviceId is a
400, a Status 108 or Z-Push's 500 is the server's decision.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote

WBXML_CONTENT_TYPE = "application/vnd.ms-sync.wbxml"
ACTIVESYNC_PATH = "/Microsoft-Server-ActiveSync"

# Header names, spelled as MS-ASHTTP 2.2.1.1.2 / 2.2.2.1.2 spell them.
MS_ASPROTOCOLVERSION = "MS-ASProtocolVersion"
X_MS_POLICYKEY = "X-MS-PolicyKey"
MS_ASACCEPTMULTIPART = "MS-ASAcceptMultiPart"
MS_SERVER_ACTIVESYNC = "MS-Server-ActiveSync"
MS_ASPROTOCOLVERSIONS = "MS-ASProtocolVersions"
MS_ASPROTOCOLCOMMANDS = "MS-ASProtocolCommands"
X_MS_RP = "X-MS-RP"
RETRY_AFTER = "Retry-After"
WWW_AUTHENTICATE = "WWW-Authenticate"
AUTHORIZATION = "Authorization"

# MS-ASHTTP 2.2.1.1.2.6: the valid MS-ASProtocolVersion values.
PROTOCOL_VERSIONS = ("2.5", "12.0", "12.1", "14.0", "14.1", "16.0", "16.1")

# fmt: off
# MS-ASHTTP 2.2.1.1.1.1.2: command codes of the base64 query.
COMMAND_CODES: Mapping[str, int] = {
    "Sync": 0, "SendMail": 1, "SmartForward": 2, "SmartReply": 3, "GetAttachment": 4,
    "FolderSync": 9, "FolderCreate": 10, "FolderDelete": 11, "FolderUpdate": 12,
    "MoveItems": 13, "GetItemEstimate": 14, "MeetingResponse": 15, "Search": 16,
    "Settings": 17, "Ping": 18, "ItemOperations": 19, "Provision": 20,
    "ResolveRecipients": 21, "ValidateCert": 22,
}
# MS-ASHTTP 2.2.1.1.1.1.3: base64 parameter tags (2 and 5 are unassigned).
PARAMETER_TAGS: Mapping[str, int] = {
    "AttachmentName": 0, "CollectionId": 1, "ItemId": 3, "LongId": 4,
    "Occurrence": 6, "Options": 7, "User": 8,
}
# MS-ASHTTP 2.2.1.1.1.2.5: command parameters (spec order) -> ASRequestLine field.
_PLAIN_PARAMS: Mapping[str, str] = {
    "AttachmentName": "attachment_name", "CollectionId": "collection_id",
    "ItemId": "item_id", "LongId": "long_id", "Occurrence": "occurrence",
}
# fmt: on
COMMAND_NAMES: Mapping[int, str] = {code: name for name, code in COMMAND_CODES.items()}
# MS-ASCMD 2.2.1: every command; Find (2.2.1.2, 16.1) has no base64 code in the
# MS-ASHTTP tables checked, so it can only travel in the plain form.
COMMANDS: tuple[str, ...] = (*COMMAND_CODES, "Find")
# The Options parameter is one byte of flags (MS-ASHTTP 2.2.1.1.1.1.3).
OPTION_SAVEINSENT, OPTION_ACCEPTMULTIPART = 0x01, 0x02
# The en-US LCID of the MS-ASHTTP 2.2.1.1.1.1 example, for lines without a locale.
DEFAULT_LOCALE = 0x0409

_STRING_TAGS: Mapping[int, str] = {
    PARAMETER_TAGS[name]: field for name, field in {**_PLAIN_PARAMS, "User": "user"}.items()
}
_PLAIN_NAMES = frozenset({"Cmd", "User", "DeviceId", "DeviceType", "SaveInSent", *_PLAIN_PARAMS})
_VERSION_RE = re.compile(r"([0-9]{1,2})\.([0-9])")
_POLICY_KEY_RE = re.compile(r"[0-9]{1,10}")
_PRINTABLE_ID_RE = re.compile(rb"[A-Za-z0-9]*")


class QueryError(ValueError):
    """A request query that is neither a valid plain nor base64 query value."""


@dataclass(frozen=True)
class ASRequestLine:
    """The URI parameters of one EAS request (MS-ASHTTP 2.2.1.1.1).

    ``None``: absent; ``""``: sent empty (the base64 form cannot tell them
    apart: ``None``). Validity is the server's call. Only the
    base64 form carries ``protocol_version``, ``policy_key``, ``locale`` and
    ``accept_multipart``; the plain form sends them as the
    MS-ASProtocolVersion, X-MS-PolicyKey, Accept-Language and
    MS-ASAcceptMultiPart headers, so a parsed plain line has them unset.
    """

    cmd: str
    user: str | None = None
    device_id: str | None = None
    device_type: str | None = None
    protocol_version: str | None = None
    policy_key: int | None = None
    locale: int | None = None
    attachment_name: str | None = None
    collection_id: str | None = None
    item_id: str | None = None
    long_id: str | None = None
    occurrence: str | None = None
    save_in_sent: bool = False
    accept_multipart: bool = False


def parse_query(query: str, *, device_id_as_hex: bool = False) -> ASRequestLine:
    """Parse a request URI's query value: plain if it has ``&`` or a plain name, else base64.

    A base64 Device ID is bytes, read as text when alphanumeric ASCII and as
    lowercase hex otherwise; ``device_id_as_hex`` always gives hex, as Z-Push
    and Horde read it. Raises ``QueryError`` and nothing else.
    """
    if not query.strip():
        raise QueryError("empty query")
    pairs = parse_qsl(query, keep_blank_values=True)
    if "&" in query or any(name in _PLAIN_NAMES for name, _ in pairs):
        return _parse_plain(dict(pairs))  # a repeated parameter: the last wins
    return _parse_base64(unquote(query), device_id_as_hex)


def command_of(url: str) -> str | None:
    """The EAS command a request URL carries (plain or base64 query), or None."""
    query = url.partition("?")[2]
    if not query:
        return None
    try:
        return parse_query(query).cmd or None
    except QueryError:
        return None


def _parse_plain(params: dict[str, str]) -> ASRequestLine:
    # MS-ASHTTP 2.2.1.1.1.2: names are case-sensitive; unknown ones are ignored.
    cmd = params.get("Cmd", "")
    if not cmd:
        raise QueryError("plain query without Cmd")
    save = params.get("SaveInSent", "F")
    if save not in ("T", "F"):
        raise QueryError(f"SaveInSent must be T or F, not {save!r}")
    return ASRequestLine(
        cmd=cmd,
        user=params.get("User"),
        device_id=params.get("DeviceId"),
        device_type=params.get("DeviceType"),
        attachment_name=params.get("AttachmentName"),
        collection_id=params.get("CollectionId"),
        item_id=params.get("ItemId"),
        long_id=params.get("LongId"),
        occurrence=params.get("Occurrence"),
        save_in_sent=save == "T",
    )


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, size: int, what: str) -> bytes:
        if self.pos + size > len(self.data):
            raise QueryError(f"base64 query truncated in {what} at byte {self.pos}")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def counted(self, what: str) -> bytes:
        return self.take(self.take(1, f"{what} length")[0], what)


def _parse_base64(text: str, device_id_as_hex: bool) -> ASRequestLine:
    # MS-ASHTTP 2.2.1.1.1.1: RFC 2045 base64 of the byte sequence.
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise QueryError("query is neither plain text nor valid base64") from exc
    try:
        return _decode_fields(_Reader(data), device_id_as_hex)
    except UnicodeDecodeError as exc:
        raise QueryError(f"base64 query: a text field is not UTF-8 ({exc})") from exc


def _decode_fields(reader: _Reader, device_id_as_hex: bool) -> ASRequestLine:
    version_byte, code = reader.take(2, "header")
    (locale,) = struct.unpack("<H", reader.take(2, "locale"))
    if code not in COMMAND_NAMES:
        raise QueryError(f"unknown command code {code}")
    raw_id = reader.counted("device ID")
    hexed = device_id_as_hex or not _PRINTABLE_ID_RE.fullmatch(raw_id)
    device_id = raw_id.hex() if hexed else raw_id.decode("ascii")
    raw_key = reader.counted("policy key")
    if len(raw_key) not in (0, 4):
        raise QueryError(f"policy key length must be 0 or 4, not {len(raw_key)}")
    device_type = reader.counted("device type").decode()
    fields: dict[str, str] = {}
    options = 0
    while reader.pos < len(reader.data):
        tag = reader.take(1, "parameter tag")[0]
        value = reader.counted(f"parameter {tag}")
        if tag == PARAMETER_TAGS["Options"]:
            if len(value) != 1:
                raise QueryError(f"Options must be one byte, not {len(value)}")
            options = value[0]
        elif tag in _STRING_TAGS:
            fields[_STRING_TAGS[tag]] = value.decode()
        # Other tags (CollectionName 2 and ParentId 5 of older revisions) are skipped.
    return ASRequestLine(
        cmd=COMMAND_NAMES[code],
        device_id=device_id or None,
        device_type=device_type or None,
        protocol_version=f"{version_byte // 10}.{version_byte % 10}",
        policy_key=struct.unpack("<I", raw_key)[0] if raw_key else None,
        locale=locale,
        user=fields.get("user"),
        attachment_name=fields.get("attachment_name"),
        collection_id=fields.get("collection_id"),
        item_id=fields.get("item_id"),
        long_id=fields.get("long_id"),
        occurrence=fields.get("occurrence"),
        save_in_sent=bool(options & OPTION_SAVEINSENT),
        accept_multipart=bool(options & OPTION_ACCEPTMULTIPART),
    )


def build_query(line: ASRequestLine, *, encoding: Literal["plain", "base64"] = "plain") -> str:
    """The query value for ``line``; ``parse_query`` reads it back unchanged.

    The plain form leaves out what travels in headers (see ``ASRequestLine``);
    the base64 form needs ``protocol_version`` and a command with a code.
    """
    if encoding == "base64":
        return _build_base64(line)
    params: dict[str, str | None] = {
        "Cmd": line.cmd,
        "User": line.user,
        "DeviceId": line.device_id,
        "DeviceType": line.device_type,
        **{name: getattr(line, field) for name, field in _PLAIN_PARAMS.items()},
        "SaveInSent": "T" if line.save_in_sent else None,  # F is the default
    }
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items() if v is not None)


def _counted(value: bytes, what: str) -> bytes:
    if len(value) > 255:
        raise QueryError(f"{what} is longer than 255 bytes")
    return bytes([len(value)]) + value


def _build_base64(line: ASRequestLine) -> str:
    if line.cmd not in COMMAND_CODES:
        raise QueryError(f"{line.cmd!r} has no base64 command code")
    match = _VERSION_RE.fullmatch(line.protocol_version or "")
    if not match:
        raise QueryError(f"base64 query needs a protocol version, not {line.protocol_version!r}")
    version = int(match[1]) * 10 + int(match[2])  # MS-ASHTTP 2.2.1.1.1.1: 14.1 -> 141
    locale = DEFAULT_LOCALE if line.locale is None else line.locale
    try:
        out = bytearray(struct.pack("<BBH", version, COMMAND_CODES[line.cmd], locale))
        key = b"" if line.policy_key is None else struct.pack("<I", line.policy_key)
    except struct.error as exc:
        raise QueryError(f"version, locale or policy key out of range: {exc}") from exc
    out += _counted((line.device_id or "").encode(), "device ID")
    out += _counted(key, "policy key")
    out += _counted((line.device_type or "").encode(), "device type")
    for tag, field in _STRING_TAGS.items():
        value = getattr(line, field)
        if value is not None:
            out += bytes([tag]) + _counted(value.encode(), field)
    options = OPTION_SAVEINSENT * line.save_in_sent | OPTION_ACCEPTMULTIPART * line.accept_multipart
    if options:
        out += bytes([PARAMETER_TAGS["Options"], 1, options])
    return base64.b64encode(bytes(out)).decode("ascii")


# -- Basic authentication (RFC 7617) -------------------------------------


def basic_authorization(user: str, password: str) -> str:
    """The Authorization header value; UTF-8, as mobiles send it."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def parse_basic_authorization(value: str | None) -> tuple[str, str] | None:
    """``(user, password)`` from an Authorization value; ``None`` if absent or malformed.

    Credentials that are not UTF-8 are read as ISO-8859-1, which is what
    Outlook sends (Z-Push converts the same way, ZP-864).
    """
    scheme, _, token = (value or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        raw = base64.b64decode(token.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("iso-8859-1")
    user, colon, password = text.partition(":")
    return (user, password) if colon else None


def www_authenticate(realm: str = "ZPush") -> str:
    """The WWW-Authenticate value of a 401 (Z-Push's realm by default)."""
    return f'Basic realm="{realm}"'


# -- versions, policy key, OPTIONS ---------------------------------------


def parse_protocol_version(value: str | None) -> str | None:
    """The ``major.minor`` version from an MS-ASProtocolVersion value, or ``None``."""
    match = _VERSION_RE.fullmatch((value or "").strip())
    return f"{int(match[1])}.{match[2]}" if match else None


def version_key(version: str) -> tuple[int, int]:
    """A sort key for a ``major.minor`` version: 2.5 < 12.0 < 14.1 < 16.1."""
    major, _, minor = version.partition(".")
    return int(major), int(minor)


def negotiate_version(device_versions: Sequence[str], server_versions: Sequence[str]) -> str | None:
    """The highest version both sides list; malformed entries are ignored."""
    device = {v for v in map(parse_protocol_version, device_versions) if v}
    server = {v for v in map(parse_protocol_version, server_versions) if v}
    return max(device & server, key=version_key, default=None)


def parse_policy_key(value: str | None) -> int | None:
    """An X-MS-PolicyKey value as an unsigned 32-bit int; ``None`` if absent or malformed."""
    text = (value or "").strip()
    return int(text) if _POLICY_KEY_RE.fullmatch(text) and int(text) <= 0xFFFFFFFF else None


@dataclass(frozen=True)
class ServerOptions:
    """What an OPTIONS response announced (MS-ASHTTP 2.2.2.1.2)."""

    versions: tuple[str, ...]
    commands: tuple[str, ...]
    server_version: str | None


def header_value(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup (RFC 9110 5.1)."""
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def _comma_list(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


def options_headers(
    versions: Sequence[str], commands: Sequence[str], server_version: str
) -> list[tuple[str, str]]:
    """Headers of a 200 answer to OPTIONS; an empty ``server_version`` is left out."""
    head = [(MS_SERVER_ACTIVESYNC, server_version)] if server_version else []
    lists = [(MS_ASPROTOCOLVERSIONS, versions), (MS_ASPROTOCOLCOMMANDS, commands)]
    return head + [(name, ",".join(items)) for name, items in lists]  # MS-ASHTTP 2.2.2.1.2.2/3


def parse_options_headers(headers: Mapping[str, str]) -> ServerOptions:
    """Read the OPTIONS headers; absent ones give empty tuples or ``None``. Never raises."""
    server_version = header_value(headers, MS_SERVER_ACTIVESYNC)
    return ServerOptions(
        versions=_comma_list(header_value(headers, MS_ASPROTOCOLVERSIONS)),
        commands=_comma_list(header_value(headers, MS_ASPROTOCOLCOMMANDS)),
        server_version=server_version.strip() if server_version is not None else None,
    )


def request_headers(
    version: str | None,
    policy_key: int | None,
    authorization: str | None,
    user_agent: str | None,
    *,
    content_type: str | None = WBXML_CONTENT_TYPE,
    accept_multipart: bool = False,
) -> dict[str, str]:
    """Headers of an EAS POST; ``None`` leaves a header out.

    ``version`` is ``None`` with a base64 query, which carries it (MS-ASHTTP
    2.2.1.1.2.6); a policy key of 0 is sent as ``0``, as iOS does.
    """
    pairs = (
        ("Content-Type", content_type),
        (MS_ASPROTOCOLVERSION, version),
        (X_MS_POLICYKEY, None if policy_key is None else str(policy_key)),
        (AUTHORIZATION, authorization),
        ("User-Agent", user_agent),
        (MS_ASACCEPTMULTIPART, "T" if accept_multipart else None),  # MS-ASHTTP 2.2.1.1.2.5
    )
    return {name: value for name, value in pairs if value is not None}


def wbxml_response_headers(content_length: int) -> list[tuple[str, str]]:
    """Content headers of a response with a WBXML body (Z-Push sends them even for 0 bytes)."""
    return [("Content-Type", WBXML_CONTENT_TYPE), ("Content-Length", str(content_length))]
