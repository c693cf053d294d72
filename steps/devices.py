"""The user's devices: which one she has, setting up the account the usual way, syncing.

The devices a scenario creates are kept on the test item with their owner
and kind, so that a failing scenario's report carries each one's decoded
EAS conversation, and so that steps may name one ("her iPhone", "Max's
phone", `steps.addressing`). "the phone" is the only device; with several
it is a stand-in that fails, naming them, as soon as a step uses it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, NoReturn

import pytest
from pytest_bdd import given, parsers, then, when

from simulator.account import SetupOutcome
from simulator.device import Device
from simulator.engine import SyncReport
from steps.onoffice import Person
from steps.target import ONOFFICE_HOST, Target
from zpush_sim.clock import SystemClock
from zpush_sim.targets.base import Capability

# The guide's names for the devices -> the simulator's profiles.
DEVICES = {
    "an iPhone": "ios",
    "an Android phone": "android",
    "an Android 11 phone": "android11",
    "Outlook for Windows": "outlook-windows",
    "Outlook for macOS": "outlook-mac",
    "Thunderbird": "thunderbird",
}
# How the guide sets each device up: the iPhone by autodiscover, the rest by hand.
BY_AUTODISCOVER = frozenset({"ios"})
MANUAL_DOMAIN = "onoffice.de"  # the guide's example address for manual set-up

PHONES_KEY = pytest.StashKey[list[Device]]()
OWNED_KEY = pytest.StashKey[list["Owned"]]()


@dataclass(frozen=True)
class Owned:
    owner: str  # first name
    kind: str  # "iPhone", "Android phone", ... (the guide's name without its article)
    device: Device

    def __str__(self) -> str:
        return f"{self.owner}'s {self.kind}"


def phones_of(item: pytest.Item) -> list[Device]:
    return item.stash.setdefault(PHONES_KEY, [])


def owned_phones(item: pytest.Item) -> list[Owned]:
    return item.stash.setdefault(OWNED_KEY, [])


class NotOnePhone:
    """Stands for "the phone" when there is no phone or several: any use fails, naming them."""

    def __init__(self, why: str) -> None:
        self._why = why

    def __getattr__(self, name: str) -> NoReturn:
        raise AssertionError(self._why)

    def __bool__(self) -> bool:
        return False


def the_phone(
    item: pytest.Item, owner: str | None = None, kind: str | None = None, explicit: bool = False
) -> tuple[Any, str | None]:
    """The device a step means, and its owner: "the phone", "her iPhone", "Max's phone".

    OWNER narrows to that person's devices (when EXPLICIT, named in the step, it
    must); KIND to that kind ("phone" is any). Several left, or none: a `NotOnePhone`
    for "the phone", a failure for a named one.
    """
    owned = owned_phones(item)
    found = [o for o in owned if kind in (None, "phone", o.kind)]
    if owner is not None:
        own = [o for o in found if o.owner == owner]
        if own or explicit:
            found = own
    if len(found) == 1:
        return found[0].device, found[0].owner
    names = ", ".join(map(str, owned)) or "none yet"
    if kind is None and owner is None:
        why = (
            f'"the phone" is ambiguous: the scenario has {len(owned)} devices ({names}); '
            'name one, e.g. "her iPhone" or "Max\'s phone"'
            if owned
            else "no phone yet: start with a step like 'Jane has an iPhone'"
        )
        return NotOnePhone(why), None
    wanted = f"{owner + chr(39) + 's' if owner else 'her'} {kind or 'phone'}"
    raise AssertionError(f"which device is {wanted!r}? the scenario has: {names}")


def usual_setup(
    phone: Device, person: Person, password: str | None = None, target: Target | None = None
) -> SetupOutcome:
    """The guide's way for this device: autodiscover on the iPhone, else by hand.

    A target without onOffice's autodiscover (SOGo) is set up by hand on every
    device, as a user does when autodiscover finds nothing.
    """
    secret = person.password if password is None else password
    autodiscover = target is None or target.has(Capability.AUTODISCOVER)
    if phone.profile.name in BY_AUTODISCOVER and autodiscover:
        return phone.add_exchange_account(f"{person.login}@{ONOFFICE_HOST}", secret)
    return phone.add_account_manually(
        f"{person.login}@{MANUAL_DOMAIN}", ONOFFICE_HOST, secret, user=person.login
    )


def checked_sync(phone: Device) -> SyncReport:
    report = phone.sync()
    assert report.ok, f"the phone could not synchronise: {report.error}"
    return report


_DEVICE = "|".join(DEVICES)


@given(parsers.re(rf"(?P<name>\w+) (?:has|uses) (?P<device>{_DEVICE})$"), target_fixture="phone")
def _(
    request: pytest.FixtureRequest, target: Target, clock: SystemClock, name: str, device: str
) -> Device | NotOnePhone:
    """The person has a device of that kind (a new, empty one); the guide's names of the devices."""
    phone = Device(
        DEVICES[device],
        clock=clock,
        # Each device of the scenario its own seed, the first as before.
        rng=random.Random(request.node.nodeid + "#" * len(phones_of(request.node))),
        session=target.session(),
    )
    phones_of(request.node).append(phone)
    kind = device.removeprefix("an ").removeprefix("a ")
    owned = owned_phones(request.node)
    owned.append(Owned(name, kind, phone))
    if len(owned) == 1:
        return phone
    only: Device | NotOnePhone = the_phone(request.node)[0]
    return only


@given("she has set up her onOffice account on it, not yet synchronised", target_fixture="setup")
def _(target: Target, phone: Device, person: Person) -> SetupOutcome:
    """The account is set up the guide's way for the device, not synchronised yet."""
    outcome = usual_setup(phone, person, target=target)
    assert outcome.verified, f"the account could not be set up: {outcome.shown} ({outcome.detail})"
    return outcome


@given("she has set up her onOffice account on it and synchronised", target_fixture="sync_report")
def _(target: Target, phone: Device, person: Person) -> SyncReport:
    """Set up as the guide says, every class the device offers switched on, then synced."""
    outcome = usual_setup(phone, person, target=target)
    assert outcome.verified, f"the account could not be set up: {outcome.shown} ({outcome.detail})"
    for sync_class in phone.profile.classes:
        phone.set_class_enabled(sync_class.key, True)
    return checked_sync(phone)


@when("she adds the account in the usual way for the phone", target_fixture="setup")
def _(target: Target, phone: Device, person: Person) -> SetupOutcome:
    """She adds the account the guide's way for the device; Then steps check how it went."""
    return usual_setup(phone, person, target=target)


@when("she waits until the phone has synchronised", target_fixture="sync_report")
def _(phone: Device) -> SyncReport:
    """She lets the phone sync until the server has nothing more; the sync must work."""
    return checked_sync(phone)


@when("the phone has synchronised one round", target_fixture="sync_report")
def _(phone: Device) -> SyncReport:
    """The phone syncs a single round (one Sync request per folder), as when she looks too early."""
    return phone.sync(max_rounds=1)


@when("she syncs", target_fixture="sync_report")
def _(phone: Device) -> SyncReport:
    """A manual "sync now"; whether it worked is for the Then steps."""
    return phone.sync()


@when(parsers.parse("she tries to sync {count:d} times"), target_fixture="sync_report")
def _(phone: Device, count: int) -> SyncReport:
    """She presses "sync now" that many times; the Then steps check the last attempt."""
    reports = [phone.sync() for _ in range(count)]
    return reports[-1]


@then("the phone has synchronised")
def _(sync_report: SyncReport) -> None:
    """The last sync worked."""
    assert sync_report.ok, f"the phone could not synchronise: {sync_report.error}"


@then("the phone could not synchronise because the login was refused")
def _(sync_report: SyncReport) -> None:
    """The last sync failed because the server refused the login (HTTP 401)."""
    error = sync_report.error
    assert error is not None, "the phone synchronised"
    assert error.kind == "unauthorized", f"the phone failed otherwise: {error.kind}: {error}"


@then(parsers.parse("the first synchronisation of {label} took more than one round"))
def _(phone: Device, label: str) -> None:
    """The first synchronisation of that app's folder needed more than one Sync round (B-COL-3)."""
    keys = {c.key for c in phone.profile.classes if c.app == label or c.key == label}
    # The first synchronisation: every round from the first sync of the folder until
    # the first answer that left it complete; later syncs are not part of it.
    rounds, complete = 0, False
    for report in phone.history:
        for folder in (f for f in report.folders if f.class_key in keys):
            rounds += folder.rounds
            complete = folder.complete
        if complete:
            break
    assert complete, f"the first synchronisation of {label} never completed ({rounds} rounds)"
    assert rounds > 1, f"the {label} came in {rounds} round(s)"


@then(parsers.re(r"the last synchronisation of (?P<label>\w+) took (?P<count>\d+) rounds?$"))
def _(phone: Device, label: str, count: str) -> None:
    """How many Sync rounds the phone's last sync of that app's folder took."""
    keys = {c.key for c in phone.profile.classes if c.app == label or c.key == label}
    last = next((r for r in reversed(phone.history) if any(f.class_key in keys for f in r.folders)), None)  # fmt: skip # noqa: E501
    assert last is not None, f"the phone never synchronised {label}"
    rounds = sum(f.rounds for f in last.folders if f.class_key in keys)
    assert rounds == int(count), f"the last sync of {label} took {rounds} round(s)"


@when("the phone has sent her change", target_fixture="sync_report")
def _(phone: Device) -> SyncReport:
    """A pushing phone sends a change at once; any other sends it with a sync now."""
    report = checked_sync(phone) if queued_changes(phone) else phone.history[-1]
    # The change must have gone out in that sync, answered by the server, and none be left.
    assert report.uploaded, f"the phone's last sync sent no change: {report}"
    left = queued_changes(phone)
    assert not left, f"the phone still holds changes to send in {left}"
    return report


def queued_changes(phone: Device) -> list[str]:
    """The folders in which the phone holds changes not yet sent."""
    return [
        folder.display_name
        for account in phone.accounts
        for folder in phone.store.account(account.email).folders.values()
        if folder.has_outgoing
    ]
