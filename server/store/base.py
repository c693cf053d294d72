"""What the onOffice tables share: the database, the rules, the error onOffice refuses with.

`OnOfficeStore` is assembled from one class per kind of record
(`server.store.users`, `.addresses`, `.calendar`, `.tasks`); each derives
from `Tables` and reads and writes only its own tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from server.rules import OnOfficeRules
from server.store import links
from server.store.db import Database
from zpush_sim.clock import Clock


class SettingError(ValueError):
    """An onOffice setting or record that onOffice itself refuses (shown to the admin)."""


class Tables:
    db: Database
    rules: OnOfficeRules
    clock: Clock

    def mark_resend(self, table: str, row_id: int) -> None:
        """The device that just changed this record must get it once more (see `take_resends`)."""
        with self.db.transaction() as conn:
            links.mark_resend(conn, table, row_id)

    def take_resends(self, table: str, among: Iterable[int]) -> set[int]:
        """Records marked since the last call; their versions move on, so the next read differs.

        This is how a device gets the server's form of its own change (a
        rounded reminder, B-APPT-9; the fallback number, B-CON-13) and sees a
        task it completed for one more Sync (B-TASK-12): the Sync that carried
        the change reads the version the device now holds, the next one a newer.
        """
        with self.db.transaction() as conn:
            return links.take_resends(conn, table, among)
