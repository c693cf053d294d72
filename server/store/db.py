"""One SQLite connection, shared by the stores, with one lock for its transactions.

A ``":memory:"`` database exists only inside its connection, so the server
keeps exactly one connection and serialises access with a lock: waitress
serves requests on several threads, and a request's read-compute-write of
sync state must be atomic anyway. `transaction()` is the only way to get
at the connection.

A file database is created readable by its owner only (0600: it holds
password hashes and customers' data). Another process holding the file
longer than ``timeout`` seconds makes a transaction raise `DatabaseBusy`,
which the server answers 503 with Retry-After (never a 500).

Must not: know any table; the stores own their schemas.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class DatabaseBusy(Exception):
    """Another connection held the database past the busy timeout ("database is locked")."""


def _is_busy(exc: BaseException) -> bool:
    # SQLITE_BUSY / SQLITE_LOCKED; sqlite_errorcode exists from Python 3.11.
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _owner_only(path: str) -> None:
    if path == ":memory:" or path.startswith("file:") or not path:
        return
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)  # an older file may have been made 0644


class Database:
    def __init__(self, path: str = ":memory:", timeout: float = 5.0) -> None:
        self.path = path
        _owner_only(path)
        self._connection = sqlite3.connect(
            path, timeout=timeout, check_same_thread=False, isolation_level=None
        )
        self._connection.row_factory = sqlite3.Row
        self._connection.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            # A file (serve): write-ahead log, synced at checkpoints, not at every commit.
            # In the default rollback journal every request's commit (touch_device) waited
            # for an fsync, 10-70 ms, and held the lock meanwhile (issue 12). WAL also lets
            # `zpush-sim admin` read while serve writes. A power cut may lose the last
            # commits, never corrupt the file (SQLite docs, "synchronous" NORMAL in WAL).
            try:
                self._connection.execute("PRAGMA journal_mode = WAL")
                self._connection.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.DatabaseError:
                pass  # not a database at all: the first read says so, to its caller
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one transaction; nested calls join the outer one."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._connection
            except BaseException as exc:
                self._depth -= 1
                if outer and self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
                    raise DatabaseBusy(str(exc)) from exc
                raise
            self._depth -= 1
            if outer:
                try:
                    self._execute("COMMIT")
                except DatabaseBusy:
                    self._connection.execute("ROLLBACK")
                    raise

    def _execute(self, sql: str) -> None:
        try:
            self._connection.execute(sql)
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise DatabaseBusy(str(exc)) from exc
            raise

    def checkpoint_apart(self) -> None:
        """Copy the write-ahead log into the file from a connection of its own.

        A checkpoint syncs the file to disk (tens of ms here); run by SQLite's
        automatic checkpoint it happens inside a commit, under this object's
        lock, and every other request waits. `server.asgi` switches that off
        (`manual_checkpoints`) and calls this from a worker now and then: the
        checkpointer needs no lock of ours, and SQLite lets the writer go on
        (a PASSIVE checkpoint, "Write-Ahead Logging", sqlite.org/wal.html).
        """
        if self.path == ":memory:":
            return
        other = sqlite3.connect(self.path, timeout=5)
        try:
            other.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            other.close()

    def manual_checkpoints(self) -> None:
        """From now on only `checkpoint_apart` checkpoints (a file database in WAL mode)."""
        if self.path != ":memory:":
            with self._lock:
                self._connection.execute("PRAGMA wal_autocheckpoint = 0")

    def create_schema(self, script: str) -> None:
        with self._lock:
            self._connection.executescript(script)

    def close(self) -> None:
        with self._lock:
            self._connection.close()
