"""Tests of eas.http: query forms, Basic auth, OPTIONS, versions and headers."""

from __future__ import annotations

import base64
import contextlib
import struct
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eas.http import (
    COMMAND_CODES,
    COMMANDS,
    DEFAULT_LOCALE,
    MS_ASPROTOCOLCOMMANDS,
    MS_ASPROTOCOLVERSIONS,
    MS_SERVER_ACTIVESYNC,
    PARAMETER_TAGS,
    WBXML_CONTENT_TYPE,
    ASRequestLine,
    QueryError,
    ServerOptions,
    basic_authorization,
    build_query,
    negotiate_version,
    options_headers,
    parse_basic_authorization,
    parse_options_headers,
    parse_policy_key,
    parse_protocol_version,
    parse_query,
    request_headers,
    version_key,
    wbxml_response_headers,
    www_authenticate,
)

# MS-ASHTTP 2.2.1.1.1: the same Sync request in both query forms.
SPEC_BASE64 = "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l"
SPEC_PLAIN = "Cmd=Sync&User=rmjones&DeviceId=v140Device&DeviceType=SmartPhone"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def counted(value: bytes) -> bytes:
    return bytes([len(value)]) + value


def raw_query(
    *,
    version: int = 141,
    code: int = 9,
    locale: int = 0x0407,
    device_id: bytes = b"ABC123",
    policy_key: bytes = b"",
    device_type: bytes = b"iPhone",
    params: bytes = b"",
) -> bytes:
    """The MS-ASHTTP 2.2.1.1.1.1 byte layout, written out independently of the code."""
    head = bytes([version, code]) + struct.pack("<H", locale)
    return head + counted(device_id) + counted(policy_key) + counted(device_type) + params


# -- spec vectors -----------------------------------------------------------


def test_spec_base64_example_decodes_to_the_sync_request() -> None:
    line = parse_query(SPEC_BASE64)
    assert line == ASRequestLine(
        cmd="Sync",
        device_id="v140Device",
        device_type="SmartPhone",
        protocol_version="14.0",
        locale=0x0409,
    )


def test_spec_base64_example_is_rebuilt_byte_for_byte() -> None:
    assert build_query(parse_query(SPEC_BASE64), encoding="base64") == SPEC_BASE64


def test_spec_plain_example_matches_the_base64_one_but_for_what_headers_carry() -> None:
    plain = parse_query(SPEC_PLAIN)
    assert plain.user == "rmjones"
    assert (plain.cmd, plain.device_id, plain.device_type) == ("Sync", "v140Device", "SmartPhone")
    assert plain.protocol_version is None and plain.locale is None
    assert build_query(plain) == SPEC_PLAIN


def test_command_codes_follow_the_spec_table() -> None:
    assert COMMAND_CODES["Sync"] == 0
    assert COMMAND_CODES["GetAttachment"] == 4
    assert COMMAND_CODES["FolderSync"] == 9
    assert COMMAND_CODES["Settings"] == 17
    assert COMMAND_CODES["Provision"] == 20
    assert COMMAND_CODES["ValidateCert"] == 22
    assert set(COMMAND_CODES.values()) == {0, 1, 2, 3, 4, *range(9, 23)}
    assert "Find" in COMMANDS and "Find" not in COMMAND_CODES


def test_parameter_tags_follow_the_spec_table() -> None:
    assert PARAMETER_TAGS == {
        "AttachmentName": 0,
        "CollectionId": 1,
        "ItemId": 3,
        "LongId": 4,
        "Occurrence": 6,
        "Options": 7,
        "User": 8,
    }


# -- base64 form ------------------------------------------------------------


def test_base64_fields_are_read_from_their_offsets() -> None:
    params = (
        b"\x08" + counted(b"jan@example.com")
        + b"\x01" + counted(b"5")
        + b"\x03" + counted(b"5:12")
        + b"\x07\x01\x03"
    )  # fmt: skip
    query = b64(raw_query(code=3, policy_key=struct.pack("<I", 3_000_000_001), params=params))
    line = parse_query(query)
    assert line == ASRequestLine(
        cmd="SmartReply",
        user="jan@example.com",
        device_id="ABC123",
        device_type="iPhone",
        protocol_version="14.1",
        policy_key=3_000_000_001,
        locale=0x0407,
        collection_id="5",
        item_id="5:12",
        save_in_sent=True,
        accept_multipart=True,
    )


def test_base64_options_bits_are_independent() -> None:
    only_multipart = b64(raw_query(code=19, params=b"\x07\x01\x02"))
    line = parse_query(only_multipart)
    assert (line.save_in_sent, line.accept_multipart) == (False, True)


def test_base64_query_may_arrive_percent_encoded_and_unpadded() -> None:
    raw = raw_query(device_id=b"\xfb\xff\xfe")  # base64 with + and /
    encoded = b64(raw)
    assert "+" in encoded or "/" in encoded
    escaped = encoded.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    assert parse_query(escaped) == parse_query(encoded) == parse_query(encoded.rstrip("="))


def test_binary_device_id_is_read_as_hex_and_text_id_can_be_forced_to_hex() -> None:
    guid = bytes(range(16))
    assert parse_query(b64(raw_query(device_id=guid))).device_id == guid.hex()
    assert parse_query(SPEC_BASE64, device_id_as_hex=True).device_id == b"v140Device".hex()


def test_empty_base64_fields_parse_as_absent() -> None:
    line = parse_query(b64(raw_query(device_id=b"", device_type=b"")))
    assert line.device_id is None and line.device_type is None and line.user is None


def test_unassigned_base64_tags_are_skipped() -> None:
    params = b"\x02" + counted(b"Inbox") + b"\x05" + counted(b"7") + b"\x01" + counted(b"9")
    assert parse_query(b64(raw_query(params=params))).collection_id == "9"


def test_build_base64_writes_the_default_locale_and_policy_key() -> None:
    line = ASRequestLine("Ping", device_id="X1", device_type="SP", protocol_version="12.1")
    raw = base64.b64decode(build_query(line, encoding="base64"))
    assert raw == raw_query(version=121, code=18, locale=DEFAULT_LOCALE, device_id=b"X1",
                            device_type=b"SP")  # fmt: skip
    keyed = ASRequestLine("Ping", device_id="X1", protocol_version="16.1", policy_key=0)
    raw = base64.b64decode(build_query(keyed, encoding="base64"))
    assert raw[0] == 161 and raw[7:12] == b"\x04\x00\x00\x00\x00"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ("!!!!", "neither plain text nor valid base64"),
        ("jAAJ=BAp2", "neither plain text nor valid base64"),
        (b64(b"\x8c"), "truncated in header"),
        (b64(b"\x8c\x00\x09"), "truncated in locale"),
        (b64(b"\x8c\x00\x09\x04"), "truncated in device ID length"),
        (b64(b"\x8c\x00\x09\x04\x05ab"), "truncated in device ID"),
        (b64(raw_query()[:-2]), "truncated in device type"),
        (b64(raw_query(params=b"\x01")), "truncated in parameter 1 length"),
        (b64(raw_query(params=b"\x01\x05ab")), "truncated in parameter 1"),
        (b64(raw_query(code=5)), "unknown command code 5"),
        (b64(raw_query(code=23)), "unknown command code 23"),
        (b64(raw_query(policy_key=b"\x01\x02\x03")), "policy key length must be 0 or 4"),
        (b64(raw_query(params=b"\x07\x02\x01\x00")), "Options must be one byte"),
        (b64(raw_query(device_type=b"\xff\xfe")), "not UTF-8"),
        (b64(raw_query(params=b"\x08\x01\xff")), "not UTF-8"),
    ],
)
def test_malformed_base64_queries_raise_query_error(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (ASRequestLine("Sync", device_id="a"), "needs a protocol version"),
        (ASRequestLine("Sync", protocol_version="fourteen"), "needs a protocol version"),
        (ASRequestLine("Sync", protocol_version="99.9"), "out of range"),
        (ASRequestLine("Find", protocol_version="16.1"), "no base64 command code"),
        (ASRequestLine("Frobnicate", protocol_version="14.1"), "no base64 command code"),
        (ASRequestLine("Sync", protocol_version="14.1", policy_key=2**32), "out of range"),
        (ASRequestLine("Sync", protocol_version="14.1", locale=-1), "out of range"),
        (ASRequestLine("Sync", protocol_version="14.1", device_id="x" * 256), "longer than 255"),
        (ASRequestLine("Sync", protocol_version="14.1", user="ü" * 128), "longer than 255"),
    ],
)
def test_unencodable_lines_raise_query_error(line: ASRequestLine, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        build_query(line, encoding="base64")


# -- plain form -------------------------------------------------------------


def test_plain_query_carries_unknown_commands_and_ignores_unknown_params() -> None:
    line = parse_query("Cmd=Frobnicate&User=u&DeviceId=d&DeviceType=t&Foo=bar&cmd=Sync")
    assert line == ASRequestLine("Frobnicate", user="u", device_id="d", device_type="t")


def test_plain_names_are_case_sensitive_as_in_the_spec() -> None:
    with pytest.raises(QueryError, match="without Cmd"):
        parse_query("cmd=Sync&user=u&deviceid=d&devicetype=t")


def test_missing_and_empty_device_fields_are_told_apart() -> None:
    missing = parse_query("Cmd=FolderSync&User=u")
    assert missing.device_id is None and missing.device_type is None
    empty = parse_query("Cmd=FolderSync&User=u&DeviceId=&DeviceType=")
    assert empty.device_id == "" and empty.device_type == ""


def test_plain_command_parameters_and_percent_decoding() -> None:
    query = (
        "Cmd=SmartForward&User=jan%40example.com&DeviceId=ABC&DeviceType=Android"
        "&CollectionId=7&ItemId=7%3A1&LongId=L&Occurrence=2026-03-02&AttachmentName=a%2Fb"
        "&SaveInSent=T"
    )
    line = parse_query(query)
    assert line.user == "jan@example.com"
    assert (line.collection_id, line.item_id, line.long_id) == ("7", "7:1", "L")
    assert (line.occurrence, line.attachment_name, line.save_in_sent) == ("2026-03-02", "a/b", True)
    assert parse_query(build_query(line)) == line


def test_repeated_parameter_last_wins_and_save_in_sent_f_is_the_default() -> None:
    line = parse_query("Cmd=Sync&Cmd=Ping&DeviceId=a&SaveInSent=F")
    assert line.cmd == "Ping" and line.save_in_sent is False
    assert "SaveInSent" not in build_query(line)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("Cmd=", "without Cmd"),
        ("Cmd", "without Cmd"),
        ("User=u&DeviceId=d&DeviceType=t", "without Cmd"),
        ("Cmd=SendMail&SaveInSent=yes", "SaveInSent must be T or F"),
    ],
)
def test_malformed_plain_queries_raise_query_error(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def test_build_plain_leaves_header_fields_out() -> None:
    line = ASRequestLine("Sync", user="u", protocol_version="14.1", policy_key=7, locale=1031)
    assert build_query(line) == "Cmd=Sync&User=u"


# -- property tests ---------------------------------------------------------

_text = st.text(st.characters(codec="utf-8"), max_size=40)
_optional_text = st.none() | _text
_alnum_id = st.text(st.sampled_from("abcdefXYZ0123456789"), min_size=1, max_size=32)


@given(
    cmd=st.sampled_from(COMMANDS) | st.text(st.characters(codec="utf-8"), min_size=1),
    user=_optional_text,
    device_id=_optional_text,
    device_type=_optional_text,
    extras=st.lists(_optional_text, min_size=5, max_size=5),
    save_in_sent=st.booleans(),
)
def test_plain_round_trip(
    cmd: str,
    user: str | None,
    device_id: str | None,
    device_type: str | None,
    extras: list[str | None],
    save_in_sent: bool,
) -> None:
    attachment_name, collection_id, item_id, long_id, occurrence = extras
    line = ASRequestLine(
        cmd,
        user=user,
        device_id=device_id,
        device_type=device_type,
        attachment_name=attachment_name,
        collection_id=collection_id,
        item_id=item_id,
        long_id=long_id,
        occurrence=occurrence,
        save_in_sent=save_in_sent,
    )
    assert parse_query(build_query(line)) == line


_short = st.none() | st.text(st.characters(codec="utf-8"), min_size=1, max_size=60)


@given(
    cmd=st.sampled_from(sorted(COMMAND_CODES)),
    version=st.sampled_from(["12.1", "14.0", "14.1", "16.0", "16.1", "2.5", "25.5"]),
    locale=st.integers(0, 0xFFFF),
    policy_key=st.none() | st.integers(0, 0xFFFFFFFF),
    device_id=st.none() | _alnum_id,
    device_type=_short,
    strings=st.lists(_short, min_size=6, max_size=6),
    flags=st.tuples(st.booleans(), st.booleans()),
)
def test_base64_round_trip(
    cmd: str,
    version: str,
    locale: int,
    policy_key: int | None,
    device_id: str | None,
    device_type: str | None,
    strings: list[str | None],
    flags: tuple[bool, bool],
) -> None:
    user, attachment_name, collection_id, item_id, long_id, occurrence = strings
    line = ASRequestLine(
        cmd,
        user=user,
        device_id=device_id,
        device_type=device_type,
        protocol_version=version,
        policy_key=policy_key,
        locale=locale,
        attachment_name=attachment_name,
        collection_id=collection_id,
        item_id=item_id,
        long_id=long_id,
        occurrence=occurrence,
        save_in_sent=flags[0],
        accept_multipart=flags[1],
    )
    assert parse_query(build_query(line, encoding="base64")) == line


@given(st.text())
def test_random_text_raises_only_query_error(query: str) -> None:
    with contextlib.suppress(QueryError):
        parse_query(query)


@given(st.binary(max_size=80))
def test_random_base64_payloads_raise_only_query_error(payload: bytes) -> None:
    with contextlib.suppress(QueryError):
        parse_query(b64(payload))


@given(st.binary(max_size=40), st.booleans())
def test_every_valid_prefix_layout_decodes_or_raises_query_error(tail: bytes, hexed: bool) -> None:
    with contextlib.suppress(QueryError):
        parse_query(b64(raw_query(params=tail)), device_id_as_hex=hexed)


# -- Basic auth -------------------------------------------------------------


def test_basic_authorization_matches_the_rfc_7617_example() -> None:
    assert basic_authorization("Aladdin", "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    assert parse_basic_authorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==") == (
        "Aladdin",
        "open sesame",
    )


def test_basic_authorization_is_utf8_and_iso_8859_1_is_accepted() -> None:
    value = basic_authorization("jürgen", "pässwörd")
    assert value == "Basic " + b64("jürgen:pässwörd".encode())
    assert parse_basic_authorization(value) == ("jürgen", "pässwörd")
    outlook = "Basic " + b64("jürgen:pässwörd".encode("iso-8859-1"))
    assert parse_basic_authorization(outlook) == ("jürgen", "pässwörd")


def test_basic_auth_password_may_hold_colons_and_scheme_is_case_insensitive() -> None:
    assert parse_basic_authorization("bAsIc " + b64(b"u:a:b:")) == ("u", "a:b:")
    assert parse_basic_authorization("Basic " + b64(b":")) == ("", "")


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "Basic",
        "Basic ",
        "Bearer " + b64(b"u:p"),
        "Basic " + b64(b"no-colon"),
        "Basic !!notbase64!!",
        "Basic " + b64(b"u:p")[:-1],
        "Basic dTpw dTpw",
        "Digest username=u",
    ],
)
def test_malformed_authorization_gives_none(value: str | None) -> None:
    assert parse_basic_authorization(value) is None


@given(
    st.text(st.characters(codec="utf-8", exclude_characters=":"), max_size=30),
    st.text(st.characters(codec="utf-8"), max_size=30),
)
def test_basic_auth_round_trip(user: str, password: str) -> None:
    assert parse_basic_authorization(basic_authorization(user, password)) == (user, password)


@given(st.text())
def test_parse_basic_authorization_never_raises(value: str) -> None:
    parse_basic_authorization(value)
    parse_basic_authorization("Basic " + value)


def test_www_authenticate_uses_zpush_realm_by_default() -> None:
    assert www_authenticate() == 'Basic realm="ZPush"'
    assert www_authenticate("SOGo") == 'Basic realm="SOGo"'


# -- versions and policy keys -----------------------------------------------


@pytest.mark.parametrize(
    ("device", "server", "expected"),
    [
        (["16.1", "16.0", "14.1", "14.0", "12.1"], ["12.0", "12.1", "14.0", "14.1"], "14.1"),
        (["2.5", "14.0"], ["12.0", "12.1", "14.0", "14.1"], "14.0"),
        (["14.0", "2.5"], ["2.5", "12.0"], "2.5"),
        (["16.1"], ["12.0", "14.1"], None),
        ([], ["14.1"], None),
        (["bogus", " 14.1 ", "16.1"], ["14.1", "16.1", "x"], "16.1"),
    ],
)
def test_negotiate_version(device: list[str], server: list[str], expected: str | None) -> None:
    assert negotiate_version(device, server) == expected


def test_versions_compare_numerically_not_as_strings() -> None:
    assert sorted(["16.1", "2.5", "14.1", "12.0"], key=version_key) == [
        "2.5",
        "12.0",
        "14.1",
        "16.1",
    ]
    assert negotiate_version(["2.5", "12.0"], ["2.5", "12.0"]) == "12.0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("14.1", "14.1"), (" 16.0 ", "16.0"), ("2.5", "2.5"), ("02.5", "2.5"), ("14", None),
     ("14.1.0", None), ("", None), (None, None), ("v14.1", None)],
)  # fmt: skip
def test_parse_protocol_version(value: str | None, expected: str | None) -> None:
    assert parse_protocol_version(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), ("1234567890", 1234567890), (" 42 ", 42), ("4294967295", 4294967295),
     ("4294967296", None), ("-1", None), ("+1", None), ("", None), (None, None),
     ("12ab", None), ("١٢", None), ("99999999999", None)],
)  # fmt: skip
def test_parse_policy_key(value: str | None, expected: int | None) -> None:
    assert parse_policy_key(value) == expected


# -- OPTIONS and headers ----------------------------------------------------


def test_options_headers_as_zpush_announces_them() -> None:
    headers = options_headers(["12.0", "12.1", "14.0", "14.1"], ["Sync", "FolderSync"], "14.1")
    assert headers == [
        (MS_SERVER_ACTIVESYNC, "14.1"),
        (MS_ASPROTOCOLVERSIONS, "12.0,12.1,14.0,14.1"),
        (MS_ASPROTOCOLCOMMANDS, "Sync,FolderSync"),
    ]
    assert [name for name, _ in options_headers(["14.1"], [], "")] == [
        MS_ASPROTOCOLVERSIONS,
        MS_ASPROTOCOLCOMMANDS,
    ]


def test_parse_options_headers_is_case_insensitive_and_tolerant() -> None:
    options = parse_options_headers(
        {"ms-asprotocolversions": "2.5, 12.0,,14.1 ", "MS-ASPROTOCOLCOMMANDS": "Sync,Ping"}
    )
    assert options == ServerOptions(("2.5", "12.0", "14.1"), ("Sync", "Ping"), None)
    assert parse_options_headers({}) == ServerOptions((), (), None)


def test_options_round_trip() -> None:
    headers = dict(options_headers(["14.0", "14.1"], list(COMMAND_CODES), "14.1"))
    options = parse_options_headers(headers)
    assert options == ServerOptions(("14.0", "14.1"), tuple(COMMAND_CODES), "14.1")


def test_request_headers() -> None:
    auth = basic_authorization("u", "p")
    assert request_headers("14.1", 0, auth, "Apple-iPhone9C4/1602.92") == {
        "Content-Type": WBXML_CONTENT_TYPE,
        "MS-ASProtocolVersion": "14.1",
        "X-MS-PolicyKey": "0",
        "Authorization": auth,
        "User-Agent": "Apple-iPhone9C4/1602.92",
    }
    assert request_headers(None, None, None, None, content_type=None) == {}
    assert (
        request_headers(None, None, None, None, accept_multipart=True)["MS-ASAcceptMultiPart"]
        == "T"
    )


@pytest.mark.parametrize("encoding", ["plain", "base64"])
def test_a_simulated_request_line_reaches_the_server_intact(
    encoding: Literal["plain", "base64"],
) -> None:
    line = ASRequestLine(
        "Provision", user="u", device_id="MZTB0123", device_type="TbSync", protocol_version="14.0"
    )
    parsed = parse_query(build_query(line, encoding=encoding))
    assert (parsed.cmd, parsed.device_id, parsed.device_type, parsed.user) == (
        "Provision",
        "MZTB0123",
        "TbSync",
        "u",
    )


def test_wbxml_response_headers() -> None:
    assert wbxml_response_headers(0) == [
        ("Content-Type", "application/vnd.ms-sync.wbxml"),
        ("Content-Length", "0"),
    ]
