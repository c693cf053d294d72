"""What a device is missing in one folder: the rule shared by Sync, GetItemEstimate and Ping.

A device holds ``{ServerId: version}`` under its key; the folder holds
`ItemSource.versions` within the device's window; the difference, in one
order, is what a Sync sends, what GetItemEstimate counts and what wakes a
Ping. FilterType handling per class lives here too, as one table, because
all three commands read a FilterType (eas-facts 1 #28).

Must not: store state or build EAS documents.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from server.commands.base import CommandContext
from server.mapping.folders import FolderDef
from server.mapping.sources import SOURCES, SyncWindow

# MS-ASCMD 2.2.3.68.2 and eas-facts 1 #28: the FilterType values each class accepts
# in strict mode; a class missing here (Contacts) ignores FilterType without error.
VALID_FILTER_TYPES: Mapping[str, frozenset[int]] = MappingProxyType(
    {"Calendar": frozenset({0, 4, 5, 6, 7}), "Tasks": frozenset({0, 8})}
)
INCOMPLETE_TASKS = 8  # FilterType 8: incomplete tasks only (MS-ASCMD 2.2.3.68.2)


@dataclass(frozen=True)
class Window:
    """A FilterType as checked for a class: the window to read, or why it is refused."""

    window: SyncWindow | None
    refused: str | None = None


def sync_window(ctx: CommandContext, folder: FolderDef, filter_type: int | None) -> Window:
    """The window a FilterType gives in this mode, or a refusal (strict mode only)."""
    valid = VALID_FILTER_TYPES.get(folder.class_name)
    if valid is None:
        return Window(SyncWindow(None, ctx.now))  # Contacts: FilterType ignored
    if filter_type is not None and filter_type not in valid:
        if ctx.config.strict:
            return Window(None, f"FilterType {filter_type} is not valid for {folder.class_name}")
        if not 0 <= filter_type <= INCOMPLETE_TASKS:
            # Z-Push Utils::GetCutOffDate: an unknown value means no cut-off.
            return Window(SyncWindow(None, ctx.now))
    if filter_type == INCOMPLETE_TASKS and not ctx.config.strict:
        # eas-facts 1 #28, 6: Z-Push has no case for 8 and sends every task.
        return Window(SyncWindow(None, ctx.now))
    return Window(SyncWindow(filter_type, ctx.now))


def current_versions(ctx: CommandContext, folder: FolderDef, window: SyncWindow) -> dict[str, str]:
    return SOURCES[folder.class_name].versions(ctx.onoffice, ctx.user, window)


def pending(
    held: Mapping[str, str], current: Mapping[str, str], exclude: frozenset[str] = frozenset()
) -> list[str]:
    """ServerIds to send: new or changed items, then deleted ones, each in id order."""
    changed = [s for s, v in current.items() if held.get(s) != v and s not in exclude]
    deleted = [s for s in held if s not in current and s not in exclude]
    return sorted(changed, key=_id_order) + sorted(deleted, key=_id_order)


def _id_order(server_id: str) -> tuple[float, str]:
    numeric = server_id.isascii() and server_id.isdigit()  # not "²"
    return (int(server_id) if numeric else math.inf, server_id)
