"""Adding the onOffice account on the device, and what the device then shows about it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from pytest_bdd import given, parsers, then, when

from simulator.account import SetupOutcome, SetupStatus
from simulator.device import Device
from steps.onoffice import Person
from steps.target import ONOFFICE_HOST, Target
from steps.wire import received_since_last_action

_BY_HAND = (
    r'she (?:sets|tries to set) up the account by hand with the address "(?P<email>[^"]+)", '
    r'the server "(?P<server>[^"]+)", the user name "(?P<login>[^"]+)" and '
)


@when(
    parsers.parse('she adds an Exchange account with the address "{email}" and her password'),
    target_fixture="setup",
)
def _(target: Target, phone: Device, person: Person, email: str) -> SetupOutcome:
    """She adds the account with only the address and her password (autodiscover)."""
    return phone.add_exchange_account(target.real_text(email), person.password)


@when(parsers.re(_BY_HAND + r"her password$"), target_fixture="setup")
def _(
    target: Target, phone: Device, person: Person, email: str, server: str, login: str
) -> SetupOutcome:
    """She fills in the manual form with her own password."""
    real = target.real_text
    return phone.add_account_manually(real(email), server, person.password, user=real(login))


@when(parsers.re(_BY_HAND + r'the password "(?P<password>[^"]*)"$'), target_fixture="setup")
def _(
    target: Target, phone: Device, email: str, server: str, login: str, password: str
) -> SetupOutcome:
    """She fills in the manual form with the password the scenario names."""
    real = target.real_text
    return phone.add_account_manually(real(email), server, password, user=real(login))


@when(
    parsers.parse('she tries to set up the account by hand with the password "{password}" {count:d} times'),  # noqa: E501
    target_fixture="setup",
)  # fmt: skip
def _(phone: Device, person: Person, password: str, count: int) -> SetupOutcome:
    """She tries the manual set-up this many times with the same password."""
    email = f"{person.login}@onoffice.de"
    outcomes = [
        phone.add_account_manually(email, ONOFFICE_HOST, password, user=person.login)
        for _ in range(count)
    ]
    return outcomes[-1]


@given("onOffice offers autodiscover to Android phones")
def _(target: Target) -> None:
    """A server setting, fixed when the server is made: the scenario's tag asks for it."""
    assert target.android_autodiscover(), "tag the scenario @server-android-autodiscover"


@then("the account is verified by autodiscover, without asking for a server")
def _(setup: SetupOutcome) -> None:
    """The account was found by autodiscover and verified; the phone never asked for a server."""
    assert setup.status is SetupStatus.VERIFIED, f"the phone shows: {setup.shown} ({setup.detail})"
    assert setup.account is not None
    assert setup.account.configured_by == "autodiscover", "the phone asked for the server"


@then("the phone shows the account as verified")
@then("the mail program shows the account as verified")
def _(setup: SetupOutcome) -> None:
    """The phone verified the account (the set-up worked)."""
    assert setup.status is SetupStatus.VERIFIED, f"the phone shows: {setup.shown} ({setup.detail})"


@then(parsers.parse('the account uses the server "{host}"'))
def _(setup: SetupOutcome, host: str) -> None:
    """The account talks to that server host."""
    assert setup.account is not None, f"no account; the phone shows: {setup.shown}"
    assert setup.account.server_host == host


@then("the phone asks her to enter the server settings by hand")
def _(setup: SetupOutcome) -> None:
    """Autodiscover failed and the phone asks for the server settings by hand."""
    assert setup.status is SetupStatus.CONFIGURE_MANUALLY, f"the phone shows: {setup.shown}"


@then("the phone offers to try again or to enter the settings by hand")
def _(setup: SetupOutcome) -> None:
    """Android's answer to a failed autodiscover: try again, or set up by hand (B-AUTO-3)."""
    shown = f"the phone shows: {setup.shown} ({setup.detail})"
    assert setup.status is SetupStatus.TRY_AGAIN_OR_MANUAL, shown
    assert setup.account is None


@then("the phone says that the password is incorrect")
def _(setup: SetupOutcome) -> None:
    """The phone shows that the password is incorrect."""
    assert setup.status is SetupStatus.PASSWORD_INCORRECT, (
        f"the phone shows: {setup.shown} ({setup.detail})"
    )


@then("the phone has no account")
@then("the mail program has no account")
def _(phone: Device) -> None:
    """The phone holds no account at all."""
    assert phone.accounts == (), f"the phone has {phone.accounts}"


@then(parsers.parse('the phone first looked for the settings of "{domain}" by autodiscover'))
def _(setup: SetupOutcome, domain: str) -> None:
    """Before asking for settings the phone tried autodiscover for that domain first."""
    tried = [a.url for a in setup.attempts]
    assert tried, "the phone did not try autodiscover"
    # MS-OXDSCLI 3.1.5: https://<domain>/... first, then autodiscover.<domain>; the
    # first attempt must be for exactly this domain, not one that merely contains it.
    first = urlsplit(tried[0]).hostname or ""
    assert first in (domain, f"autodiscover.{domain}"), f"autodiscover tried first: {tried}"


@then(parsers.parse("the account settings have exactly {switches} switched on"))
def _(phone: Device, switches: str) -> None:
    """The account settings show exactly those switches on, e.g. "Contacts, Calendar"."""
    expected = sorted(s.strip() for s in switches.strip('"').split(","))
    account = phone.account()
    shown = sorted(c.label for c in phone.profile.classes if account.is_enabled(c.key))
    assert shown == expected, f"switched on: {shown}"


@when(parsers.re(r'she switches (?P<state>on|off) "(?P<label>[^"]+)" in the account settings$'))
def _(phone: Device, state: str, label: str) -> None:
    """She switches a class on or off in the account settings, by the label the phone shows."""
    sync_class = next((c for c in phone.profile.classes if c.label == label), None)
    assert sync_class is not None, f"{phone.profile.name} has no switch {label!r}"
    phone.set_class_enabled(sync_class.key, state == "on")


@then(parsers.re(r"the account on the phone has (?P<negation>no|a) (?P<kind>\w+) folder$"))
def _(phone: Device, negation: str, kind: str) -> None:
    """Whether the phone's account has a folder of that kind (contacts, calendar, tasks, mail)."""
    present = phone_folder_kinds(phone)
    if negation == "no":
        assert kind not in present, f"the account has folders of {sorted(present)}"
    else:
        assert kind in present, f"the account has folders of {sorted(present)}"


@then("onOffice saw no request from the device")
def _(request: pytest.FixtureRequest, target: Target, phone: Device) -> None:
    """The server received no request from the device since her last action (its request log)."""
    got = [
        f"{r.method} {r.path} {r.cmd or ''}".strip()
        for r in received_since_last_action(request, target)
        if r.device_id in (None, phone.device_id)
    ]
    assert not got, f"the server received {got}"


# The folder types of MS-ASCMD 2.2.3.186.3 as the user names the folders.
FOLDER_KINDS = {
    1: "mail", 2: "mail", 3: "mail", 4: "mail", 5: "mail", 6: "mail", 12: "mail",
    7: "tasks", 15: "tasks", 8: "calendar", 13: "calendar", 9: "contacts", 14: "contacts",
    10: "notes", 17: "notes",
}  # fmt: skip


def phone_folder_kinds(phone: Device) -> set[str]:
    data = phone.store.account(phone.account().email)
    return {FOLDER_KINDS.get(f.type, "other") for f in data.folders.values()}
