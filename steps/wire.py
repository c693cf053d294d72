"""Developer steps about the EAS exchange itself ("the last Sync response has Status 3").

Kept apart from the user's vocabulary. What the phone received and sent is
read from the phone's decoded conversation; what the server received from
the server's own request log (`server.requestlog`), never from the phone,
so that a phone that only believes it sent something fails those checks.
"Since her last action" is since the start of the last When step (the mark
is taken by this module's ``pytest_bdd_before_step``). Scenarios using
these steps carry ``@wire``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pytest
from pytest_bdd import parsers, then, when

from eas.http import command_of
from server.requestlog import Received
from simulator.conversation import Exchange
from simulator.device import Device
from steps.target import ONOFFICE_HOST, Target
from zpush_sim.targets.base import Capability

ORDINALS = {"next": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
SINCE_KEY = pytest.StashKey[int]()  # the server log's length when the last When step began


def last_exchange(phone: Device, cmd: str) -> Exchange:
    found = [e for e in phone.conversation if e.cmd == cmd]
    assert found, f"the phone sent no {cmd}; it sent {phone.conversation.commands()}"
    return found[-1]


def element_values(xml: str | None, element: str) -> list[str]:
    """The text of every element of that local name, in document order."""
    if not xml or not xml.lstrip().startswith("<"):
        return []
    root = ElementTree.fromstring(xml)
    return [e.text or "" for e in root.iter() if e.tag.rsplit("}", 1)[-1] == element]


def received(target: Target, phone: Device) -> list[Received]:
    """What the server logged from this device (its DeviceId), oldest first."""
    return [r for r in target.received() if r.device_id == phone.device_id]


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    """Mark where the server's log stood when the last When step began."""
    if step.type != "when" or "target" not in request.fixturenames:
        return
    target: Target = request.getfixturevalue("target")
    if target.has(Capability.SERVER_LOG):
        # The log's running number, not its length: a long-running server drops old
        # entries. Only what came since the previous mark is fetched.
        mark = request.node.stash.get(SINCE_KEY, 0)
        request.node.stash[SINCE_KEY] = max((r.seq for r in target.received(mark)), default=mark)


def received_since_last_action(request: pytest.FixtureRequest, target: Target) -> list[Received]:
    return target.received(request.node.stash.get(SINCE_KEY, 0))


# -- what the phone received ------------------------------------------------------


@then(parsers.parse("the last {cmd} request was answered with HTTP {status:d}"))
def _(phone: Device, cmd: str, status: int) -> None:
    """The HTTP status of the last request of that command (e.g. FolderSync) the phone sent."""
    exchange = last_exchange(phone, cmd)
    assert exchange.status == status, f"{cmd} was answered with HTTP {exchange.status}"


@then(parsers.parse("the last {cmd} response has Status {status:d}"))
def _(phone: Device, cmd: str, status: int) -> None:
    """The first Status element of the last response to that command."""
    exchange = last_exchange(phone, cmd)
    text = exchange.response_text
    assert text, f"the {cmd} response (HTTP {exchange.status}) has no body"
    statuses = element_values(text, "Status")
    assert statuses and statuses[0] == str(status), f"{cmd} Status values: {statuses}"


# -- what the phone sent ----------------------------------------------------------------


@then(parsers.re(r'the last (?P<cmd>\w+) request the phone sent has the (?P<element>\w+) "(?P<value>[^"]*)"$'))  # fmt: skip # noqa: E501
def _(phone: Device, cmd: str, element: str, value: str) -> None:
    """An element of the last request of that command the phone sent, e.g. its SyncKey."""
    values = element_values(last_exchange(phone, cmd).request_text, element)
    assert values, f"the last {cmd} the phone sent has no {element}"
    assert value in values, f"the last {cmd} the phone sent has the {element} {values}"


@then(parsers.re(r"the phone sent (?P<count>\d+) (?P<cmd>\w+) requests?$"))
def _(phone: Device, count: str, cmd: str) -> None:
    """How many requests of that command the phone sent in the whole scenario."""
    sent = [e for e in phone.conversation if e.cmd == cmd]
    assert len(sent) == int(count), (
        f"the phone sent {len(sent)} {cmd}: {phone.conversation.commands()}"
    )


# -- what the server received ----------------------------------------------------------


@then(parsers.re(r"the server received (?P<count>\d+) (?P<cmd>\w+) requests? from the phone$"))
def _(target: Target, phone: Device, count: str, cmd: str) -> None:
    """How many requests of that command the server logged from the device (server side)."""
    got = [r for r in received(target, phone) if r.cmd == cmd]
    everything = [r.cmd for r in received(target, phone)]
    assert len(got) == int(count), f"the server received {len(got)} {cmd}; all: {everything}"


@then(parsers.re(r'the last (?P<cmd>\w+) request the server received from the phone has the (?P<element>\w+) "(?P<value>[^"]*)"$'))  # fmt: skip # noqa: E501
def _(target: Target, phone: Device, cmd: str, element: str, value: str) -> None:
    """An element of the last request of that command as the server received it (server side)."""
    got = [r for r in received(target, phone) if r.cmd == cmd]
    assert got, f"the server received no {cmd} from the phone"
    values = got[-1].values(element)
    assert value in values, f"the server's last {cmd} from the phone has the {element} {values}"


@then(
    parsers.re(r"the server received the same (?P<cmd>\w+) request twice in a row from the phone$")
)
def _(target: Target, phone: Device, cmd: str) -> None:
    """Two requests of that command in a row, byte for byte the same (a resent request)."""
    got = [r for r in received(target, phone) if r.cmd == cmd]
    repeats = [a for a, b in itertools.pairwise(got) if a.body == b.body]
    assert repeats, f"no {cmd} was sent twice; SyncKeys: {[r.values('SyncKey') for r in got]}"


@then(parsers.re(r"an? (?P<cmd>\w+) response had Status (?P<status>\d+)$"))
def _(phone: Device, cmd: str, status: str) -> None:
    """Some response to that command in the scenario had that first Status value."""
    firsts = [
        (element_values(e.response_text, "Status") or ["(none)"])[0]
        for e in phone.conversation
        if e.cmd == cmd
    ]
    assert status in firsts, f"the {cmd} responses had the Status values {firsts}"


# -- faults ---------------------------------------------------------------------------


def is_command(cmd: str) -> Callable[[str], bool]:
    """Does a request URL carry this EAS command (plain or base64 query)?"""

    return lambda url: command_of(url) == cmd


@when(parsers.re(r"the answer to the phone's (?P<nth>next|second|third|fourth|fifth) (?P<cmd>\w+) request is lost on the way$"))  # fmt: skip # noqa: E501
def _(target: Target, nth: str, cmd: str) -> None:
    """The server handles that request, but its answer never reaches the phone (a reset)."""
    network = target.simulated_network()
    network.lose_answer(ONOFFICE_HOST, is_command(cmd), ORDINALS[nth], kind="reset")


@when(parsers.re(r'the phone\'s sync key of its (?P<label>\w+) becomes "(?P<key>[^"]+)"$'))
def _(phone: Device, label: str, key: str) -> None:
    """The phone's stored SyncKey of that app's folder is replaced (a key the server never gave)."""
    keys = {c.key for c in phone.profile.classes if c.app == label or c.key == label}
    wanted = {t for c in phone.profile.classes if c.key in keys for t in c.folder_types}
    folders = phone.store.account(phone.account().email).folders_of_types(tuple(wanted))
    assert folders, f"the phone has no {label} folder"
    for folder in folders:
        folder.sync_key = key
