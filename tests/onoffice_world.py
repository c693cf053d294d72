"""Test helper: a fresh reference server with two customers, for the onOffice rule tests.

``DoeRealEstate`` (Jane, every setting ticked) and ``OtherImmo`` (Otto, the
same): the second customer is there so that every test can check that
nothing of one reaches the other. Not a test module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from onoffice_phone import Phone
from server_client import FixedClock

from server.app import ServerApp, create_app
from server.config import ServerConfig
from server.model import Customer, User
from server.rules import OnOfficeRules

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD = "geheim"


@dataclass
class World:
    app: ServerApp
    customer: Customer
    jane: User
    other: Customer
    otto: User

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.app.onoffice

    def phone(self, user: User | None = None, password: str = PASSWORD) -> Phone:
        who = user or self.jane
        phone = Phone(self.app, who.login, password, device_id=f"PHONE{who.id}")
        phone.start()
        return phone


def make_world(rules: OnOfficeRules | None = None) -> World:
    config = ServerConfig(clock=FixedClock(NOW), rules=rules or OnOfficeRules())
    app = create_app(config)
    store = app.onoffice
    customer = store.add_customer("DoeRealEstate")
    jane = store.add_user(
        customer.id, "jane.doe", PASSWORD, display_name="Jane Doe", email="jane@doe.example",
        zpush=True, contacts=True, tasks=True,
    )  # fmt: skip
    other = store.add_customer("OtherImmo")
    otto = store.add_user(
        other.id, "otto", PASSWORD, display_name="Otto", zpush=True, contacts=True, tasks=True
    )
    return World(app, customer, jane, other, otto)
