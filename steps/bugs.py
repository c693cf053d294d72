"""Steps of the device-bug scenarios (features/device-bugs.feature): quirks and their symptoms.

A quirk is switched on for a phone by name (`simulator.quirks`); the other
steps show what the bug does, on the phone, in onOffice, or on the wire
(the phone's decoded conversation), in the words of a developer who
reproduces a customer's report. No protocol code: the device, the target
and the conversation do the work.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from xml.etree import ElementTree

import pytest
from pytest_bdd import given, parsers, then, when

from simulator import quirks
from simulator.conversation import Exchange
from simulator.device import Device
from steps.target import ONOFFICE_HOST, Target
from steps.types import step_parser
from steps.wire import is_command
from zpush_sim.targets.base import Person


def _tag(element: ElementTree.Element) -> str:
    return element.tag.rpartition("}")[2]


def _responses(phone: Device, cmd: str) -> Iterable[tuple[Exchange, ElementTree.Element]]:
    for exchange in phone.conversation:
        if exchange.cmd == cmd and exchange.response_text:
            yield exchange, ElementTree.fromstring(exchange.response_text)


def _requests(phone: Device, cmd: str) -> Iterable[ElementTree.Element]:
    for exchange in phone.conversation:
        text = getattr(exchange, "request_text", None)
        if exchange.cmd == cmd and text:
            yield ElementTree.fromstring(text)


# -- switching a bug on ---------------------------------------------------------


@given(parsers.parse('the phone has the quirk "{name}"'))
def _(phone: Device, name: str) -> None:
    """Switch a known device bug on for the phone (see ``zpush-sim quirks``).

    "her iPhone has the quirk ..." names one of several phones (`steps.addressing`).
    """
    try:
        phone.add_quirk(name)
    except KeyError as exc:
        pytest.fail(str(exc.args[0]))


# -- what the user and onOffice do ----------------------------------------------------


@when(step_parser('she gives the contact "{name}" the birthday {day:Date} on the phone'))
def _(phone: Device, name: str, day: date) -> None:
    """Enter a birthday in the phone's contacts app, written the way this phone writes it."""
    phone.contacts_app.edit(name, Birthday=quirks.birthday(phone.profile, day))


@when("she quits the app and starts it again")
def _(phone: Device) -> None:
    """Quit the mail/calendar app and start it again (Outlook: a new DeviceId with the quirk)."""
    phone.restart()


@when("Z-Push forgets the phone's state of its contacts")
def _(target: Target, phone: Device, person: Person) -> None:
    """The administrator's resync of the contacts (z-push-admin): the next Sync gets Status 3."""
    folders = [
        folder.server_id
        for account in phone.accounts
        for folder in phone.store.account(account.email).folders_of_types((9, 14))
    ]
    assert folders, "the phone has no contacts folder"
    target.resync(person, phone.device_id, folders)


@when("the answer to the phone's next Sync is lost")
def _(target: Target) -> None:
    """The server gets the next Sync and handles it, but its answer never reaches the phone.

    The phone waits for it in vain (a read timeout), unlike a connection reset
    that its HTTP stack would send again by itself (`steps.wire`).
    """
    network = target.simulated_network()
    network.lose_answer(ONOFFICE_HOST, is_command("Sync"), kind="timeout")


# -- on the phone -------------------------------------------------------------------


@then(parsers.re(r'her contacts app shows "(?P<name>[^"]+)" (?P<count>\d+) times?$'))
def _(phone: Device, name: str, count: str) -> None:
    """How often a contact is listed in the phone's contacts app."""
    names = phone.contacts_app.names()
    assert names.count(name) == int(count), f"{name!r} is shown {names.count(name)} times: {names}"


@then(parsers.parse("the first synchronisation of {label} came in one round"))
def _(phone: Device, label: str) -> None:
    """The first sync of a class needed a single GetChanges round (no MoreAvailable)."""
    keys = {c.key for c in phone.profile.classes if c.app == label or c.key == label}
    firsts = [f for r in phone.history for f in r.folders if f.class_key in keys][:1]
    assert firsts, f"the phone never synchronised its {label}"
    assert firsts[0].rounds == 1, f"the {label} came in {firsts[0].rounds} rounds"


# -- in onOffice ------------------------------------------------------------------------


@then(parsers.re(r'onOffice has (?P<count>\d+) (?:address|addresses) "(?P<name>[^"]+)"$'))
def _(target: Target, person: Person, name: str, count: str) -> None:
    """How many addresses of the customer have this name."""
    found = [a for a in target.addresses(person) if a.name == name]
    assert len(found) == int(count), f"onOffice has {len(found)} addresses {name!r}"


@then(parsers.re(r'onOffice has (?P<count>\d+) appointments? "(?P<subject>[^"]+)" in (?P<first>\w+)\'s calendar$'))  # fmt: skip # noqa: E501
def _(target: Target, people: dict[str, Person], subject: str, count: str, first: str) -> None:
    """How many (not deleted) appointments with this subject the user has in onOffice."""
    appointments = target.appointments(people[first])
    found = [a for a in appointments if a.subject == subject and not a.deleted]
    assert len(found) == int(count), f"onOffice has {len(found)} appointments {subject!r}"


@then(step_parser('onOffice\'s address "{name}" has the birthday {day:Date}'))
def _(target: Target, person: Person, name: str, day: date) -> None:
    """The birthday onOffice stored for an address."""
    found = [a for a in target.addresses(person) if a.name == name]
    assert found, f"onOffice has no address {name!r}"
    assert found[0].birthday == day, f"{name}'s birthday in onOffice is {found[0].birthday}"


@then(parsers.parse('onOffice\'s record of the phone\'s contact "{name}" lost its name and company'))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, phone: Device, name: str) -> None:
    """The fields the phone did not send were taken as deleted (the record the phone changed)."""
    card = phone.contacts_app.find(name)
    assert card is not None, f"the phone has no contact {name!r}"
    found = [a for a in target.addresses(person) if str(a.id) == card.server_id]
    assert found, f"onOffice has no address {card.server_id} any more"
    address = found[0]
    lost = {"first name": address.first_name, "last name": address.last_name,
            "company": address.company}  # fmt: skip
    assert not any(lost.values()), f"onOffice kept {lost}"


@then(parsers.parse('onOffice\'s appointment "{subject}" has no files'))
def _(target: Target, person: Person, subject: str) -> None:
    """No file is attached to the appointment in onOffice."""
    found = [a for a in target.appointments(person) if a.subject == subject]
    assert found, f"onOffice has no appointment {subject!r}"
    assert not found[-1].files, f"{subject!r} has the files {found[-1].files}"


@then(step_parser('onOffice\'s appointment "{subject}" has a reminder {minutes:Minutes} before'))
def _(target: Target, person: Person, subject: str, minutes: int) -> None:
    """The reminder onOffice stored for an appointment of the user."""
    found = [a for a in target.appointments(person) if a.subject == subject]
    assert found, f"onOffice has no appointment {subject!r}"
    assert found[-1].reminder_minutes == minutes, f"reminder: {found[-1].reminder_minutes}"


@then(parsers.parse("Z-Push knows {count:d} devices of {first}"))
def _(target: Target, people: dict[str, Person], count: int, first: str) -> None:
    """How many devices (partnerships) Z-Push keeps for the user, as z-push-admin lists them."""
    devices = target.devices(people[first])
    assert len(devices) == count, f"Z-Push knows {devices}"


# -- on the wire ------------------------------------------------------------------------


@then(parsers.parse("the phone sent no {cmd} request"))
def _(phone: Device, cmd: str) -> None:
    """The phone never sent this command (it sent these: the conversation's list)."""
    sent = [e.cmd for e in phone.conversation]
    assert cmd not in sent, f"the phone sent {cmd}: {sent}"


@then("the phone sent its new item again at once, with the same SyncKey and ClientId")
def _(phone: Device) -> None:
    """Two Sync requests in a row carry the same Add: a resend, not a later sync."""
    exchanges = list(phone.conversation)
    sent = [
        (i, ElementTree.fromstring(e.request_text or ""))
        for i, e in enumerate(exchanges)
        if e.cmd == "Sync" and e.request_text and "ClientId" in e.request_text
    ]
    assert len(sent) >= 2, f"the phone sent its new item {len(sent)} time(s)"
    (first, one), (second, two) = sent[:2]
    assert second == first + 1, (
        f"other requests came between: {[e.cmd for e in exchanges[first : second + 1]]}"
    )
    for path in (".//{*}SyncKey", ".//{*}ClientId"):
        assert one.findtext(path) == two.findtext(path), f"{path} differs"


@then("the phone's last FolderSync started again from SyncKey 0")
def _(phone: Device) -> None:
    """The hierarchy was asked for from the start: to the server, a new partnership."""
    keys = [r.findtext(".//{*}SyncKey") for r in _requests(phone, "FolderSync")]
    assert keys and keys[-1] == "0", f"the FolderSync keys sent: {keys}"


@then(parsers.re(r"the phone sent a (?P<cmd>\w+) request with an empty (?P<element>\w+) element$"))
def _(phone: Device, cmd: str, element: str) -> None:
    """What the device sent: some request of this command had the element, without a value."""
    found = [e for r in _requests(phone, cmd) for e in r.iter() if _tag(e) == element]
    assert any(not (e.text or "").strip() and not len(e) for e in found), f"{element}: {found}"


@then(parsers.re(r"the phone's new item went up as a meeting without (?P<element>\w+)$"))
def _(phone: Device, element: str) -> None:
    """What the device sent: its Add had attendees and MeetingStatus, but not this element."""
    adds = [e for r in _requests(phone, "Sync") for e in r.iter() if _tag(e) == "Add"]
    assert adds, "the phone sent no new item"
    tags = {_tag(e) for e in adds[0].iter()}
    assert {"Attendees", "MeetingStatus"} <= tags, f"the Add was no meeting: {sorted(tags)}"
    assert element not in tags, f"the Add has {element}"


@then("the phone asked for its new calendar window with the SyncKey it had")
def _(phone: Device) -> None:
    """The Sync that first carried the new FilterType kept the calendar's key: no SyncKey 0 since
    the last Sync with the old one (device-bugs.md 24)."""
    calendar = phone.profile.class_for_app("calendar")
    assert calendar is not None, f"{phone.profile.name} has no calendar"
    folders = phone.store.account(phone.account().email).folders_of_types(calendar.folder_types)
    ids = {f.server_id for f in folders}
    sent = [
        (c.findtext("{*}SyncKey"), c.findtext("{*}Options/{*}FilterType"))
        for r in _requests(phone, "Sync")
        for c in r.iter()
        if _tag(c) == "Collection" and c.findtext("{*}CollectionId") in ids
    ]
    windows = [w for _k, w in sent if w is not None]
    assert len(set(windows)) > 1, f"the phone never changed its FilterType: {sent}"
    new = windows[-1]
    first_new = next(i for i, (_k, w) in enumerate(sent) if w == new)
    last_old = max(i for i, (_k, w) in enumerate(sent[:first_new]) if w not in (None, new))
    keys = [k for k, _w in sent[last_old + 1 : first_new + 1]]
    assert "0" not in keys, f"the calendar started again from SyncKey 0: {sent}"


@then(parsers.re(r"the phone's last sync brought (?P<added>\d+) (?P<label>appointments?|contacts?|tasks?) and took (?P<taken>\d+) off it$"))  # fmt: skip # noqa: E501
def _(phone: Device, added: str, label: str, taken: str) -> None:
    """What the server's answers did to that app's folders in the phone's last sync."""
    app = {"appointment": "calendar", "contact": "contacts", "task": "tasks"}[label.rstrip("s")]
    sync_class = phone.profile.class_for_app(app)
    assert sync_class is not None and phone.history, f"the phone never synchronised its {app}"
    folders = phone.history[-1].folder(sync_class.key)
    assert folders, f"the last sync did not synchronise the {app}"
    got = (sum(f.added for f in folders), sum(f.deleted for f in folders))
    assert got == (int(added), int(taken)), f"it brought {got[0]} and took {got[1]} off"


@then("the phone's push was never woken: every Ping ended without changes")
def _(phone: Device) -> None:
    """The phone pinged, and no Ping answer named a changed folder (Ping Status 2)."""
    statuses = [root.findtext("{*}Status") for _e, root in _responses(phone, "Ping")]
    assert statuses, "the phone sent no Ping"
    assert "2" not in statuses, f"Ping answers with changes: {statuses.count('2')} of {statuses}"


@then(parsers.parse("every Ping of the phone asked for a heartbeat of {seconds:d} seconds"))
def _(phone: Device, seconds: int) -> None:
    """The HeartbeatInterval of each Ping the phone sent."""
    asked = [r.findtext(".//{*}HeartbeatInterval") for r in _requests(phone, "Ping")]
    assert asked, "the phone sent no Ping"
    assert set(asked) == {str(seconds)}, f"the Pings asked for {asked}"


@then(parsers.parse("the phone synchronised a folder Z-Push no longer has {count:d} times without a FolderSync"))  # fmt: skip # noqa: E501
def _(phone: Device, count: int) -> None:
    """Sync answered Status 12 again and again, and no FolderSync in between."""
    commands = [e.cmd for e in phone.conversation]
    last_fs = max((i for i, c in enumerate(commands) if c == "FolderSync"), default=-1)
    gone = [
        e for e, root in _responses(phone, "Sync")
        if any(_tag(s) == "Status" and s.text == "12" for s in root.iter())
    ]  # fmt: skip
    after = [e for e in gone if list(phone.conversation).index(e) > last_fs]
    assert len(after) >= count, f"{len(after)} Syncs got Status 12 after the last FolderSync"


@then("Z-Push cut its answers to 25 items, then to 1, and sent the rest without the item")
def _(phone: Device) -> None:
    """Z-Push's loop detection: the same SyncKey came back, the window shrank to 25, then 1."""
    adds = []
    for _exchange, root in _responses(phone, "Sync"):
        adds.append(
            sum(
                1
                for e in root.iter()
                if _tag(e) == "Add" and e.find("{*}ApplicationData") is not None
            )
        )
    keys = [r.findtext(".//{*}SyncKey") for r in _requests(phone, "Sync")]
    repeated = [k for i, k in enumerate(keys) if k != "0" and k in keys[:i]]
    assert repeated, f"the phone never sent a SyncKey again: {keys}"
    assert 1 in adds, f"no answer was cut to one item: {adds}"
    assert all(n <= 25 for n in adds), f"an answer had more than 25 items: {adds}"
