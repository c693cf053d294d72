"""Ping (MS-ASCMD 2.2.1.13): wait until a watched folder changes, then name it.

Before waiting (eas-facts 1 #32; 6):

    situation                                   answer
    -----------------------------------------   -------------------------------------
    no HeartbeatInterval or Folders, none kept  Status 3 (a body-less Ping reuses the
                                                last Ping's, kept per device)
    interval outside the bounds                 Status 5 + the nearest bound; bounds
                                                are MS-ASCMD's 60-3540 s in strict
                                                mode, none in Z-Push mode (no
                                                PING_*_BOUND_LIFETIME), a setting
    more folders than ping_max_folders          Status 6 + MaxFolders
    a folder not in the user's hierarchy, or    Status 7 (FolderSync first)
    the hierarchy changed since the last
    FolderSync (the user's settings changed)

then the wait of `server.pingwait` (Status 2 + folders, 7, or 1). A folder
has changed when `ItemSource.versions` within its cached FilterType differ
from the state under the key last issued to the device. Each poll is a
short transaction of its own: this command is not `atomic`.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from eas.commands.ping import PingFolder, PingRequest, PingResponse, PingStatus
from eas.tree import Element
from server.commands.base import CommandContext, CommandResult, CommandSpec
from server.commands.changes import current_versions, pending, sync_window
from server.commands.synccache import cached_options
from server.mapping.folders import folder_by_id, folders_for
from server.pingwait import LongPoll, WaitEnd, heartbeat

log = logging.getLogger("zpush_sim.server")

ANSWER = {
    WaitEnd.CHANGED: PingStatus.CHANGES,
    WaitEnd.STALE: PingStatus.FOLDER_SYNC_REQUIRED,
    WaitEnd.ENDED: PingStatus.EXPIRED,
    WaitEnd.EXPIRED: PingStatus.EXPIRED,
}


def handle(ctx: CommandContext, body: Element | None) -> CommandResult:
    request = PingRequest() if body is None else PingRequest.from_tree(body)
    with ctx.onoffice.db.transaction():
        early, interval, folders = _prepare(ctx, request)
    if early is not None:
        return CommandResult(early.to_tree())
    changed: list[str] = []

    def check() -> WaitEnd | None:
        with ctx.onoffice.db.transaction():
            end, found = _changes(ctx, folders)
        changed[:] = found
        return end

    def finish(end: WaitEnd) -> CommandResult:
        log.info("Ping of %s ends: %s %s", ctx.device.device_id, end, changed)
        status = ANSWER[end]
        folders_out = tuple(changed) if status == PingStatus.CHANGES else ()
        return CommandResult(PingResponse(status, folders_out).to_tree())

    wait = LongPoll(ctx.device.id, ctx.user.customer_id, check, heartbeat(interval), finish)
    return CommandResult(None, wait=wait)


def _prepare(
    ctx: CommandContext, request: PingRequest
) -> tuple[PingResponse | None, int, tuple[PingFolder, ...]]:
    kept = ctx.sync_state.ping_params(ctx.device.id) or {}
    interval = request.heartbeat_interval
    kept_interval = kept.get("interval")
    if interval is None and isinstance(kept_interval, int):
        interval = kept_interval
    folders = request.folders or _kept_folders(kept)
    if interval is None or not folders:
        log.info("Ping: no interval or folders, none kept: Status 3")
        return PingResponse(PingStatus.MISSING_PARAMETERS), 0, ()
    bounds = ctx.config.heartbeat_bounds
    if bounds is not None and not bounds[0] <= interval <= bounds[1]:
        nearest = bounds[0] if interval < bounds[0] else bounds[1]
        log.info("Ping: HeartbeatInterval %d out of %d-%d: Status 5", interval, *bounds)
        return PingResponse(PingStatus.INVALID_HEARTBEAT, heartbeat_interval=nearest), 0, ()
    if len(folders) > ctx.config.ping_max_folders:
        limit = ctx.config.ping_max_folders
        return PingResponse(PingStatus.TOO_MANY_FOLDERS, max_folders=limit), 0, ()
    ctx.sync_state.set_ping_params(
        ctx.device.id,
        {"interval": interval, "folders": [[f.id, f.class_name] for f in folders]},
    )
    end, found = _changes(ctx, folders)
    if end is WaitEnd.STALE:
        return PingResponse(PingStatus.FOLDER_SYNC_REQUIRED), 0, ()
    if end is WaitEnd.CHANGED:
        return PingResponse(PingStatus.CHANGES, tuple(found)), 0, ()
    return None, interval, folders


def _kept_folders(kept: dict[str, object]) -> tuple[PingFolder, ...]:
    rows = kept.get("folders")
    if not isinstance(rows, list):
        return ()
    return tuple(
        PingFolder(str(r[0]), str(r[1])) for r in rows if isinstance(r, list) and len(r) == 2
    )


def _changes(
    ctx: CommandContext, folders: tuple[PingFolder, ...]
) -> tuple[WaitEnd | None, list[str]]:
    """STALE if the hierarchy moved, CHANGED with the folders that changed, else None."""
    user = ctx.onoffice.user(ctx.user.id)
    if user is None or not user.zpush:
        return WaitEnd.STALE, []
    fresh = replace(ctx, user=user)
    sent = ctx.sync_state.latest_hierarchy(ctx.device.id)
    now = {f.server_id for f in folders_for(user)}
    if sent is not None and {f.server_id for f in sent} != now:
        return WaitEnd.STALE, []
    changed = []
    for watched in folders:
        folder = folder_by_id(user, watched.id)
        if folder is None:
            return WaitEnd.STALE, []
        latest = ctx.sync_state.latest_collection(ctx.device.id, folder.server_id)
        window = sync_window(fresh, folder, cached_options(fresh, folder.server_id).filter_type)
        if window.window is None:
            window = sync_window(fresh, folder, None)
        assert window.window is not None
        if latest is None or pending(latest[1], current_versions(fresh, folder, window.window)):
            changed.append(watched.id)
    return (WaitEnd.CHANGED, changed) if changed else (None, [])


def format_error() -> Element:
    # MS-ASCMD 2.2.3.177.13: a request that does not parse is Status 4.
    return PingResponse(PingStatus.SYNTAX_ERROR).to_tree()


COMMAND = CommandSpec(
    "Ping", handle, format_error, root_tag="Ping:Ping", atomic=False, zpush_provisioned=False
)
