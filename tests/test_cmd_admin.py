"""``zpush-sim admin`` on a database file that real requests to the in-process server filled.

The server (`demo_app` on a file) stays open while the command runs on the
same file, as ``serve`` and ``admin`` do: what the command changes, the
server sees on its next request.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from server_client import NOW, Client, FixedClock, Reply, demo_app, demo_user

from eas.commands.sync import Add, CollectionRequest, SyncStatus
from server.app import ServerApp
from server.seed import (
    DEMO_CUSTOMER,
    DEMO_LOGIN,
    DEMO_SYNCED_ADDRESSES,
    DEMO_USER_WITHOUT_ZPUSH,
)
from zpush_sim import cli

DEVICE_ID = "ABCDEF0123456789ABCDEF0123"
AGENT = "Apple-iPhone9C1/1502.1"
SYNCED_AT = NOW + timedelta(minutes=5)


class Phone(Client):
    """The test client with an iPhone's User-Agent on every request."""

    def request(
        self,
        method: str,
        path: str,
        *,
        query: str = "",
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
    ) -> Reply:
        headers = {"User-Agent": AGENT, **(headers or {})}
        return super().request(method, path, query=query, body=body, headers=headers, auth=auth)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state.sqlite3"


@pytest.fixture
def app(db: Path) -> Iterator[ServerApp]:
    app = demo_app(db_path=str(db))
    yield app
    assert app.unhandled_errors == 0
    app.close()


def _full_sync(phone: Phone, collection: str) -> tuple[str, int]:
    """SyncKey 0, then one round with every item; the key and how many items came."""
    (first,) = phone.sync(CollectionRequest("0", collection)).collections
    (second,) = phone.sync(CollectionRequest(first.sync_key, collection)).collections
    assert second.status == SyncStatus.SUCCESS and not second.more_available
    assert all(isinstance(command, Add) for command in second.commands)
    return second.sync_key, len(second.commands)


# The phone, and per collection the SyncKey it holds and how many items it got.
Synced = tuple[Phone, dict[str, tuple[str, int]]]


@pytest.fixture
def synced(app: ServerApp) -> Synced:
    """An iPhone that synced contacts and tasks, the second at ``SYNCED_AT``."""
    phone = Phone(app)
    phone.folder_sync("0")
    state = {"contacts": _full_sync(phone, "contacts")}
    assert isinstance(app.config.clock, FixedClock)
    app.config.clock.current = SYNCED_AT
    state["tasks"] = _full_sync(phone, "tasks")
    assert state["contacts"][1] == DEMO_SYNCED_ADDRESSES and state["tasks"][1] > 0
    return phone, state


def admin(db: Path, *argv: str) -> int:
    return cli.main(["admin", "--db", str(db), *argv])


def test_devices_lists_user_device_agent_and_times(
    synced: Synced, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert admin(db, "devices") == 0
    head, row, total = capsys.readouterr().out.splitlines()
    assert total == "1 device of 1 user."  # how many phones the server holds
    assert head.split() == [
        "User", "DeviceId", "DeviceType", "User", "agent", "First", "sync", "Last", "sync",
    ]  # fmt: skip
    assert row.split() == [
        DEMO_LOGIN, DEVICE_ID, "iPhone", AGENT,
        "2026-03-02", "09:00:00", "UTC", "2026-03-02", "09:05:00", "UTC",
    ]  # fmt: skip


def test_devices_counts_phones_and_their_users(
    synced: Synced, app: ServerApp, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Phone(app, device_id="SECONDPHONE0000000000000001").folder_sync("0")  # Jane's second phone
    assert admin(db, "devices") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 devices of 1 user."


def test_devices_on_an_empty_database(
    app: ServerApp, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert admin(db, "devices") == 0
    assert capsys.readouterr().out == "No device has synced yet.\n"


def test_device_shows_collections_with_key_items_and_last_sync(
    synced: Synced, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, state = synced
    assert admin(db, "device", DEVICE_ID.lower()) == 0  # DeviceIds match in any case
    out = capsys.readouterr().out
    assert out.startswith(f"Device {DEVICE_ID} (iPhone) of {DEMO_LOGIN}\n")
    details = dict(line.strip().split(": ", 1) for line in out.splitlines() if ": " in line)
    assert {k: v.strip() for k, v in details.items()} == {
        "User agent": AGENT,
        "First sync": "2026-03-02 09:00:00 UTC",
        "Last sync": "2026-03-02 09:05:00 UTC",
        "Policy": "provisioned",
        "Versions announced": "12.0,12.1,14.0,14.1",
        "Device model": "iPhone8C4",  # DeviceInformation of its Provision
        "Device os": "iOS 11.2.6 15D100",
    }
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("  ")}
    assert rows["Folder"] == ["Folder", "Id", "Class", "SyncKey", "Items", "Last", "sync"]
    when = {
        "contacts": ["2026-03-02", "09:00:00", "UTC"],
        "tasks": ["2026-03-02", "09:05:00", "UTC"],
    }
    for name, cid in (("Contacts", "contacts"), ("Tasks", "tasks")):
        key, items = state[cid]
        assert rows[name] == [name, cid, name, key, str(items), *when[cid]]
    assert rows["Calendar"] == ["Calendar", "calendar", "Calendar", "-", "-", "-"]  # not synced


def test_resync_gives_status_3_for_that_folder_only(
    synced: Synced, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phone, state = synced
    assert admin(db, "resync", DEVICE_ID, "Contacts") == 0  # by display name
    assert "its next Sync gets Status 3" in capsys.readouterr().out
    response = phone.sync(
        CollectionRequest(state["contacts"][0], "contacts"),
        CollectionRequest(state["tasks"][0], "tasks"),
    )
    contacts, tasks = response.collections
    assert (contacts.status, contacts.sync_key) == (SyncStatus.INVALID_SYNC_KEY, "0")
    assert (tasks.status, tasks.sync_key) == (SyncStatus.SUCCESS, state["tasks"][0])
    # The device starts over from 0 and gets every contact again.
    assert _full_sync(phone, "contacts")[1] == DEMO_SYNCED_ADDRESSES


def test_remove_device_forgets_it_and_its_state(
    synced: Synced, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phone, _ = synced
    assert admin(db, "remove-device", DEVICE_ID, "--user", DEMO_LOGIN) == 0
    assert f"Removed device {DEVICE_ID} (iPhone) of {DEMO_LOGIN}" in capsys.readouterr().out
    assert phone.app.sync_state.devices() == []
    assert _rows_per_device_table(phone.app) == {}  # no state left behind in any table
    assert admin(db, "devices") == 0
    assert capsys.readouterr().out == "No device has synced yet.\n"
    # The server treats it as new: it is announced the versions and must provision again.
    reply = phone.eas("FolderSync", None)
    assert (reply.status, reply.header("X-MS-RP")) == (449, "12.0,12.1,14.0,14.1")


def _rows_per_device_table(app: ServerApp) -> dict[str, int]:
    """``{table: rows}`` for every non-empty table with a ``device`` column."""
    counts = {}
    with app.db.transaction() as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
            if "device" in columns:
                counts[table] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    return {table: n for table, n in counts.items() if n}


def test_remove_device_with_user_leaves_another_users_device_of_the_same_id(
    synced: Synced, app: ServerApp, db: Path
) -> None:
    max_user = app.onoffice.find_user(DEMO_USER_WITHOUT_ZPUSH, DEMO_CUSTOMER)
    assert max_user is not None
    app.onoffice.set_user_settings(max_user.id, zpush=True)
    other = Phone(app, login=max_user.login)
    other.folder_sync("0")
    assert len(app.sync_state.devices()) == 2
    assert admin(db, "remove-device", DEVICE_ID, "--user", max_user.login) == 0
    assert [d.user_id for d in app.sync_state.devices()] == [demo_user(app).id]


def test_maintenance_reaches_the_running_server(
    app: ServerApp, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phone = Phone(app)
    assert admin(db, "maintenance", "on") == 0
    assert capsys.readouterr().out.startswith("Maintenance is on")
    reply = phone.eas("FolderSync", None)
    assert (reply.status, reply.header("Retry-After")) == (503, "300")
    assert admin(db, "maintenance") == 0  # no argument: shows the state
    assert capsys.readouterr().out.startswith("Maintenance is on")
    assert cli.main(["admin", "maintenance", "off", "--db", str(db)]) == 0  # --db after the action
    assert not app.maintenance
    assert phone.folder_sync("0").status == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("device", "NOSUCHDEVICE"), "no device NOSUCHDEVICE"),
        (("resync", "NOSUCHDEVICE", "contacts"), "no device NOSUCHDEVICE"),
        (("remove-device", DEVICE_ID, "--user", "nobody_Nowhere"), "no user nobody_Nowhere"),
        (("remove-device", DEVICE_ID, "--user", "nounderscore"), "no user nounderscore"),
        (("resync", DEVICE_ID, "mail"), "has no folder 'mail' (its folders: calendar, contacts"),
    ],
)
def test_unknown_device_user_or_folder_is_one_line_and_exit_2(
    synced: Synced,
    db: Path,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    message: str,
) -> None:
    assert admin(db, *argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("zpush-sim admin: ") and message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert len(synced[0].app.sync_state.devices()) == 1  # nothing changed


def test_missing_or_foreign_database_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["admin", "devices"]) == 2  # the default file, as serve's
    assert capsys.readouterr().err == (
        "zpush-sim admin: no database zpush-sim.sqlite3"
        " (start `zpush-sim serve --db zpush-sim.sqlite3` first)\n"
    )
    assert not (tmp_path / "zpush-sim.sqlite3").exists()  # not created by asking
    (tmp_path / "notes.txt").write_text("not a database at all, just some text\n" * 50)
    assert admin(tmp_path / "notes.txt", "devices") == 2
    assert "cannot read the database" in capsys.readouterr().err
    assert admin(tmp_path, "devices") == 2  # a directory
    assert "no database" in capsys.readouterr().err
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    assert admin(other, "maintenance", "on") == 2
    assert "is not a zpush-sim database" in capsys.readouterr().err
    with closing(sqlite3.connect(other)) as conn:  # left as it was
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


@pytest.mark.parametrize(
    "argv", [(), ("maintenance", "maybe"), ("resync", DEVICE_ID), ("frobnicate",)]
)
def test_argument_errors_exit_2(argv: tuple[str, ...], db: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        admin(db, *argv)
    assert exit_info.value.code == 2
