"""Paging: how many items one Sync round brings, and onOffice data sized by it (B-COL-3).

The phone asks for at most its WindowSize items per round (its profile);
these steps arrange onOffice data around that number, so that a scenario
says "one more than the phone takes in one round" instead of a number that
holds for one profile only.
"""

from __future__ import annotations

from pytest_bdd import parsers, when

from fixtures.factories import Factories
from simulator.device import Device
from steps.onoffice import Person
from steps.target import Target


@when(parsers.re(r"onOffice gets (?P<extra>\d+) more new address(?:es)? ticked for onOffice Sync than the phone takes in one round$"))  # fmt: skip # noqa: E501
def _(target: Target, person: Person, factories: Factories, phone: Device, extra: str) -> None:
    """onOffice gets the phone's WindowSize plus that many new synced addresses at once."""
    for _ in range(phone.profile.sync.window_size + int(extra)):
        target.add_address(person, factories.address(synced=True))
