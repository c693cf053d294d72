"""Every device profile against the reference server on a real socket (waitress).

Done-when of issue 4: each profile sets up its account the way the real
client does (autodiscover, or manual settings after the client's own
failure message) and completes a two-way sync: the demo contacts come
down, paged by the profile's WindowSize, and a contact made on the device
goes up with a ClientId and comes back with a ServerId, stored in onOffice.
The devices reach the server through `HostsSession` (live mode), so the
same code runs against ``zpush-sim serve`` or any URL.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from fake_eas import FixedClock
from server_client import demo_app, demo_user, serving

from server.app import ServerApp
from server.seed import DEMO_LOGIN, DEMO_PASSWORD, DEMO_SYNCED_ADDRESSES
from simulator.account import SetupStatus
from simulator.device import Device
from zpush_sim.hosts import HostsSession

EMAIL = f"{DEMO_LOGIN}@activesync.onoffice.de"
HOST = "activesync.onoffice.de"

# What each client shows when its own set-up path cannot find the server by itself.
FIRST_OUTCOME = {
    "ios": SetupStatus.VERIFIED,  # B-AUTO-1
    "android": SetupStatus.TRY_AGAIN_OR_MANUAL,  # B-AUTO-3
    "android11": SetupStatus.TRY_AGAIN_OR_MANUAL,
    "outlook-windows": SetupStatus.CONFIGURE_MANUALLY,  # B-COL-2: outlook schema refused
    "thunderbird": SetupStatus.VERIFIED,
}


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[str, ServerApp]]:
    app = demo_app(ping_real_limit=0.2)
    with serving(app) as url:
        yield url, app


def device(profile: str, url: str) -> Device:
    session = HostsSession({HOST: url}, only_mapped=True)
    return Device(profile, clock=FixedClock(), rng=random.Random(profile), session=session)


@pytest.mark.parametrize("profile", sorted(FIRST_OUTCOME))
def test_profile_sets_up_and_syncs_both_ways(profile: str, live: tuple[str, ServerApp]) -> None:
    url, app = live
    phone = device(profile, url)
    first = phone.add_exchange_account(EMAIL, DEMO_PASSWORD)
    assert first.status is FIRST_OUTCOME[profile], first.detail
    if not first.verified:
        manual = phone.add_account_manually(EMAIL, HOST, DEMO_PASSWORD, user=DEMO_LOGIN)
        assert manual.verified, manual.detail
    account = phone.account()
    assert account.protocol_version == (
        "14.0" if profile in ("outlook-windows", "thunderbird") else "14.1"
    )

    report = phone.sync()
    assert report.ok, report
    synced = app.onoffice.addresses(demo_user(app).customer_id, synced_only=True)
    assert len(synced) >= DEMO_SYNCED_ADDRESSES  # earlier profiles' contacts added to these
    assert len(phone.contacts_app.names()) == len(synced)
    [contacts] = report.folder("contacts")
    assert contacts.rounds >= DEMO_SYNCED_ADDRESSES // phone.profile.sync.window_size
    assert account.policy_key not in (None, 0), "the device provisioned (HTTP 449)"

    name = f"Erika {profile.title().replace('-', '')}"
    first_name, last_name = name.split()
    phone.contacts_app.create(
        FirstName=first_name, LastName=last_name, MobilePhoneNumber="+49 170 1"
    )
    phone.sync()
    uploaded = [o for r in phone.history for o in r.uploaded]
    assert [(o.action, o.status) for o in uploaded] == [("add", 1)], uploaded
    card = phone.contacts_app.find(name)
    assert card is not None and card.server_id == uploaded[0].server_id
    stored = app.onoffice.addresses(demo_user(app).customer_id, synced_only=True)
    assert name in {f"{a.first_name} {a.last_name}" for a in stored}
    assert phone.contacts_app.names().count(name) == 1  # no duplicate after the round trip


def test_outlook_for_mac_refuses_activesync(live: tuple[str, ServerApp]) -> None:
    phone = device("outlook-mac", live[0])
    outcome = phone.add_exchange_account(EMAIL, DEMO_PASSWORD)  # B-COL-2
    assert outcome.status is SetupStatus.NO_ACTIVESYNC
    manual = phone.add_account_manually(EMAIL, HOST, DEMO_PASSWORD, user=DEMO_LOGIN)
    assert manual.status is SetupStatus.NO_ACTIVESYNC
    assert phone.accounts == () and len(phone.conversation) == 0


def test_push_brings_an_onoffice_change_within_the_heartbeat(live: tuple[str, ServerApp]) -> None:
    url, app = live
    phone = device("ios", url)
    assert phone.add_exchange_account(EMAIL, DEMO_PASSWORD).verified
    assert phone.sync().ok
    before = len(phone.contacts_app.names())
    user = demo_user(app)
    from fixtures.factories import Factories

    app.onoffice.add_address(user.customer_id, Factories(7).address(synced=True))
    [run] = phone.background()  # B-COL-4: the pending Ping returns at once
    assert run.ping is not None and run.ping.status == 2, run
    assert len(phone.contacts_app.names()) == before + 1
