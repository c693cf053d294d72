"""FolderSync (MS-ASCMD 2.2.1.5): the user's folder hierarchy, under Z-Push sync keys.

Key "0" answers every folder the user has (B-SET-3) under a new key; a
stored key answers what changed since (Add, Update, Delete) under the next
key, or Count 0 under the same key; an unknown key gets Status 9
(eas-facts.md 1 #19-#21). The key rules are `server.synckey`'s table.
FolderSync 0 also carries the OPTIONS version and command headers, as the
spec recommends and Z-Push does, and ``X-MS-RP``, which the spec recommends
there too (MS-ASHTTP R1104/R1202; eas-facts.md 1 #11): a device that
starts its hierarchy over learns the versions again. Z-Push sends X-MS-RP
only when the list changed (`server.activesync` does that for every
command); repeating it here is the spec's SHOULD and harmless to a device.
"""

from __future__ import annotations

import logging

from eas.commands import CommandError
from eas.commands.foldersync import (
    Folder,
    FolderSyncRequest,
    FolderSyncResponse,
    FolderSyncStatus,
)
from eas.http import MS_ASPROTOCOLCOMMANDS, MS_ASPROTOCOLVERSIONS, X_MS_RP
from eas.tree import Element
from server.commands.base import CommandContext, CommandResult, CommandSpec
from server.mapping.folders import ROOT, folders_for
from server.store.syncstate import FolderRecord
from server.synckey import INITIAL, SyncKey

log = logging.getLogger("zpush_sim.server")


def handle(ctx: CommandContext, body: Element | None) -> CommandResult:
    if body is None:
        raise CommandError("FolderSync with an empty body")
    request = FolderSyncRequest.from_tree(body)
    current = tuple(
        FolderRecord(f.server_id, ROOT, f.display_name, int(f.type)) for f in folders_for(ctx.user)
    )
    device = ctx.device.id
    if request.sync_key == INITIAL:
        fresh = SyncKey.fresh()
        ctx.sync_state.save_hierarchy(device, fresh, current, keep=())
        response = FolderSyncResponse(
            FolderSyncStatus.SUCCESS, str(fresh), add=tuple(_folder(f) for f in current)
        )
        return CommandResult(response.to_tree(), _initial_headers(ctx))
    key = SyncKey.parse(request.sync_key)
    sent = None if key is None else ctx.sync_state.hierarchy(device, key)
    if key is None or sent is None:
        log.info("FolderSync: unknown SyncKey %r from %s", request.sync_key, ctx.device.device_id)
        return CommandResult(FolderSyncResponse(FolderSyncStatus.SYNC_KEY_INVALID).to_tree())
    known = {f.server_id: f for f in sent}
    now = {f.server_id: f for f in current}
    added = tuple(_folder(f) for f in current if f.server_id not in known)
    updated = tuple(_folder(f) for f in current if f.server_id in known and known[f.server_id] != f)
    deleted = tuple(s for s in known if s not in now)
    if not (added or updated or deleted):
        ctx.sync_state.keep_hierarchy(device, key)
        return CommandResult(FolderSyncResponse(FolderSyncStatus.SUCCESS, str(key)).to_tree())
    ctx.sync_state.save_hierarchy(device, key.next, current, keep=(key.counter,))
    response = FolderSyncResponse(
        FolderSyncStatus.SUCCESS, str(key.next), add=added, update=updated, delete=deleted
    )
    return CommandResult(response.to_tree())


def _folder(record: FolderRecord) -> Folder:
    return Folder(record.server_id, record.parent_id, record.display_name, record.type)


def _initial_headers(ctx: CommandContext) -> tuple[tuple[str, str], ...]:
    versions = ",".join(ctx.config.protocol_versions)
    return (
        (MS_ASPROTOCOLVERSIONS, versions),
        (MS_ASPROTOCOLCOMMANDS, ",".join(ctx.advertised_commands)),
        (X_MS_RP, versions),
    )


def format_error() -> Element:
    # MS-ASCMD 2.2.3.177.5: a request that does not parse is Status 10.
    return FolderSyncResponse(FolderSyncStatus.FORMAT_ERROR).to_tree()


COMMAND = CommandSpec("FolderSync", handle, format_error, root_tag="FolderHierarchy:FolderSync")
