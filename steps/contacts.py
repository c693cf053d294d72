"""What the phone's contacts app shows, compared with what onOffice holds."""

from __future__ import annotations

from pytest_bdd import parsers, then

from simulator.device import Device
from steps.onoffice import Person
from steps.target import Target


@then(parsers.parse("her contacts app shows all {count:d} onOffice contacts under the account"))
def _(phone: Device, person: Person, target: Target, count: int) -> None:
    groups = phone.contacts_app.groups()
    assert len(groups) == 1, f"contact groups shown: {[g.account for g in groups]}"
    shown = sorted(card.display_name for card in groups[0].contacts)
    assert len(shown) == count, f"{len(shown)} contacts shown, expected {count}"
    app = target.require_embedded("comparing with onOffice")
    assert person.user is not None
    synced = app.onoffice.addresses(person.user.customer_id, synced_only=True)
    expected = sorted(f"{a.first_name} {a.last_name}" for a in synced)
    assert shown == expected
