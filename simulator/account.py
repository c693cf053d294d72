"""Adding an Exchange account the way the phone does it, and what the user then sees.

Two paths, as in the onOffice guide (sections 4.2, 4.3):

- e-mail + password: autodiscover over the profile's URL order; settings
  found -> the account has its server URL and login in one step (B-AUTO-1);
  nothing found -> the phone asks for manual configuration (B-AUTO-2).
- manual: e-mail, server, login, password; "Next" still tries autodiscover
  first (B-MAN-1), then uses the server typed in.

Either way the phone then verifies the account with OPTIONS (credentials,
highest common protocol version: the highest the server offers that the
device knows) and, when the profile says so, sends Settings first (iOS) or
pre-flights with the DeviceId ``validate`` (Gmail). Every result is a
`SetupOutcome` whose `SetupStatus` is what the phone shows, in the user's
words: Android offers "try again or set up manually" where iOS asks for
manual settings (B-AUTO-3); Outlook for macOS refuses EAS (B-COL-2).

The walk over the autodiscover URLs is `simulator.discovery`'s.

Must not: sync data (the engine does) or parse HTTP by hand (eas.http and
eas.autodiscover do); all requests go through `simulator.transport`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Literal
from urllib.parse import urlsplit

from eas.commands.foldersync import FolderSyncRequest
from eas.commands.settings import DeviceInformation, SettingsRequest
from eas.http import ACTIVESYNC_PATH, ServerOptions, negotiate_version, parse_options_headers
from eas.tree import Element
from simulator import quirks
from simulator.discovery import AutodiscoverAttempt, discover
from simulator.health import AccountHealth
from simulator.profile import Profile
from simulator.transport import Endpoint, Transport, TransportError


class SetupStatus(Enum):
    """What the phone shows at the end of the account set-up."""

    VERIFIED = "Account verified"
    CONFIGURE_MANUALLY = "Cannot connect: configure manually"
    TRY_AGAIN_OR_MANUAL = "Couldn't find the server: try again or set up manually"  # B-AUTO-3
    NO_ACTIVESYNC = "This app cannot add Exchange ActiveSync accounts"  # B-COL-2
    PASSWORD_INCORRECT = "Password incorrect"
    CANNOT_CONNECT = "Cannot connect to server"
    SERVER_UNAVAILABLE = "Server unavailable: check the account settings"  # B-MAINT-1
    NOT_SUPPORTED = "Unable to verify account information"  # no common EAS version


@dataclass
class Account:
    """An Exchange account on the phone."""

    email: str
    description: str
    endpoint: Endpoint
    protocol_version: str
    server_options: ServerOptions
    configured_by: Literal["autodiscover", "manual"]
    enabled: dict[str, bool]  # profile class key -> the account's switch
    display_name: str = ""
    policy_key: int | None = None
    health: AccountHealth = field(default_factory=AccountHealth)
    push_available: bool = True  # False after the server refused Ping: poll instead
    background_stopped: bool = False  # quirk stops_ping_after_refused_task
    heartbeat_seconds: int | None = None  # the Ping interval in use (server may bound it)
    next_poll_at: datetime | None = None

    @property
    def server_host(self) -> str:
        return urlsplit(self.endpoint.url).hostname or ""

    @property
    def login(self) -> str:
        return self.endpoint.user

    def is_enabled(self, class_key: str) -> bool:
        return self.enabled.get(class_key, False)


@dataclass(frozen=True)
class SetupOutcome:
    status: SetupStatus
    account: Account | None = None
    attempts: tuple[AutodiscoverAttempt, ...] = ()
    detail: str = ""  # the technical reason, for logs and failed assertions

    @property
    def shown(self) -> str:
        return self.status.value

    @property
    def verified(self) -> bool:
        return self.status is SetupStatus.VERIFIED


def server_url(server: str) -> str:
    """The EAS URL for what the user typed as server: a host, or a URL (live servers)."""
    text = server.strip()
    if "://" not in text:
        return f"https://{text.rstrip('/')}{ACTIVESYNC_PATH}"
    parts = urlsplit(text)
    path = parts.path if parts.path not in ("", "/") else ACTIVESYNC_PATH
    return f"{parts.scheme}://{parts.netloc}{path}"


def settings_request(profile: Profile) -> Element:
    """Settings with UserInformation Get + DeviceInformation Set, as iOS sends it first.

    MS-ASCMD 2.2.1.18; shape from the iOS trace in eas-facts.md section 3.
    """
    info = profile.device_information
    device = DeviceInformation(
        model=info.model,
        friendly_name=info.friendly_name,
        os=info.os,
        os_language=info.os_language,
        user_agent=info.user_agent,
    )
    return SettingsRequest(device_information=device, user_information_get=True).to_tree()


def verify(
    transport: Transport,
    profile: Profile,
    endpoint: Endpoint,
) -> tuple[SetupStatus, str | None, ServerOptions | None, str]:
    """OPTIONS with the credentials, then version negotiation.

    Returns (status, negotiated version, announced options, detail).
    """
    try:
        reply = transport.options(endpoint)
    except TransportError as exc:
        return SetupStatus.CANNOT_CONNECT, None, None, str(exc)
    if reply.status == 401:
        return SetupStatus.PASSWORD_INCORRECT, None, None, "OPTIONS answered 401"
    if reply.status == 503:
        return SetupStatus.SERVER_UNAVAILABLE, None, None, "OPTIONS answered 503"
    if reply.status != 200:
        return SetupStatus.CANNOT_CONNECT, None, None, f"OPTIONS answered {reply.status}"
    options = parse_options_headers(reply.headers)
    version = negotiate_version(quirks.versions(profile, reply.headers), options.versions)
    if version is None:
        detail = f"server offers {','.join(options.versions) or 'no versions'}"
        return SetupStatus.NOT_SUPPORTED, None, options, detail
    if profile.protocol.settings_first:
        settings = transport.command(
            endpoint, "Settings", settings_request(profile), version=version
        )
        if settings.status == 401:
            return SetupStatus.PASSWORD_INCORRECT, None, None, "Settings answered 401"
    validate = profile.protocol.validate_device_id
    if validate is not None:
        # eas-facts.md 3: Gmail checks the account with DeviceId "validate"; Z-Push
        # refuses that id (FolderSync Status 6), so only a 401 matters here.
        check = transport.command(
            endpoint, "FolderSync", FolderSyncRequest("0").to_tree(), version=version,
            device_id=validate,
        )  # fmt: skip
        if check.status == 401:
            return SetupStatus.PASSWORD_INCORRECT, None, None, "validate answered 401"
    return SetupStatus.VERIFIED, version, options, f"protocol version {version}"


def _set_up(
    transport: Transport,
    profile: Profile,
    *,
    email: str,
    description: str,
    endpoint: Endpoint,
    configured_by: Literal["autodiscover", "manual"],
    attempts: tuple[AutodiscoverAttempt, ...],
    display_name: str = "",
) -> SetupOutcome:
    status, version, options, detail = verify(transport, profile, endpoint)
    if status is not SetupStatus.VERIFIED or version is None or options is None:
        return SetupOutcome(status, None, attempts, detail)
    account = Account(
        email=email,
        description=description,
        endpoint=endpoint,
        protocol_version=version,
        server_options=options,
        configured_by=configured_by,
        enabled={c.key: c.enabled_by_default for c in profile.classes},
        display_name=display_name,
    )
    return SetupOutcome(SetupStatus.VERIFIED, account, attempts, detail)


def login_for(profile: Profile, email: str) -> str:
    """The login the phone keeps after autodiscover (profile: the address, or its local part).

    Quirk ``login_local_part_after_autodiscover``: iOS keeps only the local part (Z-Push#127).
    """
    local = profile.autodiscover.login == "local_part"
    if local or profile.quirk("login_local_part_after_autodiscover"):
        return email.partition("@")[0]
    return email


def _not_found(profile: Profile) -> SetupStatus:
    if profile.autodiscover.on_failure == "try_again_or_manual":
        return SetupStatus.TRY_AGAIN_OR_MANUAL
    return SetupStatus.CONFIGURE_MANUALLY


def add_by_autodiscover(
    transport: Transport, profile: Profile, email: str, password: str, description: str
) -> SetupOutcome:
    """E-mail + password only (guide 4.2)."""
    if not profile.protocol.activesync:
        return SetupOutcome(SetupStatus.NO_ACTIVESYNC, detail=f"{profile.name} has no EAS")
    if not profile.autodiscover.enabled:
        return SetupOutcome(SetupStatus.CONFIGURE_MANUALLY, detail="no autodiscover on this device")
    found = discover(transport, profile, email, password)
    if found.settings is None:
        status = (
            SetupStatus.PASSWORD_INCORRECT if found.refused_credentials else _not_found(profile)
        )
        tried = "; ".join(f"{a.url}: {a.result}" for a in found.attempts)
        return SetupOutcome(status, None, found.attempts, f"autodiscover failed ({tried})")
    endpoint = Endpoint(found.settings.url, login_for(profile, email), password)
    return _set_up(
        transport,
        profile,
        email=email,
        description=description,
        endpoint=endpoint,
        configured_by="autodiscover",
        attempts=found.attempts,
        display_name=found.settings.display_name,
    )


def add_manually(
    transport: Transport,
    profile: Profile,
    *,
    email: str,
    server: str,
    password: str,
    login: str | None,
    description: str,
) -> SetupOutcome:
    """The manual form (guide 4.3): "Next" tries autodiscover, then the server typed in."""
    if not profile.protocol.activesync:
        return SetupOutcome(SetupStatus.NO_ACTIVESYNC, detail=f"{profile.name} has no EAS")
    attempts: tuple[AutodiscoverAttempt, ...] = ()
    if profile.autodiscover.enabled:
        attempts = discover(transport, profile, email, password).attempts
    endpoint = Endpoint(server_url(server), login or email, password)
    return _set_up(
        transport,
        profile,
        email=email,
        description=description,
        endpoint=endpoint,
        configured_by="manual",
        attempts=attempts,
    )
