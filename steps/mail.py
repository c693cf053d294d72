"""E-mail from the account (B-MAIL-1): there is none through Z-Push.

The phone's mail app is not simulated yet; these steps are bound so that
the scenario runs as pending (`steps.pending`) until it is.
"""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from simulator.device import Device


@when(parsers.parse('she sends an e-mail to "{address}" from the account'))
def _(phone: Device, address: str) -> None:
    send = getattr(phone, "send_mail", None)
    if send is None:
        raise NotImplementedError(f"{phone.profile.name}: the phone has no mail app to send with")
    send(address)


@then("the phone says that the e-mail could not be sent")
def _(phone: Device) -> None:
    alerts = phone.alerts()
    assert any("sent" in text for text in alerts.values()), f"the phone shows {alerts}"
