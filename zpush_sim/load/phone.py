"""One phone under load: a simulated `Device` with its profile's timing, and its requests timed.

`LoadPhone` drives the same engine and transport as the suite (a profile,
`simulator.device.Device`, real HTTP through `TimedSession`), so a load
run sends exactly what the devices send: account set-up (autodiscover,
OPTIONS, Provision, Settings), FolderSync and paged Syncs, then, per its
profile, a held Ping with the profile's heartbeat (push) or a sync every
poll interval (poll). Edits come from a second loop at a chosen rate (per
phone, per minute): a new contact, which a pushing phone sends at once
(B-COL-4) while its Ping stays held, as a phone does.

The two loops share the device under `lock`; the Ping loop lets go of it
while its Ping is in flight (`_release_during_ping`), so an edit's Sync
goes out beside the held Ping on a second connection. Plain threads here;
under Locust, gevent makes the same locks and sockets cooperative.

Every request is reported to a `Recorder` (name = the EAS command,
OPTIONS or autodiscover; seconds; bytes; HTTP status or the error), which
Locust turns into its statistics (`zpush_sim.load.locustfile`).

Must not: import Locust (the in-process test and the benchmark drive it
without), or decide what a response means (the device does).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from eas.http import command_of
from server.config import ACTIVESYNC_HOST
from simulator.device import Device
from simulator.engine import SyncError
from simulator.push import BackgroundRun
from zpush_sim.clock import SystemClock
from zpush_sim.hosts import HostsSession


class Recorder(Protocol):
    def __call__(
        self, name: str, seconds: float, length: int, status: int | None, error: str | None
    ) -> None: ...


def request_name(method: str, url: str) -> str:
    """What a request is called in the figures: its EAS command, else OPTIONS or autodiscover."""
    parts = urlsplit(url)
    if "autodiscover" in parts.path.lower():
        return "Autodiscover"
    return command_of(url) or method.upper()  # Outlook's base64 queries too


def failed(name: str, status: int) -> bool:
    """Is this answer an error in the figures? Not 449 (MS-ASHTTP: provision first, part of
    the handshake), nor an autodiscover probe's 4xx (the walk over URLs expects them, B-AUTO-3)."""
    if status < 400 or status == 449:
        return False
    return not (name == "Autodiscover" and status < 500)


class TimedSession(HostsSession):
    """`HostsSession` that reports every request, answered or failed, with its duration."""

    def __init__(self, url: str, recorder: Recorder) -> None:
        super().__init__({"*": url})
        self.recorder = recorder

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        name = request_name(request.method or "GET", request.url or "")
        started = time.perf_counter()
        try:
            response = super().send(request, **kwargs)  # reads the whole body (stream=False)
        except requests.RequestException as exc:
            self.recorder(name, time.perf_counter() - started, 0, None, type(exc).__name__)
            raise
        elapsed = time.perf_counter() - started
        self.recorder(name, elapsed, len(response.content), response.status_code, None)
        return response


@dataclass(frozen=True)
class PhoneSpec:
    profile: str
    login: str
    password: str
    seed: int
    edits_per_minute: float = 0.0
    heartbeat: int | None = None  # None: the profile's


class LoadPhone:
    def __init__(self, url: str, spec: PhoneSpec, recorder: Recorder) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.session = TimedSession(url, recorder)
        self.device = Device(
            spec.profile, clock=SystemClock(), rng=random.Random(spec.seed), session=self.session
        )
        self.lock = threading.RLock()
        self.pinging = False  # a Ping of this phone is in flight (a device "held")
        self.stopped = False
        self.errors = 0
        self._release_during_ping()

    @property
    def pushes(self) -> bool:
        return self.device.profile.sync.mode == "push"

    def set_up(self) -> bool:
        """Add the account by hand (the server the load runs against) and sync once."""
        email = f"{self.spec.login}@{ACTIVESYNC_HOST}"
        with self.lock:
            outcome = self.device.add_account_manually(
                email, ACTIVESYNC_HOST, self.spec.password, user=self.spec.login
            )
            if not outcome.verified:
                self.errors += 1
                return False
            if self.spec.heartbeat is not None:
                self.device.account().heartbeat_seconds = self.spec.heartbeat
            report = self.device.sync()
        if report.error is not None:
            self.errors += 1
        return report.error is None

    def background_once(self) -> BackgroundRun | None:
        """One background round: a held Ping and what it leads to, or a poll when due."""
        with self.lock:
            runs = self.device.background()
        for run in runs:
            if run.error is not None:
                self.errors += 1
        return runs[0] if runs else None

    def seconds_to_next_poll(self) -> float:
        account = self.device.account()
        if self.pushes and account.push_available:
            return 0.0
        if account.next_poll_at is None:
            return 0.0
        return max(0.0, (account.next_poll_at - self.device.clock.now()).total_seconds())

    def edit_once(self) -> None:
        """The user adds a contact; a pushing phone sends it at once (B-COL-4)."""
        n = self.rng.randrange(1_000_000)
        with self.lock:
            try:
                self.device.contacts_app.create(FirstName="Load", LastName=f"Edit {n}")
            except (LookupError, SyncError):
                self.errors += 1

    def next_edit_in(self) -> float | None:
        rate = self.spec.edits_per_minute
        if rate <= 0:
            return None
        return self.rng.expovariate(rate / 60.0)  # a Poisson process of edits

    def close(self) -> None:
        self.stopped = True
        self.session.close()

    def _release_during_ping(self) -> None:
        # The device's session is shared by its engine and its background run; a
        # Ping must not keep the device locked for its whole heartbeat, so the one
        # call that sends it lets go of the lock while it is in flight.
        session = self.device.session
        call: Callable[..., Any] = session.call

        def call_releasing(account: Any, cmd: str, root: Any, **kwargs: Any) -> Any:
            if cmd != "Ping":
                return call(account, cmd, root, **kwargs)
            self.pinging = True
            self.lock.release()
            try:
                return call(account, cmd, root, **kwargs)
            finally:
                self.lock.acquire()
                self.pinging = False

        setattr(session, "call", call_releasing)  # noqa: B010 (an instance's own hook)
