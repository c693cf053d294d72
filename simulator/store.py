"""The device's local data: per account, its folders, their items, sync keys and outbox.

This is what the phone has on disk: the folder hierarchy key, and per folder
its SyncKey, the items the server sent (ServerId -> ApplicationData as
received) and the changes the user made on the device that the next Sync
uploads:

- a new item waits under its ClientId (MS-ASCMD 2.2.3.29.2) until the
  server's Responses/Add gives it a ServerId; if the server refuses it, it
  stays on the device as a local item and is not sent again;
- a changed item is changed in ``items`` at once and its ServerId queued;
- a deleted item leaves ``items`` at once and its ServerId is queued;
- on Sync Status 3 (`LocalFolder.resync`) the server's items go, the
  user's pending changes and deletes wait in ``awaiting`` by ServerId; when
  the resync brings that ServerId back, the user's version wins and is
  queued again; one that never comes back was deleted on the server, and
  its edit goes with it (the server wins, as with Responses Status 8).

Apps read it to show what the user sees; the engine writes it.

Must not: talk to the network or interpret items (the apps turn
ApplicationData into contacts, appointments, tasks with `eas.items`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from eas.tree import Element

INITIAL_SYNC_KEY = "0"  # MS-ASCMD 2.2.3.166: "0" asks for a new partnership


@dataclass
class LocalFolder:
    server_id: str
    parent_id: str
    display_name: str
    type: int
    sync_key: str = INITIAL_SYNC_KEY
    items: dict[str, Element] = field(default_factory=dict)  # ServerId -> ApplicationData
    complete: bool = False  # the last Sync round had no MoreAvailable (B-COL-3)
    new: dict[str, Element] = field(default_factory=dict)  # ClientId -> not yet uploaded
    refused: dict[str, tuple[Element, int]] = field(default_factory=dict)  # ClientId -> status
    changed: set[str] = field(default_factory=set)  # ServerIds changed on the device
    deleted: set[str] = field(default_factory=set)  # ServerIds deleted on the device
    # ServerIds whose Delete the server refused (Status != 1, 8), with the status
    refused_deletes: dict[str, int] = field(default_factory=dict)
    # ServerId -> the user's version (None: deleted), kept over a resync until it comes back
    awaiting: dict[str, Element | None] = field(default_factory=dict)
    # ServerId -> the server's version before the user's change (quirk partial_change_*)
    received: dict[str, Element] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget the partnership, the server's items and the edits of them (class switched off).

        Items created on the device and not yet uploaded stay: they are the user's.
        """
        self.resync()
        self.awaiting.clear()

    def resync(self) -> None:
        """Sync Status 3: start again from SyncKey 0, keeping the user's pending edits.

        Pending Adds stay in ``new``; changed and deleted items wait in
        ``awaiting`` for the server to send their ServerId again (`receive`).
        """
        self.awaiting.update({sid: self.items[sid] for sid in self.changed if sid in self.items})
        self.awaiting.update(dict.fromkeys(self.deleted))
        self.sync_key = INITIAL_SYNC_KEY
        self.items.clear()
        self.changed.clear()
        self.deleted.clear()
        self.refused_deletes.clear()  # the resync brings those items back
        self.complete = False

    def receive(self, server_id: str, data: Element) -> None:
        """An item the server sent as an Add; after a resync the user's pending edit wins."""
        if server_id not in self.awaiting:
            self.items[server_id] = data
            return
        mine = self.awaiting.pop(server_id)
        if mine is None:
            self.deleted.add(server_id)
        else:
            self.items[server_id] = mine
            self.changed.add(server_id)

    def resync_done(self) -> None:
        """The resync has sent everything: an edit still awaiting was of an item now gone."""
        self.awaiting.clear()

    @property
    def has_outgoing(self) -> bool:
        return bool(self.new or self.changed or self.deleted or self.awaiting)

    def shown(self) -> Iterator[tuple[str, Element]]:
        """Every item on the device: the server's, then the device's own, by id."""
        yield from self.items.items()
        yield from ((sid, data) for sid, data in self.awaiting.items() if data is not None)
        yield from self.new.items()
        for client_id, (data, _status) in self.refused.items():
            yield client_id, data

    # -- the user's changes ------------------------------------------------------

    def create(self, client_id: str, data: Element) -> None:
        self.new[client_id] = data

    def change(self, item_id: str, data: Element) -> None:
        if item_id in self.new:
            self.new[item_id] = data  # not uploaded yet: the Add carries the new version
        elif item_id in self.refused:
            self.refused[item_id] = (data, self.refused[item_id][1])
        elif self.awaiting.get(item_id) is not None:
            self.awaiting[item_id] = data  # still waiting for the resync to bring it back
        elif item_id in self.items:
            self.received.setdefault(item_id, self.items[item_id])
            self.items[item_id] = data
            self.changed.add(item_id)
        else:
            raise KeyError(item_id)

    def delete(self, item_id: str) -> None:
        if item_id in self.new or item_id in self.refused:
            self.new.pop(item_id, None)
            self.refused.pop(item_id, None)
            return
        if self.awaiting.get(item_id) is not None:
            self.awaiting[item_id] = None
            return
        if self.items.pop(item_id, None) is None:
            raise KeyError(item_id)
        self.changed.discard(item_id)
        self.deleted.add(item_id)


@dataclass
class AccountData:
    """One account's data on the device."""

    folder_sync_key: str = INITIAL_SYNC_KEY
    folders: dict[str, LocalFolder] = field(default_factory=dict)  # ServerId -> folder

    def add_folder(self, server_id: str, parent_id: str, display_name: str, type: int) -> None:
        existing = self.folders.get(server_id)
        if existing is None:
            self.folders[server_id] = LocalFolder(server_id, parent_id, display_name, type)
            return
        existing.parent_id, existing.display_name, existing.type = parent_id, display_name, type

    def remove_folder(self, server_id: str) -> None:
        self.folders.pop(server_id, None)

    def folders_of_types(self, types: tuple[int, ...]) -> list[LocalFolder]:
        """The folders of these types, the types' order first (default folder first)."""
        order = {t: i for i, t in enumerate(types)}
        found = [f for f in self.folders.values() if f.type in order]
        return sorted(found, key=lambda f: order[f.type])

    def find_item(self, item_id: str) -> LocalFolder | None:
        return next(
            (f for f in self.folders.values() if any(i == item_id for i, _ in f.shown())), None
        )

    def reset_hierarchy(self) -> None:
        """FolderSync Status 9: start again from key 0, dropping all folders."""
        self.folder_sync_key = INITIAL_SYNC_KEY
        self.folders.clear()


class DeviceStore:
    """Every account's data, keyed by the account's id on the device."""

    def __init__(self) -> None:
        self._accounts: dict[str, AccountData] = {}

    def account(self, account_id: str) -> AccountData:
        return self._accounts.setdefault(account_id, AccountData())

    def remove_account(self, account_id: str) -> None:
        self._accounts.pop(account_id, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._accounts)
