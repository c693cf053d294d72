"""What each profile puts on the wire, decoded: headers, query form, request bodies."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
from fake_eas import CONTACTS_ID, FINAL_KEY, HOST, FakeEAS, FixedClock

from eas.commands.provision import ProvisionRequest
from eas.commands.sync import SyncRequest
from eas.http import parse_query
from simulator.device import Device
from simulator.profile import QUIRKS, ProfileError, known_profiles, load_profile, parse_profile
from zpush_sim.network import Network

EMAIL = f"jane@{HOST}"
EAS_PROFILES = ("android", "android11", "ios", "outlook-windows", "thunderbird")


@pytest.fixture
def fake() -> FakeEAS:
    return FakeEAS(provisioning="449")


@pytest.fixture
def network(fake: FakeEAS) -> Iterator[Network]:
    with Network() as net:
        net.route(HOST, fake)
        yield net


def synced(profile: str, fake: FakeEAS) -> Device:
    device = Device(profile, clock=FixedClock(), rng=random.Random(5))
    outcome = device.add_account_manually(EMAIL, HOST, "demo", user=EMAIL)
    assert outcome.verified, outcome.detail
    assert device.sync().ok
    return device


def test_all_six_profiles_are_shipped() -> None:
    assert set(known_profiles()) >= {*EAS_PROFILES, "outlook-mac"}


@pytest.mark.parametrize(
    ("profile", "device_type", "device_id", "version"),
    [
        ("ios", "iPhone", r"[A-Z0-9]{26}", "14.1"),
        ("android", "Android", r"androidc[0-9]{9}", "14.1"),
        ("android11", "Android", r"androidc[0-9]{9}", "14.1"),
        ("outlook-windows", "WindowsOutlook15", r"[0-9a-f]{32}", "14.0"),
        ("thunderbird", "TbSync", r"MZTB[0-9a-f]{28}", "14.0"),
    ],
)
def test_identity_version_and_provisioning_on_the_wire(
    network: Network, fake: FakeEAS, profile: str, device_type: str, device_id: str, version: str
) -> None:
    device = synced(profile, fake)
    assert re.fullmatch(device_id, device.device_id)
    posts = [s for s in fake.seen if s.method == "POST" and s.path.startswith("/Microsoft")]
    sync = next(s for s in posts if s.query.get("Cmd") == "Sync")
    lines = [
        parse_query(x.url.split("?", 1)[1]) for x in device.conversation if "ActiveSync?" in x.url
    ]
    line = next(q for q in lines if q.cmd == "Sync")
    assert (line.device_id, line.device_type) == (device.device_id, device_type)
    assert sync.headers["user-agent"] == device.profile.identity.user_agent
    if profile == "outlook-windows":  # base64 query: version and key inside it
        assert sync.query.get("base64") == "1" and "ms-asprotocolversion" not in sync.headers
    else:
        assert sync.headers["ms-asprotocolversion"] == version
        assert sync.headers["x-ms-policykey"] == str(FINAL_KEY)
    assert device.account().protocol_version == version
    provisions = [ProvisionRequest.from_tree(s.tree) for s in fake.requests("Provision") if s.tree]
    assert [p.policy_key for p in provisions] == [None, 1111]  # the two phases after 449
    gmail = profile.startswith("android")
    assert (provisions[0].device_information is not None) is gmail  # Gmail: in Provision


def test_thunderbird_windowsize_50_and_six_months(network: Network, fake: FakeEAS) -> None:
    synced("thunderbird", fake)
    collections = [SyncRequest.from_tree(s.tree).collections[0] for s in fake.requests("Sync")
                   if s.tree]  # fmt: skip
    paged = [c for c in collections if c.sync_key != "0"]
    assert {c.window_size for c in paged} == {50}
    assert {c.filter_type for c in paged if c.collection_id == "k1"} == {7}
    assert {c.filter_type for c in paged if c.collection_id == CONTACTS_ID} == {None}
    assert "x-ms-policykey" not in fake.seen[1].headers  # no key before provisioning


def test_gmail_checks_the_account_with_device_id_validate(network: Network, fake: FakeEAS) -> None:
    device = Device("android", clock=FixedClock(), rng=random.Random(5))
    device.add_account_manually(EMAIL, HOST, "demo")
    assert "validate" in [s.query.get("DeviceId") for s in fake.seen]


def test_status_142_also_leads_to_provisioning(network: Network, fake: FakeEAS) -> None:
    fake.provisioning = "142"
    device = synced("ios", fake)
    assert device.account().policy_key == FINAL_KEY


def test_autodiscover_url_orders(network: Network) -> None:
    orders = {p: load_profile(p).autodiscover.urls_for("a@d.test") for p in EAS_PROFILES}
    assert orders["ios"][0] == "https://d.test/autodiscover/autodiscover.xml"
    assert orders["thunderbird"][0] == "https://autodiscover.d.test/autodiscover/autodiscover.xml"
    assert (
        orders["outlook-windows"][-1]
        == "GET http://autodiscover.d.test/autodiscover/autodiscover.xml"
    )
    device = Device("outlook-windows", clock=FixedClock(), rng=random.Random(1))
    outcome = device.add_exchange_account("a@d.test", "x")
    assert [a.url for a in outcome.attempts][-1].startswith("GET http://autodiscover.d.test")


def test_quirks_are_named_flags_checked_at_load() -> None:
    outlook = load_profile("outlook-windows")
    assert outlook.quirk("one_folder_per_class") and not outlook.quirk("new_device_id_on_start")
    assert not load_profile("android").quirk("foldersync_key_zero_on_refresh")
    assert "Z-Push#176" in QUIRKS["foldersync_key_zero_on_refresh"].replace("Z-Hub/", "")
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("simulator.profiles").joinpath("ios.toml").read_text())
    data["quirks"]["flaky_wifi"] = True
    with pytest.raises(ProfileError, match="unknown quirks"):
        parse_profile(data, "ios")
