"""Smoke test: the simulated iPhone against the reference server, through the network.

The only simulator test that imports `server/`: both sides meet on the
(simulated) wire, as in the BDD suite. The lead's end-to-end tests cover
the behaviours; this one checks that the pieces fit.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from fake_eas import FixedClock

from server.app import ServerApp, create_app
from server.config import ServerConfig
from server.seed import DEMO_LOGIN, DEMO_PASSWORD, DEMO_SYNCED_ADDRESSES, seed_demo
from simulator.account import SetupStatus
from simulator.device import Device
from zpush_sim.network import Network


@pytest.fixture
def app() -> Iterator[ServerApp]:
    clock = FixedClock()
    server = create_app(ServerConfig(clock=clock))
    seed_demo(server.onoffice, clock.now())
    yield server
    assert server.unhandled_errors == 0
    server.close()


@pytest.fixture
def network(app: ServerApp) -> Iterator[Network]:
    with Network() as net:
        net.route("activesync.onoffice.de", app)
        net.fail("onoffice.de", "not_found")
        yield net


@pytest.fixture
def iphone(network: Network) -> Device:
    return Device("ios", clock=FixedClock(), rng=random.Random(20260302))


def test_iphone_sets_up_by_autodiscover_and_shows_the_demo_contacts(iphone: Device) -> None:
    outcome = iphone.add_exchange_account(f"{DEMO_LOGIN}@activesync.onoffice.de", DEMO_PASSWORD)
    assert outcome.status is SetupStatus.VERIFIED, outcome.detail
    assert outcome.account is not None
    assert outcome.account.server_host == "activesync.onoffice.de"
    assert outcome.account.protocol_version == "14.1"

    report = iphone.sync()
    assert report.ok, report
    [contacts] = report.folder("contacts")
    assert iphone.profile.sync.window_size < DEMO_SYNCED_ADDRESSES
    assert contacts.rounds == 2 and contacts.complete  # paged (B-COL-3)
    [group] = iphone.contacts_app.groups()
    assert len(group.contacts) == DEMO_SYNCED_ADDRESSES
    assert all(card.display_name for card in group.contacts)


def test_iphone_at_onoffice_de_needs_manual_settings_which_then_work(iphone: Device) -> None:
    email = f"{DEMO_LOGIN}@onoffice.de"
    assert iphone.add_exchange_account(email, DEMO_PASSWORD).status is (
        SetupStatus.CONFIGURE_MANUALLY
    )
    outcome = iphone.add_account_manually(
        email, server="activesync.onoffice.de", password=DEMO_PASSWORD, user=DEMO_LOGIN
    )
    assert outcome.verified, outcome.detail
    assert iphone.sync().ok
    assert len(iphone.contacts_app.names()) == DEMO_SYNCED_ADDRESSES
