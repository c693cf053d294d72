"""Users' passwords at rest: argon2id hashes (argon2-cffi), verified in comparable time.

`Passwords.hash` is what the store writes; `verify` checks a sent password
against a stored hash; `dummy_verify` spends the same work for a login that
names no user, so that an unknown user and a wrong password take comparable
time (no user-name enumeration by timing).

Cost: a file database gets OWASP's argon2id minimum (19 MiB, 2 passes,
1 lane; OWASP Password Storage Cheat Sheet); an in-memory database, whose
passwords end with the process (the test servers), a light one, so that
hundreds of seeded users stay cheap. Both are real argon2id.

Every EAS request carries Basic credentials, so a verified (hash, password)
pair is remembered as a keyed HMAC (a random per-process key, never the
password) and the next request of that device skips argon2. Only right
passwords are remembered: every wrong one and every unknown user cost a
full verification. Must not: know users or the lockout (`server.auth`).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

HASH_PREFIX = "$argon2"
_REMEMBERED = 4096  # verified pairs kept; the set is emptied when full


@dataclass(frozen=True)
class PasswordCost:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int


STORED = PasswordCost(time_cost=2, memory_cost=19 * 1024, parallelism=1)  # OWASP minimum
IN_MEMORY = PasswordCost(time_cost=1, memory_cost=1024, parallelism=1)


def cost_for(db_path: str) -> PasswordCost:
    return IN_MEMORY if db_path == ":memory:" or "mode=memory" in db_path else STORED


def is_hash(stored: str) -> bool:
    return stored.startswith(HASH_PREFIX)


class Passwords:
    def __init__(self, cost: PasswordCost) -> None:
        self.cost = cost
        self._hasher = PasswordHasher(
            time_cost=cost.time_cost, memory_cost=cost.memory_cost, parallelism=cost.parallelism
        )
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))
        self._key = secrets.token_bytes(32)
        self._verified: set[bytes] = set()
        self._lock = threading.Lock()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        """Whether ``password`` is the one ``stored`` was made from."""
        mark = hmac.new(self._key, f"{stored}\x00{password}".encode(), hashlib.sha256).digest()
        with self._lock:
            if mark in self._verified:
                return True
        try:
            self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        with self._lock:
            if len(self._verified) >= _REMEMBERED:
                self._verified.clear()
            self._verified.add(mark)
        return True

    def dummy_verify(self, password: str) -> None:
        """The work of a wrong password, for a login that names no user."""
        with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
            self._hasher.verify(self._dummy, password)
