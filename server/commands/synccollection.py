"""One collection of a Sync: its key, the device's commands, and the server's changes, paged.

Per collection (MS-ASCMD 2.2.3.177.17; eas-facts 1 #22-#28):

    situation                                   strict         Z-Push
    -----------------------------------------   ------------   ------------------------
    CollectionId not in the user's hierarchy    12             12
    Class (12.x) not the folder's class         4              ignored
    FilterType the class refuses                4              Z-Push's cut-off applies
    key 0                                       1, new key     1, new key
    key 0 with GetChanges                       4              1, items already sent
    key not stored                              3 (key 0)      3 (key 0)
    the ItemSource is not built yet             16 (retry)     16 (retry)

A stored key gets the device's commands applied (`server.commands.syncclient`),
then the changes since the key's state - Adds, Changes, Deletes in one
order (`server.commands.changes.pending`), at most WindowSize of them,
MoreAvailable while more are left - under the next key; with nothing to
send or answer, the same key. The window is the one this request's
FilterType gives, so a device that changes its FilterType with its key
gets what came into the window as Adds and what left it as Deletes
(SoftDelete in strict mode) at once (device-bugs.md 24). The key rules are `server.synckey`'s table,
so a repeated key is answered again from its own state: a lost response
loses nothing.
"""

from __future__ import annotations

import logging

from eas.commands.sync import (
    Add,
    Change,
    CollectionRequest,
    CollectionResponse,
    Command,
    Delete,
    Result,
    SyncStatus,
)
from eas.items.as16 import to_wire
from server.commands import loopdetect
from server.commands.base import CommandContext
from server.commands.changes import current_versions, pending, sync_window
from server.commands.syncclient import apply, truncation_size
from server.mapping.folders import FolderDef, folder_by_id
from server.mapping.sources import SOURCES, SyncWindow
from server.synckey import INITIAL, SyncKey

log = logging.getLogger("zpush_sim.server")

# MS-ASCMD 2.2.3.199.2: no WindowSize means 100; 0 or more than 512 means 512
# (Z-Push WINDOW_SIZE_MAX, sync.php; eas-facts.md 1 #24).
DEFAULT_WINDOW_SIZE = 100
MAX_WINDOW_SIZE = 512


def window_size(requested: int | None) -> int:
    if requested is None:
        return DEFAULT_WINDOW_SIZE
    return MAX_WINDOW_SIZE if requested <= 0 or requested > MAX_WINDOW_SIZE else requested


def sync_collection(
    ctx: CommandContext, coll: CollectionRequest, request_window: int | None
) -> CollectionResponse:
    try:
        return _collection(ctx, coll, request_window)
    except NotImplementedError as exc:
        log.warning("Sync: %r cannot be served yet (%s): Status 16", coll.collection_id, exc)
        return _status(coll, SyncStatus.RETRY, coll.sync_key)


def _collection(
    ctx: CommandContext, coll: CollectionRequest, request_window: int | None
) -> CollectionResponse:
    folder = folder_by_id(ctx.user, coll.collection_id)
    if folder is None:
        log.info("Sync: %s has no folder %r: Status 12", ctx.user.login, coll.collection_id)
        return _status(coll, SyncStatus.FOLDER_HIERARCHY_CHANGED, coll.sync_key)
    strict = ctx.config.strict
    if strict and coll.class_name is not None and coll.class_name != folder.class_name:
        log.info("Sync: Class %r for a %s folder: Status 4", coll.class_name, folder.class_name)
        return _status(coll, SyncStatus.PROTOCOL_ERROR, coll.sync_key)
    window = sync_window(ctx, folder, coll.filter_type)
    if window.window is None:
        log.info("Sync: %s: Status 4", window.refused)
        return _status(coll, SyncStatus.PROTOCOL_ERROR, coll.sync_key)
    size = window_size(coll.window_size if coll.window_size is not None else request_window)
    if coll.sync_key == INITIAL:
        if coll.get_changes and strict:
            # MS-ASCMD R4598-R4607: GetChanges with SyncKey 0 is a protocol error.
            return _status(coll, SyncStatus.PROTOCOL_ERROR, coll.sync_key)
        fresh = SyncKey.fresh()
        ctx.sync_state.save_collection(ctx.device.id, folder.server_id, fresh, {})
        if coll.get_changes:
            # Z-Push answers key 0 with GetChanges with the first items already (eas-facts 6).
            return _step(ctx, coll, folder, window.window, fresh, {}, size, (), fresh=True)
        return CollectionResponse(
            coll.collection_id, SyncStatus.SUCCESS, str(fresh), _class(ctx, coll)
        )
    key = SyncKey.parse(coll.sync_key)
    held = None if key is None else ctx.sync_state.collection(ctx.device.id, folder.server_id, key)
    if key is None or held is None:
        log.info("Sync: unknown SyncKey %r for %r: Status 3", coll.sync_key, coll.collection_id)
        return _status(coll, SyncStatus.INVALID_SYNC_KEY, INITIAL)  # the device resets to 0
    send = coll.get_changes is not False  # MS-ASCMD 2.2.3.84: absent means 1 after key 0
    loop = loopdetect.detect(ctx, folder.server_id, str(key))  # Z-Push mode only
    if loop.window is not None:
        size = min(size, loop.window)
    answer = _step(
        ctx, coll, folder, window.window, key, held, size if send else 0, coll.commands,
        ignore=loop.ignore,
    )  # fmt: skip
    sent = [c.server_id for c in answer.commands if c.server_id is not None]
    loopdetect.answered(ctx, folder.server_id, str(key), sent, answer.more_available)
    return answer


def _step(
    ctx: CommandContext,
    coll: CollectionRequest,
    folder: FolderDef,
    window: SyncWindow,
    key: SyncKey,
    held: dict[str, str],
    size: int,
    client: tuple[Command, ...],
    *,
    fresh: bool = False,
    ignore: str | None = None,
) -> CollectionResponse:
    """Apply the device's commands, send up to ``size`` changes, store the state they lead to."""
    source = SOURCES[folder.class_name]
    results: tuple[Result, ...] = ()
    state = dict(held)
    touched: frozenset[str] = frozenset()
    if client:
        before = current_versions(ctx, folder, window)
        applied = apply(ctx, folder, source, coll, held, before)
        results, touched = tuple(applied.results), frozenset(applied.touched | applied.dropped)
        for server_id in applied.dropped:
            state.pop(server_id, None)
    current = current_versions(ctx, folder, window)
    for server_id in touched:  # the device holds what it sent: nothing to send back
        if server_id in current:
            state[server_id] = current[server_id]
    if ignore is not None and ignore in current:  # loop detection: taken as sent (broken)
        state[ignore] = current[ignore]
    todo = pending(state, current)
    commands: list[Command] = []
    for server_id in todo[:size]:
        if server_id not in current:
            commands.append(Delete(server_id, soft=_left_window(ctx, folder, server_id)))
            del state[server_id]
            continue
        data = source.application_data(
            ctx.onoffice, ctx.user, server_id, truncation_size=truncation_size(coll)
        )
        if data is None:  # gone between the two reads; the next Sync sees it
            continue
        data = to_wire(folder.class_name, data, ctx.protocol_version, client=False)
        commands.append(Change(server_id, data) if server_id in state else Add(data, server_id))
        state[server_id] = current[server_id]
    class_name = _class(ctx, coll)
    if not (commands or results or state != held) and not fresh:
        # Nothing sent: the same key again (Z-Push), and the device confirmed ``key``.
        ctx.sync_state.keep_collection(ctx.device.id, folder.server_id, key)
        return CollectionResponse(coll.collection_id, SyncStatus.SUCCESS, str(key), class_name)
    new_key = key if fresh and not commands else key.next
    ctx.sync_state.save_collection(
        ctx.device.id, folder.server_id, new_key, state, keep=(key.counter,)
    )
    return CollectionResponse(
        coll.collection_id,
        SyncStatus.SUCCESS,
        str(new_key),
        class_name,
        commands=tuple(commands),
        responses=results,
        more_available=0 < size < len(todo),
    )


def _left_window(ctx: CommandContext, folder: FolderDef, server_id: str) -> bool:
    """Strict mode: an item the device holds that is still in the folder but no longer in
    its window (FilterType, limits) goes as SoftDelete (MS-ASCMD 2.2.3.68.2, 2.2.3.172).
    Z-Push's diff exporter sends every item missing from the window's list as a Delete."""
    if not ctx.config.strict:
        return False
    source = SOURCES[folder.class_name]
    return source.application_data(ctx.onoffice, ctx.user, server_id) is not None


def _class(ctx: CommandContext, coll: CollectionRequest) -> str | None:
    # AS 12.x responses echo Class; 14.0 dropped it (MS-ASCMD 2.2.3.27.6).
    if coll.class_name is None or ctx.at_least("14.0"):
        return None
    return coll.class_name


def _status(coll: CollectionRequest, status: SyncStatus, sync_key: str) -> CollectionResponse:
    return CollectionResponse(coll.collection_id, status, sync_key)
