"""The shared Element tree: construction shorthand, namespace-relative lookup, equality."""

from __future__ import annotations

from eas.tree import E, Element


def test_children_take_the_namespace_of_their_parent() -> None:
    tree = E("FolderHierarchy:FolderSync", E("SyncKey", "0"))
    assert tree.children[0].tag == "FolderHierarchy:SyncKey"


def test_nested_unqualified_children_are_qualified_all_the_way_down() -> None:
    tree = E("AirSync:Sync", E("Collections", E("Collection", E("SyncKey", "1"))))
    assert [node.tag for node in tree.iter()] == [
        "AirSync:Sync",
        "AirSync:Collections",
        "AirSync:Collection",
        "AirSync:SyncKey",
    ]


def test_a_qualified_child_keeps_its_own_namespace() -> None:
    tree = E("AirSync:Options", E("AirSyncBase:BodyPreference", E("Type", "1")))
    assert tree.find("AirSyncBase:BodyPreference/Type") is not None
    assert tree.findtext("AirSyncBase:BodyPreference/Type") == "1"


def test_find_returns_none_for_a_missing_step() -> None:
    tree = E("AirSync:Sync", E("Collections"))
    assert tree.find("Collections/Collection/SyncKey") is None
    assert tree.findtext("Collections/Collection/SyncKey", "none") == "none"
    assert tree.findall("Collections/Collection") == []


def test_findall_lists_every_match_of_the_last_step() -> None:
    tree = E("AirSync:Commands", E("Add", "a"), E("Delete", "d"), E("Add", "b"))
    assert [n.value for n in tree.findall("Add")] == ["a", "b"]


def test_opaque_values_read_as_text() -> None:
    assert Element("AirSync:Data", "Grüße".encode()).text == "Grüße"


def test_equality_compares_the_whole_subtree() -> None:
    assert E("Ping:Ping", E("Status", "1")) == E("Ping:Ping", E("Status", "1"))
    assert E("Ping:Ping", E("Status", "1")) != E("Ping:Ping", E("Status", "2"))
    assert E("Ping:Ping", "x") != E("Ping:Ping", b"x")
