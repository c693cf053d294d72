"""The device's local data: per account, its folders, their items and sync keys.

This is what the phone has on disk: the folder hierarchy key, and per folder
its SyncKey and items (ServerId -> ApplicationData as received). Apps read it
to show what the user sees; the engine writes it from Sync responses.

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

    def reset(self) -> None:
        """Forget the partnership and the items (Sync Status 3, class switched off)."""
        self.sync_key = INITIAL_SYNC_KEY
        self.items.clear()
        self.complete = False


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
        return [f for f in self.folders.values() if f.type in types]

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
