"""Z-Push's loop detection on the reference server (device-bugs.md 21; ZP-1213).

The demo has 40 contacts. A device that resends the same SyncKey gets at most
25 items, then 1; one more resend in loop mode skips that one item, and the
next answer carries the rest. Strict mode (MS-ASCMD) has no such thing.
"""

from __future__ import annotations

from server_client import Client, demo_app

from eas.commands.sync import Add, CollectionRequest, SyncResponse
from server.store.syncstate import loop_flag


def _adds(response: SyncResponse) -> list[str]:
    return [c.server_id or "" for c in response.collections[0].commands if isinstance(c, Add)]


def _first_key(client: Client) -> str:
    client.folder_sync("0")
    answer = client.sync(CollectionRequest("0", "contacts"))
    return answer.collections[0].sync_key or ""


def _again(client: Client, key: str, window: int = 30) -> SyncResponse:
    return client.sync(CollectionRequest(key, "contacts", get_changes=True, window_size=window))


def test_a_resent_key_gets_25_items_then_1_then_the_item_is_skipped() -> None:
    client = Client(demo_app())
    key = _first_key(client)
    first = _adds(_again(client, key))
    assert len(first) == 30  # the device's window
    assert len(_adds(_again(client, key))) == 25  # "restricted to 25 items"
    single = _adds(_again(client, key))
    assert len(single) == 1  # loop mode: "restricted to 1 items"
    after = _again(client, key)
    assert single[0] not in _adds(after)  # the broken item is ignored
    assert len(_adds(after)) == 1  # still in loop mode, one at a time


def test_loop_mode_ends_when_the_device_takes_the_last_item() -> None:
    client = Client(demo_app())
    key = _first_key(client)
    for _ in range(3):
        answer = _again(client, key)
    assert len(_adds(answer)) == 1
    while answer.collections[0].more_available:  # the device takes each item
        key = answer.collections[0].sync_key or key
        answer = _again(client, key)
        assert len(_adds(answer)) == 1
    # Loop mode is over: nothing left, and no item was cut away but the skipped one.
    final = _again(client, answer.collections[0].sync_key or key)
    assert _adds(final) == []


def test_strict_mode_answers_a_resent_key_with_the_full_window_every_time() -> None:
    client = Client(demo_app(strict=True))
    key = _first_key(client)
    assert [len(_adds(_again(client, key))) for _ in range(4)] == [30, 30, 30, 30]


def test_a_resync_or_removal_drops_the_loop_state_and_only_that_devices() -> None:
    app = demo_app()
    state = app.sync_state
    for device, collection in ((1, "contacts"), (1, "calendar"), (12, "contacts")):
        state.set_flag(loop_flag(device, collection), '{"level": 2}')
    state.forget_collection(1, "contacts")  # z-push-admin -a resync of one folder
    assert state.flag(loop_flag(1, "contacts")) is None
    assert state.flag(loop_flag(1, "calendar")) is not None
    state.remove_device(1)
    assert state.flag(loop_flag(1, "calendar")) is None
    assert state.flag(loop_flag(12, "contacts")) is not None  # "loop:1" is no prefix of 12's
