"""What every command handler gets and gives, and how it is registered.

A handler is a function ``(CommandContext, Element | None) -> CommandResult``:
the decoded request body (None for an empty body) in, a tree (or no body)
plus extra headers out. It raises `eas.commands.CommandError` for a
document of the wrong shape; the pipeline (`server.activesync`) turns that
into the command's protocol-error status (strict) or a 500 (Z-Push), using
the spec's ``format_error`` tree. A handler that must wait for changes
(Ping, Sync with Wait) returns a `LongPoll` in ``CommandResult.wait``
instead of waiting itself. Handlers are otherwise total: every
situation they know ends in a status of their command, never an exception.

A handler may also choose an HTTP status (``CommandResult.http_status``):
Z-Push answers some requests with a bare 500, and that answer is chosen
and logged by the handler, not raised. `CommandSpec` says how the pipeline
treats the command: its root element (for a common status such as 142
in its body), whether it runs inside one transaction (Ping must not hold
the store's lock while it waits), whether provisioning is checked, and
from which version its body is WBXML (SendMail is MIME before 14.0).

Must not: parse HTTP or check credentials; that is done before a handler runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from eas.http import ASRequestLine, version_key
from eas.tree import E, Element
from server.config import ServerConfig
from server.model import User
from server.pingwait import LongPoll, PingRegistry
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
    pings: PingRegistry

    @property
    def now(self) -> datetime:
        return self.config.clock.now()

    def at_least(self, version: str) -> bool:
        """The request's protocol version is ``version`` or later."""
        return version_key(self.protocol_version) >= version_key(version)


@dataclass(frozen=True)
class CommandResult:
    tree: Element | None
    headers: Headers = ()
    http_status: int = 200  # a deliberate non-200 answer (Z-Push's 500s)
    # A long poll (Ping, Sync with Wait): the answer comes once the wait ends, from
    # ``wait.finish``; ``tree`` is unused. The pipeline waits (`server.pingwait`).
    wait: LongPoll[CommandResult] | None = None
    # The body of a deliberate non-200 answer (Z-Push's cut-off WBXML); empty by default.
    error_body: bytes = b""


@dataclass(frozen=True)
class CommandSpec:
    name: str  # the Cmd= value (MS-ASHTTP 2.2.1.1.1.2.1)
    handle: Callable[[CommandContext, Element | None], CommandResult]
    # The strict-mode answer to malformed WBXML or a document of the wrong shape.
    format_error: Callable[[], Element]
    root_tag: str = ""  # "Namespace:Name" of its documents, for a common status (142, 144)
    atomic: bool = True  # run inside one store transaction
    provisioned: bool = True  # needs a provisioned device (not Provision itself)
    zpush_provisioned: bool = True  # ... in Z-Push mode (Ping is exempt there)
    wbxml_from: str | None = None  # the body is WBXML from this version on (None: always)

    def status_document(self, status: int) -> Element:
        """``<Command><Status>status</Status></Command>``: a common status (MS-ASCMD 2.2.2)."""
        return E(self.root_tag, E("Status", str(status)))
