"""The user's devices: which one she has, setting up the account the usual way, syncing.

The devices a scenario creates are kept on the test item, so that a failing
scenario's report carries each one's decoded EAS conversation.
"""

from __future__ import annotations

import random

import pytest
from pytest_bdd import given, parsers, then, when

from simulator.account import SetupOutcome
from simulator.device import Device
from simulator.engine import SyncReport
from steps.onoffice import Person
from steps.target import ONOFFICE_HOST, Target
from zpush_sim.clock import SystemClock

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


def phones_of(item: pytest.Item) -> list[Device]:
    return item.stash.setdefault(PHONES_KEY, [])


def usual_setup(phone: Device, person: Person, password: str | None = None) -> SetupOutcome:
    """The guide's way for this device: autodiscover on the iPhone, else by hand."""
    secret = person.password if password is None else password
    if phone.profile.name in BY_AUTODISCOVER:
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
def _(request: pytest.FixtureRequest, target: Target, clock: SystemClock, device: str) -> Device:
    phone = Device(
        DEVICES[device],
        clock=clock,
        rng=random.Random(request.node.nodeid),
        session=target.session(),
    )
    phones_of(request.node).append(phone)
    return phone


@given("she has set up her onOffice account on it, not yet synchronised", target_fixture="setup")
def _(phone: Device, person: Person) -> SetupOutcome:
    outcome = usual_setup(phone, person)
    assert outcome.verified, f"the account could not be set up: {outcome.shown} ({outcome.detail})"
    return outcome


@given("she has set up her onOffice account on it and synchronised", target_fixture="sync_report")
def _(phone: Device, person: Person) -> SyncReport:
    """Set up as the guide says, every class the device offers switched on, then synced."""
    outcome = usual_setup(phone, person)
    assert outcome.verified, f"the account could not be set up: {outcome.shown} ({outcome.detail})"
    for sync_class in phone.profile.classes:
        phone.set_class_enabled(sync_class.key, True)
    return checked_sync(phone)


@when("she adds the account in the usual way for the phone", target_fixture="setup")
def _(phone: Device, person: Person) -> SetupOutcome:
    return usual_setup(phone, person)


@when("she waits until the phone has synchronised", target_fixture="sync_report")
@when("she waits until the mail program has synchronised", target_fixture="sync_report")
def _(phone: Device) -> SyncReport:
    return checked_sync(phone)


@when("the phone has synchronised one round", target_fixture="sync_report")
def _(phone: Device) -> SyncReport:
    return phone.sync(max_rounds=1)


@when("she syncs", target_fixture="sync_report")
def _(phone: Device) -> SyncReport:
    """A manual "sync now"; whether it worked is for the Then steps."""
    return phone.sync()


@when(parsers.parse("she tries to sync {count:d} times"), target_fixture="sync_report")
def _(phone: Device, count: int) -> SyncReport:
    reports = [phone.sync() for _ in range(count)]
    return reports[-1]


@then("the phone has synchronised")
def _(sync_report: SyncReport) -> None:
    assert sync_report.ok, f"the phone could not synchronise: {sync_report.error}"


@then("the phone could not synchronise because the login was refused")
def _(sync_report: SyncReport) -> None:
    error = sync_report.error
    assert error is not None, "the phone synchronised"
    assert error.kind == "unauthorized", f"the phone failed otherwise: {error.kind}: {error}"


@then(parsers.parse("the first synchronisation of {label} took more than one round"))
def _(phone: Device, label: str) -> None:
    keys = {c.key for c in phone.profile.classes if c.app == label or c.key == label}
    rounds = sum(f.rounds for r in phone.history for f in r.folders if f.class_key in keys)
    assert rounds > 1, f"the {label} came in {rounds} round(s)"


@when("the phone has sent her change", target_fixture="sync_report")
def _(phone: Device) -> SyncReport | None:
    """A pushing phone sends a change at once; any other sends it with a sync now."""
    queued = any(
        folder.has_outgoing
        for account in phone.accounts
        for folder in phone.store.account(account.email).folders.values()
    )
    return checked_sync(phone) if queued else phone.history[-1]
