"""Bounded cost per request (`server.commands.limits`, MS-ASCMD 3.1.5.10), in both modes.

Issue 12 measured a 31 KB Sync naming the tasks collection 1,500 times (key
0 and GetChanges): 6.9 s, 6 MB answered, the store held so that another
client waited 6.2 s; and a GetItemEstimate of 3,000 collections: 4 s. Each
is now refused before a single collection is read.
"""

from __future__ import annotations

import pytest
from server_client import Client, demo_app

from eas.commands.getitemestimate import (
    EstimateCollection,
    GetItemEstimateRequest,
    GetItemEstimateResponse,
)
from eas.commands.sync import Add, CollectionRequest, SyncRequest, SyncResponse, SyncStatus
from eas.items.tasks import TaskItem, task_to_application_data

MODES = [pytest.param(False, id="zpush"), pytest.param(True, id="strict")]


def _sync(client: Client, request: SyncRequest) -> SyncResponse:
    reply = client.eas("Sync", request.to_tree())
    assert reply.status == 200, reply
    assert len(reply.body) < 1000  # refused, not answered collection by collection
    return SyncResponse.from_tree(reply.tree())


@pytest.mark.parametrize("strict", MODES)
def test_a_sync_naming_one_collection_1500_times_is_status_15_with_the_limit(strict: bool) -> None:
    client = Client(demo_app(strict=strict))
    client.folder_sync("0")
    same = CollectionRequest("0", "tasks", get_changes=True)
    answer = _sync(client, SyncRequest((same,) * 1500))
    assert (answer.status, answer.limit, answer.collections) == (
        SyncStatus.INVALID_COMMAND,
        100,
        (),
    )


@pytest.mark.parametrize("strict", MODES)
def test_a_sync_with_more_than_200_commands_is_status_4(strict: bool) -> None:
    app = demo_app(strict=strict)
    client = Client(app)
    client.folder_sync("0")
    (coll,) = client.sync(CollectionRequest("0", "tasks")).collections
    data = task_to_application_data(TaskItem(subject="x"))
    adds = tuple(Add(data, client_id=str(n)) for n in range(201))
    answer = _sync(client, SyncRequest((CollectionRequest(coll.sync_key, "tasks", commands=adds),)))
    assert answer.status == SyncStatus.PROTOCOL_ERROR
    assert answer.collections == ()


def test_200_commands_are_still_taken() -> None:
    client = Client(demo_app())
    client.folder_sync("0")
    (coll,) = client.sync(CollectionRequest("0", "tasks")).collections
    data = task_to_application_data(TaskItem(subject="x"))
    adds = tuple(Add(data, client_id=str(n)) for n in range(200))
    answer = client.sync(CollectionRequest(coll.sync_key, "tasks", commands=adds))
    (tasks,) = answer.collections
    assert len(tasks.responses) == 200


@pytest.mark.parametrize("strict", MODES)
def test_a_getitemestimate_of_3000_collections_is_status_103(strict: bool) -> None:
    client = Client(demo_app(strict=strict))
    client.folder_sync("0")
    many = tuple(EstimateCollection("tasks", "0") for _ in range(3000))
    reply = client.eas("GetItemEstimate", GetItemEstimateRequest(many).to_tree())
    assert reply.status == 200, reply
    answer = GetItemEstimateResponse.from_tree(reply.tree())
    assert (answer.status, answer.responses) == (103, ())
