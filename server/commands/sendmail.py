"""SendMail, SmartReply, SmartForward and MeetingResponse: not supported (B-MAIL-1).

onOffice's Z-Push account has no mailbox: e-mail cannot be sent and there
are no meeting requests to answer. The answers per mode:

    command            strict (MS-ASCMD)                     Z-Push (eas-facts 1 #35, 6)
    ----------------   -----------------------------------   ----------------------------
    SendMail, Smart*   14.x: Status 137 CommandNotSupported;   HTTP 500 with an empty body
                       12.x: HTTP 501 (MS-ASHTTP 2.2.2.1.1)    (the backend cannot send)
    MeetingResponse    Result Status 2, invalid meeting      Result Status 4, server
                       request (no such request exists)      error (the backend fails)

Z-Push advertises SendMail anyway (`server.commands.options`); strict mode
advertises none of these. Below 14.0 the compose commands carry MIME, not
WBXML, so their body is not decoded (`CommandSpec.wbxml_from`).
"""

from __future__ import annotations

import logging

from eas.commands import CommandError
from eas.commands.meetingresponse import (
    MeetingResponseRequest,
    MeetingResponseResponse,
    MeetingResponseStatus,
    MeetingResult,
)
from eas.commands.sendmail import ComposeCommand, ComposeMailRequest, ComposeMailResponse
from eas.status import CommonStatus
from eas.tree import E, Element
from server.commands.base import CommandContext, CommandResult, CommandSpec

log = logging.getLogger("zpush_sim.server")


def _compose(command: ComposeCommand) -> CommandSpec:
    def handle(ctx: CommandContext, body: Element | None) -> CommandResult:
        if ctx.at_least("14.0"):
            if body is None:
                raise CommandError(f"{command} with an empty body")
            ComposeMailRequest.from_tree(body)  # a malformed request is a format error first
        if not ctx.config.strict:
            log.warning("%s: onOffice cannot send mail (B-MAIL-1): HTTP 500, as Z-Push", command)
            return CommandResult(None, http_status=500)
        log.info("%s: not supported (B-MAIL-1)", command)
        if not ctx.at_least("14.0"):
            return CommandResult(None, http_status=501)
        return CommandResult(
            ComposeMailResponse(command, CommonStatus.COMMAND_NOT_SUPPORTED).to_tree()
        )

    def format_error() -> Element:
        return ComposeMailResponse(command, CommonStatus.INVALID_WBXML).to_tree()

    return CommandSpec(
        command, handle, format_error, root_tag=f"ComposeMail:{command}", wbxml_from="14.0"
    )


SENDMAIL = _compose("SendMail")
SMARTREPLY = _compose("SmartReply")
SMARTFORWARD = _compose("SmartForward")


def _meeting_response(ctx: CommandContext, body: Element | None) -> CommandResult:
    if body is None:
        raise CommandError("MeetingResponse with an empty body")
    request = MeetingResponseRequest.from_tree(body)
    status = (
        MeetingResponseStatus.INVALID_MEETING_REQUEST
        if ctx.config.strict
        else MeetingResponseStatus.SERVER_ERROR  # Z-Push: the backend's MeetingResponse fails
    )
    log.info("MeetingResponse: no meeting requests without a mailbox (B-MAIL-1): Status %d", status)
    results = tuple(MeetingResult(r.request_id, status) for r in request.requests)
    return CommandResult(MeetingResponseResponse(results).to_tree())


def _meeting_format_error() -> Element:
    # MS-ASCMD 2.2.3.177.11 has no protocol-error status; 2 is "invalid request".
    return E(
        "MeetingResponse:MeetingResponse",
        E("Result", E("Status", str(MeetingResponseStatus.INVALID_MEETING_REQUEST))),
    )


MEETINGRESPONSE = CommandSpec(
    "MeetingResponse",
    _meeting_response,
    _meeting_format_error,
    root_tag="MeetingResponse:MeetingResponse",
)
