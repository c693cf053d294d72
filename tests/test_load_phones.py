"""Issue 12, item 5: 50 pushing phones and one syncing and editing, on a real socket: all answered.

The phones are `zpush_sim.load.phone.LoadPhone`s (the suite's devices and
engine, real HTTP) against ``zpush-sim serve``'s server model (uvicorn). All
51 are Jane's, so the editing phone's new contact wakes every held Ping
(Status 2), and every pushing phone then shows the contact.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from server_client import demo_app

from eas.commands.ping import PingStatus
from eas.http import ASRequestLine, build_query
from server.seed import DEMO_LOGIN, DEMO_PASSWORD
from simulator.push import BackgroundRun
from zpush_sim.load.phone import LoadPhone, PhoneSpec, request_name
from zpush_sim.uvicorn_run import serving

PUSHING = 50


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[tuple[str, int | None]] = Counter()
        self.errors: list[str] = []

    def __call__(
        self, name: str, seconds: float, length: int, status: int | None, error: str | None
    ) -> None:
        with self.lock:
            self.statuses[(name, status)] += 1
            if error is not None:
                self.errors.append(f"{name}: {error}")


def test_fifty_pushing_phones_and_one_editing_phone_are_all_answered() -> None:
    app = demo_app(ping_poll_interval=0.05)
    tally = Tally()
    with serving(app, threads=4) as url:
        phones = [
            LoadPhone(url, PhoneSpec("ios", DEMO_LOGIN, DEMO_PASSWORD, seed=n), tally)
            for n in range(PUSHING + 1)
        ]
        editor, pushing = phones[0], phones[1:]
        for phone in phones:
            assert phone.set_up(), phone.device.conversation.format(0)[-2000:]
        runs: dict[int, BackgroundRun | None] = {}

        def push(n: int, phone: LoadPhone) -> None:
            runs[n] = phone.background_once()

        threads = [
            threading.Thread(target=push, args=(n, p), daemon=True) for n, p in enumerate(pushing)
        ]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while app.activesync.pings.waiting() < PUSHING:
            assert time.monotonic() < deadline, f"{app.activesync.pings.waiting()} Pings held"
            time.sleep(0.05)
        assert all(p.pinging for p in pushing)
        editor.edit_once()  # a Sync with the new contact, beside 50 held Pings
        assert editor.device.last_sync[editor.device.account().email].ok
        for thread in threads:
            thread.join(timeout=120)
        for phone in phones:
            phone.close()
    assert tally.errors == []
    assert {status for (_, status) in tally.statuses} == {200, 449}  # 449: provision first
    assert tally.statuses[("Ping", 200)] == PUSHING
    assert len(runs) == PUSHING
    for run in runs.values():
        assert run is not None and run.ping is not None
        assert (run.ping.status, run.ping.folders) == (PingStatus.CHANGES, ("contacts",))
        assert run.report is not None and run.report.ok
    new = [n for n in editor.device.contacts_app.names() if n.startswith("Load Edit")]
    assert len(new) == 1
    for phone in pushing:
        assert new[0] in phone.device.contacts_app.names()
    assert app.unhandled_errors == 0


def test_requests_are_named_by_their_eas_command() -> None:
    url = "https://h/Microsoft-Server-ActiveSync?Cmd=Sync&User=u&DeviceId=d&DeviceType=iPhone"
    assert request_name("POST", url) == "Sync"
    assert request_name("OPTIONS", "https://h/Microsoft-Server-ActiveSync") == "OPTIONS"
    assert request_name("POST", "https://h/autodiscover/autodiscover.xml") == "Autodiscover"
    # Outlook for Windows sends the base64 form (MS-ASHTTP 2.2.1.1.1.1): still "Sync".
    line = ASRequestLine("Sync", "u", "d", "WindowsOutlook", protocol_version="14.1")
    outlook = "https://h/Microsoft-Server-ActiveSync?" + build_query(line, encoding="base64")
    assert request_name("POST", outlook) == "Sync"
