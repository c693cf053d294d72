"""What every app of the device shares: reading an account's synced items and editing them.

An app sees the device's EAS accounts through `EasItems` (the items of one
class, per account, each with the id the device knows it by: a ServerId, or
a ClientId while it waits for upload) and changes them through an `Editor`,
which the device implements (new ClientIds, queueing for the next Sync,
uploading at once on a pushing device, invitations).

Must not: talk to the network or choose what is synced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from eas.tree import Element
from simulator.account import Account
from simulator.profile import SyncClass
from simulator.store import DeviceStore


class Editor(Protocol):
    def create(self, account: Account, class_key: str, data: Element) -> str:
        """Store a new item on the device; returns its id (a ClientId)."""
        ...

    def change(self, account: Account, item_id: str, data: Element) -> None: ...

    def delete(self, account: Account, item_id: str) -> None: ...


@dataclass(frozen=True)
class StoredItem:
    account: Account
    folder: str  # the folder's display name (the calendar's or list's name)
    item_id: str
    data: Element


class EasItems:
    """The items of one class across the device's accounts (only where the class is on)."""

    def __init__(
        self,
        sync_class: SyncClass,
        accounts: Callable[[], Sequence[Account]],
        store: DeviceStore,
    ) -> None:
        self.sync_class, self._accounts, self._store = sync_class, accounts, store

    def accounts(self) -> list[Account]:
        return [a for a in self._accounts() if a.is_enabled(self.sync_class.key)]

    def folders(self, account: Account) -> list[str]:
        """The display names of the account's folders of this class."""
        data = self._store.account(account.email)
        return [f.display_name for f in data.folders_of_types(self.sync_class.folder_types)]

    def __iter__(self) -> Iterator[StoredItem]:
        for account in self.accounts():
            data = self._store.account(account.email)
            for folder in data.folders_of_types(self.sync_class.folder_types):
                for item_id, item in folder.shown():
                    yield StoredItem(account, folder.display_name, item_id, item)

    def account(self, name: str | None) -> Account:
        """The account to put a new item in: the one named, else the only (or first) one."""
        accounts = self.accounts()
        if name is not None:
            for account in accounts:
                if name in (account.description, account.email):
                    return account
            raise LookupError(f"no account {name!r} with {self.sync_class.label} switched on")
        if not accounts:
            raise LookupError(f"no account with {self.sync_class.label} switched on")
        return accounts[0]
