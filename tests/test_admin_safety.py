"""The admin surface under hostile input (issue 13): validation, credentials first, the page.

Measured by the issue: a 30-digit id, ``responsible_id`` 10^30 or a
duplicate ``user_name`` gave unhandled 500s; an appointment with a naive
datetime or a yearly series in 9999 was stored and broke every calendar
Sync of its user; ``/admin`` read a 20 MB body before checking the token;
the settings page took a cross-origin POST carrying the URL token, put the
token in every link, set no framing or referrer policy, and its Unlock left
the onOffice account lock in place.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from onoffice_world import NOW, PASSWORD, World, make_world
from server_client import Client, Reply

from eas.commands.foldersync import FolderSyncRequest
from eas.commands.sync import CollectionRequest, SyncResponse
from server.model import Appointment

BASE = "/admin/api/customers/DoeRealEstate"
PAGE = "/admin/customers/DoeRealEstate/users/jane.doe"


@pytest.fixture
def world() -> World:
    return make_world()


def _call(world: World, method: str, path: str, body: object = None) -> Reply:
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {world.app.admin.token}",
    }
    data = b"" if body is None else json.dumps(body).encode()
    return Client(world.app, None).request(method, path, body=data, headers=headers, auth=False)


def _appointment(**fields: Any) -> dict[str, Any]:
    start = NOW.replace(hour=10)
    return {"subject": "Viewing", "start": start.isoformat(),
            "end": start.replace(hour=11).isoformat(), "user_id": 1} | fields  # fmt: skip


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (f"{BASE}/appointments", _appointment(start="2026-03-02T10:00:00"), "start"),
        (f"{BASE}/appointments", _appointment(repeat_unit="years", repeat_until="9999-12-31"),
         "repeat_until"),
        (f"{BASE}/appointments", _appointment(linked_contacts=[10**30]), "linked_contacts"),
        (f"{BASE}/appointments", _appointment(user_id=10**30), "user_id"),
        (f"{BASE}/appointments", _appointment(reminder_minutes=10**30), "reminder_minutes"),
        (f"{BASE}/appointments", _appointment(subject="a\x00b"), "subject"),
        (f"{BASE}/appointments", _appointment(end=NOW.replace(hour=9).isoformat()), "end"),
        (f"{BASE}/appointments", _appointment(repeat_every=0, repeat_unit="weeks"),
         "repeat_every"),
        (f"{BASE}/tasks", {"subject": "x", "responsible_id": 10**30}, "responsible_id"),
        (f"{BASE}/tasks", {"subject": "x", "responsible_id": 1, "deadline": "2026-03-02T10:00"},
         "deadline"),
        (f"{BASE}/tasks", {"subject": "x", "responsible_id": 1, "progress": 101}, "progress"),
        (f"{BASE}/addresses", {"last_name": "\ud800"}, "last_name"),
        (f"{BASE}/addresses", {"last_name": "Doe", "birthday": "0001-01-01"}, "birthday"),
        (f"{BASE}/users", {"user_name": "jane.doe", "password": "x"}, "user_name"),
        (f"{BASE}/users", {"user_name": "ann", "password": "x", "zpush": "yes"}, "zpush"),
        (f"{BASE}/users", {"user_name": "a@b", "password": "x"}, "user_name"),
        (f"{BASE}/users", {"user_name": "ann", "password": 5}, "password"),
        ("/admin/api/rules", {"max_months_ahead": 10**30}, "max_months_ahead"),
    ],
)  # fmt: skip
def test_every_field_is_checked_and_named(
    world: World, path: str, body: dict[str, Any], field: str
) -> None:
    reply = _call(world, "POST" if "rules" not in path else "PUT", path, body)
    assert world.app.unhandled_errors == 0
    assert reply.status == 400, reply
    assert json.loads(reply.body)["field"] == field


def test_a_30_digit_number_id_is_not_found_or_refused(world: World) -> None:
    address = json.loads(_call(world, "POST", f"{BASE}/addresses", {"last_name": "Doe"}).body)
    path = f"{BASE}/addresses/{address['id']}/numbers/{'9' * 30}/slot"
    reply = _call(world, "PUT", path, {"slot": None})
    assert world.app.unhandled_errors == 0
    assert reply.status in (400, 404)


def test_a_valid_appointment_is_stored(world: World) -> None:
    reply = _call(world, "POST", f"{BASE}/appointments", _appointment(user_id=world.jane.id))
    assert reply.status == 201, reply


def _with_appointments(world: World) -> World:
    for hour in (10, 12, 14):
        start = NOW.replace(hour=hour)
        world.store.add_appointment(
            world.customer.id,
            Appointment("Viewing", start, start + timedelta(hours=1), user_id=world.jane.id),
        )
    return world


def _calendar_sync(world: World) -> SyncResponse:
    client = Client(world.app, world.jane.login, PASSWORD)
    client.folder_sync("0")
    first = client.sync(CollectionRequest("0", "calendar")).collections[0]
    return client.sync(CollectionRequest(first.sync_key, "calendar", window_size=512))


def test_a_stored_record_that_breaks_is_left_out_and_the_rest_syncs(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    # One record as the old API stored it: an appointment starting in a naive 9999.
    good = len(_calendar_sync(_with_appointments(make_world())).collections[0].commands)
    assert good == 3
    _with_appointments(world)
    with world.store.db.transaction() as conn:
        conn.execute(
            "UPDATE appointments SET start = '9999-12-31T23:00:00', \"end\" = 'garbage'"
            " WHERE id = (SELECT MIN(id) FROM appointments WHERE user_id = ?)",
            (world.jane.id,),
        )
    answer = _calendar_sync(world)
    assert world.app.unhandled_errors == 0
    assert len(answer.collections[0].commands) == good - 1
    assert "left out" in caplog.text


# -- credentials before the body --------------------------------------------------------


class NeverRead(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")


def _raw(world: World, path: str, headers: dict[str, str], length: str = "20000000") -> int:
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "",
               "CONTENT_LENGTH": length, "wsgi.input": NeverRead()} | headers  # fmt: skip
    captured: list[str] = []
    world.app(environ, lambda status, h, exc=None: captured.append(status))
    return int(captured[0].split()[0])


@pytest.mark.parametrize("length", ["100", "20000000"])
@pytest.mark.parametrize("path", [f"{BASE}/users", PAGE])
@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_X_ADMIN_TOKEN": "x"},
     {"HTTP_COOKIE": "zpush_admin=forged"}],
)  # fmt: skip
def test_the_admin_body_is_not_read_without_credentials(
    world: World, path: str, headers: dict[str, str], length: str
) -> None:
    assert _raw(world, path, headers, length) == 401


def test_an_admin_body_over_the_cap_is_refused_unread(world: World) -> None:
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {world.app.admin.token}"}
    assert _raw(world, f"{BASE}/users", bearer) == 413
    assert _raw(world, f"{BASE}/users", bearer, length="²") == 400
    assert world.app.unhandled_errors == 0


# -- the settings page ------------------------------------------------------------------


def _session(world: World) -> tuple[Client, dict[str, str]]:
    client = Client(world.app, None)
    reply = client.request("GET", PAGE, query=f"token={world.app.admin.token}", auth=False)
    assert reply.status == 303
    assert reply.header("Location") == PAGE  # the token is gone from the URL
    cookie = str(reply.header("Set-Cookie"))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return client, {"Cookie": cookie.split(";")[0], "Host": "127.0.0.1"}


@pytest.mark.parametrize(("scheme", "secure"), [("https", True), ("http", False)])
def test_the_session_cookie_is_secure_when_the_page_came_over_https(
    world: World, scheme: str, secure: bool
) -> None:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": PAGE, "wsgi.url_scheme": scheme,
               "QUERY_STRING": f"token={world.app.admin.token}"}  # fmt: skip
    reply = world.app.admin(environ)
    cookie = dict(reply.headers)["Set-Cookie"]
    assert ("; Secure" in cookie) is secure


def _page(client: Client, cookie: dict[str, str]) -> str:
    reply = client.request("GET", PAGE, auth=False, headers=cookie)
    assert reply.status == 200
    return reply.body.decode()


def _post(client: Client, cookie: dict[str, str], body: str, origin: str | None) -> int:
    headers = cookie | {"Content-Type": "application/x-www-form-urlencoded"}
    if origin is not None:
        headers["Origin"] = origin
    return client.request("POST", PAGE, body=body.encode(), auth=False, headers=headers).status


def _csrf(html: str) -> str:
    return html.split('name="csrf" value="')[1].split('"')[0]


def test_the_page_has_no_token_in_links_and_a_csrf_token_in_every_form(world: World) -> None:
    client, cookie = _session(world)
    html = _page(client, cookie)
    assert world.app.admin.token not in html
    assert html.count("<form") == html.count('name="csrf"') >= 1
    reply = client.request("GET", PAGE, auth=False, headers=cookie)
    headers = reply.headers
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"


def test_a_post_without_the_csrf_token_or_from_another_origin_is_refused(world: World) -> None:
    client, cookie = _session(world)
    csrf = _csrf(_page(client, cookie))
    assert _post(client, cookie, "action=save", "http://127.0.0.1") == 403
    assert _post(client, cookie, f"action=save&csrf={csrf}", "https://evil.example") == 403
    assert _post(client, cookie, f"action=save&csrf={csrf}", None) == 403
    assert 'id="zpush" name="zpush" checked' in _page(client, cookie)  # nothing changed
    assert _post(client, cookie, f"action=save&csrf={csrf}", "http://127.0.0.1") == 303
    assert 'id="zpush" name="zpush" checked' not in _page(client, cookie)


def test_a_post_carrying_the_url_token_is_refused(world: World) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"}
    reply = Client(world.app, None).request(
        "POST", PAGE, query=f"token={world.app.admin.token}", body=b"action=save",
        auth=False, headers=form,
    )  # fmt: skip
    assert reply.status == 401


def _folder_sync(world: World, password: str) -> int:
    client = Client(world.app, world.jane.login, password, auto_provision=False)
    return client.eas("FolderSync", FolderSyncRequest("0").to_tree()).status


def test_the_page_shows_both_locks_and_its_unlock_makes_sync_work_again(world: World) -> None:
    for _ in range(world.store.rules.onoffice_lock_after_failures):
        assert _folder_sync(world, "falsch") == 401
    assert _folder_sync(world, PASSWORD) == 401  # both locks hold
    client, cookie = _session(world)
    html = _page(client, cookie)
    assert 'id="locked"' in html and 'id="account-locked"' in html and 'id="unlock"' in html
    assert _post(client, cookie, f"action=unlock&csrf={_csrf(html)}", "http://127.0.0.1") == 303
    after = _page(client, cookie)
    assert 'id="unlock-confirmation"' in after and 'id="unlock"' not in after
    assert _folder_sync(world, PASSWORD) == 200  # guide 11.1: the right password syncs again


@pytest.mark.parametrize(
    ("headers", "accepted"),
    [
        ({"Origin": "null", "Sec-Fetch-Site": "same-origin"}, True),  # no-referrer form POST
        ({"Origin": "null", "Sec-Fetch-Site": "cross-site"}, False),
        ({"Origin": "null"}, False),
        ({"Referer": "http://127.0.0.1/admin"}, True),
        ({"Referer": "https://evil.example/"}, False),
    ],
)
def test_the_origin_check_under_the_no_referrer_policy(
    world: World, headers: dict[str, str], accepted: bool
) -> None:
    client, cookie = _session(world)
    csrf = _csrf(_page(client, cookie))
    form = cookie | headers | {"Content-Type": "application/x-www-form-urlencoded"}
    body = f"action=save&csrf={csrf}".encode()
    status = client.request("POST", PAGE, body=body, auth=False, headers=form).status
    assert status == (303 if accepted else 403)
