"""Sync (MS-ASCMD 2.2.1.21), request level: which collections, Wait and HeartbeatInterval.

A request names its collections, or (from 12.1) sends an empty body or
``Partial`` and the Sync cache completes it (`server.commands.synccache`);
each collection is then `server.commands.synccollection`'s. Request-wide
answers (eas-facts 1 #33; 6):

    situation                                 strict              Z-Push
    ---------------------------------------   -----------------   ---------------------
    no collections, none cached               Status 13           Status 13
    Wait and HeartbeatInterval together       Status 4            Status 4
    Wait outside 1-59 min / HBI 60-3540 s     Status 14 + Limit   Status 14, no Limit
    more than 200 Add/Change/Delete/Fetch     Status 4            Status 4   (`limits`)
    more than 100 collections                 Status 15 + Limit   Status 15 + Limit

A Sync with Wait or HeartbeatInterval that has nothing to send waits like
a Ping (`server.pingwait`) before answering its collections again.
"""

from __future__ import annotations

import logging

from eas.commands.sync import CollectionResponse, SyncRequest, SyncResponse, SyncStatus
from eas.tree import Element
from server.commands import limits
from server.commands.base import CommandContext, CommandResult, CommandSpec
from server.commands.changes import current_versions, pending, sync_window
from server.commands.synccache import remember, resolve
from server.commands.synccollection import sync_collection
from server.mapping.folders import folder_by_id
from server.pingwait import LongPoll, WaitEnd, heartbeat
from server.synckey import SyncKey

log = logging.getLogger("zpush_sim.server")

WAIT_BOUNDS = (1, 59)  # minutes, MS-ASCMD 2.2.3.194
HEARTBEAT_BOUNDS = (60, 3540)  # seconds, MS-ASCMD 2.2.3.79.2


def handle(ctx: CommandContext, body: Element | None) -> CommandResult:
    request = SyncRequest() if body is None else SyncRequest.from_tree(body)
    refusal = _check_wait(ctx, request) or _check_size(ctx, request)
    if refusal is not None:
        return CommandResult(refusal.to_tree())
    response = _answer(ctx, request)
    seconds = _wait_seconds(request)
    if response is None or seconds is None or _has_news(response):
        return CommandResult((response or _incomplete()).to_tree())

    def check() -> WaitEnd | None:
        return WaitEnd.CHANGED if _would_send(ctx, request) else None

    def finish(end: WaitEnd) -> CommandResult:
        again = _answer(ctx, request)
        return CommandResult((again or _incomplete()).to_tree())

    wait = LongPoll(ctx.device.id, ctx.user.customer_id, check, heartbeat(seconds), finish)
    return CommandResult(None, wait=wait)


def _answer(ctx: CommandContext, request: SyncRequest) -> SyncResponse | None:
    """Each collection in a transaction of its own: one collection's state change is
    atomic, and a long request never holds the store for all of them (`limits`)."""
    db = ctx.onoffice.db
    with db.transaction():
        collections = resolve(ctx, request)
    if not collections:
        log.info("Sync: no collections and none cached: Status 13")
        return None
    answered = []
    for coll in collections:
        with db.transaction():
            answered.append(sync_collection(ctx, coll, request.window_size))
    refused = frozenset(a.collection_id for a in answered if a.status != SyncStatus.SUCCESS)
    with db.transaction():
        remember(ctx, collections, refused)
    return SyncResponse(tuple(answered))


def _would_send(ctx: CommandContext, request: SyncRequest) -> bool:
    """Would one of the collections have something to send now? (Reads only.)"""
    with ctx.onoffice.db.transaction():
        for coll in resolve(ctx, request):
            folder = folder_by_id(ctx.user, coll.collection_id)
            key = SyncKey.parse(coll.sync_key)
            if folder is None or key is None:
                return True
            held = ctx.sync_state.collection(ctx.device.id, folder.server_id, key)
            window = sync_window(ctx, folder, coll.filter_type).window
            if held is None or window is None:
                return True
            if pending(held, current_versions(ctx, folder, window)):
                return True
    return False


def _has_news(response: SyncResponse) -> bool:
    return any(_news(c) for c in response.collections)


def _news(coll: CollectionResponse) -> bool:
    return bool(coll.commands or coll.responses or coll.status != SyncStatus.SUCCESS)


def _incomplete() -> SyncResponse:
    # MS-ASCMD 2.2.3.177.17: an empty Sync with no cached collections is Status 13.
    return SyncResponse(status=SyncStatus.INCOMPLETE_REQUEST)


def _wait_seconds(request: SyncRequest) -> int | None:
    if request.wait is not None:
        return request.wait * 60
    return request.heartbeat_interval


def _check_wait(ctx: CommandContext, request: SyncRequest) -> SyncResponse | None:
    if request.wait is not None and request.heartbeat_interval is not None:
        log.info("Sync: Wait and HeartbeatInterval together: Status 4")
        return SyncResponse(status=SyncStatus.PROTOCOL_ERROR)
    for value, (low, high) in (
        (request.wait, WAIT_BOUNDS),
        (request.heartbeat_interval, HEARTBEAT_BOUNDS),
    ):
        if value is not None and not low <= value <= high:
            limit = low if value < low else high
            log.info("Sync: Wait/HeartbeatInterval %d out of %d-%d: Status 14", value, low, high)
            return SyncResponse(
                status=SyncStatus.INVALID_WAIT_OR_HEARTBEAT,
                limit=limit if ctx.config.strict else None,  # eas-facts 6: Z-Push sends none
            )
    return None


def _check_size(ctx: CommandContext, request: SyncRequest) -> SyncResponse | None:
    """MS-ASCMD 3.1.5.10 and 2.2.3.97: too many commands is Status 4, too many
    collections Status 15 with the Limit (`server.commands.limits`)."""
    config = ctx.config
    commands = limits.sync_commands(request)
    if commands > config.sync_max_commands:
        log.info("Sync: %d commands, more than %d: Status 4", commands, config.sync_max_commands)
        return SyncResponse(status=SyncStatus.PROTOCOL_ERROR)
    if len(request.collections) > config.sync_max_collections:
        log.info(
            "Sync: %d collections, more than %d: Status 15",
            len(request.collections),
            config.sync_max_collections,
        )
        return SyncResponse(status=SyncStatus.INVALID_COMMAND, limit=config.sync_max_collections)
    return None


def format_error() -> Element:
    # MS-ASCMD 2.2.3.177.17: a malformed request is Status 4 at the top level.
    return SyncResponse(status=SyncStatus.PROTOCOL_ERROR).to_tree()


COMMAND = CommandSpec("Sync", handle, format_error, root_tag="AirSync:Sync", atomic=False)
