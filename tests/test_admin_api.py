"""The admin surface: token on every call, the JSON API, the pages, and customers kept apart."""

from __future__ import annotations

import json
from typing import Any

import pytest
from onoffice_world import PASSWORD, World, make_world
from server_client import Client, Reply

from eas.commands.foldersync import FolderSyncRequest
from eas.commands.sync import Change, CollectionRequest, Delete, Fetch
from eas.tree import E
from server.model import Address, Appointment, Task

JANE = "/admin/api/customers/DoeRealEstate/users/jane.doe"


@pytest.fixture
def world() -> World:
    return make_world()


def _call(
    world: World, method: str, path: str, body: object = None, token: str | None = ""
) -> Reply:
    headers = {"Content-Type": "application/json"}
    headers["Authorization"] = f"Bearer {world.app.admin.token if token == '' else token}"
    data = b"" if body is None else json.dumps(body).encode()
    return Client(world.app, None).request(method, path, body=data, headers=headers, auth=False)


def _json(reply: Reply) -> Any:
    return json.loads(reply.body)


@pytest.mark.parametrize("token", [None, "wrong"])
@pytest.mark.parametrize("path", ["/admin", "/admin/api/rules", JANE])
def test_every_call_needs_the_token(world: World, path: str, token: str | None) -> None:
    assert _call(world, "GET", path, token=token).status == 401
    assert _call(world, "GET", path).status == 200


def test_users_settings_password_and_b_set_2(world: World) -> None:
    created = _call(
        world, "POST", "/admin/api/customers", {"name": "NoSync", "onoffice_sync": False}
    )
    assert created.status == 201
    reply = _call(world, "POST", "/admin/api/customers/NoSync/users",
                  {"user_name": "ann", "password": "pw", "zpush": True})  # fmt: skip
    assert reply.status == 409 and "onOffice Sync" in _json(reply)["error"]
    reply = _call(world, "PATCH", JANE, {"contacts": False, "password": "neu"})
    assert reply.status == 200 and _json(reply)["contacts"] is False
    assert "password" not in _json(reply)


def test_lock_unlock_and_browser_login(world: World) -> None:
    bad = Client(world.app, world.jane.login, "falsch", auto_provision=False)
    for _ in range(5):
        bad.eas("FolderSync", FolderSyncRequest("0").to_tree())
    assert _json(_call(world, "GET", JANE))["zpush_locked"] is True
    reply = _call(world, "POST", f"{JANE}/unlock")
    assert reply.status == 200 and "unlocked" in _json(reply)["confirmation"]
    assert _call(world, "POST", f"{JANE}/unlock").status == 409  # not locked any more
    reply = _call(world, "POST", f"{JANE}/browser-login", {"password": PASSWORD})
    assert _json(reply) == {"accepted": True}


def test_arranging_addresses_slots_appointments_and_tasks(world: World) -> None:
    base = "/admin/api/customers/DoeRealEstate"
    reply = _call(
        world,
        "POST",
        f"{base}/addresses",
        {"last_name": "Doe", "form": {"Phone1": "111", "Mobile": "170"}, "creation": "by hand"},
    )
    address = _json(reply)
    assert reply.status == 201 and [n["slot"] for n in address["numbers"]] == [
        "Phone (Private)",
        "Mobile",
    ]
    number = address["numbers"][0]["id"]
    reply = _call(
        world, "PUT", f"{base}/addresses/{address['id']}/numbers/{number}/slot", {"slot": "Mobile"}
    )
    assert [n["slot"] for n in _json(reply)["numbers"]] == ["Mobile", None]  # B-CON-6
    appointment = {"subject": "A", "start": "2026-03-03T09:00:00+00:00",
                   "end": "2026-03-03T10:00:00+00:00", "user_id": world.jane.id,
                   "linked_contacts": [address["id"]], "reminder_minutes": 15}  # fmt: skip
    assert _call(world, "POST", f"{base}/appointments", appointment).status == 201
    task = {"subject": "T", "responsible_id": world.jane.id, "priority": 2}
    assert _json(_call(world, "POST", f"{base}/tasks", task))["priority"] == 2
    assert _call(world, "POST", f"{base}/tasks", {"subject": "T", "bogus": 1}).status == 400
    assert _call(world, "PUT", "/admin/api/rules", {"lockout_after_failures": 3}).status == 200
    assert world.store.rules.lockout_after_failures == 3


def test_no_customer_reaches_another(world: World) -> None:
    store = world.store
    theirs = store.add_address(world.other.id, Address(last_name="Geheim"))
    their_appt = store.add_appointment(
        world.other.id, Appointment("Geheim", _t(), _t(), world.otto.id)
    )
    their_task = store.add_task(world.other.id, Task("Geheim", world.otto.id))
    mine = "/admin/api/customers/DoeRealEstate"
    for path in (
        f"{mine}/addresses/{theirs.id}",
        f"{mine}/appointments/{their_appt.id}",
        f"{mine}/tasks/{their_task.id}",
        "/admin/api/customers/DoeRealEstate/users/otto",
    ):
        assert _call(world, "GET", path).status == 404
        assert _call(world, "PATCH", path, {"subject": "x"}).status == 404
    links = {
        "subject": "x",
        "start": "2026-03-03T09:00:00+00:00",
        "end": "2026-03-03T10:00:00+00:00",
        "user_id": world.jane.id,
        "linked_contacts": [theirs.id],
    }
    assert _call(world, "POST", f"{mine}/appointments", links).status == 404
    assert (
        _call(
            world, "POST", f"{mine}/tasks", {"subject": "x", "responsible_id": world.otto.id}
        ).status
        == 404
    )
    assert "Geheim" not in _call(world, "GET", f"{mine}/addresses").body.decode()
    # Over the wire: Jane's phone asks for Otto's ServerIds in every folder.
    phone = world.phone()
    for folder, record in (("contacts", theirs), ("calendar", their_appt), ("tasks", their_task)):
        phone.sync(folder)
        key = phone.folders[folder].key
        sid = str(record.id)
        data = E("AirSync:ApplicationData")
        request = CollectionRequest(
            key, folder, commands=(Fetch(sid), Change(sid, data), Delete(sid))
        )
        (coll,) = phone.client.sync(request).collections
        assert [r.status for r in coll.responses] == [8, 8, 8]
        assert phone.sync(folder) == {}
    assert store.address(theirs.id) == theirs
    assert store.appointment(their_appt.id) == their_appt
    assert store.task(their_task.id) == their_task


def _t() -> Any:
    from onoffice_world import NOW

    return NOW


def test_settings_page_shows_the_unlock_button_only_while_locked(world: World) -> None:
    page = "/admin/customers/DoeRealEstate/users/jane.doe"
    client = Client(world.app, None)
    opened = client.request("GET", page, query=f"token={world.app.admin.token}", auth=False)
    assert opened.status == 303  # the token is exchanged for a session cookie
    cookie = {"Cookie": str(opened.header("Set-Cookie")).split(";")[0]}

    def get() -> str:
        reply = client.request("GET", page, auth=False, headers=cookie)
        assert reply.status == 200
        return reply.body.decode()

    assert 'id="zpush" name="zpush" checked' in get() and 'id="unlock"' not in get()
    world.store.set_login_state(world.jane.id, zpush_locked=True)
    html = get()
    assert 'id="unlock"' in html
    csrf = html.split('name="csrf" value="')[1].split('"')[0]
    form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://127.0.0.1"}
    reply = client.request(
        "POST", page, body=f"action=unlock&csrf={csrf}".encode(), auth=False,
        headers=form | cookie | {"Host": "127.0.0.1"},
    )  # fmt: skip
    assert reply.status == 303
    first = get()
    assert 'id="unlock-confirmation"' in first and 'id="unlock"' not in first
    assert 'id="unlock-confirmation"' not in get()
