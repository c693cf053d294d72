"""onOffice as the scenario arranges it: customers, users and their addresses.

Steps say what onOffice holds in the guide's words; data nobody names come
from the seeded faker factories. Arranging needs the embedded server.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytest_bdd import given, parsers

from fixtures.factories import Factories
from server.model import User
from steps.target import Target


@dataclass(frozen=True)
class Person:
    """An onOffice user as the scenario knows her."""

    first_name: str
    last_name: str
    customer: str
    user_name: str
    password: str
    user: User | None  # None in a live run

    @property
    def login(self) -> str:
        """UserName_CustomerName, as the guide spells the login (B-MAN-1)."""
        return f"{self.user_name}_{self.customer}"


@pytest.fixture
def factories(request: pytest.FixtureRequest) -> Factories:
    """Faker factories seeded per scenario, so a failure reproduces."""
    return Factories(seed=sum(request.node.nodeid.encode()))


@given(
    parsers.parse('{first} {last} of "{customer}" uses Z-Push with the password "{password}"'),
    target_fixture="person",
)
def _(target: Target, first: str, last: str, customer: str, password: str) -> Person:
    app = target.require_embedded("creating the onOffice user")
    user_name = f"{first}.{last}".lower()
    store = app.onoffice
    existing = store.customer(customer)
    company = existing or store.add_customer(customer, onoffice_sync=True)
    user = store.add_user(
        company.id, user_name, password, display_name=f"{first} {last}",
        zpush=True, contacts=True, tasks=True,
    )  # fmt: skip
    return Person(first, last, customer, user_name, password, user)


@given(parsers.parse("{count:d} addresses in onOffice are ticked for onOffice Sync"))
def _(target: Target, person: Person, factories: Factories, count: int) -> None:
    store = target.require_embedded("adding addresses").onoffice
    assert person.user is not None
    for _ in range(count):
        store.add_address(person.user.customer_id, factories.address(synced=True))
