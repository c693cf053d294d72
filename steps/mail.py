"""E-mail from the account (B-MAIL-1): there is none through Z-Push."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from simulator.device import Device


@when(parsers.parse('she sends an e-mail to "{address}" from the account'))
def _(phone: Device, address: str) -> None:
    """She sends an e-mail from the onOffice account."""
    phone.mail_app.send(address)


@then("the phone says that the e-mail could not be sent")
def _(phone: Device) -> None:
    """The phone shows that the e-mail could not be sent."""
    notices = phone.mail_app.notices()
    assert any("could not be sent" in text for text in notices), f"the phone shows {notices}"
