"""Device profiles: loading the iOS profile as package data, and validation."""

from __future__ import annotations

import copy
import random
import re
import tomllib
from importlib import resources
from typing import Any

import pytest

from simulator.profile import ProfileError, known_profiles, load_profile, parse_profile


def ios_data() -> dict[str, Any]:
    text = resources.files("simulator.profiles").joinpath("ios.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_ios_profile_says_what_an_iphone_sends() -> None:
    ios = load_profile("ios")
    assert ios.identity.device_type == "iPhone"
    assert ios.identity.user_agent == "Apple-iPhone9C4/1602.92"
    assert ios.protocol.versions == ("16.1", "16.0", "14.1", "14.0", "12.1", "12.0")
    assert ios.protocol.query_encoding == "plain"
    assert ios.protocol.settings_first is True
    assert ios.sync.window_size == 25


def test_ios_enables_contacts_calendars_reminders_and_notes() -> None:  # B-COL-1
    ios = load_profile("ios")
    assert [(c.key, c.eas_class, c.enabled_by_default) for c in ios.classes] == [
        ("contacts", "Contacts", True),
        ("calendars", "Calendar", True),
        ("reminders", "Tasks", True),
        ("notes", "Notes", True),
    ]
    assert ios.sync_class("contacts").folder_types == (9, 14)
    with pytest.raises(KeyError, match="has no class 'mail'"):
        ios.sync_class("mail")


def test_ios_autodiscover_url_order() -> None:
    urls = load_profile("ios").autodiscover.urls_for("jane.doe_DoeRealEstate@OnOffice.de")
    assert urls == (
        "https://onoffice.de/autodiscover/autodiscover.xml",
        "https://autodiscover.onoffice.de/autodiscover/autodiscover.xml",
    )


def test_device_id_has_the_ios_shape_and_is_reproducible() -> None:
    identity = load_profile("ios").identity
    first = identity.new_device_id(random.Random(42))
    assert re.fullmatch(r"[A-Z0-9]{26}", first)
    assert identity.new_device_id(random.Random(42)) == first
    assert identity.new_device_id(random.Random(43)) != first


def test_unknown_profile_lists_the_known_ones() -> None:
    assert "ios" in known_profiles()
    with pytest.raises(
        ProfileError, match=r"unknown device profile 'nokia'.*known profiles: .*ios"
    ):
        load_profile("nokia")
    with pytest.raises(ProfileError, match="unknown device profile"):
        load_profile("../ios")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sync"].update(window_size=0), r"sync\.window_size: 0 not in 1\.\.512"),
        (lambda d: d["sync"].update(window_size=True), r"window_size: expected int"),
        (lambda d: d["sync"].update(windowsize=25), r"sync: unknown keys \['windowsize'\]"),
        (lambda d: d["identity"].pop("device_type"), r"identity: missing key 'device_type'"),
        (lambda d: d["protocol"].update(versions=["15.0"]), r"unknown versions \['15\.0'\]"),
        (lambda d: d["protocol"].update(query_encoding="hex"), r"'hex' is not one of"),
        (lambda d: d["autodiscover"].update(urls=["https://x/a.xml"]), r"needs \{domain\}"),
        (lambda d: d["classes"]["contacts"].update(filter_type=9), r"filter_type: 9 not in"),
        (lambda d: d["classes"]["notes"].update(colour="red"), r"classes\.notes: unknown keys"),
        (lambda d: d.update(classes={}), r"at least one class"),
        (lambda d: d["identity"].update(device_id_length=40), r"device_id_length: 40 not in"),
    ],
)
def test_validation_names_the_key(change: Any, message: str) -> None:
    data = copy.deepcopy(ios_data())
    change(data)
    with pytest.raises(ProfileError, match=message):
        parse_profile(data, "profiles/ios.toml")


def test_the_shipped_data_parses_unchanged() -> None:
    assert parse_profile(ios_data(), "ios") == load_profile("ios")
