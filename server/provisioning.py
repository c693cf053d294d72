"""The provisioning state machine (MS-ASPROV): one table for commands, one for Provision.

A device's policy state and the key a command carries decide whether the
command may run (``GATE``):

    state         key sent (X-MS-PolicyKey)   verdict             next
    -----------   -------------------------   -----------------   -----------
    NEW           none                        run (once)          LET_THROUGH
    NEW           0                           not provisioned     NEW
    any           none or 0                   not provisioned     unchanged
    PROVISIONED   its final key               run                 PROVISIONED
    any           another key                 invalid key         unchanged

"not provisioned" and "invalid key" are HTTP 449 in Z-Push mode at every
version (eas-facts 1 #13, #17, 6); with `ServerConfig.policy_statuses`
(strict mode, or the MS-ASPROV 14.x setting) they are Status 142 and 144
in the command's body from 14.0 on, and 449 below.

Provision itself (``PROVISION``): phase 1 (no PolicyKey) always issues a
new temporary key (never 0: "iPhone OS4 does not like 0", eas-facts 1 #14);
phase 2 acknowledges it and gets the final key (#15). An acknowledgement of
a key that was never issued gets Policy Status 5 in strict mode and is
accepted by Z-Push (eas-facts 6).

Must not: touch storage or HTTP (`server.activesync` and
`server.commands.provision` apply the verdicts).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from eas.commands.provision import EASProvisionDoc
from server.store.devices import PolicyRecord


class PolicyState(StrEnum):
    NEW = "new"  # never provisioned, never let through
    LET_THROUGH = "let-through"  # ran one command without a key
    PENDING = "pending"  # holds a temporary key (phase 1 done)
    PROVISIONED = "provisioned"  # holds a final key


class KeySent(StrEnum):
    NONE = "none"
    ZERO = "zero"
    CURRENT = "current"  # the device's final key
    OTHER = "other"  # anything else, including a malformed header


class Verdict(StrEnum):
    RUN = "run"
    NOT_PROVISIONED = "not provisioned"  # 142 / 449
    INVALID_KEY = "invalid key"  # 144 / 449


_ANY = tuple(PolicyState)
GATE: Mapping[tuple[PolicyState, KeySent], tuple[Verdict, PolicyState | None]] = MappingProxyType(
    {
        **{(s, KeySent.NONE): (Verdict.NOT_PROVISIONED, None) for s in _ANY},
        **{(s, KeySent.ZERO): (Verdict.NOT_PROVISIONED, None) for s in _ANY},
        **{(s, KeySent.OTHER): (Verdict.INVALID_KEY, None) for s in _ANY},
        # The rows that differ from the above (None: state unchanged).
        (PolicyState.NEW, KeySent.NONE): (Verdict.RUN, PolicyState.LET_THROUGH),
        (PolicyState.PROVISIONED, KeySent.CURRENT): (Verdict.RUN, None),
    }
)


def classify(record: PolicyRecord | None, sent: int | None, header_present: bool) -> KeySent:
    if not header_present:
        return KeySent.NONE
    if sent == 0:
        return KeySent.ZERO
    if record is not None and sent is not None and sent == record.policy_key:
        return KeySent.CURRENT
    return KeySent.OTHER


def gate(record: PolicyRecord | None, key: KeySent) -> tuple[Verdict, PolicyRecord | None]:
    """The verdict for a command, and the record to store (None: unchanged)."""
    state = PolicyState.NEW if record is None else PolicyState(record.state)
    # A key-less CURRENT cannot happen; CURRENT outside PROVISIONED is another key.
    verdict, after = GATE.get((state, key), (Verdict.INVALID_KEY, None))
    if after is None or after == state:
        return verdict, None
    return verdict, PolicyRecord(after.value)


def new_key() -> int:
    """A policy key: random, 32-bit, never 0 (eas-facts 1 #14)."""
    return 1 + secrets.randbelow(0x7FFFFFFE)


class Ack(StrEnum):
    MATCHES = "matches"  # the temporary key the device holds
    UNKNOWN = "unknown"  # a key this server did not issue as temporary


# (acknowledged key, strict) -> (accepted, Policy Status)
PROVISION: Mapping[tuple[Ack, bool], tuple[bool, int]] = MappingProxyType(
    {
        (Ack.MATCHES, False): (True, 1),
        (Ack.MATCHES, True): (True, 1),
        (Ack.UNKNOWN, False): (True, 1),  # eas-facts 6: Z-Push accepts it
        (Ack.UNKNOWN, True): (False, 5),  # MS-ASPROV 2.2.2.54.1: wrong policy key
    }
)


def phase_one(record: PolicyRecord | None) -> PolicyRecord:
    final = None if record is None else record.policy_key
    return PolicyRecord(PolicyState.PENDING.value, final, new_key())


def phase_two(
    record: PolicyRecord | None, key: int, strict: bool
) -> tuple[PolicyRecord | None, int]:
    """The record after the acknowledgement of ``key`` (None: refused) and the Policy Status."""
    ack = Ack.MATCHES if record is not None and record.pending_key == key else Ack.UNKNOWN
    accepted, status = PROVISION[(ack, strict)]
    if not accepted:
        return None, status
    return PolicyRecord(PolicyState.PROVISIONED.value, new_key(), None), status


# Z-Push's policies.ini [default], in MS-ASPROV 2.2.2.27 order: no device password
# is required, so that no phone refuses the account (eas-facts 4 #5).
DEFAULT_POLICY = EASProvisionDoc(
    (
        ("DevicePasswordEnabled", "0"),
        ("AlphanumericDevicePasswordRequired", "0"),
        ("PasswordRecoveryEnabled", "0"),
        ("RequireStorageCardEncryption", "0"),
        ("AttachmentsEnabled", "1"),
        ("MinDevicePasswordLength", "4"),
        ("MaxInactivityTimeDeviceLock", "900"),
        ("MaxDevicePasswordFailedAttempts", "8"),
        ("AllowSimpleDevicePassword", "1"),
        ("DevicePasswordExpiration", "0"),
        ("DevicePasswordHistory", "0"),
        ("AllowStorageCard", "1"),
        ("AllowCamera", "1"),
        ("RequireDeviceEncryption", "0"),
        ("AllowUnsignedApplications", "1"),
        ("AllowUnsignedInstallationPackages", "1"),
        ("MinDevicePasswordComplexCharacters", "3"),
        ("AllowWiFi", "1"),
        ("AllowTextMessaging", "1"),
        ("AllowPOPIMAPEmail", "1"),
        ("AllowBluetooth", "2"),
        ("AllowIrDA", "1"),
        ("RequireManualSyncWhenRoaming", "0"),
        ("AllowDesktopSync", "1"),
        ("MaxCalendarAgeFilter", "0"),
        ("AllowHTMLEmail", "1"),
        ("MaxEmailAgeFilter", "0"),
        ("RequireSignedSMIMEMessages", "0"),
        ("RequireEncryptedSMIMEMessages", "0"),
        ("AllowSMIMESoftCerts", "1"),
        ("AllowBrowser", "1"),
        ("AllowConsumerEmail", "1"),
        ("AllowRemoteDesktop", "1"),
        ("AllowInternetSharing", "1"),
        ("UnapprovedInROMApplicationList", None),
        ("ApprovedApplicationList", None),
    )
)
