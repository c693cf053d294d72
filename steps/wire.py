"""Developer steps about the EAS exchange itself ("the last Sync response has Status 3").

Kept apart from the user's vocabulary: these read the phone's decoded
conversation, never the user's apps. Scenarios using them carry ``@wire``.
"""

from __future__ import annotations

from xml.etree import ElementTree

from pytest_bdd import parsers, then

from simulator.conversation import Exchange
from simulator.device import Device


def last_exchange(phone: Device, cmd: str) -> Exchange:
    found = [e for e in phone.conversation if e.cmd == cmd]
    assert found, f"the phone sent no {cmd}; it sent {phone.conversation.commands()}"
    return found[-1]


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
    statuses = [e.text for e in ElementTree.fromstring(text).iter() if e.tag.endswith("Status")]
    assert statuses and statuses[0] == str(status), f"{cmd} Status values: {statuses}"
