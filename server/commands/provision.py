"""Provision (MS-ASPROV, MS-ASCMD 2.2.1.14): the policy-key exchange, run by `server.provisioning`.

Phase 1 answers a temporary key with Z-Push's default EASProvisionDoc,
phase 2 the final key; a remote-wipe acknowledgement is answered Status 1
(remote wipe itself is out of scope). With provisioning switched off the
policy is answered Policy Status 2, "no policy" (MS-ASPROV 2.2.2.54.1).
The DeviceInformation of a 14.1 Provision is stored and its Status echoed
(eas-facts 1 #18). Refusals per mode (eas-facts 1 #16, 6):

    request                      strict                       Z-Push
    --------------------------   --------------------------   ----------------------
    Policy without PolicyType    Provision Status 2           HTTP 500
    unknown PolicyType           Policy Status 3              HTTP 500, the Status 3
                                                              body cut off after the
                                                              Policy's Status
    ack of an unknown key        Policy Status 5              accepted, new final key
    14.1 phase 1 without         Provision Status 165         accepted
    DeviceInformation
"""

from __future__ import annotations

import logging

from eas import wbxml
from eas.commands import CommandError
from eas.commands.provision import (
    POLICY_TYPE,
    PolicyResponse,
    PolicyStatus,
    ProvisionRequest,
    ProvisionResponse,
    ProvisionStatus,
)
from eas.status import CommonStatus
from eas.tree import Element
from server.commands.base import CommandContext, CommandResult, CommandSpec
from server.provisioning import DEFAULT_POLICY, phase_one, phase_two

log = logging.getLogger("zpush_sim.server")


def handle(ctx: CommandContext, body: Element | None) -> CommandResult:
    if body is None:
        raise CommandError("Provision with an empty body")
    request = ProvisionRequest.from_tree(body)
    device = ctx.device.id
    echo = None
    if request.device_information is not None:
        ctx.sync_state.set_device_information(device, request.device_information.as_dict())
        echo = 1
    if request.policy_type is None:
        if request.remote_wipe_status is not None:
            return _answer(
                ProvisionResponse(ProvisionStatus.SUCCESS, device_information_status=echo)
            )
        return _refuse(ctx, ProvisionStatus.PROTOCOL_ERROR, "Policy without PolicyType")
    phase_1 = request.policy_key is None
    if ctx.config.strict and phase_1 and echo is None and ctx.at_least("14.1"):
        # MS-ASPROV R4954 (eas-facts 1 #18): 14.1 wants DeviceInformation in phase 1.
        log.info("Provision: 14.1 phase 1 without DeviceInformation: Status 165")
        return _answer(ProvisionResponse(CommonStatus.DEVICE_INFORMATION_REQUIRED))
    if request.policy_type != POLICY_TYPE:
        policy = PolicyResponse(request.policy_type, PolicyStatus.UNKNOWN_POLICY_TYPE)
        answer = ProvisionResponse(ProvisionStatus.SUCCESS, policy, echo)
        if not ctx.config.strict:
            log.warning(
                "Provision: unknown PolicyType %r: HTTP 500 with the Policy Status 3 body "
                "cut off, as Z-Push",
                request.policy_type,
            )
            return CommandResult(None, http_status=500, error_body=_cut_off(answer.to_tree()))
        return _answer(answer)
    if not ctx.config.provisioning:
        policy = PolicyResponse(POLICY_TYPE, PolicyStatus.NO_POLICY)
        return _answer(ProvisionResponse(ProvisionStatus.SUCCESS, policy, echo))
    record = ctx.sync_state.policy(device)
    if request.policy_key is None:
        pending = phase_one(record)
        ctx.sync_state.set_policy(device, pending)
        policy = PolicyResponse(
            POLICY_TYPE, PolicyStatus.SUCCESS, pending.pending_key, DEFAULT_POLICY
        )
        return _answer(ProvisionResponse(ProvisionStatus.SUCCESS, policy, echo))
    after, status = phase_two(record, request.policy_key, ctx.config.strict)
    if after is None:
        log.info("Provision: acknowledgement of key %s never issued", request.policy_key)
        policy = PolicyResponse(POLICY_TYPE, status)
    else:
        ctx.sync_state.set_policy(device, after)
        policy = PolicyResponse(POLICY_TYPE, status, after.policy_key)
    return _answer(ProvisionResponse(ProvisionStatus.SUCCESS, policy, echo))


def _cut_off(tree: Element) -> bytes:
    """The WBXML of ``tree`` without the END tokens that close Policy, Policies, Provision.

    Z-Push streams its answer and throws after Policy/Status 3 (eas-facts 6):
    the client gets the document up to there, never closed.
    """
    body = wbxml.encode(tree)
    closing = bytes([wbxml.END]) * 3  # the encoder ends every element with END
    return body.removesuffix(closing)


def _answer(response: ProvisionResponse) -> CommandResult:
    return CommandResult(response.to_tree())


def _refuse(ctx: CommandContext, status: int, reason: str) -> CommandResult:
    if ctx.config.strict:
        log.info("Provision: %s: Status %d", reason, status)
        return _answer(ProvisionResponse(status))
    log.warning("Provision: %s: HTTP 500, as Z-Push", reason)
    return CommandResult(None, http_status=500)


def format_error() -> Element:
    # MS-ASPROV 2.2.2.54.2: a request that does not parse is Status 2.
    return ProvisionResponse(ProvisionStatus.PROTOCOL_ERROR).to_tree()


COMMAND = CommandSpec(
    "Provision",
    handle,
    format_error,
    root_tag="Provision:Provision",
    provisioned=False,
    zpush_provisioned=False,
)
