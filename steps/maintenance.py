"""Maintenance work on the server, and how the phone reacts to failures (B-MAINT, B-CRED-2)."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from simulator.device import Device
from simulator.engine import SyncReport
from steps.target import Target


@when(parsers.re(r"(?P<change>onOffice starts maintenance work|the maintenance work is over)$"))
def _(target: Target, change: str) -> None:
    """onOffice switches maintenance work on or off on the server."""
    target.set_maintenance(change.startswith("onOffice starts"))


@then("the phone says that she should check her login data")
def _(phone: Device) -> None:
    alerts = phone.alerts()
    assert any("login data" in text for text in alerts.values()), f"the phone shows {alerts}"


@then("the server asked the phone to come back later")
def _(sync_report: SyncReport) -> None:
    error = sync_report.error
    assert error is not None and error.kind == "unavailable", f"the sync ended with {error}"
    assert error.retry_after, "the answer named no time to come back (Retry-After)"


@then("the phone has closed the account")
def _(phone: Device) -> None:
    account = phone.account()
    assert account.health.closed, f"the account is {account.health.state.value}"


@then("the phone sent nothing")
def _(sync_report: SyncReport) -> None:
    error = sync_report.error
    assert error is not None and error.kind == "closed", f"the phone tried to sync: {error}"


@when("she opens the account settings and closes them without a change")
def _(phone: Device) -> None:
    phone.open_account_settings()


@when(parsers.parse('she enters the password "{password}" in the account settings'))
def _(phone: Device, password: str) -> None:
    phone.enter_password(password)
