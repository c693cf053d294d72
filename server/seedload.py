"""Accounts for load runs: offices of users, each office a customer with its own data.

``zpush-sim serve --load-users N`` and ``zpush-sim load`` (embedded target)
seed N users in offices of `OFFICE_SIZE` (a real office: a dozen phones
on one Z-Push). User n is ``user{n}_LoadOffice{n // OFFICE_SIZE}``
(`load_login`), password ``demo``, with Z-Push, contacts and tasks
ticked; each office has `OFFICE_ADDRESSES` addresses, each user a few
appointments and tasks. Offices matter for load: a change in onOffice
wakes the held Pings of its customer only (`server.store.changes`), as a
change to one office's address book reaches only that office's phones.
Idempotent: a database that has an office keeps it.

Must not: know EAS or the load generator.
"""

from __future__ import annotations

from datetime import datetime

from fixtures.factories import Factories
from server.store.onoffice import OnOfficeStore

OFFICE_SIZE = 10
OFFICE_ADDRESSES = 20
USER_APPOINTMENTS = 5
USER_TASKS = 5
LOAD_PASSWORD = "demo"


def office_name(office: int) -> str:
    return f"LoadOffice{office}"


def load_login(n: int, office_size: int = OFFICE_SIZE) -> str:
    """User n's login (UserName_CustomerName, B-MAN-1)."""
    return f"user{n}_{office_name(n // office_size)}"


def seed_load(
    store: OnOfficeStore, now: datetime, users: int, office_size: int = OFFICE_SIZE
) -> int:
    """Seed users 0..users-1 (offices already present are kept); how many offices were new."""
    make = Factories(4242)
    created = 0
    for office in range((users + office_size - 1) // office_size):
        name = office_name(office)
        with store.db.transaction():  # one office per transaction: serve may already be running
            if store.customer(name) is not None:
                continue
            created += 1
            customer = store.add_customer(name, onoffice_sync=True)
            addresses = [
                store.add_address(customer.id, make.address(synced=True)).id
                for _ in range(OFFICE_ADDRESSES)
            ]
            first = office * office_size
            for n in range(first, min(first + office_size, users)):
                user = store.add_user(
                    customer.id, f"user{n}", LOAD_PASSWORD, display_name=f"Load User {n}",
                    zpush=True, contacts=True, tasks=True,
                )  # fmt: skip
                for _ in range(USER_APPOINTMENTS):
                    appointment = make.appointment(user.id, now, contacts=addresses[:3])
                    store.add_appointment(customer.id, appointment)
                for _ in range(USER_TASKS):
                    store.add_task(customer.id, make.task(user.id, now))
    return created
