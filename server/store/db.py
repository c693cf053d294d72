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

    def create_schema(self, script: str) -> None:
        with self._lock:
            self._connection.executescript(script)

    def close(self) -> None:
        with self._lock:
            self._connection.close()
