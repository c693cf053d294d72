"""Device profiles: what a device model sends and does, read from TOML data.

A profile is data, not a subclass (DESIGN.md "Device profiles"): one file per
device model under ``simulator/profiles/``, shipped as package data and read
with `tomllib`. This module owns the profile's shape and its validation: an
unknown key, a missing one or a value out of range is a `ProfileError`
naming the file and the key, so a typo in a profile fails at load time, not
halfway through a scenario.

Must not: send anything, or hold per-device state (DeviceId, accounts): a
profile is shared by every device made from it.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal, cast

from eas.http import PROTOCOL_VERSIONS
from simulator.tomltable import ProfileError as ProfileError  # re-exported: part of the API
from simulator.tomltable import TomlTable

PROFILE_PACKAGE = "simulator.profiles"
QUERY_ENCODINGS = ("plain", "base64")
LOGIN_FORMS = ("email", "local_part")
SYNC_MODES = ("push", "poll")
# MS-ASCMD 2.2.3.69.2 FilterType: 0 all ... 7 six months, 8 incomplete tasks.
FILTER_TYPES = range(0, 9)
# MS-ASCMD 2.2.3.199: WindowSize is at most 512.
WINDOW_SIZES = range(1, 513)


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
    """Settings DeviceInformation/Set (MS-ASCMD 2.2.3.51), for the Settings command."""

    model: str
    os: str
    os_language: str
    friendly_name: str
    user_agent: str


@dataclass(frozen=True)
class ProtocolSettings:
    versions: tuple[str, ...]  # preference order, best first
    query_encoding: Literal["plain", "base64"]
    initial_policy_key: int | None  # sent as X-MS-PolicyKey before provisioning
    settings_first: bool  # the session's first POST is Settings
    extra_headers: Mapping[str, str]


@dataclass(frozen=True)
class Timeouts:
    connect_seconds: float
    read_seconds: float


@dataclass(frozen=True)
class AutodiscoverSettings:
    enabled: bool
    urls: tuple[str, ...]  # templates with {domain}, in the order the device tries them
    max_redirects: int
    login: Literal["email", "local_part"]

    def urls_for(self, email: str) -> tuple[str, ...]:
        domain = email.rpartition("@")[2].lower()
        return tuple(url.format(domain=domain) for url in self.urls)


@dataclass(frozen=True)
class SyncSettings:
    window_size: int
    mode: Literal["push", "poll"]
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
class Reactions:
    http_401: str
    http_503: str
    http_500: str
    close_account_after_failures: int


@dataclass(frozen=True)
class ContactsAppSettings:
    sort_order: Literal["last_first", "first_last"]
    display_order: Literal["first_last", "last_first"]
    phone_labels: Mapping[str, str]  # EAS field -> label shown
    email_labels: Mapping[str, str]


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
    reactions: Reactions
    contacts_app: ContactsAppSettings
    quirks: Mapping[str, Any]

    def sync_class(self, key: str) -> SyncClass:
        for sync_class in self.classes:
            if sync_class.key == key:
                return sync_class
        known = ", ".join(c.key for c in self.classes)
        raise KeyError(f"profile {self.name!r} has no class {key!r}; it has: {known}")


def _sync_class(key: str, t: TomlTable) -> SyncClass:
    sync_class = SyncClass(
        key=key,
        label=t.text("label"),
        eas_class=t.text("eas_class"),
        folder_types=t.items("folder_types", int),
        enabled_by_default=t.flag("enabled_by_default"),
        app=t.text("app"),
        filter_type=t.integer("filter_type", FILTER_TYPES, optional=True),
        body_type=t.integer("body_type", range(1, 5), optional=True),
        body_truncation=t.integer("body_truncation", range(0, 2**32), optional=True),
    )
    t.done()
    return sync_class


def parse_profile(data: Mapping[str, Any], source: str) -> Profile:
    """Build and validate a `Profile` from parsed TOML; ``source`` names it in errors."""
    root = TomlTable(data, source)
    ident, info, proto = (
        root.table("identity"),
        root.table("device_information"),
        root.table("protocol"),
    )
    net, auto, sync = root.table("network"), root.table("autodiscover"), root.table("sync")
    classes, reactions = root.table("classes"), root.table("reactions")
    apps = root.table("apps")
    contacts = apps.table("contacts")
    versions = proto.items("versions", str)
    bad = [v for v in versions if v not in PROTOCOL_VERSIONS]
    if bad:
        raise ProfileError(f"{source}.protocol.versions: unknown versions {bad}")
    urls = auto.items("urls", str)
    if not all("{domain}" in url for url in urls):
        raise ProfileError(f"{source}.autodiscover.urls: every URL needs {{domain}}")
    profile = Profile(
        name=root.text("name"),
        description=root.text("description"),
        identity=Identity(
            device_type=ident.text("device_type"),
            user_agent=ident.text("user_agent"),
            device_id_alphabet=ident.text("device_id_alphabet"),
            # MS-ASHTTP 2.2.1.1.1.2.3: a DeviceId is at most 32 characters.
            device_id_length=ident.count("device_id_length", range(1, 33)),
            device_id_prefix=ident.text("device_id_prefix"),
        ),
        device_information=DeviceInformation(
            model=info.text("model"),
            os=info.text("os"),
            os_language=info.text("os_language"),
            friendly_name=info.text("friendly_name"),
            user_agent=info.text("user_agent"),
        ),
        protocol=ProtocolSettings(
            versions=versions,
            query_encoding=cast(Any, proto.text("query_encoding", QUERY_ENCODINGS)),
            initial_policy_key=proto.integer("initial_policy_key", range(0, 2**32), optional=True),
            settings_first=proto.flag("settings_first"),
            extra_headers=proto.table("extra_headers", {}).strings(),
        ),
        timeouts=Timeouts(
            net.seconds("connect_timeout_seconds"), net.seconds("read_timeout_seconds")
        ),
        autodiscover=AutodiscoverSettings(
            enabled=auto.flag("enabled"),
            urls=urls,
            max_redirects=auto.count("max_redirects", range(0, 11)),
            login=cast(Any, auto.text("login", LOGIN_FORMS)),
        ),
        sync=SyncSettings(
            window_size=sync.count("window_size", WINDOW_SIZES),
            mode=cast(Any, sync.text("mode", SYNC_MODES)),
            heartbeat_seconds=sync.count("heartbeat_seconds", range(1, 3601)),
            poll_interval_minutes=sync.count("poll_interval_minutes", range(1, 1441)),
        ),
        classes=tuple(_sync_class(key, classes.table(key)) for key in list(classes.data)),
        reactions=Reactions(
            http_401=reactions.text("http_401"),
            http_503=reactions.text("http_503"),
            http_500=reactions.text("http_500"),
            close_account_after_failures=reactions.count("close_account_after_failures"),
        ),
        contacts_app=ContactsAppSettings(
            sort_order=cast(Any, contacts.text("sort_order", ("last_first", "first_last"))),
            display_order=cast(Any, contacts.text("display_order", ("first_last", "last_first"))),
            phone_labels=contacts.table("phone_labels").strings(),
            email_labels=contacts.table("email_labels").strings(),
        ),
        quirks=MappingProxyType(dict(root.table("quirks", {}).data)),
    )
    for table in (root, ident, info, proto, net, auto, sync, classes, reactions, apps, contacts):
        table.done()
    if not profile.classes:
        raise ProfileError(f"{source}.classes: a profile needs at least one class")
    return profile


def known_profiles() -> tuple[str, ...]:
    folder = resources.files(PROFILE_PACKAGE)
    return tuple(
        sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
    )


def load_profile(name: str) -> Profile:
    """The profile ``simulator/profiles/<name>.toml``; unknown names list the known ones."""
    resource = resources.files(PROFILE_PACKAGE).joinpath(f"{name}.toml")
    if not name.replace("-", "").replace("_", "").isalnum() or not resource.is_file():
        known = ", ".join(known_profiles()) or "none"
        raise ProfileError(f"unknown device profile {name!r}; known profiles: {known}")
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profiles/{name}.toml is not valid TOML: {exc}") from exc
    profile = parse_profile(data, f"profiles/{name}.toml")
    if profile.name != name:
        raise ProfileError(f"profiles/{name}.toml says its name is {profile.name!r}")
    return profile
