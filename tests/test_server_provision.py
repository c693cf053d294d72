"""Provisioning on the reference server: Z-Push's 449, the MS-ASPROV statuses, both phases."""

from __future__ import annotations

import pytest
from server_client import Client, demo_app

from eas.commands.foldersync import FolderSyncRequest, FolderSyncResponse, FolderSyncStatus
from eas.commands.provision import (
    POLICY_TYPE,
    PolicyStatus,
    ProvisionRequest,
    ProvisionResponse,
    ProvisionStatus,
)
from eas.commands.settings import DeviceInformation
from eas.tree import E

FOLDERSYNC_0 = FolderSyncRequest("0").to_tree()
VERSIONS = ("12.0", "12.1", "14.0", "14.1")


def _bare(strict: bool = False, **config: object) -> Client:
    return Client(demo_app(strict=strict, **config), auto_provision=False)  # type: ignore[arg-type]


def _provision(
    client: Client, request: ProvisionRequest, version: str = "14.1"
) -> ProvisionResponse:
    reply = client.eas("Provision", request.to_tree(), version=version)
    assert reply.status == 200, reply
    return ProvisionResponse.from_tree(reply.tree())


@pytest.mark.parametrize("version", VERSIONS)
def test_zpush_lets_a_new_device_through_once_then_449(version: str) -> None:
    client = _bare()
    # eas-facts 1 #13: no X-MS-PolicyKey on a brand-new device: through, once.
    assert client.eas("FolderSync", FOLDERSYNC_0, version=version).status == 200
    assert client.eas("FolderSync", FOLDERSYNC_0, version=version).status == 449


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("key", ["0", "12345", "garbage"])
def test_zpush_answers_449_for_zero_or_unknown_keys_at_every_version(
    version: str, key: str
) -> None:
    client = _bare()
    reply = client.eas("FolderSync", FOLDERSYNC_0, version=version, headers={"X-MS-PolicyKey": key})
    assert reply.status == 449


def test_two_phases_give_a_key_that_opens_the_commands() -> None:
    client = _bare()
    first = _provision(client, ProvisionRequest())
    assert first.status == ProvisionStatus.SUCCESS and first.policy is not None
    temporary = first.policy.policy_key
    assert temporary and first.policy.data is not None  # eas-facts 1 #14: never 0, with a doc
    assert first.policy.data.get("DevicePasswordEnabled") == "0"
    second = _provision(client, ProvisionRequest(policy_key=temporary, policy_status=1))
    assert second.policy is not None and second.policy.data is None
    final = second.policy.policy_key
    assert final and final != temporary
    ok = client.eas("FolderSync", FOLDERSYNC_0, headers={"X-MS-PolicyKey": str(final)})
    assert FolderSyncResponse.from_tree(ok.tree()).status == FolderSyncStatus.SUCCESS
    # The temporary key is no key for commands; a new phase 1 makes the old key stale.
    stale = client.eas("FolderSync", FOLDERSYNC_0, headers={"X-MS-PolicyKey": str(temporary)})
    assert stale.status == 449


@pytest.mark.parametrize("strict", [False, True])
def test_ping_needs_no_policy_in_zpush_mode_only(strict: bool) -> None:
    client = _bare(strict=strict, provisioning_statuses=False)
    ping = E("Ping:Ping")
    reply = client.eas("Ping", ping, version="12.1", headers={"X-MS-PolicyKey": "0"})
    assert reply.status == (449 if strict else 200)


@pytest.mark.parametrize(("key", "status"), [("0", 142), ("777", 144)])  # eas-facts 1 #13, #17
def test_policy_statuses_at_14_and_449_below(key: str, status: int) -> None:
    for strict, setting in ((True, False), (False, True)):
        client = _bare(strict=strict, provisioning_statuses=setting)
        headers = {"X-MS-PolicyKey": key}
        reply = client.eas("FolderSync", FOLDERSYNC_0, version="14.0", headers=headers)
        assert reply.status == 200
        assert reply.tree() == E("FolderHierarchy:FolderSync", E("Status", str(status)))
        assert client.eas("Sync", None, version="14.1", headers=headers).tree() == E(
            "AirSync:Sync", E("Status", str(status))
        )
        assert client.eas("FolderSync", FOLDERSYNC_0, version="12.1", headers=headers).status == 449


def test_provisioning_switched_off() -> None:
    client = _bare(provisioning=False)
    for _ in range(3):
        reply = client.eas("FolderSync", FOLDERSYNC_0, headers={"X-MS-PolicyKey": "0"})
        assert reply.status == 200
    answer = _provision(client, ProvisionRequest())
    assert answer.policy is not None and answer.policy.status == PolicyStatus.NO_POLICY


@pytest.mark.parametrize(("strict", "accepted"), [(False, True), (True, False)])
def test_ack_of_a_key_never_issued(strict: bool, accepted: bool) -> None:
    client = _bare(strict=strict)
    info = DeviceInformation(model="X")
    answer = _provision(client, ProvisionRequest(policy_key=424242, policy_status=1,
                                                 device_information=info))  # fmt: skip
    assert answer.policy is not None
    # eas-facts 6: Z-Push accepts it; MS-ASPROV: Policy Status 5.
    assert answer.policy.status == (PolicyStatus.SUCCESS if accepted else 5)
    assert (answer.policy.policy_key is not None) is accepted


@pytest.mark.parametrize(("strict", "expected"), [(False, 500), (True, 200)])
def test_unknown_policy_type(strict: bool, expected: int) -> None:
    client = _bare(strict=strict)
    request = ProvisionRequest(policy_type="MS-WAP-Provisioning-XML",
                               device_information=DeviceInformation(model="X"))  # fmt: skip
    reply = client.eas("Provision", request.to_tree())
    assert reply.status == expected  # eas-facts 1 #16, 6
    if strict:
        policy = ProvisionResponse.from_tree(reply.tree()).policy
        assert policy is not None and policy.status == PolicyStatus.UNKNOWN_POLICY_TYPE


def test_device_information_in_provision_is_stored_and_echoed() -> None:
    client = _bare()
    info = DeviceInformation(model="Pixel 7", os="Android 14", user_agent="Android-Mail/2023")
    answer = _provision(client, ProvisionRequest(device_information=info))
    assert answer.device_information_status == 1
    device = client.app.sync_state.devices()[0]
    assert client.app.sync_state.device_information(device.id)["model"] == "Pixel 7"
    assert _provision(client, ProvisionRequest()).device_information_status is None


@pytest.mark.parametrize(("strict", "status"), [(False, 1), (True, 165)])
def test_14_1_phase_one_without_device_information(strict: bool, status: int) -> None:
    answer = _provision(_bare(strict=strict), ProvisionRequest())
    assert answer.status == status  # eas-facts 1 #18


def test_provision_without_policy_type() -> None:
    body = E("Provision:Provision", E("Policies", E("Policy")))
    assert _bare().eas("Provision", body).status == 500
    strict = _bare(strict=True).eas("Provision", body)
    assert ProvisionResponse.from_tree(strict.tree()).status == ProvisionStatus.PROTOCOL_ERROR


def test_policy_type_constant() -> None:
    assert POLICY_TYPE == "MS-EAS-Provisioning-WBXML"
