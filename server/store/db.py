"""One SQLite connection, shared by the stores, with one lock for its transactions.

A ``":memory:"`` database exists only inside its connection, so the server
keeps exactly one connection and serialises access with a lock: waitress
serves requests on several threads, and a request's read-compute-write of
sync state must be atomic anyway. `transaction()` is the only way to get
at the connection.

Must not: know any table; the stores own their schemas.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Database:
    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
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
                self._connection.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._connection
            except BaseException:
                self._depth -= 1
                if outer:
                    self._connection.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._connection.execute("COMMIT")

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
