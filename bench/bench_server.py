"""Benchmark of the reference server: prints figures, asserts nothing (DESIGN, "Performance").

1. The initial sync of 500 appointments in-process, every round trip
   (Provision x2, FolderSync, Sync key 0, then Sync pages until no
   MoreAvailable), WSGI called directly; target <= 0.5 s. Appointments come
   from the calendar ItemSource; if that source does not serve them yet,
   500 contacts are measured instead and the output says so.
2. Request rates over a real socket under uvicorn, as serve runs it (one keep-alive
   connection): OPTIONS, FolderSync and Sync with nothing new; Z-Push here
   needs 5-10, 6-24 and 15-20 ms (../shared/reference/peers.md), the
   target is at least twice its rate.

Run: ``python bench/bench_server.py [--items 500] [--requests 300]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests

from eas import wbxml
from eas.commands.foldersync import FolderSyncRequest, FolderSyncResponse
from eas.commands.provision import ProvisionRequest, ProvisionResponse
from eas.commands.sync import CollectionRequest, SyncRequest, SyncResponse
from eas.http import ACTIVESYNC_PATH, ASRequestLine, basic_authorization, build_query
from server.app import ServerApp, create_app
from server.config import ServerConfig
from server.mapping.sources import SOURCES, SyncWindow
from server.model import Address, Appointment
from server.seed import DEMO_CUSTOMER, DEMO_LOGIN, DEMO_PASSWORD, DEMO_USER, seed_demo
from zpush_sim.uvicorn_run import serving

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AUTH = basic_authorization(DEMO_LOGIN, DEMO_PASSWORD)


class _Clock:
    def now(self) -> datetime:
        return NOW


def _app(items: int) -> tuple[ServerApp, str]:
    """A demo server holding ``items`` appointments (else contacts); the folder to sync."""
    app = create_app(ServerConfig(clock=_Clock()))
    seed_demo(app.onoffice, NOW)
    user = app.onoffice.find_user(DEMO_USER, DEMO_CUSTOMER)
    assert user is not None
    calendar = SOURCES["Calendar"]
    have = len(calendar.versions(app.onoffice, user, SyncWindow(0, NOW)))
    try:
        for n in range(max(0, items - have)):
            start = NOW + timedelta(days=n % 150, hours=n % 8)
            app.onoffice.add_appointment(  # type: ignore[attr-defined]
                user.customer_id,
                Appointment(f"Besichtigung {n}", start, start + timedelta(hours=1),
                            user_id=user.id, location="Musterstraße 1, Köln"),
            )  # fmt: skip
        if len(calendar.versions(app.onoffice, user, SyncWindow(0, NOW))) >= items:
            return app, "calendar"
    except Exception as exc:  # the calendar side is another issue's: fall back, say so
        print(f"(calendar not available: {exc!r})")
    have = len(SOURCES["Contacts"].versions(app.onoffice, user, SyncWindow(None, NOW)))
    for n in range(max(0, items - have)):
        app.onoffice.add_address(user.customer_id, Address(first_name=f"P{n}", last_name="Bench"))
    return app, "contacts"


class _InProcess:
    """The device side, calling the WSGI app directly (no validator: it is the benchmark)."""

    def __init__(self, app: ServerApp) -> None:
        self.app, self.key = app, ""
        self.query = build_query(ASRequestLine("X", DEMO_LOGIN, "BENCH0123456789", "iPhone"))

    def post(self, cmd: str, tree: Any) -> Any:
        body = wbxml.encode(tree.to_tree())
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": ACTIVESYNC_PATH,
            "QUERY_STRING": self.query.replace("Cmd=X", f"Cmd={cmd}"),
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
            "HTTP_AUTHORIZATION": AUTH, "HTTP_MS_ASPROTOCOLVERSION": "14.1",
            "HTTP_X_MS_POLICYKEY": self.key or "0",
        }  # fmt: skip
        status: list[str] = []
        out = b"".join(self.app(environ, lambda s, h, e=None: status.append(s)))
        assert status[0].startswith("200"), status
        return wbxml.decode(out)


def initial_sync(app: ServerApp, folder: str, window: int) -> tuple[int, int]:
    """Provision, FolderSync, Sync until done; (items received, round trips)."""
    device = _InProcess(app)
    first = ProvisionResponse.from_tree(device.post("Provision", ProvisionRequest()))
    assert first.policy is not None
    ack = ProvisionRequest(policy_key=first.policy.policy_key, policy_status=1)
    final = ProvisionResponse.from_tree(device.post("Provision", ack))
    assert final.policy is not None
    device.key = str(final.policy.policy_key)
    FolderSyncResponse.from_tree(device.post("FolderSync", FolderSyncRequest("0")))
    trips, items = 3, 0
    (coll,) = SyncResponse.from_tree(
        device.post("Sync", SyncRequest((CollectionRequest("0", folder),)))
    ).collections
    key, trips = coll.sync_key, trips + 1
    while True:
        request = SyncRequest((CollectionRequest(key, folder, window_size=window),))
        (coll,) = SyncResponse.from_tree(device.post("Sync", request)).collections
        trips, items, key = trips + 1, items + len(coll.commands), coll.sync_key
        if not coll.more_available:
            return items, trips


def _rate(name: str, call: Callable[[], int], count: int, zpush_ms: tuple[float, float]) -> None:
    for _ in range(10):
        call()  # warm up
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status = call()
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    median = statistics.median(times)
    target = zpush_ms[0] / 2
    print(
        f"  {name:<10} median {median:6.2f} ms  p90 {sorted(times)[int(count * 0.9)]:6.2f} ms"
        f"  {1000 / median:7.0f} req/s   Z-Push {zpush_ms[0]:g}-{zpush_ms[1]:g} ms"
        f" -> target <= {target:g} ms: {'ok' if median <= target else 'MISSED'}"
    )


def socket_rates(count: int) -> None:
    app, folder = _app(50)
    with serving(app) as base:  # serve's model: uvicorn, ASGI (server/asgi.py)
        _socket_rates(app, folder, f"{base}{ACTIVESYNC_PATH}", count)
    assert app.unhandled_errors == 0


def _socket_rates(app: ServerApp, folder: str, url: str, count: int) -> None:
    session = requests.Session()
    headers = {"Authorization": AUTH, "MS-ASProtocolVersion": "14.1",
               "Content-Type": "application/vnd.ms-sync.wbxml"}  # fmt: skip
    query = "?Cmd={}&User=" + DEMO_LOGIN + "&DeviceId=SOCKET01&DeviceType=iPhone"

    def post(cmd: str, tree: Any) -> Any:
        reply = session.post(url + query.format(cmd), data=wbxml.encode(tree.to_tree()),
                             headers=headers, timeout=10)  # fmt: skip
        assert reply.status_code == 200, reply.status_code
        return wbxml.decode(reply.content)

    first = ProvisionResponse.from_tree(post("Provision", ProvisionRequest())).policy
    assert first is not None
    ack = ProvisionRequest(policy_key=first.policy_key, policy_status=1)
    final = ProvisionResponse.from_tree(post("Provision", ack)).policy
    assert final is not None
    headers["X-MS-PolicyKey"] = str(final.policy_key)
    hierarchy = FolderSyncResponse.from_tree(post("FolderSync", FolderSyncRequest("0"))).sync_key
    (coll,) = SyncResponse.from_tree(
        post("Sync", SyncRequest((CollectionRequest("0", folder),)))
    ).collections
    key = coll.sync_key
    while True:
        (coll,) = SyncResponse.from_tree(
            post("Sync", SyncRequest((CollectionRequest(key, folder, window_size=512),)))
        ).collections
        key = coll.sync_key
        if not coll.more_available:
            break
    foldersync = wbxml.encode(FolderSyncRequest(hierarchy).to_tree())
    sync = wbxml.encode(SyncRequest((CollectionRequest(key, folder),)).to_tree())

    def send(cmd: str, body: bytes) -> Callable[[], int]:
        return lambda: session.post(url + query.format(cmd), data=body, headers=headers,
                                    timeout=10).status_code  # fmt: skip

    print(
        f"Real socket (uvicorn as serve runs it, one keep-alive connection, {count} requests each):"
    )
    _rate("OPTIONS", lambda: session.options(url, headers=headers, timeout=10).status_code,
          count, (5, 10))  # fmt: skip
    _rate("FolderSync", send("FolderSync", foldersync), count, (6, 24))
    _rate("Sync", send("Sync", sync), count, (15, 20))
    session.close()  # no connection left in service when the server closes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--window", type=int, default=100, help="WindowSize of the pages")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    seconds = []
    for _ in range(args.runs):
        app, folder = _app(args.items)
        started = time.perf_counter()
        items, trips = initial_sync(app, folder, args.window)
        seconds.append(time.perf_counter() - started)
        app.close()
    kind = "appointments" if folder == "calendar" else "contacts (calendar source not ready)"
    best, median = min(seconds), statistics.median(seconds)
    print(
        f"Initial sync in-process: {items} {kind}, {trips} round trips, WindowSize {args.window}:"
        f" median {median * 1000:.0f} ms, best {best * 1000:.0f} ms over {args.runs} runs"
        f" -> target <= 500 ms: {'ok' if median <= 0.5 else 'MISSED'}"
    )
    socket_rates(args.requests)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
