"""The serve target's server settings, z-push-admin and record search, over a real socket.

A scenario's settings (its tags, or "the server offers ActiveSync 16.1")
reach the running server through ``/admin/api/settings`` and are put back
when the scenario ends, so the next scenario on the same server starts
from the server's own settings.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from server_client import Client, serving

from eas.commands.ping import PingFolder, PingRequest, PingResponse, PingStatus
from eas.commands.sync import CollectionRequest
from server.app import ServerApp, create_app
from server.config import ServerConfig
from server.model import Address
from zpush_sim.clock import OffsetClock
from zpush_sim.targets.base import Scenario
from zpush_sim.targets.serve import ServeTarget

TOKEN = "test-admin-token"
ACTIVESYNC = "/Microsoft-Server-ActiveSync"


@pytest.fixture
def live() -> Iterator[tuple[ServerApp, str]]:
    app = create_app(ServerConfig(admin_token=TOKEN, clock=OffsetClock()))
    with serving(app) as url:
        yield app, url


def _offered(url: str) -> str:
    """What OPTIONS announces (Z-Push asks for credentials first: any user's will do)."""
    reply = requests.options(f"{url}{ACTIVESYNC}", auth=("jane.doe_Doe", "demo"), timeout=5)
    return reply.headers["MS-ASProtocolVersions"]


def _ping_status(app: ServerApp) -> tuple[int, int | None]:
    """(Status, HeartbeatInterval) of a phone's Ping asking for 60 s (Jane's, on that server)."""
    phone = Client(app, "jane.doe_Doe", "demo")
    phone.folder_sync("0")
    ping = PingRequest(60, (PingFolder("contacts", "Contacts"),))
    answer = PingResponse.from_tree(phone.eas("Ping", ping.to_tree()).tree())
    return answer.status, answer.heartbeat_interval


def test_a_scenarios_setting_tags_apply_and_are_put_back(live: tuple[ServerApp, str]) -> None:
    app, url = live
    customer = app.onoffice.add_customer("Doe")
    app.onoffice.add_user(customer.id, "jane.doe", "demo", zpush=True, contacts=True, tasks=True)
    target = ServeTarget(url, TOKEN)
    tags = frozenset({"server-offers-16-1", "server-ping-minimum-300"})
    target.start(Scenario("tagged", tags))
    assert _offered(url).endswith("16.1")
    assert _ping_status(app) == (PingStatus.INVALID_HEARTBEAT, 300)  # Z-Push's minimum
    target.offer_versions(["14.0", "14.1"])  # a step of the same scenario
    assert _offered(url) == "14.0,14.1"
    target.close()
    assert _offered(url) == "12.0,12.1,14.0,14.1"  # Z-Push 2.7.1's, as the server started
    assert _ping_status(app)[0] != PingStatus.INVALID_HEARTBEAT  # any heartbeat again


def test_a_scenario_without_setting_tags_changes_nothing(live: tuple[ServerApp, str]) -> None:
    app, url = live
    before = app.config
    target = ServeTarget(url, TOKEN)
    target.start(Scenario("plain", frozenset({"B-CON-1", "ios"})))
    target.close()
    assert app.config is before


def test_z_push_admin_lists_and_resyncs_a_users_device(live: tuple[ServerApp, str]) -> None:
    app, url = live
    target = ServeTarget(url, TOKEN)
    target.start(Scenario("devices"))
    jane = target.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    phone = Client(app, jane.login, "demo")  # a device of hers on the same server
    contacts = next(f.server_id for f in phone.folder_sync("0").add if f.type == 9)
    (first,) = phone.sync(CollectionRequest("0", contacts)).collections
    assert target.devices(jane) == [phone.device_id]
    target.resync(jane, phone.device_id, [contacts])
    (again,) = phone.sync(CollectionRequest(first.sync_key, contacts)).collections
    assert again.status == 3
    target.close()


def test_the_search_of_records_is_the_scenarios_customers(live: tuple[ServerApp, str]) -> None:
    _, url = live
    target = ServeTarget(url, TOKEN)
    target.start(Scenario("search"))
    jane = target.add_user("Jane", "Doe", "DoeRealEstate", "demo")
    otto = target.add_user("Otto", "Other", "OtherImmo", "demo")
    target.add_address(otto, Address("Vera", "Vertrieb"))
    assert target.records_mentioning(jane, "Vertrieb") == []
    target.add_address(jane, Address("Max", "Mustermann", company="Vertrieb GmbH"))
    assert target.records_mentioning(jane, "Vertrieb") == ["addresses.company"]
    target.close()
