"""`OnOfficeStore`: the onOffice enterprise side (customers, users, addresses, calendar, tasks).

One object over one `Database`, assembled from a class per kind of record,
each owning its tables and the rules onOffice applies whatever the client:
`server.store.users` (B-SET-2, B-MAN-2, login counters),
`server.store.addresses` (B-CON-6, B-CON-7, B-CON-8), `server.store.calendar`
and `server.store.tasks`. ``rules`` are the onOffice settings the mapping
and access code read (`server.rules`; the admin API may replace them),
``clock`` the server's one clock (new records' entry dates), ``passwords``
the hashing of users' passwords (`server.passwords`; plaintext rows of an
older database are hashed when it is opened).

Must not: know EAS or sync state (`SyncStateStore` has that).
"""

from __future__ import annotations

from server.passwords import Passwords, cost_for
from server.rules import OnOfficeRules
from server.store import addresses, calendar, changes, links, tasks, users
from server.store.addresses import AddressTables
from server.store.base import SettingError
from server.store.calendar import CalendarTables
from server.store.changes import ChangeTables
from server.store.db import Database
from server.store.tasks import TaskTables
from server.store.users import UserTables
from zpush_sim.clock import Clock, SystemClock

__all__ = ["OnOfficeStore", "SettingError"]

# changes last: its triggers name the other tables.
SCHEMA = "".join(m.SCHEMA for m in (users, addresses, calendar, tasks, links, changes))


class OnOfficeStore(UserTables, AddressTables, CalendarTables, TaskTables, ChangeTables):
    def __init__(
        self, db: Database, rules: OnOfficeRules | None = None, clock: Clock | None = None
    ) -> None:
        self.db = db
        self.rules = rules if rules is not None else OnOfficeRules()
        self.clock = clock if clock is not None else SystemClock()
        db.create_schema(SCHEMA)
        self.passwords = Passwords(cost_for(db.path))
        self.hash_plaintext_passwords()
