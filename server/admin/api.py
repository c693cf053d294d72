"""The admin JSON API: what steps use to arrange onOffice data, live or embedded.

One route table (method, path pattern, handler). Paths name the customer,
then the record: ``/api/customers/{customer}/users/{user}``,
``.../addresses/{id}``, ``.../appointments/{id}``, ``.../tasks/{id}``.
Bodies are JSON objects with the model's field names (`server.admin.codec`).
Every body is checked field by field (`server.admin.validate`) before it
is stored. Answers: 200/201 with the record, 400 for a body onOffice
cannot take (naming the field),
404 for anything not the customer's, 409 for what onOffice refuses
(B-SET-2: Z-Push without onOffice sync). Must not: bypass `scope`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from server import auth
from server.admin import scope, validate
from server.admin.codec import from_json, to_json
from server.admin.http import AdminRequest, json_response
from server.model import (
    Address,
    Appointment,
    CreationMode,
    Customer,
    Number,
    Property,
    Resource,
    Slot,
    Task,
)
from server.responses import Response
from server.rules import OnOfficeRules
from server.store.addresses import FormField
from server.store.base import SettingError
from server.store.onoffice import OnOfficeStore

Result = tuple[int, object]
Handler = Callable[[OnOfficeStore, AdminRequest, dict[str, str]], Result]
C = r"/api/customers/(?P<customer>[^/]+)"
ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        ROUTES.append((method, re.compile(f"{pattern}$"), handler))
        return handler

    return register


def handle(store: OnOfficeStore, request: AdminRequest) -> Response:
    allowed = False
    for method, pattern, handler in ROUTES:
        match = pattern.match(request.path)
        if match is None:
            continue
        allowed = True
        if method != request.method:
            continue
        try:
            status, data = handler(store, request, match.groupdict())
        except scope.NotFound as error:
            return json_response(404, {"error": str(error)})
        except validate.FieldError as error:
            return json_response(400, {"error": str(error), "field": error.field})
        except SettingError as error:
            return json_response(409, {"error": str(error)})
        except (ValueError, KeyError, TypeError, OverflowError) as error:
            return json_response(400, {"error": str(error)})
        return json_response(status, data)
    return json_response(405 if allowed else 404, {"error": f"no {request.method} {request.path}"})


def _object(request: AdminRequest) -> dict[str, Any]:
    data = request.json()
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return data


# -- settings and customers --------------------------------------------------------


@route("GET", "/api/rules")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    return 200, to_json(store.rules)


@route("PUT", "/api/rules")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    rules = from_json(OnOfficeRules, _object(request), store.rules)
    validate.record(rules)
    store.rules = rules
    return 200, to_json(store.rules)


@route("POST", "/api/customers")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    data = _object(request)
    validate.check_text("name", data.get("name"), validate.MAX_NAME)
    validate.user_fields({k: v for k, v in data.items() if k == "onoffice_sync"})
    customer = store.add_customer(
        str(data["name"]), onoffice_sync=bool(data.get("onoffice_sync", True))
    )
    return 201, to_json(customer)


@route("GET", C)
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    return 200, to_json(scope.customer(store, p["customer"]))


@route("PATCH", C)
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    customer = scope.customer(store, p["customer"])
    sync = validate.check_bool("onoffice_sync", _object(request).get("onoffice_sync"))
    store.set_onoffice_sync(customer.id, sync)
    return 200, to_json(scope.customer(store, p["customer"]))


# -- users: settings, password, lockout (B-SET-*, B-CRED-*) --------------------------

U = f"{C}/users/(?P<user>[^/]+)"
SETTINGS = ("zpush", "contacts", "tasks")


@route("GET", f"{C}/users")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    return 200, [to_json(u) for u in store.users(scope.customer(store, p["customer"]).id)]


@route("POST", f"{C}/users")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    customer = scope.customer(store, p["customer"])
    data = _object(request)
    validate.new_user(store, customer.id, customer.name, data)
    flags = {k: bool(data.get(k, False)) for k in SETTINGS}
    with store.db.transaction():
        user = store.add_user(
            customer.id, str(data["user_name"]), str(data["password"]),
            display_name=str(data.get("display_name", "")), email=str(data.get("email", "")),
            zpush=flags["zpush"], contacts=flags["contacts"], tasks=flags["tasks"],
        )  # fmt: skip
    return 201, to_json(user)


@route("GET", U)
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    return 200, to_json(scope.user(store, scope.customer(store, p["customer"]), p["user"]))


@route("PATCH", U)
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    customer = scope.customer(store, p["customer"])
    user = scope.user(store, customer, p["user"])
    data = _object(request)
    unknown = set(data) - {*SETTINGS, "password"}
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)}")
    validate.user_fields(data)
    with store.db.transaction():
        if "password" in data:
            store.set_password(user.id, str(data["password"]))  # B-CRED-2
        flags = {k: bool(data[k]) for k in SETTINGS if k in data}
        updated = store.set_user_settings(user.id, **flags)
    return 200, to_json(updated)


@route("POST", f"{U}/unlock")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    user = scope.user(store, scope.customer(store, p["customer"]), p["user"])
    auth.unlock(store, user)  # B-CRED-3
    store.take_unlock_confirmation(user.id)  # the API caller is told here instead
    return 200, {"unlocked": True, "confirmation": auth.UNLOCK_CONFIRMATION}


@route("POST", f"{U}/unlock-account")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    user = scope.user(store, scope.customer(store, p["customer"]), p["user"])
    return 200, to_json(auth.unlock_account(store, user))


@route("POST", f"{U}/browser-login")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    user = scope.user(store, scope.customer(store, p["customer"]), p["user"])
    password = validate.check_text("password", _object(request).get("password"), 1024)
    accepted = auth.browser_login(store, user, password)  # B-CRED-4
    return 200, {"accepted": accepted}


# -- addresses and their numbers (B-CON-*) -------------------------------------------

A = f"{C}/addresses/(?P<address>[0-9]+)"


@route("GET", f"{C}/addresses")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    customer = scope.customer(store, p["customer"])
    return 200, [to_json(a) for a in store.addresses(customer.id)]


@route("POST", f"{C}/addresses")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    """``{"form": {"Phone1": ...}, "creation": "by hand"}`` for B-CON-7/8, else ``numbers``."""
    customer = scope.customer(store, p["customer"])
    data = _object(request)
    form = data.pop("form", None)
    creation = data.pop("creation", None)
    address = from_json(Address, data)
    validate.record(address)
    if form is None:
        return 201, to_json(store.add_address(customer.id, address))
    fields = {FormField(k): str(v) for k, v in dict(form).items()}
    mode = CreationMode(creation or CreationMode.BY_HAND)
    return 201, to_json(store.create_address(customer.id, address, mode, fields))


@route("GET", A)
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    return 200, to_json(scope.address(store, scope.customer(store, p["customer"]), p["address"]))


@route("PATCH", A)
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    address = scope.address(store, scope.customer(store, p["customer"]), p["address"])
    data = _object(request)
    if "numbers" in data:
        raise ValueError("numbers change through .../numbers")
    changed = from_json(Address, data, address)
    validate.record(changed)
    return 200, to_json(store.update_address(changed))


@route("POST", f"{A}/numbers")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    address = scope.address(store, scope.customer(store, p["customer"]), p["address"])
    number = from_json(Number, _object(request))
    validate.record(number)
    return 201, to_json(store.add_number(address.id, number))


@route("PUT", f"{A}/numbers/(?P<number>[0-9]+)/slot")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    """The number-assignment pop-up: ``{"slot": "Mobile"}`` or ``{"slot": null}`` (B-CON-6)."""
    address = scope.address(store, scope.customer(store, p["customer"]), p["address"])
    if store.number_owner(validate.path_id("number", p["number"])) != address.id:
        raise scope.NotFound(f"no number {p['number']} in address {address.id}")
    slot = _object(request).get("slot")
    store.assign_slot(int(p["number"]), None if slot is None else Slot(slot))
    return 200, to_json(store.address(address.id))


# -- resources, properties, appointments, tasks ------------------------------------------


@route("POST", f"{C}/resources")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    customer = scope.customer(store, p["customer"])
    resource = from_json(Resource, _object(request))
    validate.record(resource)
    return 201, to_json(store.add_resource(customer.id, resource))


@route("POST", f"{C}/properties")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    customer = scope.customer(store, p["customer"])
    estate = from_json(Property, _object(request))
    validate.record(estate)
    return 201, to_json(store.add_property(customer.id, estate))


# Appointments and tasks: the same four routes, each record linked to the customer's users,
# addresses, resources and properties (`scope.check_links`).
Linked = Appointment | Task


def _linked_routes(
    plural: str,
    cls: type[Linked],
    listed: Callable[[OnOfficeStore, int], list[Any]],
    added: Callable[[OnOfficeStore, int, Any], Linked],
    found: Callable[[OnOfficeStore, Customer, str], Linked],
    updated: Callable[[OnOfficeStore, Any], Linked],
) -> None:
    path = f"{C}/{plural}"

    def list_all(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
        return 200, [to_json(r) for r in listed(store, scope.customer(store, p["customer"]).id)]

    def add(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
        customer = scope.customer(store, p["customer"])
        record = from_json(cls, _object(request))
        validate.record(record)
        scope.check_links(store, customer, record)
        return 201, to_json(added(store, customer.id, record))

    def one(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
        return 200, to_json(found(store, scope.customer(store, p["customer"]), p["id"]))

    def change(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
        customer = scope.customer(store, p["customer"])
        record = from_json(cls, _object(request), found(store, customer, p["id"]))
        validate.record(record)
        scope.check_links(store, customer, record)
        return 200, to_json(updated(store, record))

    route("GET", path)(list_all)
    route("POST", path)(add)
    route("GET", f"{path}/(?P<id>[0-9]+)")(one)
    route("PATCH", f"{path}/(?P<id>[0-9]+)")(change)


_linked_routes(
    "appointments",
    Appointment,
    OnOfficeStore.customer_appointments,
    OnOfficeStore.add_appointment,
    scope.appointment,
    OnOfficeStore.update_appointment,
)
_linked_routes(
    "tasks",
    Task,
    OnOfficeStore.customer_tasks,
    OnOfficeStore.add_task,
    scope.task,
    OnOfficeStore.update_task,
)
