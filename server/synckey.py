"""Z-Push sync keys and the one transition table that both FolderSync and Sync follow.

A key is ``{UUID}N`` (Z-Push `statemanager.php`, eas-facts.md 2.2): the UUID
names one synchronisation relationship, N counts its states. The server
stores, per key, what the device holds at that state (folders or item
versions), so that a key is answered from its own state:

    request key    key's state   answer                                     states kept
    -----------    -----------   ----------------------------------------   ------------
    "0"            -             new UUID, state 1 (fresh relationship)     1 only
    {U}N           stored        changes since state N; new key N+1 and     N and N+1
                                 state N+1 if anything was sent, else N
    {U}N           not stored    Sync Status 3 / FolderSync Status 9        unchanged
    anything else  -             Sync Status 3 / FolderSync Status 9        unchanged

Keeping N while issuing N+1 is what lets a device whose response was lost
resend key N and get the same key N+1 and the same items again (eas-facts.md
1 #23, 6); once the device uses N+1, N is dropped (older counters are
cleaned, as Z-Push's FileStateMachine does).

Must not: touch storage (`SyncStateStore`) or decide statuses per mode.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

INITIAL = "0"
_KEY_RE = re.compile(
    r"\{([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}([1-9][0-9]{0,8})"
)


@dataclass(frozen=True)
class SyncKey:
    uuid: str
    counter: int

    def __str__(self) -> str:
        return f"{{{self.uuid}}}{self.counter}"

    @property
    def next(self) -> SyncKey:
        return SyncKey(self.uuid, self.counter + 1)

    @classmethod
    def fresh(cls) -> SyncKey:
        """State 1 of a new relationship (the answer to key "0")."""
        return cls(str(uuid.uuid4()), 1)

    @classmethod
    def parse(cls, text: str) -> SyncKey | None:
        """The key in ``text``; None for "0", garbage, or a key of another server's form."""
        match = _KEY_RE.fullmatch(text.strip())
        return cls(match[1], int(match[2])) if match else None
