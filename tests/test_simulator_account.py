"""Adding an Exchange account on the simulated iPhone, against a fake EAS server."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fake_eas import HOST, FakeEAS, FixedClock

from eas.autodiscover import build_redirect_response
from simulator.account import SetupStatus, server_url
from simulator.device import Device
from simulator.profile import load_profile
from zpush_sim.network import Network

EMAIL = f"jane@{HOST}"


@pytest.fixture
def fake() -> FakeEAS:
    return FakeEAS()


@pytest.fixture
def network(fake: FakeEAS) -> Iterator[Network]:
    with Network() as net:
        net.route(HOST, fake)
        net.fail("example.test", "not_found")  # a domain without autodiscover
        yield net


@pytest.fixture
def iphone(network: Network) -> Device:
    return Device("ios", clock=FixedClock(), rng=random.Random(1))


def test_autodiscover_sets_up_the_account_in_one_step(iphone: Device, fake: FakeEAS) -> None:
    outcome = iphone.add_exchange_account(EMAIL, "demo")  # B-AUTO-1
    assert outcome.status is SetupStatus.VERIFIED
    assert outcome.shown == "Account verified"
    account = outcome.account
    assert account is not None and iphone.accounts == (account,)
    assert account.server_host == HOST
    assert account.login == EMAIL  # iOS logs in with the address (eas-facts 3)
    assert account.protocol_version == "14.1"  # asks 16.1, takes the highest offered
    assert account.configured_by == "autodiscover"
    assert account.display_name == "Jane Doe"
    assert [a.result for a in outcome.attempts] == ["settings"]
    assert fake.commands() == ["POST", "OPTIONS", "Settings"]  # iOS: Settings first
    options = fake.seen[1]
    assert options.headers["x-ms-policykey"] == "0"
    assert options.headers["user-agent"] == "Apple-iPhone9C4/1602.92"
    assert fake.seen[0].path == "/autodiscover/autodiscover.xml"


def test_another_domain_asks_for_manual_configuration(iphone: Device, fake: FakeEAS) -> None:
    outcome = iphone.add_exchange_account("jane@example.test", "demo")  # B-AUTO-2
    assert outcome.status is SetupStatus.CONFIGURE_MANUALLY
    assert outcome.shown == "Cannot connect: configure manually"
    assert iphone.accounts == ()
    assert [(a.url, a.result) for a in outcome.attempts] == [
        ("https://example.test/autodiscover/autodiscover.xml", "http-404"),
        ("https://autodiscover.example.test/autodiscover/autodiscover.xml", "dns"),
    ]
    assert fake.seen == []


def test_wrong_password_at_autodiscover(iphone: Device) -> None:
    outcome = iphone.add_exchange_account(EMAIL, "wrong")
    assert outcome.status is SetupStatus.PASSWORD_INCORRECT
    assert iphone.accounts == ()


def test_manual_set_up_still_tries_autodiscover_first(iphone: Device, fake: FakeEAS) -> None:
    outcome = iphone.add_account_manually(  # B-MAN-1
        "jane@example.test", server=HOST, password="demo", user=EMAIL
    )
    assert outcome.status is SetupStatus.VERIFIED
    assert outcome.account is not None
    assert outcome.account.configured_by == "manual"
    assert outcome.account.login == EMAIL
    assert outcome.account.endpoint.url == f"https://{HOST}/Microsoft-Server-ActiveSync"
    sent = [(x.method, x.url.split("?")[0]) for x in iphone.conversation]
    assert sent == [
        ("POST", "https://example.test/autodiscover/autodiscover.xml"),
        ("POST", "https://autodiscover.example.test/autodiscover/autodiscover.xml"),
        ("OPTIONS", f"https://{HOST}/Microsoft-Server-ActiveSync"),
        ("POST", f"https://{HOST}/Microsoft-Server-ActiveSync"),
    ]


def test_manual_wrong_password(iphone: Device) -> None:
    outcome = iphone.add_account_manually(EMAIL, server=HOST, password="nope")
    assert outcome.status is SetupStatus.PASSWORD_INCORRECT
    assert outcome.shown == "Password incorrect"


def test_manual_server_that_cannot_be_reached(iphone: Device, network: Network) -> None:
    network.fail("down.example.test", "connection_refused")
    outcome = iphone.add_account_manually(EMAIL, server="down.example.test", password="demo")
    assert outcome.status is SetupStatus.CANNOT_CONNECT
    assert "connection refused" in outcome.detail


def test_server_in_maintenance(iphone: Device, network: Network) -> None:
    network.fail(HOST, "unavailable")
    outcome = iphone.add_account_manually(EMAIL, server=HOST, password="demo")
    assert outcome.status is SetupStatus.SERVER_UNAVAILABLE


def test_no_common_protocol_version(iphone: Device, fake: FakeEAS) -> None:
    fake.versions = ("2.5",)
    outcome = iphone.add_exchange_account(EMAIL, "demo")
    assert outcome.status is SetupStatus.NOT_SUPPORTED
    assert "2.5" in outcome.detail


def test_settings_first_when_the_profile_says_so(network: Network, fake: FakeEAS) -> None:
    iphone = Device("ios", clock=FixedClock(), rng=random.Random(1))
    assert iphone.add_exchange_account(EMAIL, "demo").verified
    assert fake.commands() == ["POST", "OPTIONS", "Settings"]
    settings = fake.seen[2].tree
    assert settings is not None
    assert settings.findtext("DeviceInformation/Set/Model") == "iPhone9C4"
    assert settings.find("UserInformation/Get") is not None


def test_profile_without_autodiscover_goes_straight_to_manual(network: Network) -> None:
    ios = load_profile("ios")
    profile = dataclasses.replace(
        ios, autodiscover=dataclasses.replace(ios.autodiscover, enabled=False)
    )
    device = Device(profile, clock=FixedClock(), rng=random.Random(1))
    assert device.add_exchange_account(EMAIL, "demo").status is SetupStatus.CONFIGURE_MANUALLY
    assert len(device.conversation) == 0


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("activesync.onoffice.de", "https://activesync.onoffice.de/Microsoft-Server-ActiveSync"),
        ("activesync.onoffice.de/", "https://activesync.onoffice.de/Microsoft-Server-ActiveSync"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/Microsoft-Server-ActiveSync"),
        (
            "https://h/z-push/Microsoft-Server-ActiveSync",
            "https://h/z-push/Microsoft-Server-ActiveSync",
        ),
    ],
)
def test_server_field_forms(typed: str, url: str) -> None:
    assert server_url(typed) == url


def test_autodiscover_follows_a_redirect(iphone: Device, network: Network, fake: FakeEAS) -> None:
    def redirecting(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = build_redirect_response(EMAIL)
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [body]

    network.route("redirect.test", redirecting)
    fake.users["jane@redirect.test"] = "demo"
    outcome = iphone.add_exchange_account("jane@redirect.test", "demo")
    assert outcome.verified, outcome.detail
    assert [a.result for a in outcome.attempts] == ["redirect", "settings"]
    assert outcome.account is not None and outcome.account.login == "jane@redirect.test"
