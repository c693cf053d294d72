"""Admin API routes a live target needs: the clock, maintenance, removal, searching records.

Registered in `server.admin.api`'s route table (imported by `server.admin.app`):

- ``GET /api/clock``: ``{"now": ISO 8601, "offset_seconds": n, "movable": bool}``;
  ``POST /api/clock`` ``{"advance_seconds": n}`` or ``{"offset_seconds": n}``
  moves it (409 when the server runs on a clock that cannot move: only an
  `OffsetClock`, as ``zpush-sim serve`` uses, can);
- ``PUT /api/maintenance`` ``{"on": true}`` (B-MAINT-1, as ``zpush-sim admin
  maintenance on`` does);
- ``DELETE /api/customers/{customer}``: the customer with its users,
  records, devices and sync state (a scenario's clean-up);
- ``GET /api/customers/{customer}/search?text=...``: ``{"found": ["table.column",
  ...]}``, every column of the customer's onOffice records that holds the text
  (`server.store.search`: B-CON-15, a text onOffice must not have kept).

Must not: be reachable without the admin token (`server.admin.app` checks it).
"""

from __future__ import annotations

from datetime import timedelta

from server.admin import scope
from server.admin.api import C, Result, route
from server.admin.http import AdminRequest
from server.store.base import SettingError
from server.store.devices import MAINTENANCE_FLAG, DeviceStore
from server.store.onoffice import OnOfficeStore
from server.store.removal import remove_customer
from server.store.search import records_mentioning
from zpush_sim.clock import OffsetClock


def _clock_json(store: OnOfficeStore) -> dict[str, object]:
    clock = store.clock
    offset = clock.offset.total_seconds() if isinstance(clock, OffsetClock) else 0.0
    return {
        "now": clock.now().isoformat(),
        "offset_seconds": offset,
        "movable": isinstance(clock, OffsetClock),
    }


def _number(data: dict[str, object], name: str) -> float:
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: expected a number of seconds")
    return float(value)


@route("GET", "/api/clock")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    return 200, _clock_json(store)


@route("POST", "/api/clock")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    clock = store.clock
    if not isinstance(clock, OffsetClock):
        raise SettingError("this server's clock cannot be moved")
    data = request.json()
    if not isinstance(data, dict) or not {"advance_seconds", "offset_seconds"} & set(data):
        raise ValueError('expected {"advance_seconds": n} or {"offset_seconds": n}')
    if "offset_seconds" in data:
        clock.offset = timedelta(seconds=_number(data, "offset_seconds"))
    if "advance_seconds" in data:
        clock.offset += timedelta(seconds=_number(data, "advance_seconds"))
    return 200, _clock_json(store)


@route("PUT", "/api/maintenance")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    data = request.json()
    if not isinstance(data, dict) or not isinstance(data.get("on"), bool):
        raise ValueError('expected {"on": true} or {"on": false}')
    DeviceStore(store.db).set_flag(MAINTENANCE_FLAG, "on" if data["on"] else "off")
    return 200, {"maintenance": data["on"]}


@route("DELETE", C)
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    customer = scope.customer(store, p["customer"])
    remove_customer(store.db, customer.id)
    return 200, {"removed": customer.name}


@route("GET", f"{C}/search")
def _(store: OnOfficeStore, request: AdminRequest, p: dict[str, str]) -> Result:
    customer = scope.customer(store, p["customer"])
    text = request.query.get("text", "")
    if not text:
        raise ValueError("text: expected ?text= with the text to look for")
    return 200, {"found": records_mentioning(store.db, customer.id, text)}
