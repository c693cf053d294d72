"""Persistence of the reference server, over stdlib `sqlite3`.

Two stores share one `Database` but own separate tables and never read
each other's: `OnOfficeStore` (the CRM: customers, users, addresses,
appointments, tasks) and `SyncStateStore` (Z-Push's side: devices,
hierarchy and collection sync keys). Commands call their methods and never
write SQL.
"""

from server.store.db import Database
from server.store.onoffice import OnOfficeStore
from server.store.syncstate import SyncStateStore

__all__ = ["Database", "OnOfficeStore", "SyncStateStore"]
