"""The server's request log: what it received, kept on the server side (issue 10)."""

from __future__ import annotations

import json

from server_client import Client, demo_app

from server.requestlog import RequestLog


def test_each_request_is_logged_with_its_command_device_status_and_body() -> None:
    app = demo_app()
    client = Client(app, device_id="LOGGEDDEVICE01")
    client.folder_sync("0")
    logged = [r for r in app.request_log.from_device("LOGGEDDEVICE01") if r.cmd == "FolderSync"]
    assert [(r.method, r.status) for r in logged] == [("POST", 200)]
    assert logged[0].values("SyncKey") == ["0"]  # the body still reached the handler too
    assert app.request_log.from_device("SOMEONEELSE") == []


def test_a_request_with_a_malformed_query_is_logged_without_a_command() -> None:
    app = demo_app()
    reply = Client(app).eas("FolderSync", None, query="%%%")
    assert reply.status >= 400
    (entry,) = [r for r in app.request_log if r.cmd is None]
    assert (entry.device_id, entry.status) == (None, reply.status)


def test_the_log_keeps_a_bounded_number_of_entries_and_body_bytes() -> None:
    log = RequestLog(size=3, max_bytes=250)
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/x", "QUERY_STRING": ""}
    for n in range(5):
        log.record(environ, 200 + n, b"x" * 100)
    # 5 bodies of 100 bytes: the two newest fit in 250 bytes (the count alone kept 3).
    assert [e.status for e in log] == [203, 204]
    for n in range(4):
        log.record(environ, 300 + n, b"")
    assert [e.status for e in log] == [301, 302, 303]  # then the count bounds it


def test_entries_keep_their_running_number_once_older_ones_are_dropped() -> None:
    log = RequestLog(size=2)
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/x", "QUERY_STRING": ""}
    for n in range(3):
        log.record(environ, 200 + n, b"")
    mark = max(e.seq for e in log)  # what a step marks before her action
    log.record(environ, 299, b"")  # her action; the log is full, the oldest goes
    assert [e.status for e in log.after(mark)] == [299]  # a length would have said []


def test_the_admin_api_gives_the_requests_after_a_number() -> None:
    app = demo_app()
    Client(app, device_id="LOGGEDDEVICE01").folder_sync("0")
    token = {"Authorization": f"Bearer {app.admin.token}"}
    admin = Client(app, None)
    every = json.loads(admin.request("GET", "/admin/api/requests", headers=token, auth=False).body)
    last = every[-1]["seq"]
    later = admin.request("GET", "/admin/api/requests", query=f"after={last - 1}", headers=token,
                          auth=False)  # fmt: skip
    # That one and what came since (the admin call before this one is logged too).
    assert [e["seq"] for e in json.loads(later.body)] == [last, last + 1]
    bad = admin.request("GET", "/admin/api/requests", query="after=x", headers=token, auth=False)
    assert bad.status == 400
