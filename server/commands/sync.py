"""Sync (MS-ASCMD 2.2.1.21), server -> device: the user's items per collection, paged.

Per collection: key "0" starts a relationship (no items, eas-facts.md 1
#22); a stored key gets the changes since its state - Adds, Changes and
Deletes in ServerId order, at most WindowSize of them, MoreAvailable while
more are left (1 #24); an unknown key gets Status 3 (1 #23); a CollectionId
the user has no folder for gets Status 12, "folder hierarchy changed",
which sends the device to FolderSync (Z-Push's answer too). The key rules
are `server.synckey`'s table, so a repeated key gets the same answer.

Client changes are not stored in this slice: Fetch is answered, Add and
Change get Status 6 and a log line, Delete is ignored.
"""

from __future__ import annotations

import logging
import math

from eas.commands import CommandError
from eas.commands.sync import (
    Add,
    AddResult,
    Change,
    ChangeResult,
    CollectionRequest,
    CollectionResponse,
    Command,
    Delete,
    Fetch,
    FetchResult,
    Result,
    SyncRequest,
    SyncResponse,
    SyncStatus,
)
from eas.http import version_key
from eas.tree import Element
from server.commands.base import CommandContext, CommandResult, CommandSpec
from server.mapping.folders import FolderDef, folder_by_id
from server.mapping.sources import SOURCES, ItemSource, SyncWindow
from server.synckey import INITIAL, SyncKey

log = logging.getLogger("zpush_sim.server")

# MS-ASCMD 2.2.3.199.2: no WindowSize means 100; 0 or more than 512 means 512
# (Z-Push WINDOW_SIZE_MAX, sync.php; eas-facts.md 1 #24).
DEFAULT_WINDOW_SIZE = 100
MAX_WINDOW_SIZE = 512


def handle(ctx: CommandContext, body: Element | None) -> CommandResult:
    request = None if body is None else SyncRequest.from_tree(body)
    if request is None or not request.collections:
        # MS-ASCMD 2.2.3.177.17: an empty Sync with no cached collections is Status 13.
        return CommandResult(SyncResponse(status=SyncStatus.INCOMPLETE_REQUEST).to_tree())
    collections = tuple(_collection(ctx, request, c) for c in request.collections)
    return CommandResult(SyncResponse(collections).to_tree())


def window_size(requested: int | None) -> int:
    if requested is None:
        return DEFAULT_WINDOW_SIZE
    return MAX_WINDOW_SIZE if requested <= 0 or requested > MAX_WINDOW_SIZE else requested


def _collection(
    ctx: CommandContext, request: SyncRequest, coll: CollectionRequest
) -> CollectionResponse:
    folder = folder_by_id(ctx.user, coll.collection_id)
    if folder is None:
        log.info("Sync: %s has no folder %r: Status 12", ctx.user.login, coll.collection_id)
        return _status(coll, SyncStatus.FOLDER_HIERARCHY_CHANGED, coll.sync_key)
    window = window_size(coll.window_size if coll.window_size is not None else request.window_size)
    source = SOURCES[folder.class_name]
    if coll.sync_key == INITIAL:
        return _initial(ctx, coll, folder, source, window)
    key = SyncKey.parse(coll.sync_key)
    held = None if key is None else ctx.sync_state.collection(ctx.device.id, folder.server_id, key)
    if key is None or held is None:
        log.info("Sync: unknown SyncKey %r for %r: Status 3", coll.sync_key, coll.collection_id)
        return _status(coll, SyncStatus.INVALID_SYNC_KEY, INITIAL)  # the device resets to 0
    answered = (_client_command(ctx, source, c) for c in coll.commands)
    results = tuple(r for r in answered if r is not None)
    send = coll.get_changes is not False  # MS-ASCMD 2.2.3.84: absent means 1 after key 0
    return _step(ctx, coll, folder, source, key, held, window if send else 0, results)


def _initial(
    ctx: CommandContext,
    coll: CollectionRequest,
    folder: FolderDef,
    source: ItemSource,
    window: int,
) -> CollectionResponse:
    if coll.get_changes and ctx.config.strict:
        # MS-ASCMD R4598-R4607: GetChanges with SyncKey 0 is a protocol error.
        return _status(coll, SyncStatus.PROTOCOL_ERROR, coll.sync_key)
    key = SyncKey.fresh()
    ctx.sync_state.save_collection(ctx.device.id, folder.server_id, key, {})
    if coll.get_changes:
        # Z-Push answers key 0 with GetChanges with the first items already (eas-facts.md 6).
        return _step(ctx, coll, folder, source, key, {}, window, (), fresh=True)
    return CollectionResponse(coll.collection_id, SyncStatus.SUCCESS, str(key), _class(ctx, coll))


def _step(
    ctx: CommandContext,
    coll: CollectionRequest,
    folder: FolderDef,
    source: ItemSource,
    key: SyncKey,
    held: dict[str, str],
    window: int,
    results: tuple[Result, ...],
    *,
    fresh: bool = False,
) -> CollectionResponse:
    """Send up to ``window`` changes since state ``key`` and store the state they lead to."""
    current = source.versions(ctx.onoffice, ctx.user, SyncWindow(coll.filter_type, ctx.now))
    pending = _pending(held, current)
    commands: list[Command] = []
    state = dict(held)
    for server_id in pending[:window]:
        if server_id not in current:
            commands.append(Delete(server_id))
            del state[server_id]
            continue
        data = source.application_data(ctx.onoffice, ctx.user, server_id)
        if data is None:  # gone between the two reads; the next Sync sees it
            continue
        commands.append(Change(server_id, data) if server_id in held else Add(data, server_id))
        state[server_id] = current[server_id]
    class_name = _class(ctx, coll)
    if not (commands or results) and not fresh:
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
        more_available=0 < window < len(pending),
    )


def _pending(held: dict[str, str], current: dict[str, str]) -> list[str]:
    """ServerIds to send: new or changed items, then deleted ones, each in id order."""
    changed = [s for s, version in current.items() if held.get(s) != version]
    deleted = [s for s in held if s not in current]
    return sorted(changed, key=_id_order) + sorted(deleted, key=_id_order)


def _id_order(server_id: str) -> tuple[float, str]:
    return (int(server_id) if server_id.isdigit() else math.inf, server_id)


def _client_command(ctx: CommandContext, source: ItemSource, command: Command) -> Result | None:
    if isinstance(command, Fetch):
        data = source.application_data(ctx.onoffice, ctx.user, command.server_id)
        status = SyncStatus.SUCCESS if data is not None else SyncStatus.OBJECT_NOT_FOUND
        return FetchResult(command.server_id, status, data)
    if isinstance(command, Add):
        if not command.client_id:
            raise CommandError("client Add without ClientId")
        log.warning("Sync: client Add not stored yet (%s)", ctx.user.login)
        return AddResult(command.client_id, SyncStatus.CONVERSION_ERROR)
    log.warning("Sync: client %s of %s not stored yet", type(command).__name__, command.server_id)
    if isinstance(command, Delete):
        return None  # MS-ASCMD 2.2.3.42.2: a Delete is answered only when it fails
    return ChangeResult(command.server_id, SyncStatus.CONVERSION_ERROR)


def _class(ctx: CommandContext, coll: CollectionRequest) -> str | None:
    # AS 12.x responses echo Class; 14.0 dropped it (MS-ASCMD 2.2.3.27.6).
    if coll.class_name is None or version_key(ctx.protocol_version) >= (14, 0):
        return None
    return coll.class_name


def _status(coll: CollectionRequest, status: SyncStatus, sync_key: str) -> CollectionResponse:
    return CollectionResponse(coll.collection_id, status, sync_key)


def format_error() -> Element:
    # MS-ASCMD 2.2.3.177.17: a malformed request is Status 4 at the top level.
    return SyncResponse(status=SyncStatus.PROTOCOL_ERROR).to_tree()


COMMAND = CommandSpec("Sync", handle, format_error)
