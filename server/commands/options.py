"""OPTIONS (MS-ASHTTP 2.2.3): what the server announces, and who may ask.

The command list is the implemented commands plus, in Z-Push mode, every
command Z-Push always advertises whether its backend can do it or not (it
advertises SendMail although onOffice cannot send mail, eas-facts.md 1
#35). Z-Push wants Basic credentials even for OPTIONS (1 #1); the strict
mode answers anyone.
"""

from __future__ import annotations

from collections.abc import Iterable

from eas.http import options_headers
from server.config import ServerConfig

# Z-Push 2.7's MS-ASProtocolCommands, in its order (eas-facts.md 1 #1, 5).
ZPUSH_ADVERTISED_COMMANDS: tuple[str, ...] = (
    "Sync", "SendMail", "SmartForward", "SmartReply", "GetAttachment", "GetHierarchy",
    "CreateCollection", "DeleteCollection", "MoveCollection", "FolderSync", "FolderCreate",
    "FolderDelete", "FolderUpdate", "MoveItems", "GetItemEstimate", "MeetingResponse",
    "Search", "Settings", "Ping", "ItemOperations", "Provision", "ResolveRecipients",
    "ValidateCert",
)  # fmt: skip


def advertised_commands(
    config: ServerConfig, implemented: Iterable[str], not_supported: Iterable[str] = ()
) -> tuple[str, ...]:
    """Strict: what is implemented and supported (MS-ASHTTP 2.2.2.1.2.3); Z-Push: its list."""
    done = tuple(implemented)
    if config.strict:
        refused = set(not_supported)
        return tuple(c for c in done if c not in refused)
    return ZPUSH_ADVERTISED_COMMANDS + tuple(c for c in done if c not in ZPUSH_ADVERTISED_COMMANDS)


def needs_auth(config: ServerConfig) -> bool:
    return not config.strict


def headers(config: ServerConfig, commands: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """MS-Server-ActiveSync, MS-ASProtocolVersions and MS-ASProtocolCommands."""
    return tuple(options_headers(config.protocol_versions, commands, config.server_version))
