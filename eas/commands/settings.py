"""Settings (MS-ASCMD 2.2.1.18): DeviceInformation Set and UserInformation Get, both directions.

Also holds `DeviceInformation` (MS-ASCMD 2.2.3.52), which a 14.1 Provision
request carries too. Oof and DevicePassword are read only so far as to know
that they were asked for (a contacts/calendar/tasks server has no mailbox
to set out-of-office on). No I/O; what the server stores is its business.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import IntEnum

from eas.commands import CommandError, optional_int, parse_int
from eas.tree import E, Element

NS = "Settings"


class SettingsStatus(IntEnum):
    """MS-ASCMD 2.2.3.177.15 Status (Settings)."""

    SUCCESS = 1
    PROTOCOL_ERROR = 2
    ACCESS_DENIED = 3
    SERVER_UNAVAILABLE = 4
    INVALID_ARGUMENTS = 5
    CONFLICTING_ARGUMENTS = 6
    DENIED_BY_POLICY = 7


# DeviceInformation/Set children, in the MS-ASCMD 2.2.3.159 order -> field name.
_DEVICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("Model", "model"),
    ("IMEI", "imei"),
    ("FriendlyName", "friendly_name"),
    ("OS", "os"),
    ("OSLanguage", "os_language"),
    ("PhoneNumber", "phone_number"),
    ("UserAgent", "user_agent"),
    ("EnableOutboundSMS", "enable_outbound_sms"),
    ("MobileOperator", "mobile_operator"),
)


@dataclass(frozen=True)
class DeviceInformation:
    """settings:DeviceInformation/Set (MS-ASCMD 2.2.3.52); every child optional."""

    model: str | None = None
    imei: str | None = None
    friendly_name: str | None = None
    os: str | None = None
    os_language: str | None = None
    phone_number: str | None = None
    user_agent: str | None = None
    enable_outbound_sms: str | None = None
    mobile_operator: str | None = None

    def to_tree(self) -> Element:
        inner = E(f"{NS}:Set")
        for tag, name in _DEVICE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                inner.add(tag, value)
        return E(f"{NS}:DeviceInformation", inner)

    @classmethod
    def from_tree(cls, node: Element) -> DeviceInformation:
        inner = node.find("Set")
        if inner is None:
            raise CommandError("DeviceInformation without Set")
        return cls(**{name: inner.findtext(tag) for tag, name in _DEVICE_FIELDS})

    def as_dict(self) -> dict[str, str]:
        """The fields that were sent, by field name."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}


@dataclass(frozen=True)
class SettingsRequest:
    device_information: DeviceInformation | None = None
    user_information_get: bool = False
    oof_get: bool = False
    oof_set: bool = False
    device_password_set: bool = False

    def to_tree(self) -> Element:
        root = E(f"{NS}:Settings")
        if self.oof_get:
            root.append(E(f"{NS}:Oof", E("Get", E("BodyType", "Text"))))
        if self.oof_set:
            root.append(E(f"{NS}:Oof", E("Set", E("OofState", "0"))))
        if self.device_password_set:
            root.append(E(f"{NS}:DevicePassword", E("Set", E("Password", ""))))
        if self.device_information is not None:
            root.append(self.device_information.to_tree())
        if self.user_information_get:
            root.append(E(f"{NS}:UserInformation", E("Get")))
        return root

    @classmethod
    def from_tree(cls, root: Element) -> SettingsRequest:
        if root.tag != f"{NS}:Settings":
            raise CommandError(f"expected Settings, got {root.tag}")
        if not root.children:
            raise CommandError("Settings without a setting")  # MS-ASCMD 2.2.3.164
        device = root.find("DeviceInformation")
        user = root.find("UserInformation")
        oof = root.find("Oof")
        password = root.find("DevicePassword")
        if user is not None and user.find("Get") is None:
            raise CommandError("UserInformation without Get")
        return cls(
            device_information=None if device is None else DeviceInformation.from_tree(device),
            user_information_get=user is not None,
            oof_get=oof is not None and oof.find("Get") is not None,
            oof_set=oof is not None and oof.find("Set") is not None,
            device_password_set=password is not None,
        )


@dataclass(frozen=True)
class UserInformation:
    """UserInformation/Get in a response: the 12.x-14.0 shape, or 14.1's Accounts."""

    smtp_addresses: tuple[str, ...]
    primary_smtp_address: str | None = None  # 14.1 (MS-ASCMD 2.2.3.136)
    display_name: str | None = None  # 14.1 UserDisplayName
    accounts: bool = False  # the 14.1 Accounts/Account form

    def to_tree(self) -> Element:
        addresses = E(f"{NS}:EmailAddresses", *(E("SMTPAddress", a) for a in self.smtp_addresses))
        if not self.accounts:
            return E(f"{NS}:Get", addresses)
        if self.primary_smtp_address is not None:
            addresses.add("PrimarySmtpAddress", self.primary_smtp_address)
        account = E(f"{NS}:Account")
        if self.display_name is not None:
            account.add("UserDisplayName", self.display_name)
        account.append(addresses)
        return E(f"{NS}:Get", E("Accounts", account))

    @classmethod
    def from_tree(cls, get: Element) -> UserInformation:
        account = get.find("Accounts/Account")
        holder = account if account is not None else get
        addresses = holder.find("EmailAddresses")
        smtp = () if addresses is None else addresses.findall("SMTPAddress")
        return cls(
            smtp_addresses=tuple(a.text or "" for a in smtp),
            primary_smtp_address=None
            if addresses is None
            else addresses.findtext("PrimarySmtpAddress"),
            display_name=None if account is None else account.findtext("UserDisplayName"),
            accounts=account is not None,
        )


@dataclass(frozen=True)
class SettingsResponse:
    status: int
    device_information_status: int | None = None
    user_information_status: int | None = None
    user_information: UserInformation | None = None
    oof_status: int | None = None
    device_password_status: int | None = None

    def to_tree(self) -> Element:
        root = E(f"{NS}:Settings", E("Status", str(self.status)))
        if self.oof_status is not None:
            root.append(E(f"{NS}:Oof", E("Status", str(self.oof_status))))
        if self.device_password_status is not None:
            root.append(E(f"{NS}:DevicePassword", E("Status", str(self.device_password_status))))
        if self.device_information_status is not None:
            root.append(
                E(f"{NS}:DeviceInformation", E("Status", str(self.device_information_status)))
            )
        if self.user_information_status is not None:
            node = E(f"{NS}:UserInformation", E("Status", str(self.user_information_status)))
            if self.user_information is not None:
                node.append(self.user_information.to_tree())
            root.append(node)
        return root

    @classmethod
    def from_tree(cls, root: Element) -> SettingsResponse:
        if root.tag != f"{NS}:Settings":
            raise CommandError(f"expected Settings, got {root.tag}")
        user = root.find("UserInformation")
        get = None if user is None else user.find("Get")
        return cls(
            status=parse_int(root.findtext("Status"), "Settings/Status"),
            device_information_status=optional_int(
                root.findtext("DeviceInformation/Status"), "DeviceInformation/Status"
            ),
            user_information_status=optional_int(
                root.findtext("UserInformation/Status"), "UserInformation/Status"
            ),
            user_information=None if get is None else UserInformation.from_tree(get),
            oof_status=optional_int(root.findtext("Oof/Status"), "Oof/Status"),
            device_password_status=optional_int(
                root.findtext("DevicePassword/Status"), "DevicePassword/Status"
            ),
        )
