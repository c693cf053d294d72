"""The shape of a device profile: frozen values, one per TOML table.

`simulator.profile` reads a TOML file into these; everything else in the
simulator reads them. Field comments say what the value means on the wire
or on the screen; the profiles' own comments say where each value comes
from.

Must not: read files or hold per-device state (DeviceId, accounts).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from eas.http import negotiate_version, version_key
from simulator.quirks import QUIRKS as _QUIRKS

QueryEncoding = Literal["plain", "base64"]
LoginForm = Literal["email", "local_part"]
SyncMode = Literal["push", "poll"]
AutodiscoverSchema = Literal["mobilesync", "outlook"]
AutodiscoverFailure = Literal["configure_manually", "try_again_or_manual"]
Invitations = Literal["sendmail", "none"]

# The known device bugs a profile can switch on: `simulator.quirks` holds the table
# (what each does, its source). A profile's [quirks] table may name only these.
QUIRKS = _QUIRKS


@dataclass(frozen=True)
class Identity:
    device_type: str
    user_agent: str
    device_id_alphabet: str
    device_id_length: int
    device_id_prefix: str

    def new_device_id(self, rng: random.Random) -> str:
        """A DeviceId of this model's shape, drawn from ``rng`` (reproducible)."""
        body = "".join(rng.choice(self.device_id_alphabet) for _ in range(self.device_id_length))
        return self.device_id_prefix + body


@dataclass(frozen=True)
class DeviceInformation:
    """Settings DeviceInformation/Set (MS-ASCMD 2.2.3.51), for Settings or Provision."""

    model: str
    os: str
    os_language: str
    friendly_name: str
    user_agent: str


@dataclass(frozen=True)
class ProtocolSettings:
    activesync: bool  # False: the client has no EAS at all (Outlook for macOS, B-COL-2)
    versions: tuple[str, ...]  # preference order, best first
    versions_source: str  # where the profile's version list comes from (a citation)
    query_encoding: QueryEncoding
    initial_policy_key: int | None  # sent as X-MS-PolicyKey before provisioning
    settings_first: bool  # the session's first POST is Settings
    device_information_in_provision: bool  # Gmail: DeviceInformation inside Provision
    validate_device_id: str | None  # Gmail's account check DeviceId ("validate")
    extra_headers: Mapping[str, str]
    # Elements this client sends empty in a 16.x calendar Add when unset (iOS).
    empty_in_calendar_add: tuple[str, ...] = ()

    @property
    def max_version(self) -> str:
        """The highest version the client knows (what it asks of a server offering all)."""
        return max(self.versions, key=version_key)

    def negotiated(self, offered: tuple[str, ...]) -> str | None:
        """The version the client picks from ``offered`` (None: nothing in common)."""
        return negotiate_version(self.versions, offered)


@dataclass(frozen=True)
class Timeouts:
    connect_seconds: float
    read_seconds: float
    # A Ping is held by the server for the heartbeat (MS-ASCMD 2.2.1.13), so a
    # pushing client waits that long plus a margin before it gives up.
    ping_margin_seconds: float

    def read_seconds_for(self, cmd: str, heartbeat: int) -> float:
        """How long the device waits for the answer to ``cmd`` (Ping: heartbeat + margin)."""
        if cmd == "Ping":
            return max(self.read_seconds, heartbeat + self.ping_margin_seconds)
        return self.read_seconds


@dataclass(frozen=True)
class AutodiscoverSettings:
    enabled: bool
    # Templates with {domain}, in the order the device tries them; "GET <url>"
    # is the HTTP redirect probe (MS-OXDSCLI 3.1.5.3: GET, follow the 302).
    urls: tuple[str, ...]
    max_redirects: int
    login: LoginForm
    schema: AutodiscoverSchema  # the AcceptableResponseSchema sent
    on_failure: AutodiscoverFailure  # what the phone offers when nothing was found

    def urls_for(self, email: str) -> tuple[str, ...]:
        domain = email.rpartition("@")[2].lower()
        return tuple(url.format(domain=domain) for url in self.urls)


@dataclass(frozen=True)
class SyncSettings:
    window_size: int
    mode: SyncMode
    heartbeat_seconds: int
    poll_interval_minutes: int


@dataclass(frozen=True)
class SyncClass:
    """One switch in the account settings (Contacts, Calendars, ...) and how it syncs."""

    key: str
    label: str
    eas_class: str  # the Sync Class element value (AS 12.x)
    folder_types: tuple[int, ...]
    enabled_by_default: bool
    app: str
    filter_type: int | None
    body_type: int | None
    body_truncation: int | None


@dataclass(frozen=True)
class Background:
    """When the device syncs without the user asking."""

    # Android 11: an app whose notifications are all off gets no background sync (B-VIEW-3).
    requires_app_notifications: bool


@dataclass(frozen=True)
class Reactions:
    http_401: str  # "ask_password"
    http_503: str  # "report_check_login"
    http_500: str  # "full_resync" or "retry"
    close_account_after_failures: int  # B-MAINT-2; 0: never
    retry_after_seconds: int  # when a 503 carries no Retry-After


@dataclass(frozen=True)
class ContactsAppSettings:
    sort_order: Literal["last_first", "first_last"]
    display_order: Literal["first_last", "last_first"]
    phone_labels: Mapping[str, str]  # EAS field -> label shown
    email_labels: Mapping[str, str]
    # The Contacts:FileAs the client builds for a contact made on the device
    # (MS-ASCNTC 2.2.2.30): "Last, First", "First Last", or none sent.
    file_as: Literal["last_first", "first_last", "none"] = "none"
    file_as_on_change: bool = False  # sent again (rebuilt) with every change


@dataclass(frozen=True)
class AppNames:
    """What each app is called on this device, and how it starts."""

    calendar: str
    contacts: str
    tasks: str
    new_calendars_visible: bool  # B-VIEW-1/2: an added account's calendar is shown at once


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    identity: Identity
    device_information: DeviceInformation
    protocol: ProtocolSettings
    timeouts: Timeouts
    autodiscover: AutodiscoverSettings
    sync: SyncSettings
    classes: tuple[SyncClass, ...]
    background: Background
    reactions: Reactions
    invitations: Invitations  # how an invitation leaves the device (B-MAIL-1)
    apps: AppNames
    contacts_app: ContactsAppSettings
    quirks: Mapping[str, bool]

    def sync_class(self, key: str) -> SyncClass:
        for sync_class in self.classes:
            if sync_class.key == key:
                return sync_class
        known = ", ".join(c.key for c in self.classes)
        raise KeyError(f"profile {self.name!r} has no class {key!r}; it has: {known}")

    def class_for_app(self, app: str) -> SyncClass | None:
        return next((c for c in self.classes if c.app == app), None)

    def quirk(self, name: str) -> bool:
        if name not in QUIRKS:
            raise KeyError(f"unknown quirk {name!r}")
        return self.quirks.get(name, False)
