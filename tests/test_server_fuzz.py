"""Malformed requests, every command, both modes: a chosen answer, never an unhandled error.

Random and truncated bodies and random query strings go to every command
(and to unknown ones). The server must never let an exception escape
(`ServerApp.unhandled_errors` stays 0); strict mode never answers 500;
Z-Push mode answers only what Z-Push's own code can (``zpushdefs.php``:
200, 400, 401, 449, 500, 503; eas-facts 1 #3). Ping and Sync-with-Wait
are kept short by the real-time cap, so the examples do not wait.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_client import Client, demo_app

from eas import wbxml
from eas.commands.foldersync import FolderSyncRequest
from eas.commands.getitemestimate import EstimateCollection, GetItemEstimateRequest
from eas.commands.meetingresponse import MeetingRequest, MeetingResponseRequest
from eas.commands.ping import PingFolder, PingRequest
from eas.commands.provision import ProvisionRequest
from eas.commands.sendmail import ComposeMailRequest
from eas.commands.settings import DeviceInformation, SettingsRequest
from eas.commands.sync import Add, CollectionRequest, Delete, Fetch, SyncRequest
from eas.http import ACTIVESYNC_PATH
from eas.tree import E
from server.app import ServerApp
from server.commands import COMMANDS

ZPUSH_STATUSES = {200, 400, 401, 449, 500, 503}
VALID = [
    wbxml.encode(tree)
    for tree in (
        FolderSyncRequest("0").to_tree(),
        SyncRequest(
            (
                CollectionRequest(
                    "{00000000-0000-0000-0000-000000000000}1",
                    "contacts",
                    window_size=5,
                    commands=(
                        Fetch("1"),
                        Delete("2"),
                        Add(E("AirSync:ApplicationData"), None, "c"),
                    ),
                ),
            ),
            wait=1,
        ).to_tree(),
        PingRequest(60, (PingFolder("contacts", "Contacts"),)).to_tree(),
        ProvisionRequest(device_information=DeviceInformation(model="m")).to_tree(),
        ProvisionRequest(policy_key=5, policy_status=1).to_tree(),
        SettingsRequest(DeviceInformation(os="x"), user_information_get=True).to_tree(),
        GetItemEstimateRequest((EstimateCollection("calendar", "0", 4),)).to_tree(),
        ComposeMailRequest("SendMail", b"Subject: x", client_id="1").to_tree(),
        MeetingResponseRequest((MeetingRequest(1, "r"),)).to_tree(),
    )
]
CMDS = [*COMMANDS, "Search", "Bogus", ""]

bodies = st.one_of(
    st.binary(max_size=64),
    st.builds(lambda b, cut: b[:cut], st.sampled_from(VALID), st.integers(0, 200)),
    st.sampled_from(VALID),
)
queries = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda cmd, extra: f"Cmd={cmd}&User=u&DeviceId=d1&DeviceType=iPhone{extra}",
        st.sampled_from(CMDS),
        st.text(max_size=12),
    ),
    st.from_regex(r"[A-Za-z0-9+/]{4,40}={0,2}", fullmatch=True),
)
versions = st.sampled_from([None, "12.0", "12.1", "14.0", "14.1", "16.1", "x"])
keys = st.sampled_from([None, "0", "1", "garbage"])


@pytest.fixture(scope="module")
def apps() -> Iterator[dict[bool, ServerApp]]:
    made = {
        strict: demo_app(strict=strict, ping_poll_interval=0.001, ping_real_limit=0.005)
        for strict in (False, True)
    }
    yield made
    for app in made.values():
        app.close()


def _check(app: ServerApp, status: int) -> None:
    assert app.unhandled_errors == 0
    if app.config.strict:
        assert status != 500
    else:
        assert status in ZPUSH_STATUSES


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    strict=st.booleans(),
    cmd=st.sampled_from(CMDS),
    body=bodies,
    version=versions,
    key=keys,
)
def test_every_command_with_malformed_bodies(
    apps: dict[bool, ServerApp],
    strict: bool,
    cmd: str,
    body: bytes,
    version: str | None,
    key: str | None,
) -> None:
    app = apps[strict]
    client = Client(app, auto_provision=False)
    headers = {} if key is None else {"X-MS-PolicyKey": key}
    reply = client.eas(cmd, body=body, version=version, headers=headers)
    _check(app, reply.status)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    strict=st.booleans(),
    query=queries,
    body=bodies,
    method=st.sampled_from(["POST", "OPTIONS", "GET", "PUT"]),
)
def test_random_query_strings(
    apps: dict[bool, ServerApp], strict: bool, query: str, body: bytes, method: str
) -> None:
    app = apps[strict]
    reply = Client(app, auto_provision=False).request(
        method, ACTIVESYNC_PATH, query=query, body=body, headers={"MS-ASProtocolVersion": "14.1"}
    )
    _check(app, reply.status)


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("cmd", sorted(COMMANDS))
def test_every_valid_body_of_every_command_provisioned(
    apps: dict[bool, ServerApp], strict: bool, cmd: str
) -> None:
    # Past provisioning, every document (the right one and the others) to every command.
    app = apps[strict]
    client = Client(app, device_id=f"fuzz{cmd}")
    client.provision()
    for body in VALID:
        for version in ("12.1", "14.1"):
            _check(app, client.eas(cmd, body=body, version=version).status)
