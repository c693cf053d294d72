"""Where the scenarios run: the embedded reference server or a live one.

One target fixture chooses (``--server URL`` or ``ZPUSH_SIM_SERVER``): by
default each scenario gets its own reference server (in-memory SQLite)
behind the simulated internet, where ``activesync.onoffice.de`` is the
server and ``onoffice.de`` has no autodiscover. With a live URL the
simulated internet is off and the devices send real HTTP, with
``activesync.onoffice.de`` pointed at the live server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from server.app import ServerApp, create_app
from server.config import ServerConfig
from zpush_sim.clock import SystemClock
from zpush_sim.hosts import HostsSession
from zpush_sim.network import Network

SERVER_ENV = "ZPUSH_SIM_SERVER"
ADMIN_TOKEN_ENV = "ZPUSH_SIM_ADMIN_TOKEN"
ONOFFICE_HOST = "activesync.onoffice.de"
HOST_WITHOUT_AUTODISCOVER = "onoffice.de"
PING_REAL_LIMIT = 0.02  # seconds
# Server settings a scenario asks for by tag; they are fixed when the server is made.
SETTING_TAGS: dict[str, dict[str, object]] = {
    "server-android-autodiscover": {"android_autodiscover": True},  # B-AUTO-3
    # Z-Push's PING_LOWER_BOUND_LIFETIME = 300 (device-bugs.md 26).
    "server-ping-minimum-300": {"ping_heartbeat_bounds": (300, 3540)},
    # Z-Push 2.7.3 and later advertise up to 16.1 (device-bugs.md, per-client defaults).
    "server-offers-16-1": {
        "protocol_versions": ("12.0", "12.1", "14.0", "14.1", "16.0", "16.1"),
        "server_version": "16.1",
    },
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--server",
        metavar="URL",
        default=os.environ.get(SERVER_ENV),
        help=f"run the scenarios against a live EAS server (or set {SERVER_ENV})",
    )
    parser.addoption(
        "--admin-token",
        metavar="TOKEN",
        default=os.environ.get(ADMIN_TOKEN_ENV),
        help=f"the live server's admin token, for its settings page (or set {ADMIN_TOKEN_ENV})",
    )


@dataclass
class Target:
    """The server the devices talk to in this scenario."""

    live_url: str | None
    app: ServerApp | None
    network: Network | None = None
    live_admin_token: str | None = None

    @property
    def embedded(self) -> bool:
        return self.live_url is None

    def require_embedded(self, what: str) -> ServerApp:
        """The embedded server; a live run skips the scenario, which needs to arrange data."""
        if self.app is None:
            # The admin JSON API could arrange data, but a live server keeps it between
            # scenarios, and the features name fixed users (jane.doe_DoeRealEstate).
            pytest.skip(
                f"{what} needs the embedded server: a live server ({self.live_url}) cannot be "
                "given each scenario's onOffice data afresh"
            )
        return self.app

    def admin_token(self, what: str) -> str:
        """The token of the server's admin surface; a live run without one skips."""
        if self.app is not None:
            return self.app.admin.token
        if not self.live_admin_token:
            pytest.skip(f"{what} needs the live server's admin token (--admin-token)")
        return self.live_admin_token

    def require_network(self, what: str) -> Network:
        """The simulated internet, to add a service to it; a live run skips the scenario."""
        if self.network is None:
            pytest.skip(f"{what} needs the simulated network (live run against {self.live_url})")
        return self.network

    def session(self) -> requests.Session | None:
        """A device's HTTP session: live runs resolve activesync.onoffice.de to the live URL."""
        if self.live_url is None:
            return None
        return HostsSession({ONOFFICE_HOST: self.live_url})


@pytest.fixture
def clock() -> SystemClock:
    """The one clock of server and devices; "Given today is ..." pins it."""
    return SystemClock()


@pytest.fixture
def target(request: pytest.FixtureRequest, clock: SystemClock) -> Iterator[Target]:
    live_url = request.config.getoption("--server")
    if live_url:
        token = request.config.getoption("--admin-token")
        yield Target(live_url=live_url, app=None, live_admin_token=token)
        return
    # The clock is frozen in scenarios: a waiting Ping ends after a short real time.
    settings: dict[str, object] = {}
    for mark in request.node.iter_markers():
        settings.update(SETTING_TAGS.get(mark.name, {}))
    config = ServerConfig(
        clock=clock,
        ping_real_limit=PING_REAL_LIMIT,
        ping_poll_interval=PING_REAL_LIMIT / 2,
        **settings,  # type: ignore[arg-type]
    )
    app = create_app(config)
    with Network() as network:
        network.route(ONOFFICE_HOST, app)
        network.fail(HOST_WITHOUT_AUTODISCOVER, "not_found")
        yield Target(live_url=None, app=app, network=network)
    unhandled = app.unhandled_errors
    app.close()
    assert unhandled == 0, f"the reference server raised {unhandled} unhandled exceptions"
