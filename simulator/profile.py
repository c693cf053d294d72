"""Device profiles: what a device model sends and does, read from TOML data.

A profile is data, not a subclass (DESIGN.md "Device profiles"): one file per
device model under ``simulator/profiles/``, shipped as package data and read
with `tomllib`. This module reads and validates it: an unknown key, a
missing one, a value out of range or an unknown quirk is a `ProfileError`
naming the file and the key, so a typo in a profile fails at load time, not
halfway through a scenario. The values' shapes are `simulator.profile_types`.

Must not: send anything, or hold per-device state (DeviceId, accounts): a
profile is shared by every device made from it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, cast

from eas.http import PROTOCOL_VERSIONS
from simulator.profile_types import (
    QUIRKS,
    AppNames,
    AutodiscoverSettings,
    Background,
    ContactsAppSettings,
    DeviceInformation,
    Identity,
    Profile,
    ProtocolSettings,
    Reactions,
    SyncClass,
    SyncSettings,
    Timeouts,
)
from simulator.tomltable import ProfileError as ProfileError  # re-exported: part of the API
from simulator.tomltable import TomlTable

__all__ = [
    "QUIRKS",
    "ContactsAppSettings",
    "Profile",
    "ProfileError",
    "SyncClass",
    "known_profiles",
    "load_profile",
    "parse_profile",
]

PROFILE_PACKAGE = "simulator.profiles"
QUERY_ENCODINGS = ("plain", "base64")
LOGIN_FORMS = ("email", "local_part")
SYNC_MODES = ("push", "poll")
SCHEMAS = ("mobilesync", "outlook")
ON_FAILURE = ("configure_manually", "try_again_or_manual")
INVITATIONS = ("sendmail", "none")
FILE_AS = ("last_first", "first_last", "none")
APPS = ("contacts", "calendar", "tasks", "notes")
# MS-ASCMD 2.2.3.69.2 FilterType: 0 all ... 7 six months, 8 incomplete tasks.
FILTER_TYPES = range(0, 9)
# The calendar's sync window as the phone's setting words it (iOS "Sync: Events 2 Weeks
# Back" ... "All Events"; Android "2 weeks" ... "All"), and the calendar FilterType each
# one sends (MS-ASCMD 2.2.3.68.2: a calendar accepts 0, 4, 5, 6 and 7).
CALENDAR_WINDOWS: Mapping[str, int] = MappingProxyType(
    {
        "all events": 0,
        "2 weeks back": 4,
        "1 month back": 5,
        "3 months back": 6,
        "6 months back": 7,
    }
)
# MS-ASCMD 2.2.3.199: WindowSize is at most 512.
WINDOW_SIZES = range(1, 513)
# MS-ASCMD 2.2.3.83: Ping HeartbeatInterval 60..3540 s (a profile may go lower for tests).
HEARTBEATS = range(1, 3541)


def _sync_class(key: str, t: TomlTable) -> SyncClass:
    sync_class = SyncClass(
        key=key,
        label=t.text("label"),
        eas_class=t.text("eas_class"),
        folder_types=t.items("folder_types", int),
        enabled_by_default=t.flag("enabled_by_default"),
        app=t.text("app", APPS),
        filter_type=t.integer("filter_type", FILTER_TYPES, optional=True),
        body_type=t.integer("body_type", range(1, 5), optional=True),
        body_truncation=t.integer("body_truncation", range(0, 2**32), optional=True),
    )
    t.done()
    return sync_class


def _protocol(proto: TomlTable, source: str) -> ProtocolSettings:
    versions = proto.items("versions", str)
    bad = [v for v in versions if v not in PROTOCOL_VERSIONS]
    if bad:
        raise ProfileError(f"{source}.protocol.versions: unknown versions {bad}")
    validate = proto.text("validate_device_id") if "validate_device_id" in proto.data else None
    return ProtocolSettings(
        activesync=proto.flag("activesync"),
        versions=versions,
        versions_source=proto.text("versions_source"),
        query_encoding=cast(Any, proto.text("query_encoding", QUERY_ENCODINGS)),
        initial_policy_key=proto.integer("initial_policy_key", range(0, 2**32), optional=True),
        settings_first=proto.flag("settings_first"),
        device_information_in_provision=proto.flag("device_information_in_provision"),
        validate_device_id=validate,
        extra_headers=proto.table("extra_headers", {}).strings(),
        empty_in_calendar_add=(
            proto.items("empty_in_calendar_add", str)
            if "empty_in_calendar_add" in proto.data
            else ()
        ),
    )


def _autodiscover(auto: TomlTable, source: str) -> AutodiscoverSettings:
    urls = auto.items("urls", str) if auto.flag("enabled") else auto.items("urls", str, empty=True)
    if not all("{domain}" in url for url in urls):
        raise ProfileError(f"{source}.autodiscover.urls: every URL needs {{domain}}")
    return AutodiscoverSettings(
        enabled=auto.flag("enabled"),
        urls=urls,
        max_redirects=auto.count("max_redirects", range(0, 11)),
        login=cast(Any, auto.text("login", LOGIN_FORMS)),
        schema=cast(Any, auto.text("schema", SCHEMAS)),
        on_failure=cast(Any, auto.text("on_failure", ON_FAILURE)),
    )


def _quirks(table: TomlTable, source: str) -> Mapping[str, bool]:
    unknown = sorted(set(table.data) - set(QUIRKS))
    if unknown:
        known = ", ".join(QUIRKS)
        raise ProfileError(f"{source}.quirks: unknown quirks {unknown}; known: {known}")
    return MappingProxyType({name: table.flag(name) for name in list(table.data)})


def parse_profile(data: Mapping[str, Any], source: str) -> Profile:
    """Build and validate a `Profile` from parsed TOML; ``source`` names it in errors."""
    root = TomlTable(data, source)
    ident, info = root.table("identity"), root.table("device_information")
    proto, net, auto = root.table("protocol"), root.table("network"), root.table("autodiscover")
    sync, classes, reactions = root.table("sync"), root.table("classes"), root.table("reactions")
    background, apps, mail = root.table("background"), root.table("apps"), root.table("mail")
    contacts = apps.table("contacts")
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
        protocol=_protocol(proto, source),
        timeouts=Timeouts(
            net.seconds("connect_timeout_seconds"),
            net.seconds("read_timeout_seconds"),
            net.seconds("ping_timeout_margin_seconds"),
        ),
        autodiscover=_autodiscover(auto, source),
        sync=SyncSettings(
            window_size=sync.count("window_size", WINDOW_SIZES),
            mode=cast(Any, sync.text("mode", SYNC_MODES)),
            heartbeat_seconds=sync.count("heartbeat_seconds", HEARTBEATS),
            poll_interval_minutes=sync.count("poll_interval_minutes", range(1, 1441)),
        ),
        classes=tuple(_sync_class(key, classes.table(key)) for key in list(classes.data)),
        background=Background(background.flag("requires_app_notifications")),
        reactions=Reactions(
            http_401=reactions.text("http_401", ("ask_password",)),
            http_503=reactions.text("http_503", ("report_check_login",)),
            http_500=reactions.text("http_500", ("full_resync", "retry")),
            close_account_after_failures=reactions.count("close_account_after_failures"),
            retry_after_seconds=reactions.count("retry_after_seconds", range(1, 86401)),
        ),
        invitations=cast(Any, mail.text("invitations", INVITATIONS)),
        apps=AppNames(
            calendar=apps.text("calendar_name"),
            contacts=apps.text("contacts_name"),
            tasks=apps.text("tasks_name"),
            new_calendars_visible=apps.flag("new_calendars_visible"),
        ),
        contacts_app=ContactsAppSettings(
            sort_order=cast(Any, contacts.text("sort_order", ("last_first", "first_last"))),
            display_order=cast(Any, contacts.text("display_order", ("first_last", "last_first"))),
            phone_labels=contacts.table("phone_labels").strings(),
            email_labels=contacts.table("email_labels").strings(),
            file_as=cast(Any, contacts.text("file_as", FILE_AS)),
            file_as_on_change=contacts.flag("file_as_on_change"),
        ),
        quirks=_quirks(root.table("quirks", {}), source),
    )
    for table in (root, ident, info, proto, net, auto, sync, classes, reactions, background):
        table.done()
    mail.done()
    apps.done()
    contacts.done()
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
