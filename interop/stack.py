"""The whole SOGo stack for one run: packages, database, memcached, sogod; and its way down.

`sogo_stack()` is a context manager: on entry it installs what is missing,
makes a work folder in /tmp (the daemons' users must be able to enter it;
a checkout under /root is not), initialises and starts a private
PostgreSQL, memcached and sogod on free loopback ports, and waits until
each answers; on exit, whatever happened (a failed test, Ctrl-C, an error
half-way up), it stops them in reverse order by PID, puts the original
sogo.conf back, copies the SOGo log to the report folder and removes the
work folder.

The running stack is described by a `Sogo` value, which also travels to
pytest (and its workers) as JSON in ``ZPUSH_SIM_INTEROP_SOGO``, so the
tests can reach it and add users without starting a second one.

Must not: run tests or seed data (`interop.dav` seeds, the tests drive).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from interop import postgres, sogo, system
from interop.procs import Daemon, StackError, free_port

ENV_VAR = "ZPUSH_SIM_INTEROP_SOGO"
_user_numbers = itertools.count(1)


@dataclass(frozen=True)
class Sogo:
    """A running SOGo: where to reach it, and the database behind it (for users)."""

    port: int
    db_port: int
    db_socket_dir: str
    pg_bindir: str
    log: str
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def eas_url(self) -> str:
        return self.base_url + sogo.EAS_PATH

    @property
    def dav_url(self) -> str:
        return self.base_url + sogo.DAV_PATH

    @property
    def database(self) -> postgres.Database:
        return postgres.Database(self.db_port, Path(self.db_socket_dir), Path(self.pg_bindir))

    def new_user(self, hint: str, password: str = "interop-secret") -> User:
        """A SOGo account of its own for one test (no state shared between tests)."""
        safe = "".join(c for c in hint.lower() if c.isalnum())[:20] or "user"
        uid = f"{safe}{os.getpid()}n{next(_user_numbers)}"
        user = User(uid, password, f"{uid}@sogo.interop")
        self.database.add_user(uid, password, f"Interop {hint}", user.email)
        return user

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Sogo:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class User:
    login: str
    password: str
    email: str


def _step(timings: dict[str, float], name: str, action: Callable[[], object]) -> None:
    started = time.monotonic()
    action()
    timings[name] = round(time.monotonic() - started, 2)


@contextlib.contextmanager
def sogo_stack(report_dir: Path | None = None) -> Iterator[Sogo]:
    """SOGo with its database and cache on loopback for the block; all stopped after."""
    reason = system.preflight()
    if reason is not None:
        raise StackError(reason)
    timings: dict[str, float] = {}
    started = time.monotonic()
    _step(timings, "apt", system.install_missing)
    bindir = system.postgres_bindir()
    if bindir is None:
        raise StackError("PostgreSQL is installed but no initdb was found")
    work = Path(tempfile.mkdtemp(prefix="zpush-sim-interop-"))
    os.chmod(work, 0o755)
    daemons: list[Daemon] = []
    log = work / "sogod.log"
    try:
        data = work / "pg" / "data"
        _step(timings, "initdb", lambda: postgres.init_cluster(bindir, data, work / "initdb.log"))
        db_port, mc_port, port = free_port(), free_port(), free_port()
        holder: list[postgres.Database] = []

        def start_db() -> None:
            daemon, database = postgres.start(bindir, data, db_port, work / "postgres.log")
            daemons.append(daemon)
            postgres.create_schema(database)
            holder.append(database)

        _step(timings, "postgres", start_db)
        _step(
            timings,
            "memcached",
            lambda: daemons.append(sogo.start_memcached(mc_port, work / "memcached.log")),
        )
        config = sogo.render_config(holder[0], mc_port, port)
        with sogo.installed_config(config):
            _step(timings, "sogod", lambda: daemons.append(sogo.start_sogod(work, port, log)))
            timings["total"] = round(time.monotonic() - started, 2)
            yield Sogo(port, db_port, str(holder[0].socket_dir), str(bindir), str(log), timings)
    finally:
        for daemon in reversed(daemons):
            daemon.stop()
        if report_dir is not None and log.exists():
            report_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, report_dir / "interop-sogod.log")
        shutil.rmtree(work, ignore_errors=True)
