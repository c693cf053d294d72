"""The device's own commands in a Sync collection: Add, Change, Delete, Fetch.

Each goes to the folder's `ItemSource`; its exceptions become per-item
statuses (MS-ASCMD 2.2.3.177.17): `ItemRejected` 6, `ItemNotFound` 8.

- Add: the ClientId's ServerId is remembered, so a resent Add (a lost
  response, a repeated key) gets the same ServerId and adds nothing
  (eas-facts 1 #23, #25).
- Change of an item the server changed too since the device's key is a
  conflict (eas-facts 1 #27): Options/Conflict 1, or no Conflict and
  `ServerConfig.conflict_server_wins` (Z-Push's OVERWRITE_PIM): Status 7,
  the device's change is dropped and the server's version is sent; 0:
  the device's change is stored. A Change that succeeds is not answered.
- Delete beats a server change. A Delete of an item already gone is a
  success when the device held it (a resend), else Status 8.
- Fetch answers the item (truncated per BodyPreference) or Status 8.

Must not: choose keys or send server changes (`server.commands.synccollection`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from eas.commands import CommandError
from eas.commands.sync import (
    Add,
    AddResult,
    Change,
    ChangeResult,
    CollectionRequest,
    Command,
    Delete,
    DeleteResult,
    FetchResult,
    Result,
    SyncStatus,
)
from eas.items.as16 import CALENDAR, from_wire, to_wire, with_ghosted
from eas.tree import Element
from server.commands.base import CommandContext
from server.mapping.folders import FolderDef
from server.mapping.sources import ItemNotFound, ItemRejected, ItemSource

log = logging.getLogger("zpush_sim.server")


@dataclass
class Applied:
    results: list[Result] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)  # the device holds the current version
    dropped: set[str] = field(default_factory=set)  # the device no longer holds it


def truncation_size(coll: CollectionRequest) -> int | None:
    # MS-ASAIRS 2.2.2.40.1: the first BodyPreference's TruncationSize.
    return coll.body_preferences[0].truncation_size if coll.body_preferences else None


def server_wins(ctx: CommandContext, coll: CollectionRequest) -> bool:
    # MS-ASCMD 2.2.3.34: Conflict 0 = client wins, 1 = server wins; absent: the server's policy.
    return ctx.config.conflict_server_wins if coll.conflict is None else coll.conflict != 0


def apply(
    ctx: CommandContext,
    folder: FolderDef,
    source: ItemSource,
    coll: CollectionRequest,
    held: Mapping[str, str],
    before: Mapping[str, str],
) -> Applied:
    """Apply the device's commands; ``before`` is the folder as it was, for conflicts."""
    applied = Applied()
    for command in coll.commands:
        _one(ctx, folder, source, coll, held, before, command, applied)
    return applied


def _one(
    ctx: CommandContext,
    folder: FolderDef,
    source: ItemSource,
    coll: CollectionRequest,
    held: Mapping[str, str],
    before: Mapping[str, str],
    command: Command,
    out: Applied,
) -> None:
    store, user = ctx.onoffice, ctx.user
    if isinstance(command, Change | Delete) and command.instance_id is not None:
        # 16.x: one occurrence of a series (MS-ASCMD 2.2.3.88.2). onOffice keeps no
        # exceptions (a 14.x Exception is dropped the same way): the series stays whole,
        # never replaced by the occurrence nor deleted with it.
        log.info("Sync: %s of occurrence %s of %s not kept: onOffice has no exceptions",
                 type(command).__name__, command.instance_id, command.server_id)  # fmt: skip
        return
    if isinstance(command, Add):
        out.results.append(_add(ctx, folder, source, command, out))
    elif isinstance(command, Change):
        sid = command.server_id
        if sid in before and before[sid] != held.get(sid, before[sid]) and server_wins(ctx, coll):
            log.info("Sync: conflict on %s, the server's version wins: Status 7", sid)
            out.results.append(ChangeResult(sid, SyncStatus.CONFLICT))
            return
        try:
            incoming = _incoming(ctx, folder, command.application_data, change=True)
            # MS-ASCAL 3.1.5.3: only a 16.x calendar Change is completed from the stored item.
            ghosted = ctx.at_least("16.0") and folder.class_name == CALENDAR
            current = source.application_data(store, user, sid) if ghosted else None
            version = ctx.protocol_version
            source.change(
                store, user, sid, with_ghosted(folder.class_name, incoming, current, version)
            )
        except ItemNotFound:
            out.results.append(ChangeResult(sid, SyncStatus.OBJECT_NOT_FOUND))
        except ItemRejected as exc:
            log.info("Sync: Change of %s rejected: %s", sid, exc)
            out.results.append(ChangeResult(sid, SyncStatus.CONVERSION_ERROR))
        else:
            out.touched.add(sid)
    elif isinstance(command, Delete):
        sid = command.server_id
        try:
            source.delete(store, user, sid)
        except ItemNotFound:
            if sid not in held:
                out.results.append(DeleteResult(sid, SyncStatus.OBJECT_NOT_FOUND))
        except ItemRejected as exc:
            # onOffice keeps it (B-CON-14): the device gets it back with the next changes.
            log.info("Sync: Delete of %s rejected: %s", sid, exc)
            out.results.append(DeleteResult(sid, SyncStatus.CONVERSION_ERROR))
        out.dropped.add(sid)
    else:
        data = source.application_data(
            store, user, command.server_id, truncation_size=truncation_size(coll)
        )
        if data is not None:
            data = to_wire(folder.class_name, data, ctx.protocol_version, client=False)
        status = SyncStatus.SUCCESS if data is not None else SyncStatus.OBJECT_NOT_FOUND
        out.results.append(FetchResult(command.server_id, status, data))


def _add(
    ctx: CommandContext, folder: FolderDef, source: ItemSource, command: Add, out: Applied
) -> AddResult:
    client_id = command.client_id
    if not client_id:
        raise CommandError("client Add without ClientId")  # MS-ASCMD 2.2.3.28.1: required
    device = ctx.device.id
    known = ctx.sync_state.client_add(device, folder.server_id, client_id)
    if known is not None:
        log.info("Sync: Add of ClientId %s seen before: ServerId %s again", client_id, known)
        out.touched.add(known)
        return AddResult(client_id, SyncStatus.SUCCESS, known)
    try:
        server_id = source.add(
            ctx.onoffice, ctx.user, _incoming(ctx, folder, command.application_data)
        )
    except ItemRejected as exc:
        log.info("Sync: Add of ClientId %s rejected: %s", client_id, exc)
        return AddResult(client_id, SyncStatus.CONVERSION_ERROR)
    ctx.sync_state.record_client_add(device, folder.server_id, client_id, server_id)
    out.touched.add(server_id)
    return AddResult(client_id, SyncStatus.SUCCESS, server_id)


def _incoming(
    ctx: CommandContext, folder: FolderDef, data: Element, *, change: bool = False
) -> Element:
    """The device's ApplicationData in the shape the mapping reads (16.x: `eas.items.as16`)."""
    return from_wire(folder.class_name, data, ctx.protocol_version, change=change)
