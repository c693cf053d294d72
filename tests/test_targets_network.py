"""Live mode's sealed network: no request or credential leaves for a host not mapped to it.

Against a real socket (`ServeTarget`), with the simulated network's extras
(`zpush_sim.sealed`): an in-process service routed after the phone was made
answers it without a socket, and a lost answer reaches the real server but
not the phone; every other host still does not resolve.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from server_client import serving

from server.app import create_app
from server.config import ServerConfig
from server.model import Address
from services.memotoo import MEMOTOO_HOST, MemotooService, MirroredEvent
from simulator.device import Device
from steps.wire import is_command
from zpush_sim.clock import OffsetClock
from zpush_sim.network import LossKind
from zpush_sim.targets.base import ONOFFICE_HOST, Person, Scenario
from zpush_sim.targets.dav import DavTarget
from zpush_sim.targets.serve import ServeTarget

TOKEN = "net-token"
ROOT = Path(__file__).resolve().parents[1]
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


def set_up_phone(target: ServeTarget, profile: str = "android") -> tuple[Device, Person]:
    jane = target.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    phone = Device(profile, clock=OffsetClock(), rng=random.Random(4), session=target.session())
    outcome = phone.add_account_manually(
        f"{jane.login}@onoffice.de", ONOFFICE_HOST, jane.password, user=jane.login
    )
    assert outcome.verified, outcome.shown
    return phone, jane


def test_a_service_routed_after_the_phone_was_made_answers_it_in_process(
    target: ServeTarget, sent: Sent
) -> None:
    phone, jane = set_up_phone(target)
    memotoo = MemotooService()
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    memotoo.add_user(jane.login, jane.password)
    event = MirroredEvent("m1", "Besichtigung", start, start + timedelta(hours=1))
    memotoo.mirror(jane.login, [event], start)
    try:
        target.simulated_network().route(MEMOTOO_HOST, memotoo)
        sent.clear()
        dav = phone.add_caldav_account(MEMOTOO_HOST, jane.login, jane.password)
    finally:
        memotoo.close()
    assert [e.summary for e in dav.events.values()] == ["Besichtigung"]
    assert sent == [], f"the in-process service's requests went to the wire: {hosts(sent)}"


def test_a_routed_service_resolves_only_its_own_host(target: ServeTarget, sent: Sent) -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("201 Created", [("X-Seen", environ["HTTP_HOST"]), ("Set-Cookie", "a=1")])
        return [b"made"]

    session = target.session()
    assert session is not None
    with pytest.raises(requests.ConnectionError, match="resolve"):
        session.get("https://service.example/x")  # not routed yet
    target.simulated_network().route("Service.Example", app)
    answer = session.put("https://service.example/x?y=1", data=b"body")
    assert (answer.status_code, answer.reason, answer.content) == (201, "Created", b"made")
    assert answer.headers["X-Seen"] == "service.example"
    for host in ("other.example", "memotoo.com", "onoffice.de"):
        with pytest.raises(requests.ConnectionError, match="resolve"):
            session.get(f"https://{host}/x", headers={"Authorization": "Basic secret"})
    target.sealed.forget("service.example")
    with pytest.raises(requests.ConnectionError, match="resolve"):
        session.get("https://service.example/x")
    assert sent == []


@pytest.mark.parametrize("kind", ["timeout", "reset"])
def test_a_lost_answer_reaches_the_live_server_but_not_the_phone(
    target: ServeTarget, kind: LossKind
) -> None:
    phone, jane = set_up_phone(target)
    assert phone.sync().ok
    target.add_address(jane, Address(last_name="Neumann", first_name="Greta"))
    before = len([r for r in target.received() if r.cmd == "Sync"])
    failed = len([e for e in phone.conversation if e.error])
    target.simulated_network().lose_answer(ONOFFICE_HOST, is_command("Sync"), kind=kind)
    report = phone.sync()
    lost = [e for e in phone.conversation if e.error][failed:]
    assert len(lost) == 1, [e.error for e in lost]
    assert ("in time" if kind == "timeout" else "reset") in (lost[0].error or "")
    syncs = [r for r in target.received() if r.cmd == "Sync"][before:]
    # The server got the very request whose answer was lost, and answered it.
    assert syncs[0].body == lost[0].request_body and syncs[0].status == 200
    if kind == "timeout":  # the phone waited in vain: the folder's sync failed
        errors = [f.error for f in report.folders if f.error] + [report.error]
        assert any(e is not None and e.kind == "network" for e in errors), errors
    else:  # its HTTP stack sent the request once more on a new connection
        assert syncs[1].body == syncs[0].body
        assert report.ok and "Greta Neumann" in phone.contacts_app.names()


def test_the_simulated_network_scenarios_pass_against_serve_over_a_socket() -> None:
    """Memotoo (B-MEMO-1), a reset answer (B-COL-3) and a timed-out one (the quirk), live."""
    app = create_app(ServerConfig(admin_token=TOKEN, clock=OffsetClock(), ping_real_limit=0.2))
    wanted = "needs-simulated-network or resends_add_after_timeout"
    with serving(app) as url:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "features", "-q", "-rfs", "-m", wanted,
             "--target", f"serve:{url}", "--admin-token", TOKEN],
            capture_output=True, text=True, timeout=200, cwd=ROOT,
        )  # fmt: skip
    summary = done.stdout.strip().splitlines()[-1]
    assert done.returncode == 0, done.stdout[-3000:]
    assert re.search(r"^5 passed, \d+ deselected", summary), summary  # none skipped


def test_a_dav_target_offers_the_same_sealed_network(sent: Sent) -> None:
    dav = DavTarget("http://jane:demo@127.0.0.1:9/SOGo")  # nothing listens: nothing may go there
    session = dav.session()
    assert session is not None

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ["PATH_INFO"].encode()]

    dav.simulated_network().route(MEMOTOO_HOST, app)
    assert session.get(f"https://{MEMOTOO_HOST}/dav/").text == "/dav/"
    with pytest.raises(requests.ConnectionError, match="resolve"):
        session.get("https://elsewhere.example/")
    assert sent == []
