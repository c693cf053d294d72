"""The EAS commands the reference server implements, keyed by their ``Cmd=`` value.

One module per command, each exporting ``COMMAND`` (a `CommandSpec`); a new
command is a new module and one line in `COMMANDS`. OPTIONS is not a
command but an HTTP method; `options` holds what it announces.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from server.commands import (
    foldersync,
    getitemestimate,
    lookup,
    ping,
    provision,
    sendmail,
    settings,
    sync,
)
from server.commands.base import CommandContext, CommandResult, CommandSpec

COMMANDS: Mapping[str, CommandSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            sync.COMMAND,
            sendmail.SENDMAIL,
            sendmail.SMARTFORWARD,
            sendmail.SMARTREPLY,
            foldersync.COMMAND,
            getitemestimate.COMMAND,
            sendmail.MEETINGRESPONSE,
            settings.COMMAND,
            ping.COMMAND,
            provision.COMMAND,
            lookup.RESOLVE_RECIPIENTS,
            lookup.SEARCH,
        )
    }
)
# B-MAIL-1: answered, but not supported; strict mode does not advertise them.
NOT_SUPPORTED = frozenset({"SendMail", "SmartForward", "SmartReply", "MeetingResponse"})

__all__ = ["COMMANDS", "NOT_SUPPORTED", "CommandContext", "CommandResult", "CommandSpec"]
