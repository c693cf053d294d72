"""What every command handler gets and gives, and how it is registered.

A handler is a function ``(CommandContext, Element | None) -> CommandResult``:
the decoded request body (None for an empty body) in, a tree (or no body)
plus extra headers out. It raises `eas.commands.CommandError` for a
document of the wrong shape; the pipeline (`server.activesync`) turns that
into the command's protocol-error status (strict) or a 500 (Z-Push), using
the spec's ``format_error`` tree. Handlers are otherwise total: every
situation they know ends in a status of their command, never an exception.

Must not: parse HTTP or check credentials; that is done before a handler runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from eas.http import ASRequestLine
from eas.tree import Element
from server.config import ServerConfig
from server.model import User
from server.store.onoffice import OnOfficeStore
from server.store.syncstate import Device, SyncStateStore

Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CommandContext:
    config: ServerConfig
    onoffice: OnOfficeStore
    sync_state: SyncStateStore
    user: User
    device: Device
    request: ASRequestLine
    protocol_version: str
    advertised_commands: tuple[str, ...]  # what OPTIONS announces

    @property
    def now(self) -> datetime:
        return self.config.clock.now()


@dataclass(frozen=True)
class CommandResult:
    tree: Element | None
    headers: Headers = ()


@dataclass(frozen=True)
class CommandSpec:
    name: str  # the Cmd= value (MS-ASHTTP 2.2.1.1.1.2.1)
    handle: Callable[[CommandContext, Element | None], CommandResult]
    # The strict-mode answer to malformed WBXML or a document of the wrong shape.
    format_error: Callable[[], Element]
