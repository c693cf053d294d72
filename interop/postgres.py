"""A private PostgreSQL cluster for SOGo: initdb in a work folder, one role, one users table.

The cluster belongs to the run, not the machine: ``initdb`` into the work
folder as the ``postgres`` user, the postmaster started in the foreground
on 127.0.0.1 and a free port (its socket in the work folder too), trust
authentication on loopback, fsync off (the data lives for a minute). It
never touches the Debian cluster ``main`` or port 5432.

SOGo's users are rows of the ``sogo_users`` table (peers.md: c_uid, c_name,
c_password, c_cn, mail; plain passwords). SQL goes through ``psql``, which
the postgresql package brings, so no Python driver is needed.

Must not: start SOGo or write its configuration (`interop.sogo` does).
"""

from __future__ import annotations

import os
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

from interop.procs import Daemon, StackError, as_user, port_open, run, wait_until

PG_USER = "postgres"
DB_NAME = DB_ROLE = DB_PASSWORD = "sogo"
USERS_TABLE = "sogo_users"

_SETUP_SQL = f"""
CREATE ROLE {DB_ROLE} LOGIN PASSWORD '{DB_PASSWORD}';
CREATE DATABASE {DB_NAME} OWNER {DB_ROLE};
\\c {DB_NAME}
SET ROLE {DB_ROLE};
CREATE TABLE {USERS_TABLE} (
    c_uid varchar(255) PRIMARY KEY,
    c_name varchar(255) NOT NULL,
    c_password varchar(255) NOT NULL,
    c_cn varchar(255),
    mail varchar(255)
);
"""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Database:
    """How to reach the cluster: port, and the psql / SOGo URLs built from it."""

    port: int
    socket_dir: Path
    bindir: Path

    def url(self, table: str) -> str:
        """A SOGo ``postgresql://`` URL for one table (peers.md)."""
        return f"postgresql://{DB_ROLE}:{DB_PASSWORD}@127.0.0.1:{self.port}/{DB_NAME}/{table}"

    def psql(self, sql: str, database: str = DB_NAME) -> str:
        argv = [
            str(self.bindir / "psql"),
            *("-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER, "-d", database),
            *("-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t"),
        ]
        return run(argv, "psql", stdin=sql)

    def add_user(self, uid: str, password: str, name: str, mail: str) -> None:
        values = ", ".join(_literal(v) for v in (uid, uid, password, name, mail))
        self.psql(
            f"INSERT INTO {USERS_TABLE} (c_uid, c_name, c_password, c_cn, mail) VALUES ({values});"
        )


def init_cluster(bindir: Path, data_dir: Path, log: Path) -> None:
    """``initdb`` as postgres into ``data_dir`` (its parent must be writable by postgres)."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.chown(data_dir.parent, PG_USER, PG_USER)
    argv = as_user(
        PG_USER,
        [
            str(bindir / "initdb"),
            *("-D", str(data_dir), "-U", PG_USER, "-A", "trust"),
            *("-E", "UTF8", "--locale=C", "--no-sync"),
        ],
    )
    log.write_text(run(argv, "initdb", timeout=120))


def start(bindir: Path, data_dir: Path, port: int, log: Path) -> tuple[Daemon, Database]:
    """The postmaster in the foreground; returns once ``psql`` gets an answer."""
    socket_dir = data_dir.parent
    argv = as_user(
        PG_USER,
        [
            str(bindir / "postgres"),
            *("-D", str(data_dir), "-p", str(port), "-h", "127.0.0.1", "-k", str(socket_dir)),
            *("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"),
        ],
    )
    # SIGINT is PostgreSQL's "fast" shutdown: it does not wait for SOGo's connections.
    env = {**os.environ, "LC_ALL": "C"}
    daemon = Daemon.start(
        "postgres", argv, log, env=env, stop_signal=signal.SIGINT, signal_children=False
    )
    database = Database(port, socket_dir, bindir)
    wait_until(lambda: port_open(port) and _answers(database), daemon, "answer on its port")
    return daemon, database


def _answers(database: Database) -> bool:
    try:
        database.psql("SELECT 1;", database="postgres")
    except StackError:
        return False
    return True


def create_schema(database: Database) -> None:
    database.psql(_SETUP_SQL, database="postgres")
