"""The server's request log: what it received, kept on the server side (issue 10)."""

from __future__ import annotations

from server_client import Client, demo_app


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
