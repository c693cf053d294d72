"""Z-Push's loop detection for one collection of one device (Z-Push mode only).

A device that cannot take an item sends the previous SyncKey again and
again (device-bugs.md 21; ZP-1213, Z-Hub/Z-Push#154). Z-Push's
`lib/core/loopdetection.php` sees the same key come back after it sent
items for it and shrinks the window; its log says "Mobile loop detected!
Messages sent to the mobile will be restricted to N items" (eas-facts.md
"Loop detection"). The rules here, per device and collection:

    the request                               the answer
    ---------------------------------------   -------------------------------------------
    a new SyncKey                             as usual (a loop in progress keeps its window)
    the key of the last answer again, once    at most 25 items
    ... twice                                 at most 1 item (loop mode)
    ... again, in loop mode                   the one item sent last is "broken": skipped,
                                              the next sent
    a new SyncKey after an answer that had    loop mode ends (the device took the rest)
      nothing more to send

Strict mode has no loop detection (MS-ASCMD knows none). State is kept as
server flags (JSON), per device and collection (`loop_flag`); a resync or
the removal of the device drops it.

Must not: choose items or keys itself (`server.commands.synccollection`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from server.commands.base import CommandContext
from server.store.syncstate import loop_flag

log = logging.getLogger("zpush_sim.server")

WINDOWS = (25, 1)  # Z-Push: WindowSize first cut to 25, then to 1 (device-bugs.md 21)


@dataclass(frozen=True)
class LoopAnswer:
    window: int | None = None  # the cap on this answer's items; None: no loop
    ignore: str | None = None  # the ServerId Z-Push now takes for broken


def _name(ctx: CommandContext, collection_id: str) -> str:
    return loop_flag(ctx.device.id, collection_id)


def _load(ctx: CommandContext, collection_id: str) -> dict[str, object]:
    raw = ctx.sync_state.flag(_name(ctx, collection_id))
    return json.loads(raw) if raw else {}


def detect(ctx: CommandContext, collection_id: str, key: str) -> LoopAnswer:
    """Before answering ``key``: the window cap and the item to skip, if any."""
    if ctx.config.strict:
        return LoopAnswer()
    state = _load(ctx, collection_id)
    level = int(str(state.get("level", 0)))
    if state.get("key") != key or not state.get("sent"):
        if level and not state.get("more"):  # the device took the last of it: loop over
            state["level"] = level = 0
            ctx.sync_state.set_flag(_name(ctx, collection_id), json.dumps(state))
        return LoopAnswer(WINDOWS[min(level, len(WINDOWS)) - 1] if level else None)
    level = min(level + 1, len(WINDOWS) + 1)
    state["level"] = level
    ctx.sync_state.set_flag(_name(ctx, collection_id), json.dumps(state))
    if level <= len(WINDOWS):
        window = WINDOWS[level - 1]
        log.warning(
            "Mobile loop detected! Messages sent to the mobile will be restricted to %d items "
            "(%s, SyncKey %s)", window, collection_id, key,
        )  # fmt: skip
        return LoopAnswer(window)
    sent = _strings(state.get("sent"))
    broken = sent[0] if len(sent) == 1 else None
    if broken is not None:
        log.warning("Loop mode, broken message id %r ignored (%s)", broken, collection_id)
        ignored = [*_strings(state.get("ignored")), broken]
        state["ignored"], state["level"] = ignored, len(WINDOWS)
        ctx.sync_state.set_flag(_name(ctx, collection_id), json.dumps(state))
    return LoopAnswer(WINDOWS[-1], broken)


def answered(
    ctx: CommandContext, collection_id: str, key: str, sent: list[str], more: bool
) -> None:
    """After answering ``key``: what was sent, and whether a loop is over."""
    if ctx.config.strict:
        return
    state = _load(ctx, collection_id)
    state["key"], state["sent"], state["more"] = key, sent, more
    ctx.sync_state.set_flag(_name(ctx, collection_id), json.dumps(state))


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
