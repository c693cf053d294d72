"""Unit tests of the XML view of EAS trees (round trips are in test_wbxml_properties)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eas.tree import E, Element
from eas.xmlview import XMLViewError, from_xml, to_xml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wbxml"


def test_namespaces_as_in_the_ms_ascmd_examples() -> None:
    tree = E(
        "AirSync:Sync",
        E("Status", "1"),
        E("AirSyncBase:Body", E("Type", "1")),
        E("RightsManagement:Owner", "1"),
        E("Contacts:FileAs", "Funk, Don"),
    )
    assert to_xml(tree) == (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Sync xmlns="AirSync:" xmlns:airsyncbase="AirSyncBase:" xmlns:contacts="Contacts:"'
        ' xmlns:rm="RightsManagement:">\n'
        "  <Status>1</Status>\n"
        "  <airsyncbase:Body>\n"
        "    <airsyncbase:Type>1</airsyncbase:Type>\n"
        "  </airsyncbase:Body>\n"
        "  <rm:Owner>1</rm:Owner>\n"
        "  <contacts:FileAs>Funk, Don</contacts:FileAs>\n"
        "</Sync>\n"
    )


def test_fixture_views_match_their_wbxml() -> None:
    from eas import wbxml

    for name in ("foldersync-initial", "sync-add-contact"):
        tree = wbxml.decode((FIXTURES / f"{name}.wbxml").read_bytes())
        text = (FIXTURES / f"{name}.xml").read_text()
        assert to_xml(tree) == text
        assert from_xml(text) == tree


def test_values_xml_text_cannot_carry_are_marked() -> None:
    tree = Element(
        "AirSync:Sync",
        children=[
            Element("AirSync:Status", ""),
            Element("AirSync:Wait"),
            Element("AirSyncBase:Data", b"\x00\xff"),
            Element("AirSyncBase:Content", b""),
            Element("AirSync:Class", "a\x01b"),
            Element("AirSync:SyncKey", " <&> \r\n\t"),
        ],
    )
    text = to_xml(tree)
    assert '<Status text="empty"/>' in text and "<Wait/>" in text
    assert '<airsyncbase:Data opaque="base64">AP8=</airsyncbase:Data>' in text
    assert '<Class text="base64">YQFi</Class>' in text
    assert "<SyncKey> &lt;&amp;&gt; &#13;\n\t</SyncKey>" in text
    assert from_xml(text) == tree


def test_colon_less_namespaces_and_any_prefixes_are_read() -> None:
    text = (
        '<x:FolderSync xmlns:x="FolderHierarchy" xmlns:a="AirSync">'
        "<x:SyncKey>0</x:SyncKey><a:Status/></x:FolderSync>"
    )
    assert from_xml(text) == E("FolderHierarchy:FolderSync", E("SyncKey", "0"), E("AirSync:Status"))


def test_opaque_base64_may_be_wrapped() -> None:
    text = '<Data xmlns="AirSyncBase:" opaque="base64">\n  AAEC\n  AwQ=\n</Data>'
    assert from_xml(text) == Element("AirSyncBase:Data", b"\x00\x01\x02\x03\x04")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not well-formed XML"),
        ("<Sync xmlns='AirSync:'>", "not well-formed XML"),
        ("<Sync/>", "has no namespace"),
        ("<Sync xmlns='Nope:'/>", "unknown namespace 'Nope:'"),
        ("<Bogus xmlns='AirSync:'/>", "unknown element Bogus in namespace AirSync"),
        ("<Sync xmlns='AirSync:' id='1'/>", "unexpected attributes"),
        ("<Sync xmlns='AirSync:' text='empty' opaque='base64'/>", "unexpected attributes"),
        ("<Sync xmlns='AirSync:'>x<Status/></Sync>", "mixes text and child elements"),
        ("<Sync xmlns='AirSync:'><Status/>x</Sync>", "mixes text and child elements"),
        ("<Sync xmlns='AirSync:' text='empty'><Status/></Sync>", "a value marker"),
        ("<Sync xmlns='AirSync:' opaque='hex'>00</Sync>", 'opaque="hex"'),
        ("<Sync xmlns='AirSync:' opaque='base64'>A*==</Sync>", "not valid base64"),
        ("<Sync xmlns='AirSync:' text='base64'>/w==</Sync>", "not UTF-8"),
        ("<Sync xmlns='AirSync:' text='empty'>x</Sync>", 'text="empty"'),
        ("<Sync xmlns='AirSync:' text='rot13'>x</Sync>", 'text="rot13"'),
        ('<!DOCTYPE x [<!ENTITY a "b">]><Sync xmlns="AirSync:">&a;</Sync>', "not allowed"),
        ("<Sync xmlns='AirSync:'>\ud800</Sync>", "not parseable"),
    ],
)
def test_anything_else_is_an_xml_view_error(text: str, message: str) -> None:
    with pytest.raises(XMLViewError, match=message):
        from_xml(text)


def test_deep_trees_need_no_recursion() -> None:
    deep = Element("AirSync:Sync")
    node = deep
    for _ in range(5000):
        child = Element("AirSync:Collection")
        node.children.append(child)
        node = child
    back = from_xml(to_xml(deep))
    # Element.__eq__ recurses, so compare node by node
    pairs = list(zip(back.iter(), deep.iter(), strict=True))
    assert all(
        (a.tag, a.value, len(a.children)) == (b.tag, b.value, len(b.children)) for a, b in pairs
    )
