"""Finding records within one customer: the admin surface's only way to reach them.

Each lookup takes the customer named in the path and answers `NotFound`
for a record of any other customer, exactly as for one that does not
exist; links written through the admin surface must point inside the
customer too. Must not: change anything.
"""

from __future__ import annotations

from server.model import Address, Appointment, Customer, Task, User
from server.store.onoffice import OnOfficeStore


class NotFound(LookupError):
    """No such record for this customer (404)."""


def customer(store: OnOfficeStore, name: str) -> Customer:
    found = store.customer(name)
    if found is None:
        raise NotFound(f"no customer {name}")
    return found


def user(store: OnOfficeStore, owner: Customer, user_name: str) -> User:
    found = store.find_user(user_name, owner.name)
    if found is None:
        raise NotFound(f"no user {user_name} at {owner.name}")
    return found


def _id(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise NotFound(text)
    return int(text)


def address(store: OnOfficeStore, owner: Customer, address_id: str) -> Address:
    found = store.address(_id(address_id))
    if found is None or found.customer_id != owner.id:
        raise NotFound(f"no address {address_id} at {owner.name}")
    return found


def appointment(store: OnOfficeStore, owner: Customer, appointment_id: str) -> Appointment:
    found = store.appointment(_id(appointment_id))
    if found is None or found.customer_id != owner.id:
        raise NotFound(f"no appointment {appointment_id} at {owner.name}")
    return found


def task(store: OnOfficeStore, owner: Customer, task_id: str) -> Task:
    found = store.task(_id(task_id))
    if found is None or found.customer_id != owner.id:
        raise NotFound(f"no task {task_id} at {owner.name}")
    return found


def check_links(store: OnOfficeStore, owner: Customer, record: Appointment | Task) -> None:
    """Every user, address, resource and property a record names is the customer's."""
    users = [record.user_id] if isinstance(record, Appointment) else [record.responsible_id]
    if isinstance(record, Task):
        users += [i for i in (record.agent_id, record.created_by) if i is not None]
    else:
        users += list(record.linked_users)
    for user_id in users:
        found_user = store.user(user_id)
        if found_user is None or found_user.customer_id != owner.id:
            raise NotFound(f"no user {user_id} at {owner.name}")
    for address_id in record.linked_contacts:
        address(store, owner, str(address_id))
    if isinstance(record, Appointment):
        for kind, ids in (
            ("resource", record.linked_resources),
            ("property", record.linked_properties),
        ):
            for row_id in ids:
                linked = store.resource(row_id) if kind == "resource" else store.property(row_id)
                if linked is None or linked.customer_id != owner.id:
                    raise NotFound(f"no {kind} {row_id} at {owner.name}")
