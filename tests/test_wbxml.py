"""Unit tests of the WBXML codec and its code pages: known vectors, errors, faults."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from eas import codepages, wbxml
from eas.tree import E, Element
from eas.wbxml import DecodeLimits, Faults, WBXMLError, decode, encode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wbxml"
BENCH = Path(
    os.environ.get("ZPUSH_SIM_BENCH_DIR", Path(__file__).resolve().parents[2] / "shared" / "bench")
)
H = bytes.fromhex("03016a00")  # version 1.3, public id 1, UTF-8, no string table


def sync_add_contact() -> Element:
    """The Sync response of the MS-ASWBXML example (section 3.1 "Example")."""
    return E(
        "AirSync:Sync",
        E(
            "Collections",
            E(
                "Collection",
                E("Class", "Contacts"), E("SyncKey", "2"), E("CollectionId", "2"),
                E("Status", "1"),
                E("Commands", E("Add", E("ServerId", "2:1"), E(
                    "ApplicationData",
                    E("AirSyncBase:Body", E("Type", "1"), E("EstimatedDataSize", "0"),
                      E("Truncated", "1")),
                    E("Contacts:FileAs", "Funk, Don"), E("Contacts:FirstName", "Don"),
                    E("Contacts:LastName", "Funk"), E("AirSyncBase:NativeBodyType", "1"),
                ))),
            ),
        ),
    )  # fmt: skip


# The bytes MS-ASWBXML gives for that example, up to "...FileAs Funk"
SPEC_PREFIX = bytes.fromhex(
    "03 01 6A 00 45 5C 4F 50 03 43 6F 6E 74 61 63 74 73 00 01 4B 03 32 00 01 52 03 32 00 01"
    " 4E 03 31 00 01 56 47 4D 03 32 3A 31 00 01 5D 00 11 4A 46 03 31 00 01 4C 03 30 00 01"
    " 4D 03 31 00 01 01 00 01 5E 03 46 75 6E 6B"
)
# and the rest encoded by hand: ", Don" NUL END, FirstName (0x1F|0x40) "Don",
# LastName (0x29|0x40) "Funk", SWITCH_PAGE to AirSyncBase, NativeBodyType
# (0x16|0x40) "1", then the ENDs of ApplicationData ... Sync.
SYNC_ADD_CONTACT = SPEC_PREFIX + bytes.fromhex(
    "2C 20 44 6F 6E 00 01  5F 03 44 6F 6E 00 01  69 03 46 75 6E 6B 00 01"
    "  00 11 56 03 31 00 01  01 01 01 01 01 01"
)
FOLDERSYNC_INITIAL = bytes.fromhex("03016a00000756520330000101")


def test_spec_example_encodes_and_decodes() -> None:
    assert encode(sync_add_contact()) == SYNC_ADD_CONTACT
    assert decode(SYNC_ADD_CONTACT) == sync_add_contact()
    assert (FIXTURES / "sync-add-contact.wbxml").read_bytes() == SYNC_ADD_CONTACT


def test_foldersync_initial_switches_to_its_page_first() -> None:
    tree = E("FolderHierarchy:FolderSync", E("SyncKey", "0"))
    assert encode(tree) == FOLDERSYNC_INITIAL
    assert decode(FOLDERSYNC_INITIAL) == tree
    assert (FIXTURES / "foldersync-initial.wbxml").read_bytes() == FOLDERSYNC_INITIAL


def test_pages_switch_only_when_needed_and_back_to_page_zero() -> None:
    tree = E("AirSync:Sync", E("AirSyncBase:Body"), E("AirSyncBase:Type", "1"), E("Status", "1"))
    body = encode(tree)
    # Body (0x0A, empty) and Type share one switch; "00 00" goes back to AirSync.
    assert body == H + bytes.fromhex("4500110a46033100 0100004e0331000101")
    assert decode(body) == tree


def test_empty_element_has_no_content_flag_and_empty_string_differs() -> None:
    assert encode(E("AirSync:Sync", E("MoreAvailable"))) == H + bytes.fromhex("45 14 01")
    assert encode(E("AirSync:Sync", E("Status", ""))) == H + bytes.fromhex("45 4e 03 00 01 01")
    assert decode(H + bytes.fromhex("45 4e 03 00 01 01")) == E("AirSync:Sync", E("Status", ""))
    # a start tag with the content flag and nothing in it is an empty element
    assert decode(H + bytes.fromhex("45 4e 01 01")) == E("AirSync:Sync", E("Status"))
    assert decode(H + bytes.fromhex("05")) == Element("AirSync:Sync")


def test_opaque_values_with_multibyte_length() -> None:
    data = bytes(range(200))
    tree = E("ItemOperations:ItemOperations", E("Data", data))
    body = encode(tree)
    assert body == H + bytes.fromhex("0014 45 4c c3 8148") + data + b"\x01\x01"
    assert decode(body) == tree
    assert wbxml._decode_strict(body) == tree
    assert decode(H + bytes.fromhex("0014 45 4c c3 00 01 01")) == E(
        "ItemOperations:ItemOperations", E("Data", b"")
    )


def test_unicode_strings_round_trip() -> None:
    tree = E("Calendar:Subject", "Grüße aus Köln \u2013 😀 \u201eZugspitze\u201c")
    body = encode(tree)
    assert "Grüße".encode() in body
    assert decode(body) == tree


def test_string_table_is_skipped_and_header_integers_may_be_long() -> None:
    assert decode(b"\x03\x01\x6a\x03abc\x45\x01") == Element("AirSync:Sync")
    assert decode(b"\x03\x80\x01\x80\x6a\x00\x45\x01") == Element("AirSync:Sync")


def test_switch_page_between_value_and_end_is_fine() -> None:
    body = H + bytes.fromhex("45 4b 03 6100 0001 01 01")
    assert decode(body) == E("AirSync:Sync", E("SyncKey", "a"))


def test_deep_nesting_needs_no_recursion() -> None:
    depth = 100_000
    unbounded = DecodeLimits(max_depth=depth)  # the default limit refuses this (below)
    tree = decode(H + b"\x4f" * depth + b"\x01" * depth, unbounded)  # Collection in Collection
    assert sum(1 for _ in tree.iter()) == depth
    with pytest.raises(WBXMLError) as info:
        decode(H + b"\x4f" * depth + b"\x01" * (depth - 1), unbounded)
    assert info.value.offset == 4 + 2 * depth - 1
    assert len(encode(tree)) == 4 + 2 * depth - 1  # the innermost one is empty: no END


def test_decode_takes_bytes_like_only() -> None:
    tree = decode(FOLDERSYNC_INITIAL)
    assert decode(bytearray(FOLDERSYNC_INITIAL)) == tree  # type: ignore[arg-type]
    assert decode(memoryview(FOLDERSYNC_INITIAL)) == tree  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        decode("03016a00")  # type: ignore[arg-type]


MALFORMED = [
    (b"", 0, "empty document"),
    (b"\x02\x01\x6a\x00\x45\x01", 0, "version byte 0x02"),
    (b"\x03", 1, "truncated multi-byte integer"),
    (b"\x03\x00\x6a\x00\x45\x01", 1, "public identifier 0"),
    (b"\x03\x01\x04\x00\x45\x01", 2, "charset 4"),
    (b"\x03\x01\x6a\x05ab", 3, "string table of 5 bytes runs past the end"),
    (H + b"\x00\x1a\x45\x01", 5, "unknown code page 26"),
    (H + b"\x00", 4, "SWITCH_PAGE without a page number"),
    (H + b"\x45\x51\x01\x01", 5, "unknown token 0x11 in page AirSync"),
    (H + b"\x00\x03\x45\x01", 6, "unknown token 0x05 in page AirNotify"),
    (H + b"\x45\xc5\x01\x01", 5, "has attributes"),
    (H + b"\x45\x85\x01\x01", 5, "has attributes"),
    (H + b"\x01", 4, "END without an open element"),
    (H + b"\x45", 5, "missing END of AirSync:Sync"),
    (H + b"\x45\x4b\x03a\x00", 9, "missing END of AirSync:SyncKey"),
    (H + b"\x45\x01\x45\x01", 6, "trailing bytes after the root element"),
    (H + b"\x45\x01\x00\x01", 6, "trailing bytes after the root element"),
    (H + b"\x05\x45\x01", 5, "trailing bytes after the root element"),  # two roots
    (H + b"\x45\x03a\x00\x01\x46\x01", 9, "trailing bytes after the root element"),
    (H + b"\x45\x4b\x03abc", 6, "unterminated inline string"),
    (H + b"\x03ab\x00", 4, "text outside the root element"),
    (H + b"\x45\x03a\x00\x4b\x03b\x00\x01\x01", 8, "AirSync:Sync mixes text and child elements"),
    (H + b"\x45\x4b\x03a\x00\x01\x03b\x00\x01", 10, "AirSync:Sync mixes text and child"),
    (H + b"\x4b\x03a\x00\x03b\x00\x01", 8, "has more than one value"),
    (H + b"\x45\x4b\x03a\x00\x4c\x01\x01\x01", 9, "AirSync:SyncKey mixes text and child"),
    (H + b"\x45\x4b\x03a\x00\x03b\x00\x01\x01", 9, "AirSync:SyncKey has more than one value"),
    (H + b"\x45\x4b\xc3\x01a\x03b\x00\x01\x01", 9, "AirSync:SyncKey has more than one value"),
    (H + b"\x45\x4b\xc3\x01a\x05\x01", 9, "AirSync:SyncKey mixes text and child"),
    (H + b"\x45\x4b\x03ab\xff\x00\x01\x01", 9, "invalid UTF-8"),
    (H + b"\x45\x4b\x03\xed\xa0\x80\x00\x01\x01", 7, "invalid UTF-8"),  # a surrogate
    (H + b"\x45\x4b\xc3\x9f\xff\xff\xff\x7f\x01\x01", 7, "overflows 32 bits"),
    (H + b"\x45\x4b\xc3\x80\x80\x80\x80\x80\x01", 7, "longer than 5 bytes"),
    (H + b"\x45\x4b\xc3\x81", 8, "truncated multi-byte integer"),
    (H + b"\x45\x4b\xc3\x05ab", 6, "opaque data of 5 bytes runs past the end"),
    (H + b"\x00\x01", 6, "no root element"),
    (H, 4, "no root element"),
]


@pytest.mark.parametrize(("data", "offset", "message"), MALFORMED)
def test_malformed_input_names_the_offset(data: bytes, offset: int, message: str) -> None:
    with pytest.raises(WBXMLError) as info:
        decode(data)
    assert info.value.offset == offset
    assert message in info.value.message
    assert str(info.value) == f"{info.value.message} at byte {offset}"


@pytest.mark.parametrize(
    ("byte", "name"),
    [(0x02, "ENTITY"), (0x04, "LITERAL"), (0x40, "EXT_I_0"), (0x41, "EXT_I_1"),
     (0x42, "EXT_I_2"), (0x43, "PI"), (0x44, "LITERAL_C"), (0x80, "EXT_T_0"), (0x81, "EXT_T_1"),
     (0x82, "EXT_T_2"), (0x83, "STR_T"), (0x84, "LITERAL_A"), (0xC0, "EXT_0"), (0xC1, "EXT_1"),
     (0xC2, "EXT_2"), (0xC4, "LITERAL_AC")],
)  # fmt: skip
def test_global_tokens_eas_does_not_use_are_rejected(byte: int, name: str) -> None:
    with pytest.raises(WBXMLError, match=f"global token {name} is not used by EAS at byte 5"):
        decode(H + bytes((0x45, byte, 0x00, 0x01)))


def test_error_is_a_value_error_and_pickles() -> None:
    error = WBXMLError(7, "unknown token 0x12 in page AirSync")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.offset, copy.message, str(copy)) == (error.offset, error.message, str(error))


# -- faults -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("faults", "offset", "message"),
    [
        (Faults(truncate_at=8), 8, "missing END of AirSync:Class"),
        (Faults(truncate_at=10), 8, "unterminated inline string"),
        (Faults(truncate_at=0), 0, "empty document"),
        (Faults(truncate_at=3), 3, "truncated multi-byte integer"),
        (Faults(drop_final_end=True), len(SYNC_ADD_CONTACT) - 1, "missing END of AirSync:Sync"),
        (Faults(bad_version=0x02), 0, "version byte 0x02"),
        (Faults(unknown_token=True), 5, "unknown token 0x11 in page AirSync"),
        (Faults(unterminated_string=True), 8, "unterminated inline string"),
        (Faults(invalid_utf8=True), 17, "invalid UTF-8"),
        (Faults(wrong_page=26), 5, "unknown code page 26"),
        (Faults(trailing_garbage=b"\x01"), len(SYNC_ADD_CONTACT), "trailing bytes"),
        (Faults(trailing_garbage=b"\x45\x01"), len(SYNC_ADD_CONTACT), "trailing bytes"),
    ],
)
def test_each_fault_makes_decode_fail(faults: Faults, offset: int, message: str) -> None:
    body = encode(sync_add_contact(), faults)
    assert body != SYNC_ADD_CONTACT
    with pytest.raises(WBXMLError) as info:
        decode(body)
    assert (info.value.offset, message in info.value.message) == (offset, True), info.value


def test_faults_on_a_root_in_another_page_and_on_an_empty_root() -> None:
    foldersync = E("FolderHierarchy:FolderSync", E("SyncKey", "0"))
    with pytest.raises(WBXMLError, match="unknown token 0x0B in page FolderHierarchy at byte 7"):
        decode(encode(foldersync, Faults(unknown_token=True)))
    empty = Element("AirSync:Sync")
    for faults in (Faults(drop_final_end=True), Faults(unknown_token=True, drop_final_end=True)):
        with pytest.raises(WBXMLError):
            decode(encode(empty, faults))
    with pytest.raises(WBXMLError, match="unknown token 0x11 in page AirSync at byte 5"):
        decode(encode(empty, Faults(unknown_token=True)))


def test_no_faults_is_the_plain_encoding() -> None:
    assert encode(sync_add_contact(), Faults()) == SYNC_ADD_CONTACT


def test_faults_that_cannot_apply_are_refused() -> None:
    with pytest.raises(ValueError, match="bad_version"):
        Faults(bad_version=3)
    with pytest.raises(ValueError, match="wrong_page"):
        Faults(wrong_page=7)
    with pytest.raises(ValueError, match="truncate_at"):
        Faults(truncate_at=-1)
    with pytest.raises(ValueError, match="does not cut"):
        encode(sync_add_contact(), Faults(truncate_at=len(SYNC_ADD_CONTACT)))
    with pytest.raises(ValueError, match="need an inline string"):
        encode(E("AirSync:Sync", E("MoreAvailable")), Faults(invalid_utf8=True))


# -- encoder errors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("tree", "error", "message"),
    [
        (Element("AirSync:Nope"), ValueError, "in no MS-ASWBXML code page"),
        (Element("Sync"), ValueError, "in no MS-ASWBXML code page"),
        (Element("AirSync:Sync", "x", [Element("AirSync:Status")]), ValueError, "both a value"),
        (E("AirSync:Sync", E("Status", "a\x00b")), ValueError, "cannot hold NUL"),
        (E("AirSync:Sync", E("Status", "\ud800")), ValueError, "not encodable as UTF-8"),
        (Element("AirSync:Status", 1), TypeError, "value must be str, bytes or None"),  # type: ignore[arg-type]
        (Element("AirSync:Sync", None, ["x"]), TypeError, "expected an Element"),  # type: ignore[list-item]
    ],
)
def test_trees_wbxml_cannot_carry_are_refused(
    tree: Element, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        encode(tree)


# -- the bench payloads and the code pages --------------------------------------


@pytest.mark.parametrize("name", ["sync-500-appointments.wbxml", "sync-500-contacts.wbxml"])
def test_bench_payloads_round_trip_byte_for_byte(name: str) -> None:
    path = BENCH / name
    if not path.is_file():
        pytest.skip(f"{path} not present (set ZPUSH_SIM_BENCH_DIR)")
    body = path.read_bytes()
    tree = decode(body)
    assert tree == wbxml._decode_strict(body)
    assert encode(tree) == body
    assert b"".join(wbxml._encode_tokens(tree)) == body


def test_code_pages_spot_checks() -> None:
    names = dict(enumerate([
        "AirSync", "Contacts", "Email", "AirNotify", "Calendar", "Move", "GetItemEstimate",
        "FolderHierarchy", "MeetingResponse", "Tasks", "ResolveRecipients", "ValidateCert",
        "Contacts2", "Ping", "Provision", "Search", "GAL", "AirSyncBase", "Settings",
        "DocumentLibrary", "ItemOperations", "ComposeMail", "Email2", "Notes",
        "RightsManagement", "Find",
    ]))  # fmt: skip
    assert names == codepages.NAMESPACE_BY_PAGE
    tag = codepages.TAG_BY_TOKEN
    assert tag[0, 0x05] == "AirSync:Sync" and tag[0, 0x1D] == "AirSync:ApplicationData"
    assert tag[1, 0x0D] == "Contacts:BusinessAddressCity" and tag[2, 0x09] == "Email:Att0Id"
    assert tag[4, 0x05] == "Calendar:Timezone" and tag[2, 0x33] == "Email:TimeZone"
    assert tag[6, 0x05] == "GetItemEstimate:GetItemEstimate"
    assert (
        tag[7, 0x16] == "FolderHierarchy:FolderSync" and tag[13, 0x08] == "Ping:HeartbeatInterval"
    )
    assert tag[14, 0x10] == "Provision:RequireStorageCardEncryption"
    assert tag[17, 0x0A] == "AirSyncBase:Body" and tag[17, 0x2D] == "AirSyncBase:InstanceId"
    assert tag[18, 0x1F] == "Settings:SMTPAddress" and tag[25, 0x22] == "Find:Picture"
    assert (0, 0x11) not in tag and (4, 0x10) not in tag and not codepages.NAMES_BY_PAGE[3]
    assert len(tag) == len(codepages.TOKEN_BY_TAG) == 611
    assert all(codepages.TOKEN_BY_TAG[t] == key for key, t in tag.items())
    assert all(0x05 <= token <= 0x3F for _, token in tag)
