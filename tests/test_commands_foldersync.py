"""FolderSync request and response shapes (MS-ASCMD 2.2.1.5)."""

from __future__ import annotations

import pytest

from eas.commands import CommandError
from eas.commands.foldersync import (
    Folder,
    FolderSyncRequest,
    FolderSyncResponse,
    FolderType,
)
from eas.tree import E


def test_request_round_trips() -> None:
    request = FolderSyncRequest(sync_key="0")
    assert request.to_tree() == E("FolderHierarchy:FolderSync", E("SyncKey", "0"))
    assert FolderSyncRequest.from_tree(request.to_tree()) == request


def test_request_without_sync_key_is_a_format_error() -> None:
    with pytest.raises(CommandError, match="without SyncKey"):
        FolderSyncRequest.from_tree(E("FolderHierarchy:FolderSync"))


def test_request_of_another_command_is_refused() -> None:
    with pytest.raises(CommandError, match="expected FolderSync"):
        FolderSyncRequest.from_tree(E("AirSync:Sync"))


def test_response_counts_every_change_and_round_trips() -> None:
    response = FolderSyncResponse(
        status=1,
        sync_key="{abc}1",
        add=(
            Folder("c1", "0", "Kontakte", FolderType.CONTACTS),
            Folder("k1", "0", "Kalender", FolderType.CALENDAR),
        ),
        delete=("t1",),
    )
    tree = response.to_tree()
    assert tree.findtext("Changes/Count") == "3"
    assert FolderSyncResponse.from_tree(tree) == response


def test_error_response_carries_only_the_status() -> None:
    tree = FolderSyncResponse(status=9).to_tree()
    assert tree == E("FolderHierarchy:FolderSync", E("Status", "9"))


def test_folder_with_a_non_numeric_type_is_refused() -> None:
    tree = E(
        "FolderHierarchy:FolderSync",
        E("Status", "1"),
        E("SyncKey", "1"),
        E("Changes", E("Count", "1"), E("Add", E("ServerId", "x"), E("Type", "nine"))),
    )
    with pytest.raises(CommandError, match="Type must be an integer"):
        FolderSyncResponse.from_tree(tree)
