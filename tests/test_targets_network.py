"""Live mode's sealed network: no request or credential leaves for a host not mapped to it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from server_client import serving

from server.app import create_app
from server.config import ServerConfig
from simulator.device import Device
from zpush_sim.clock import OffsetClock
from zpush_sim.targets.base import Scenario
from zpush_sim.targets.serve import ServeTarget

TOKEN = "net-token"
Sent = list[tuple[str, str | None]]  # (URL, Authorization header) as it left for the wire


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Sent:
    """Every request that reaches the HTTP adapter, i.e. would go onto the network."""
    seen: Sent = []
    original = requests.adapters.HTTPAdapter.send

    def send(self: requests.adapters.HTTPAdapter, request: Any, **kwargs: Any) -> Any:
        seen.append((request.url, request.headers.get("Authorization")))
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return seen


@pytest.fixture
def target() -> Iterator[ServeTarget]:
    app = create_app(ServerConfig(admin_token=TOKEN, clock=OffsetClock()))
    with serving(app) as url:
        chosen = ServeTarget(url, TOKEN)
        chosen.start(Scenario("sealed"))
        yield chosen
        chosen.close()


def hosts(seen: Sent) -> set[str]:
    return {urlsplit(url).hostname or "" for url, _ in seen}


@pytest.mark.parametrize(
    ("profile", "domain"),
    [("ios", "doe-immobilien.example"), ("android", "onoffice.de"), ("ios", "onoffice.de")],
)
def test_autodiscover_for_an_unmapped_domain_never_leaves_the_machine(
    target: ServeTarget, sent: Sent, profile: str, domain: str
) -> None:
    jane = target.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    phone = Device(profile, clock=OffsetClock(), rng=random.Random(1), session=target.session())
    sent.clear()  # the arranging above went to the admin API
    outcome = phone.add_exchange_account(f"{jane.login}@{domain}", jane.password)
    tried = {urlsplit(a.url.split()[-1]).hostname for a in outcome.attempts}
    assert any(h and h.endswith(domain) for h in tried), f"the phone tried {tried}"
    assert hosts(sent) <= {"127.0.0.1"}, f"requests left for {hosts(sent)}"
    leaked = [url for url, auth in sent if auth and urlsplit(url).hostname != "127.0.0.1"]
    assert not leaked


def test_the_mapped_host_reaches_the_target_with_her_credentials(
    target: ServeTarget, sent: Sent
) -> None:
    jane = target.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    phone = Device("android", clock=OffsetClock(), rng=random.Random(2), session=target.session())
    sent.clear()
    outcome = phone.add_account_manually(
        f"{jane.login}@onoffice.de", "activesync.onoffice.de", jane.password, user=jane.login
    )
    assert outcome.verified, outcome.shown
    assert hosts(sent) == {"127.0.0.1"}
    assert all(auth for url, auth in sent if "Microsoft-Server-ActiveSync" in url)
