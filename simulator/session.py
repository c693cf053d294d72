"""One EAS request of an account, with provisioning done the way devices do it.

Rules, applied to every command an account sends (MS-ASPROV 3.1.5.1,
eas-facts.md 1 #13-17):

1. The request carries the account's PolicyKey (``X-MS-PolicyKey`` or the
   base64 query's field); before provisioning, the profile's initial key.
2. HTTP 449, or a top-level Status 142/143/144 in the answer, means
   "provision first": Provision phase 1 (PolicyType, no key; Gmail adds
   DeviceInformation), phase 2 (acknowledge the temporary key with Status 1),
   keep the final key, then send the original request again, once.
3. 401, 503 and other non-200 answers become a `SyncError` with a kind that
   the account's health (`simulator.health`) reacts to.

Must not: decide what to sync, or send HTTP itself (`Transport` does).
"""

from __future__ import annotations

from eas.commands import CommandError
from eas.commands.provision import (
    PolicyAck,
    PolicyStatus,
    ProvisionRequest,
    ProvisionResponse,
    ProvisionStatus,
)
from eas.commands.settings import DeviceInformation
from eas.http import version_key
from eas.tree import Element
from simulator.account import Account
from simulator.profile import Profile
from simulator.transport import CommandReply, Transport, TransportError

# MS-ASCMD 2.2.3.177 common statuses that ask for (re-)provisioning.
PROVISIONING_STATUSES = frozenset({142, 143, 144})
HTTP_NEEDS_PROVISIONING = 449
IGNORED_449_RETRIES = 3  # quirk ignores_449: how often the request goes again unchanged


class SyncError(Exception):
    """The request failed.

    ``kind``: unauthorized, unavailable, provisioning, http, protocol, network or closed.
    ``retry_after``: seconds, from a 503's Retry-After.
    """

    def __init__(
        self, kind: str, message: str, status: int | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.kind, self.status, self.retry_after = kind, status, retry_after


def device_information(profile: Profile) -> DeviceInformation:
    info = profile.device_information
    return DeviceInformation(
        model=info.model,
        friendly_name=info.friendly_name,
        os=info.os,
        os_language=info.os_language,
        user_agent=info.user_agent,
    )


def _retry_after(reply: CommandReply) -> int | None:
    value = (reply.headers.get("Retry-After") or "").strip()
    return int(value) if value.isdigit() else None


def _needs_provisioning(reply: CommandReply) -> bool:
    if reply.status == HTTP_NEEDS_PROVISIONING:
        return True
    if reply.root is None:
        return False
    status = reply.root.findtext("Status")
    return status is not None and status.isdigit() and int(status) in PROVISIONING_STATUSES


class EasSession:
    """Sends an account's commands; provisions when the server asks."""

    def __init__(self, profile: Profile, transport: Transport) -> None:
        self.profile, self.transport = profile, transport

    def _send(
        self,
        account: Account,
        cmd: str,
        root: Element | None,
        mime: bytes | None = None,
        held_seconds: int | None = None,
    ) -> CommandReply:
        # A held request (Ping) is waited for its heartbeat plus the profile's margin.
        heartbeat = held_seconds or account.heartbeat_seconds or self.profile.sync.heartbeat_seconds
        try:
            return self.transport.command(
                account.endpoint,
                cmd,
                root,
                version=account.protocol_version,
                policy_key=account.policy_key,
                mime=mime,
                read_timeout=self.profile.timeouts.read_seconds_for(cmd, heartbeat),
            )
        except TransportError as exc:
            raise SyncError("network", str(exc)) from exc

    def call(
        self,
        account: Account,
        cmd: str,
        root: Element | None,
        *,
        mime: bytes | None = None,
        held_seconds: int | None = None,
    ) -> Element | None:
        """POST ``cmd``; the decoded answer (None: empty 200 body), else `SyncError`.

        ``held_seconds``: how long the server may hold it (a Ping's heartbeat)."""
        reply = self._send(account, cmd, root, mime, held_seconds)
        if _needs_provisioning(reply) and self.profile.quirk("ignores_449"):
            for _again in range(IGNORED_449_RETRIES):  # device-bugs.md 27: never provisions
                reply = self._send(account, cmd, root, mime, held_seconds)
            raise SyncError(
                "provisioning", f"{cmd}: HTTP {reply.status} again and again", reply.status
            )
        if _needs_provisioning(reply) and cmd != "Provision":
            self.provision(account)
            reply = self._send(account, cmd, root, mime, held_seconds)
            if _needs_provisioning(reply):
                raise SyncError("provisioning", f"{cmd}: still not provisioned", reply.status)
        return self._checked(cmd, reply)

    @staticmethod
    def _checked(cmd: str, reply: CommandReply) -> Element | None:
        if reply.status == 401:
            raise SyncError("unauthorized", f"{cmd}: the server refused the login", 401)
        if reply.status == 503:
            retry = _retry_after(reply)
            raise SyncError(
                "unavailable", f"{cmd}: server unavailable (Retry-After {retry})", 503, retry
            )
        if reply.status != 200:
            raise SyncError("http", f"{cmd}: HTTP {reply.status} {reply.reason}", reply.status)
        if reply.decode_error is not None:
            raise SyncError("protocol", f"{cmd}: undecodable answer: {reply.decode_error}")
        return reply.root

    # -- Provision (MS-ASPROV 3.1.5.1) ---------------------------------------

    def provision(self, account: Account) -> int:
        """The two phases; the final PolicyKey is kept on the account and returned."""
        account.policy_key = None if self.profile.protocol.initial_policy_key is None else 0
        # At 16.1 a Provision without DeviceInformation gets Status 165 (MS-ASPROV
        # 16.1; Exchange Online, device-bugs #27), and every 16.1 client sends it.
        at_16_1 = version_key(account.protocol_version) >= (16, 1)
        info = (
            device_information(self.profile)
            if self.profile.protocol.device_information_in_provision or at_16_1
            else None
        )
        first = self._provision(account, ProvisionRequest(device_information=info))
        if first.policy is None or first.policy.policy_key is None:
            raise SyncError("provisioning", "Provision phase 1 gave no PolicyKey")
        if first.policy.status == PolicyStatus.NO_POLICY:
            account.policy_key = first.policy.policy_key
            return account.policy_key
        ack = ProvisionRequest(policy_key=first.policy.policy_key, policy_status=PolicyAck.APPLIED)
        second = self._provision(account, ack)
        if second.policy is None or second.policy.policy_key is None:
            raise SyncError("provisioning", "Provision phase 2 gave no final PolicyKey")
        account.policy_key = second.policy.policy_key
        return account.policy_key

    def _provision(self, account: Account, request: ProvisionRequest) -> ProvisionResponse:
        root = self._checked("Provision", self._send(account, "Provision", request.to_tree()))
        if root is None:
            raise SyncError("provisioning", "Provision: empty answer")
        try:
            response = ProvisionResponse.from_tree(root)
        except CommandError as exc:
            raise SyncError("protocol", f"Provision: {exc}") from exc
        if response.status != ProvisionStatus.SUCCESS:
            raise SyncError("provisioning", f"Provision Status {response.status}", response.status)
        if response.policy is not None and response.policy.status not in (
            PolicyStatus.SUCCESS,
            PolicyStatus.NO_POLICY,
        ):
            status = response.policy.status
            raise SyncError("provisioning", f"Provision Policy Status {status}", status)
        return response
