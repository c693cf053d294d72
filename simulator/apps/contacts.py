"""The Contacts app: the synced contacts as the user sees them.

Contacts are listed under their account (B-VIEW-5: only when Contacts is
switched on for it), each by its display name ("First Last", else the
company, else the first e-mail or number, else "No Name"), sorted and
labelled as the profile's app does it (iOS: "mobile", "home", "work" ...).

Must not: change the device's data or talk to the server; it reads the
store through `eas.items.contacts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from eas.items.contacts import ContactItem, contact_from_application_data
from simulator.account import Account
from simulator.profile import ContactsAppSettings, SyncClass
from simulator.store import DeviceStore

NO_NAME = "No Name"


@dataclass(frozen=True)
class LabelledValue:
    label: str
    value: str


@dataclass(frozen=True)
class ContactCard:
    """One contact as the app shows it."""

    display_name: str
    first_name: str
    last_name: str
    company: str
    phones: tuple[LabelledValue, ...]
    emails: tuple[LabelledValue, ...]
    server_id: str
    item: ContactItem  # everything synced, for steps that check a field

    def numbers(self, label: str) -> list[str]:
        return [p.value for p in self.phones if p.label == label]


@dataclass(frozen=True)
class ContactGroup:
    """An account's contacts, as the app lists them under the account's name."""

    account: str
    contacts: tuple[ContactCard, ...]

    @property
    def names(self) -> list[str]:
        return [c.display_name for c in self.contacts]


class ContactsApp:
    def __init__(
        self,
        settings: ContactsAppSettings,
        sync_class: SyncClass,
        accounts: Callable[[], Sequence[Account]],
        store: DeviceStore,
    ) -> None:
        self.settings, self.sync_class = settings, sync_class
        self._accounts, self._store = accounts, store

    def groups(self) -> tuple[ContactGroup, ...]:
        """One group per account with Contacts switched on, in the order they were added."""
        return tuple(
            ContactGroup(account.description, self._cards(account))
            for account in self._accounts()
            if account.is_enabled(self.sync_class.key)
        )

    def contacts(self, account: str | None = None) -> tuple[ContactCard, ...]:
        """All contacts shown, or those of the account with this name or address."""
        groups = self.groups()
        if account is not None:
            wanted = {
                a.description for a in self._accounts() if account in (a.description, a.email)
            }
            groups = tuple(g for g in groups if g.account in wanted)
        cards = [card for group in groups for card in group.contacts]
        return tuple(sorted(cards, key=self._sort_key))

    def names(self, account: str | None = None) -> list[str]:
        return [c.display_name for c in self.contacts(account)]

    def find(self, display_name: str) -> ContactCard | None:
        return next((c for c in self.contacts() if c.display_name == display_name), None)

    # -- building the cards ----------------------------------------------------

    def _cards(self, account: Account) -> tuple[ContactCard, ...]:
        data = self._store.account(account.email)
        cards = [
            self._card(server_id, contact_from_application_data(application_data))
            for folder in data.folders_of_types(self.sync_class.folder_types)
            for server_id, application_data in folder.items.items()
        ]
        return tuple(sorted(cards, key=self._sort_key))

    def _card(self, server_id: str, item: ContactItem) -> ContactCard:
        first = item.get("FirstName") or ""
        last = item.get("LastName") or ""
        company = item.get("CompanyName") or ""
        phones = _labelled(item, self.settings.phone_labels)
        emails = _labelled(item, self.settings.email_labels)
        names = (first, last) if self.settings.display_order == "first_last" else (last, first)
        display = " ".join(n for n in names if n) or company
        if not display:
            display = next((v.value for v in (*emails, *phones)), NO_NAME)
        return ContactCard(display, first, last, company, phones, emails, server_id, item)

    def _sort_key(self, card: ContactCard) -> tuple[str, str, str]:
        first, last = card.first_name.casefold(), card.last_name.casefold()
        primary, secondary = (
            (last, first) if self.settings.sort_order == "last_first" else (first, last)
        )
        return (primary or secondary or card.display_name.casefold(), secondary, card.server_id)


def _labelled(item: ContactItem, labels: Mapping[str, str]) -> tuple[LabelledValue, ...]:
    """The item's values of the labelled fields, in the profile's order of fields."""
    return tuple(
        LabelledValue(label, value)
        for field_name, label in labels.items()
        if (value := item.get(field_name))
    )
