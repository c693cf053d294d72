"""Setting up the onOffice account on the phone, and what the phone then shows."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from simulator.account import SetupOutcome, SetupStatus
from simulator.device import Device
from steps.onoffice import Person


@when(
    parsers.parse('she adds an Exchange account with the address "{email}" and her password'),
    target_fixture="setup",
)
def _(phone: Device, person: Person, email: str) -> SetupOutcome:
    return phone.add_exchange_account(email, person.password)


@then("the phone shows the account as verified without asking for a server")
def _(setup: SetupOutcome) -> None:
    assert setup.status is SetupStatus.VERIFIED, f"the phone shows: {setup.shown}"
    assert setup.account is not None
    assert setup.account.configured_by == "autodiscover", "the phone asked for the server"


@then(parsers.parse('the account uses the server "{host}"'))
def _(setup: SetupOutcome, host: str) -> None:
    assert setup.account is not None, f"no account; the phone shows: {setup.shown}"
    assert setup.account.server_host == host


@then("the phone asks her to enter the server settings by hand")
def _(setup: SetupOutcome) -> None:
    assert setup.status is SetupStatus.CONFIGURE_MANUALLY, f"the phone shows: {setup.shown}"


@then("the phone has no account")
def _(phone: Device) -> None:
    assert phone.accounts == (), f"the phone has {phone.accounts}"
