"""Answers the reference server gives as real Z-Push 2.7 does (issue 14), and in strict mode.

ResolveRecipients (Z-Push: Status 5), Search (WBXML, no matches), and
Provision with an unknown PolicyType (Z-Push: HTTP 500 with the Policy
Status 3 document cut off; strict: never a 500).
"""

from __future__ import annotations

import pytest
from server_client import Client, demo_app

from eas import wbxml
from eas.commands.lookup import (
    ResolveRecipientsRequest,
    ResolveRecipientsResponse,
    SearchRequest,
    SearchResponse,
)
from eas.commands.provision import PolicyStatus, ProvisionRequest, ProvisionResponse
from eas.commands.settings import DeviceInformation
from eas.http import WBXML_CONTENT_TYPE
from eas.tree import E


def _client(strict: bool) -> Client:
    return Client(demo_app(strict=strict))


@pytest.mark.parametrize("strict", [False, True])
def test_resolve_recipients(strict: bool) -> None:
    request = ResolveRecipientsRequest(("erika@example.com", "Muster"))
    reply = _client(strict).eas("ResolveRecipients", request.to_tree())
    assert reply.status == 200
    answer = ResolveRecipientsResponse.from_tree(reply.tree())
    if strict:  # MS-ASCMD: each To answered, none resolved
        assert answer.status == 1
        assert answer.unresolved == (("erika@example.com", 4), ("Muster", 4))
    else:  # Z-Push's backend default
        assert (answer.status, answer.unresolved) == (5, ())


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(("store", "store_status"), [("GAL", 1), ("Mailbox", 1), ("Bogus", 2)])
def test_search_is_answered_in_wbxml(strict: bool, store: str, store_status: int) -> None:
    reply = _client(strict).eas("Search", SearchRequest(store, "Muster").to_tree())
    assert reply.status == 200 and reply.header("Content-Type") == WBXML_CONTENT_TYPE
    answer = SearchResponse.from_tree(reply.tree())
    assert (answer.status, answer.store_status) == (1, store_status)
    if store_status == 1:
        assert reply.tree().findtext("Response/Store/Total") == "0"


@pytest.mark.parametrize("strict", [False, True])
def test_malformed_look_ups_are_format_errors_not_tracebacks(strict: bool) -> None:
    client = _client(strict)
    reply = client.eas("Search", E("Search:Search", E("Store")))
    resolve = client.eas("ResolveRecipients", E("ResolveRecipients:ResolveRecipients"))
    if strict:
        assert SearchResponse.from_tree(reply.tree()).status == 2
        assert ResolveRecipientsResponse.from_tree(resolve.tree()).status == 5
    else:
        assert (reply.status, resolve.status) == (500, 500)
    assert client.app.unhandled_errors == 0  # chosen answers, not the last resort's 500


def test_unknown_policy_type_zpush_500_with_the_document_cut_off() -> None:
    client = Client(demo_app(), auto_provision=False)
    request = ProvisionRequest(
        policy_type="MS-WAP-Provisioning-XML", device_information=DeviceInformation(model="X")
    )
    reply = client.eas("Provision", request.to_tree())
    assert reply.status == 500 and reply.body
    with pytest.raises(wbxml.WBXMLError):
        wbxml.decode(reply.body)  # not a whole document
    # What came before the cut: Provision Status 1, the policy's type and its Status 3.
    closed = wbxml.decode(reply.body + bytes([wbxml.END]) * 3)
    policy = ProvisionResponse.from_tree(closed).policy
    assert policy is not None and policy.status == PolicyStatus.UNKNOWN_POLICY_TYPE
    assert policy.policy_type == "MS-WAP-Provisioning-XML"


def test_unknown_policy_type_strict_is_never_a_500() -> None:
    client = Client(demo_app(strict=True), auto_provision=False)
    request = ProvisionRequest(
        policy_type="MS-WAP-Provisioning-XML", device_information=DeviceInformation(model="X")
    )
    reply = client.eas("Provision", request.to_tree())
    assert reply.status == 200
    policy = ProvisionResponse.from_tree(reply.tree()).policy
    assert policy is not None and policy.status == PolicyStatus.UNKNOWN_POLICY_TYPE
