"""The Locust side of ``zpush-sim load``: each Locust user is one phone (`LoadPhone`).

Run by ``zpush-sim load`` as ``python -m locust -f <this file> ...`` in a
process of its own (Locust patches the standard library with gevent on
import, which the CLI and the tests must not get). The host is the
server's URL; Locust's master sends it, and the options below, to its
workers.

What a user does: set up its account (profile chosen by the weighted mix,
account by its number), then, in a loop, its profile's background work: a
held Ping with the profile's heartbeat and the sync it leads to (push), or
a sync every poll interval (poll). Edits come from a second greenlet at
``--edit-rate`` per phone per minute.

Figures: every request goes to Locust's statistics named by its EAS
command (requests/s, p50/p95/p99 in the CSV and HTML reports); an answer
`phone.failed` counts is a failure named "HTTP <status>" (errors by
status); a request that got no answer is a
failure named by its exception. "Devices held" (phones whose Ping is in
flight) is counted by each process, summed on the master from the
workers' reports, logged every 10 s and written to ``<csv>_devices.csv``.

Must not: build EAS requests (the devices do) or start servers (the CLI does).
"""

from __future__ import annotations

import csv
import itertools
import logging
import random
from typing import Any

import gevent
from locust import User, constant, events, task
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner

from server.seedload import LOAD_PASSWORD, OFFICE_SIZE
from zpush_sim.load.mix import parse_mix
from zpush_sim.load.phone import LoadPhone, PhoneSpec, failed

log = logging.getLogger("zpush_sim.load")

_counter = itertools.count()
_phones: set[LoadPhone] = set()
_workers_held: dict[str, int] = {}
_figures = {"peak": 0, "set_up": 0, "set_up_failed": 0}
WORKER_STRIDE = 64  # users of worker w are w, w+64, w+128, ...: distinct accounts


class StatusError(Exception):
    """A non-200 answer, as Locust's failure (its text groups the errors by status)."""


def _options(parser: Any) -> None:
    parser.add_argument("--profiles", default="ios", help="profile mix, e.g. ios:3,android:1")
    parser.add_argument("--edit-rate", type=float, default=0.0, help="edits per phone per minute")
    parser.add_argument("--heartbeat", type=int, default=0, help="Ping heartbeat (0: profile's)")
    parser.add_argument("--login", default="user{n}_LoadOffice{office}", help="login template")
    parser.add_argument("--password", default=LOAD_PASSWORD)
    parser.add_argument("--accounts", type=int, default=1000, help="accounts to spread users over")


def _held() -> int:
    return sum(1 for p in _phones if p.pinging)


def _total_held(environment: Environment) -> int:
    if isinstance(environment.runner, MasterRunner):
        return sum(_workers_held.values())
    return _held()


def _report(client_id: str, data: dict[str, Any]) -> None:
    data["zpush_held"] = _held()
    data["zpush_set_up"] = _figures["set_up"]
    data["zpush_set_up_failed"] = _figures["set_up_failed"]


def _worker_report(client_id: str, data: dict[str, Any]) -> None:
    _workers_held[client_id] = int(data.get("zpush_held", 0))
    _figures[f"set_up:{client_id}"] = int(data.get("zpush_set_up", 0))
    _figures[f"set_up_failed:{client_id}"] = int(data.get("zpush_set_up_failed", 0))


def _watch(environment: Environment, **_: Any) -> None:
    if isinstance(environment.runner, WorkerRunner):
        return

    def sample() -> None:
        ticks = 0
        while True:
            gevent.sleep(1)
            held = _total_held(environment)
            _figures["peak"] = max(_figures["peak"], held)
            ticks += 1
            if ticks % 10 == 0:
                log.info("devices held: %d (peak %d)", held, _figures["peak"])

    gevent.spawn(sample)


def _write_devices(environment: Environment, **_: Any) -> None:
    options = environment.parsed_options
    if isinstance(environment.runner, WorkerRunner) or options is None or not options.csv_prefix:
        return
    set_up = sum(v for k, v in _figures.items() if k.startswith("set_up:")) + _figures["set_up"]
    failed = sum(v for k, v in _figures.items() if k.startswith("set_up_failed:"))
    failed += _figures["set_up_failed"]
    with open(f"{options.csv_prefix}_devices.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["figure", "value"])
        writer.writerow(["devices held (peak)", _figures["peak"]])
        writer.writerow(["devices held (at the end)", _total_held(environment)])
        writer.writerow(["phones set up", set_up])
        writer.writerow(["set-ups failed", failed])


class Phone(User):
    """One simulated phone; its profile and account come from the options and its number."""

    wait_time = constant(0)  # the background work waits itself (the held Ping, the poll)

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        options = environment.parsed_options
        assert options is not None
        runner = environment.runner
        worker = runner.worker_index if isinstance(runner, WorkerRunner) else 0
        local = next(_counter)
        n = (local * WORKER_STRIDE + worker) % max(1, options.accounts)
        seed = local * WORKER_STRIDE + worker
        profile = random.Random(seed).choices(*zip(*parse_mix(options.profiles), strict=True))[0]
        login = options.login.format(n=n, office=n // OFFICE_SIZE)
        self.spec = PhoneSpec(
            profile, login, options.password, seed,
            edits_per_minute=options.edit_rate, heartbeat=options.heartbeat or None,
        )  # fmt: skip
        self.phone: LoadPhone | None = None
        self._editor: gevent.Greenlet | None = None

    def _record(
        self, name: str, seconds: float, length: int, status: int | None, error: str | None
    ) -> None:
        exception: Exception | None = None
        if error is not None:
            exception = StatusError(error)
        elif status is not None and failed(name, status):
            exception = StatusError(f"HTTP {status}")
        self.environment.events.request.fire(
            request_type="EAS",
            name=name,
            response_time=seconds * 1000,
            response_length=length,
            response=None,
            context={},
            exception=exception,
        )

    def on_start(self) -> None:
        assert self.host, "no server URL (--host)"
        self.phone = LoadPhone(self.host, self.spec, self._record)
        _phones.add(self.phone)
        if not self.phone.set_up():
            _figures["set_up_failed"] += 1
            log.warning("%s (%s): account set-up failed", self.spec.login, self.spec.profile)
            return
        _figures["set_up"] += 1
        if self.spec.edits_per_minute > 0:
            self._editor = gevent.spawn(self._edits)

    def _edits(self) -> None:
        phone = self.phone
        assert phone is not None
        while not phone.stopped:
            pause = phone.next_edit_in()
            if pause is None:
                return
            gevent.sleep(pause)
            phone.edit_once()

    @task
    def background(self) -> None:
        phone = self.phone
        if phone is None or phone.device.last_setup is None or not phone.device.accounts:
            gevent.sleep(5)  # the set-up failed: this phone only waits
            return
        wait = phone.seconds_to_next_poll()
        if wait > 0:
            gevent.sleep(min(wait, 60))
            return
        phone.background_once()

    def on_stop(self) -> None:
        if self._editor is not None:
            self._editor.kill(block=False)
        if self.phone is not None:
            _phones.discard(self.phone)
            self.phone.close()


# Locust's hooks (called, not decorators: add_listener is untyped).
events.init_command_line_parser.add_listener(_options)
events.report_to_master.add_listener(_report)
events.worker_report.add_listener(_worker_report)
events.init.add_listener(_watch)
events.quitting.add_listener(_write_devices)
