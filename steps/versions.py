"""Steps about the ActiveSync version the server offers and the phone speaks (issue 14).

"The server offers ActiveSync 16.1" has the server offer every version up to
that one before the phone sets up its account, on a target that can change
its settings (the embedded server, ``zpush-sim serve`` through its admin API;
elsewhere the scenario skips, naming the ``server-settings`` capability).
The wire steps read the phone's decoded conversation; scenarios using them
carry ``@wire``. No protocol code: the target changes the setting.
"""

from __future__ import annotations

from pytest_bdd import given, parsers, then

from eas.http import version_key
from server.config import SERVABLE_VERSIONS
from simulator.device import Device
from steps.target import Target


@given(parsers.parse("the server offers ActiveSync {version}"))
def _(target: Target, version: str) -> None:
    """The server offers every ActiveSync version up to this one (12.0 and later)."""
    assert version in SERVABLE_VERSIONS, f"the server cannot offer {version}"
    target.offer_versions([v for v in SERVABLE_VERSIONS if version_key(v) <= version_key(version)])


@then(parsers.parse("the phone speaks ActiveSync {version}"))
def _(phone: Device, version: str) -> None:
    """The phone's account uses this protocol version, as negotiated at set-up."""
    assert phone.account().protocol_version == version


@then(parsers.parse('the phone\'s last Add has "{tag}"'))
def _(phone: Device, tag: str) -> None:
    """The last Sync request with an item the phone added has the element (prefix:Name)."""
    text = _last_add(phone)
    assert _xml_name(tag) in text, f"no {tag} in the phone's last Add:\n{text}"


@then(parsers.parse('the phone\'s last Add has no "{tag}"'))
def _(phone: Device, tag: str) -> None:
    """The last Sync request with an item the phone added does not have the element."""
    text = _last_add(phone)
    assert _xml_name(tag) not in text, f"{tag} in the phone's last Add:\n{text}"


def _last_add(phone: Device) -> str:
    uploads = [
        e.request_text or ""
        for e in phone.conversation
        if e.cmd == "Sync" and "<Add>" in (e.request_text or "")
    ]
    assert uploads, "the phone added no item"
    return uploads[-1]


@then(parsers.parse('a {cmd} response to the phone had "{tag}"'))
def _(phone: Device, cmd: str, tag: str) -> None:
    """Some answer to this command in the phone's conversation carried the element."""
    texts = [e.response_text or "" for e in phone.conversation if e.cmd == cmd]
    assert any(_xml_name(tag) in t for t in texts), f"no {cmd} response with {tag}"


def _xml_name(tag: str) -> str:
    """``Calendar:ClientUid`` as the decoded conversation writes it (``<calendar:ClientUid``)."""
    prefix, _, name = tag.rpartition(":")
    return f"<{prefix.lower()}:{name}" if prefix else f"<{name}"
