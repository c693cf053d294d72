"""Property tests of the WBXML codec and the XML view (hypothesis).

decode(encode(tree)) == tree for random trees over the real code-page tags;
any bytes decode to a tree or raise WBXMLError and nothing else; the fast
decode path accepts only what the strict one accepts, with the same tree;
to_xml/from_xml round-trip.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eas import wbxml
from eas.codepages import TOKEN_BY_TAG
from eas.tree import Element
from eas.wbxml import Faults, WBXMLError, decode, encode
from eas.xmlview import XMLViewError, from_xml, to_xml

TAGS = sorted(TOKEN_BY_TAG)
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12
)
values = st.one_of(st.none(), texts, st.binary(max_size=20))
leaves = st.builds(Element, st.sampled_from(TAGS), values)
trees = st.recursive(
    leaves,
    lambda children: st.builds(
        lambda tag, kids: Element(tag, None, kids),
        st.sampled_from(TAGS),
        st.lists(children, min_size=1, max_size=4),
    ),
    max_leaves=25,
)


def check_decode_contract(data: bytes) -> None:
    """decode gives a tree or WBXMLError; the fast path never disagrees."""
    try:
        fast = wbxml._decode_fast(data)
    except (IndexError, ValueError):
        fast = None
    try:
        tree = decode(data)
    except WBXMLError as error:
        assert fast is None
        assert 0 <= error.offset <= len(data)
        return
    assert wbxml._decode_strict(data) == tree
    assert fast is None or fast == tree
    assert decode(encode(tree)) == tree


@SETTINGS
@given(trees)
def test_decode_inverts_encode(tree: Element) -> None:
    body = encode(tree)
    assert decode(body) == tree
    assert wbxml._decode_strict(body) == tree
    assert b"".join(wbxml._encode_tokens(tree)) == body


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_wbxml_errors(data: bytes) -> None:
    check_decode_contract(data)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bodies_after_a_valid_header_raise_only_wbxml_errors(data: bytes) -> None:
    check_decode_contract(wbxml.HEADER + data)


@SETTINGS
@given(trees, st.data())
def test_mutated_documents_raise_only_wbxml_errors(tree: Element, data: st.DataObject) -> None:
    body = bytearray(encode(tree))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(body)))
        kind = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        byte = data.draw(
            st.sampled_from([0x00, 0x01, 0x03, 0x45, 0x80, 0xC3, 0xFF]) | st.integers(0, 255)
        )
        if kind == "insert":
            body.insert(at, byte)
        elif at < len(body):
            if kind == "flip":
                body[at] = byte
            elif kind == "delete":
                del body[at]
            else:
                del body[at:]
    check_decode_contract(bytes(body))


def has_string(tree: Element) -> bool:
    return any(isinstance(el.value, str) for el in tree.iter())


@SETTINGS
@given(trees, st.sampled_from(["truncate", "drop_final_end", "bad_version", "unknown_token",
                                "unterminated_string", "invalid_utf8", "wrong_page", "garbage"]),
       st.data())  # fmt: skip
def test_every_fault_breaks_every_tree(tree: Element, fault: str, data: st.DataObject) -> None:
    length = len(encode(tree))
    if fault in ("unterminated_string", "invalid_utf8"):
        assume(has_string(tree))
    faults = {
        "truncate": lambda: Faults(truncate_at=data.draw(st.integers(0, length - 1))),
        "drop_final_end": lambda: Faults(drop_final_end=True),
        "bad_version": lambda: Faults(
            bad_version=data.draw(st.integers(0, 255).filter(lambda v: v != 3))
        ),
        "unknown_token": lambda: Faults(unknown_token=True),
        "unterminated_string": lambda: Faults(unterminated_string=True),
        "invalid_utf8": lambda: Faults(invalid_utf8=True),
        "wrong_page": lambda: Faults(wrong_page=data.draw(st.integers(26, 255))),
        "garbage": lambda: Faults(trailing_garbage=data.draw(st.binary(min_size=1, max_size=5))),
    }[fault]()
    with pytest.raises(WBXMLError):
        decode(encode(tree, faults))


@SETTINGS
@given(trees)
def test_xml_view_round_trips(tree: Element) -> None:
    text = to_xml(tree)
    assert from_xml(text) == tree
    assert to_xml(from_xml(text)) == text


@SETTINGS
@given(trees, st.data())
def test_edited_xml_raises_only_xml_view_errors(tree: Element, data: st.DataObject) -> None:
    text = to_xml(tree)
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 5))
    insert = data.draw(st.sampled_from(["<", ">", "&", "/", '"', "x", "\x01", "</a>", ""]))
    edited = text[:at] + insert + text[at + cut :]
    try:
        result = from_xml(edited)
    except XMLViewError:
        return
    assert isinstance(result, Element)


@SETTINGS
@given(st.text(max_size=200))
def test_random_text_raises_only_xml_view_errors(text: str) -> None:
    with contextlib.suppress(XMLViewError):
        from_xml(text)
