"""Maintenance work on the server, and how the phone reacts to failures (B-MAINT, B-CRED-2)."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then, when

from simulator.device import Device
from simulator.engine import SyncReport
from steps.target import Target
from steps.wire import received_since_last_action


@when(parsers.re(r"(?P<change>onOffice starts maintenance work|the maintenance work is over)$"))
def _(target: Target, change: str) -> None:
    """onOffice switches maintenance work on or off on the server."""
    target.set_maintenance(change.startswith("onOffice starts"))


@then("the phone says that she should check her login data")
def _(phone: Device) -> None:
    """The phone shows an alert asking her to check her login data."""
    alerts = phone.alerts()
    assert any("login data" in text for text in alerts.values()), f"the phone shows {alerts}"


@then("the server asked the phone to come back later")
def _(sync_report: SyncReport) -> None:
    """The last sync was answered "come back later" (503 with Retry-After)."""
    error = sync_report.error
    assert error is not None and error.kind == "unavailable", f"the sync ended with {error}"
    assert error.retry_after, "the answer named no time to come back (Retry-After)"


@then("the phone has closed the account")
def _(phone: Device) -> None:
    """The phone has closed the account after repeated failures (B-MAINT-2)."""
    account = phone.account()
    assert account.health.closed, f"the account is {account.health.state.value}"


@then("the phone sent nothing")
def _(
    request: pytest.FixtureRequest, target: Target, phone: Device, sync_report: SyncReport
) -> None:
    """The phone sent no request: its account is closed (read from the server's request log)."""
    error = sync_report.error
    assert error is not None and error.kind == "closed", f"the phone tried to sync: {error}"
    got = [
        f"{r.method} {r.cmd or r.path}"
        for r in received_since_last_action(request, target)
        if r.device_id in (None, phone.device_id)
    ]
    assert not got, f"the server received {got} from the phone"


@when("she opens the account settings and closes them without a change")
def _(phone: Device) -> None:
    """She opens the account settings and closes them unchanged (reopens a closed account)."""
    phone.open_account_settings()


@when(parsers.parse('she enters the password "{password}" in the account settings'))
def _(phone: Device, password: str) -> None:
    """She types a new password into the account settings."""
    phone.enter_password(password)
