"""GetItemEstimate (MS-ASCMD 2.2.1.9): how many changes the next Sync of each collection brings.

Per collection (eas-facts 1 #31): a CollectionId the user has no folder
for is Status 2; key 0, or a collection never synced, is Status 3 (not
primed); a key that is not stored is Status 4; otherwise Status 1 and the
count of what `server.commands.changes.pending` would send. Without a
FilterType in the request, the one of the collection's last Sync applies
(the Sync cache). A FilterType a class refuses is, in strict mode, a
top-level Status 103 (eas-facts 1 #31, MS-ASCMD S07_TC07); Z-Push applies
its cut-off instead. More than `ServerConfig.estimate_max_collections`
collections is a top-level Status 103 (MS-ASCMD 3.1.5.10, `limits`).
"""

from __future__ import annotations

import logging

from eas.commands import CommandError
from eas.commands.getitemestimate import (
    Estimate,
    EstimateCollection,
    GetItemEstimateRequest,
    GetItemEstimateResponse,
    GetItemEstimateStatus,
)
from eas.status import CommonStatus
from eas.tree import Element
from server.commands.base import CommandContext, CommandResult, CommandSpec
from server.commands.changes import current_versions, pending, sync_window
from server.commands.limits import INVALID_ESTIMATE_REQUEST
from server.commands.synccache import cached_options
from server.mapping.folders import folder_by_id
from server.synckey import INITIAL, SyncKey

log = logging.getLogger("zpush_sim.server")

INVALID_FILTER = 103  # eas-facts 1 #31 (MS-ASCMD S07_TC07)


class _Refused(Exception):
    pass


def handle(ctx: CommandContext, body: Element | None) -> CommandResult:
    if body is None:
        raise CommandError("GetItemEstimate with an empty body")
    request = GetItemEstimateRequest.from_tree(body)
    limit = ctx.config.estimate_max_collections
    if len(request.collections) > limit:
        # MS-ASCMD 3.1.5.10: more collections than the server's limit is Status 103.
        log.info("GetItemEstimate: %d collections, more than %d", len(request.collections), limit)
        return CommandResult(GetItemEstimateResponse(status=INVALID_ESTIMATE_REQUEST).to_tree())
    try:
        responses = []
        for coll in request.collections:
            with ctx.onoffice.db.transaction():  # one at a time: others get the store between
                responses.append(_estimate(ctx, coll))
    except _Refused:
        return CommandResult(GetItemEstimateResponse(status=INVALID_FILTER).to_tree())
    return CommandResult(GetItemEstimateResponse(tuple(responses)).to_tree())


def _estimate(ctx: CommandContext, coll: EstimateCollection) -> Estimate:
    folder = folder_by_id(ctx.user, coll.collection_id)
    if folder is None:
        return Estimate(GetItemEstimateStatus.INVALID_COLLECTION, coll.collection_id)
    if coll.sync_key == INITIAL:
        return Estimate(GetItemEstimateStatus.NOT_PRIMED, coll.collection_id)
    key = SyncKey.parse(coll.sync_key)
    held = None if key is None else ctx.sync_state.collection(ctx.device.id, folder.server_id, key)
    if held is None:
        never = ctx.sync_state.latest_collection(ctx.device.id, folder.server_id) is None
        status = (
            GetItemEstimateStatus.NOT_PRIMED if never else GetItemEstimateStatus.INVALID_SYNC_KEY
        )
        log.info(
            "GetItemEstimate: key %r of %r: Status %d", coll.sync_key, folder.server_id, status
        )
        return Estimate(status, coll.collection_id)
    filter_type = coll.filter_type
    if filter_type is None:
        filter_type = cached_options(ctx, folder.server_id).filter_type
    window = sync_window(ctx, folder, filter_type)
    if window.window is None:
        log.info("GetItemEstimate: %s: Status %d", window.refused, INVALID_FILTER)
        raise _Refused
    count = len(pending(held, current_versions(ctx, folder, window.window)))
    return Estimate(GetItemEstimateStatus.SUCCESS, coll.collection_id, count)


def format_error() -> Element:
    return GetItemEstimateResponse(status=CommonStatus.INVALID_XML).to_tree()


# Not atomic: each collection takes a short transaction of its own (see `handle`).
COMMAND = CommandSpec(
    "GetItemEstimate",
    handle,
    format_error,
    root_tag="GetItemEstimate:GetItemEstimate",
    atomic=False,
)
