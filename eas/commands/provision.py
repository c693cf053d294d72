"""Provision (MS-ASPROV, MS-ASCMD 2.2.1.14): the two-phase policy-key exchange, both directions.

Phase 1: the device asks for a policy (``Policies/Policy/PolicyType``) and
gets a temporary PolicyKey with the EASProvisionDoc. Phase 2: it
acknowledges that key with a Policy Status and gets the final key, which it
then sends in ``X-MS-PolicyKey``. A remote-wipe acknowledgement
(``RemoteWipe/Status``) is read and written, nothing more. From 14.1 the
request may carry ``settings:DeviceInformation`` (MS-ASPROV 2.2.2.52).

Must not: choose keys or statuses (the server's provisioning state machine
does).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from eas.commands import CommandError, optional_int, parse_int
from eas.commands.settings import DeviceInformation
from eas.tree import E, Element

NS = "Provision"
# MS-ASPROV 2.2.2.41: the WBXML policy type of 12.0 and later (2.5 used MS-WAP-Provisioning-XML).
POLICY_TYPE = "MS-EAS-Provisioning-WBXML"


class ProvisionStatus(IntEnum):
    """MS-ASPROV 2.2.2.54.2 Status (Provision)."""

    SUCCESS = 1
    PROTOCOL_ERROR = 2
    SERVER_ERROR = 3


class PolicyStatus(IntEnum):
    """MS-ASPROV 2.2.2.54.1 Status (Policy)."""

    SUCCESS = 1
    NO_POLICY = 2
    UNKNOWN_POLICY_TYPE = 3
    POLICY_DATA_CORRUPT = 4
    WRONG_POLICY_KEY = 5


class PolicyAck(IntEnum):
    """MS-ASPROV 2.2.2.54.1: the Status the device sends when it acknowledges a policy."""

    APPLIED = 1
    PARTIALLY_APPLIED = 2
    NOT_APPLIED = 3
    EXTERNALLY_MANAGED = 4


@dataclass(frozen=True)
class EASProvisionDoc:
    """The policy settings (MS-ASPROV 2.2.2.27), as ``(element name, value)`` in document order.

    A value of ``None`` is an empty element (the application lists).
    """

    settings: tuple[tuple[str, str | None], ...] = ()

    def to_tree(self) -> Element:
        doc = E(f"{NS}:EASProvisionDoc")
        for name, value in self.settings:
            doc.add(name, value)
        return doc

    @classmethod
    def from_tree(cls, node: Element) -> EASProvisionDoc:
        return cls(tuple((child.name, child.text) for child in node.children))

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.settings if key == name), None)


@dataclass(frozen=True)
class ProvisionRequest:
    """Phase 1 (``policy_key`` None), phase 2 (``policy_key`` + ``policy_status``) or a wipe ack."""

    policy_type: str | None = POLICY_TYPE
    policy_key: int | None = None
    policy_status: int | None = None
    device_information: DeviceInformation | None = None
    remote_wipe_status: int | None = None

    def to_tree(self) -> Element:
        root = E(f"{NS}:Provision")
        if self.device_information is not None:
            root.append(self.device_information.to_tree())
        if self.policy_type is not None:
            policy = E(f"{NS}:Policy", E("PolicyType", self.policy_type))
            if self.policy_key is not None:
                policy.add("PolicyKey", str(self.policy_key))
            if self.policy_status is not None:
                policy.add("Status", str(self.policy_status))
            root.append(E(f"{NS}:Policies", policy))
        if self.remote_wipe_status is not None:
            root.append(E(f"{NS}:RemoteWipe", E("Status", str(self.remote_wipe_status))))
        return root

    @classmethod
    def from_tree(cls, root: Element) -> ProvisionRequest:
        if root.tag != f"{NS}:Provision":
            raise CommandError(f"expected Provision, got {root.tag}")
        policy = root.find("Policies/Policy")
        device = root.find("Settings:DeviceInformation")
        wipe = root.find("RemoteWipe")
        if policy is None and wipe is None:
            # MS-ASPROV 2.2.2.44: a request holds Policies or RemoteWipe.
            raise CommandError("Provision without Policies or RemoteWipe")
        return cls(
            policy_type=None if policy is None else policy.findtext("PolicyType"),
            policy_key=None
            if policy is None
            else optional_int(policy.findtext("PolicyKey"), "PolicyKey"),
            policy_status=None
            if policy is None
            else optional_int(policy.findtext("Status"), "Status"),
            device_information=None if device is None else DeviceInformation.from_tree(device),
            remote_wipe_status=None
            if wipe is None
            else optional_int(wipe.findtext("Status"), "Status"),
        )


@dataclass(frozen=True)
class PolicyResponse:
    policy_type: str
    status: int
    policy_key: int | None = None
    data: EASProvisionDoc | None = None  # phase 1 only

    def to_tree(self) -> Element:
        node = E(f"{NS}:Policy", E("PolicyType", self.policy_type), E("Status", str(self.status)))
        if self.policy_key is not None:
            node.add("PolicyKey", str(self.policy_key))
        if self.data is not None:
            node.append(E(f"{NS}:Data", self.data.to_tree()))
        return node

    @classmethod
    def from_tree(cls, node: Element) -> PolicyResponse:
        doc = node.find("Data/EASProvisionDoc")
        return cls(
            policy_type=node.findtext("PolicyType", "") or "",
            status=parse_int(node.findtext("Status"), "Policy/Status"),
            policy_key=optional_int(node.findtext("PolicyKey"), "PolicyKey"),
            data=None if doc is None else EASProvisionDoc.from_tree(doc),
        )


@dataclass(frozen=True)
class ProvisionResponse:
    status: int
    policy: PolicyResponse | None = None
    device_information_status: int | None = None  # echoed when the request had it (14.1)
    remote_wipe: bool = False  # the server asks the device to wipe itself

    def to_tree(self) -> Element:
        root = E(f"{NS}:Provision")
        if self.device_information_status is not None:
            root.append(
                E("Settings:DeviceInformation", E("Status", str(self.device_information_status)))
            )
        root.add("Status", str(self.status))
        if self.remote_wipe:
            root.add("RemoteWipe")
        if self.policy is not None:
            root.append(E(f"{NS}:Policies", self.policy.to_tree()))
        return root

    @classmethod
    def from_tree(cls, root: Element) -> ProvisionResponse:
        if root.tag != f"{NS}:Provision":
            raise CommandError(f"expected Provision, got {root.tag}")
        policy = root.find("Policies/Policy")
        return cls(
            status=parse_int(root.findtext("Status"), "Provision/Status"),
            policy=None if policy is None else PolicyResponse.from_tree(policy),
            device_information_status=optional_int(
                root.findtext("Settings:DeviceInformation/Status"), "DeviceInformation/Status"
            ),
            remote_wipe=root.find("RemoteWipe") is not None,
        )
