"""The demo customer that `zpush-sim serve` starts with (and scenarios may reuse).

Customer ``DoeRealEstate`` (onOffice Sync active); user ``jane.doe``,
password ``demo``, with Z-Push, contacts and tasks ticked (login
``jane.doe_DoeRealEstate``, B-MAN-1); 40 addresses ticked for onOffice
Sync and 4 not (B-CON-1); 3 resources and 5 properties; 30 appointments
(some linked to addresses, Max, resources and properties) and 20 tasks of
Jane's; and
``max.mustermann`` (password ``demo``) without the Z-Push setting, to show
B-SET-1. `seed_demo` is idempotent: a database that has the customer is
left as it is. The data come from the seeded factories, so they are the
same on every run for the same ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fixtures.factories import Factories
from server.model import Customer, User
from server.store.onoffice import OnOfficeStore

DEMO_CUSTOMER = "DoeRealEstate"
DEMO_USER = "jane.doe"
DEMO_PASSWORD = "demo"
DEMO_LOGIN = f"{DEMO_USER}_{DEMO_CUSTOMER}"
DEMO_SYNCED_ADDRESSES = 40
DEMO_UNSYNCED_ADDRESSES = 4
DEMO_APPOINTMENTS = 30
DEMO_TASKS = 20
DEMO_USER_WITHOUT_ZPUSH = "max.mustermann"


@dataclass(frozen=True)
class Demo:
    customer: Customer
    user: User
    created: bool  # False: the database already had it


def seed_demo(store: OnOfficeStore, now: datetime, seed: int = 20260302) -> Demo:
    with store.db.transaction():
        existing = store.customer(DEMO_CUSTOMER)
        if existing is not None:
            user = store.find_user(DEMO_USER, DEMO_CUSTOMER)
            if user is None:
                raise RuntimeError(f"{DEMO_CUSTOMER} exists without {DEMO_USER}")
            return Demo(existing, user, created=False)
        make = Factories(seed)
        customer = store.add_customer(DEMO_CUSTOMER, onoffice_sync=True)
        user = store.add_user(
            customer.id, DEMO_USER, DEMO_PASSWORD, display_name="Jane Doe",
            zpush=True, contacts=True, tasks=True,
        )  # fmt: skip
        max_user = store.add_user(
            customer.id, DEMO_USER_WITHOUT_ZPUSH, DEMO_PASSWORD, display_name="Max Mustermann"
        )
        synced = [True] * DEMO_SYNCED_ADDRESSES + [False] * DEMO_UNSYNCED_ADDRESSES
        make.random.shuffle(synced)
        addresses = [store.add_address(customer.id, make.address(synced=t)).id for t in synced]
        resources = [store.add_resource(customer.id, make.resource()).id for _ in range(3)]
        estates = [store.add_property(customer.id, make.property()).id for _ in range(5)]
        for _ in range(DEMO_APPOINTMENTS):
            appointment = make.appointment(
                user.id, now, contacts=addresses[:10], users=[max_user.id],
                resources=resources, properties=estates,
            )  # fmt: skip
            store.add_appointment(customer.id, appointment)
        for _ in range(DEMO_TASKS):
            store.add_task(customer.id, make.task(user.id, now))
    return Demo(customer, user, created=True)
