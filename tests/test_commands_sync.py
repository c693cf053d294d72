"""Sync request and response shapes (MS-ASCMD 2.2.1.21)."""

from __future__ import annotations

import pytest

from eas.commands import CommandError
from eas.commands.sync import (
    Add,
    AddResult,
    BodyPreference,
    Change,
    ChangeResult,
    CollectionRequest,
    CollectionResponse,
    Delete,
    Fetch,
    FetchResult,
    SyncRequest,
    SyncResponse,
)
from eas.tree import E


def _data(name: str) -> E:  # type: ignore[valid-type]
    return E("AirSync:ApplicationData", E("Contacts:FirstName", name))


def test_request_with_every_option_round_trips() -> None:
    request = SyncRequest(
        collections=(
            CollectionRequest(
                sync_key="{u}3",
                collection_id="contacts",
                class_name="Contacts",
                get_changes=True,
                window_size=25,
                deletes_as_moves=True,
                filter_type=4,
                conflict=1,
                body_preferences=(BodyPreference(1, 32768),),
                commands=(
                    Add(_data("Jane"), client_id="c-1"),
                    Change("s-1", _data("Max")),
                    Delete("s-2"),
                    Fetch("s-3"),
                ),
            ),
        ),
        wait=5,
        window_size=100,
    )
    assert SyncRequest.from_tree(request.to_tree()) == request


def test_request_keeps_the_spec_order_inside_a_collection() -> None:
    tree = CollectionRequest("0", "c", class_name="Contacts", get_changes=False).to_tree()
    assert [c.name for c in tree.children] == ["Class", "SyncKey", "CollectionId", "GetChanges"]


def test_empty_get_changes_element_means_true() -> None:
    tree = E(
        "AirSync:Sync",
        E(
            "Collections",
            E("Collection", E("SyncKey", "1"), E("CollectionId", "c"), E("GetChanges")),
        ),
    )
    assert SyncRequest.from_tree(tree).collections[0].get_changes is True


def test_absent_get_changes_is_none() -> None:
    tree = E(
        "AirSync:Sync",
        E("Collections", E("Collection", E("SyncKey", "1"), E("CollectionId", "c"))),
    )
    assert SyncRequest.from_tree(tree).collections[0].get_changes is None


def test_collection_without_collection_id_is_refused() -> None:
    tree = E("AirSync:Sync", E("Collections", E("Collection", E("SyncKey", "0"))))
    with pytest.raises(CommandError):
        SyncRequest.from_tree(tree)


def test_unknown_command_is_refused() -> None:
    tree = E(
        "AirSync:Sync",
        E(
            "Collections",
            E(
                "Collection",
                E("SyncKey", "1"),
                E("CollectionId", "c"),
                E("Commands", E("Move", E("ServerId", "x"))),
            ),
        ),
    )
    with pytest.raises(CommandError, match="unknown Sync command"):
        SyncRequest.from_tree(tree)


def test_change_without_application_data_is_refused() -> None:
    tree = E(
        "AirSync:Sync",
        E(
            "Collections",
            E(
                "Collection",
                E("SyncKey", "1"),
                E("CollectionId", "c"),
                E("Commands", E("Change", E("ServerId", "x"))),
            ),
        ),
    )
    with pytest.raises(CommandError, match="without ApplicationData"):
        SyncRequest.from_tree(tree)


def test_response_with_commands_results_and_paging_round_trips() -> None:
    response = SyncResponse(
        collections=(
            CollectionResponse(
                collection_id="contacts",
                status=1,
                sync_key="{u}4",
                commands=(Add(_data("Jane"), server_id="s-9"), Delete("s-1", soft=True)),
                responses=(
                    AddResult("c-1", 1, "s-10"),
                    ChangeResult("s-2", 7),
                    FetchResult("s-3", 1, _data("Max")),
                ),
                more_available=True,
            ),
        )
    )
    tree = response.to_tree()
    assert tree.find("Collections/Collection/MoreAvailable") is not None
    assert tree.find("Collections/Collection/Commands/SoftDelete") is not None
    assert SyncResponse.from_tree(tree) == response


def test_request_wide_error_response() -> None:
    tree = SyncResponse(status=4).to_tree()
    assert tree == E("AirSync:Sync", E("Status", "4"))
    assert SyncResponse.from_tree(tree).status == 4
