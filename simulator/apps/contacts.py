"""The Contacts app: the synced contacts as the user sees them.

Contacts are listed under their account (B-VIEW-5: only when Contacts is
switched on for it), each by its display name ("First Last", else the
company, else the first e-mail or number, else "No Name"), sorted and
labelled as the profile's app does it (iOS: "mobile", "home", "work" ...).

The user can create, edit and delete contacts, and change or delete one
phone number (B-CON-11/12): changes go through the device's `Editor` and
up with the next Sync.

Must not: talk to the server; it reads the store through `eas.items.contacts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from eas.items.contacts import (
    ContactItem,
    contact_from_application_data,
    contact_to_application_data,
)
from simulator.account import Account
from simulator.apps.base import Editor
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
    server_id: str  # the id the device knows it by (a ClientId until uploaded)
    item: ContactItem  # everything synced, for steps that check a field
    account_email: str = ""

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
        editor: Editor | None = None,
    ) -> None:
        self.settings, self.sync_class = settings, sync_class
        self._accounts, self._store, self._editor = accounts, store, editor

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
            self._card(item_id, contact_from_application_data(application_data), account.email)
            for folder in data.folders_of_types(self.sync_class.folder_types)
            for item_id, application_data in folder.shown()
        ]
        return tuple(sorted(cards, key=self._sort_key))

    def _card(self, server_id: str, item: ContactItem, account_email: str) -> ContactCard:
        first = item.get("FirstName") or ""
        last = item.get("LastName") or ""
        company = item.get("CompanyName") or ""
        phones = _labelled(item, self.settings.phone_labels)
        emails = _labelled(item, self.settings.email_labels)
        names = (first, last) if self.settings.display_order == "first_last" else (last, first)
        display = " ".join(n for n in names if n) or company
        if not display:
            display = next((v.value for v in (*emails, *phones)), NO_NAME)
        return ContactCard(
            display, first, last, company, phones, emails, server_id, item, account_email
        )

    def _sort_key(self, card: ContactCard) -> tuple[str, str, str]:
        first, last = card.first_name.casefold(), card.last_name.casefold()
        primary, secondary = (
            (last, first) if self.settings.sort_order == "last_first" else (first, last)
        )
        return (primary or secondary or card.display_name.casefold(), secondary, card.server_id)

    # -- the user's changes ------------------------------------------------------

    def create(self, account: str | None = None, **fields: str) -> str:
        """A new contact with EAS fields (FirstName=..., MobilePhoneNumber=...); its id.

        The app adds the FileAs its client builds (the profile's ``file_as``)
        unless the fields name one.
        """
        target = self._target(account)
        values = dict(fields)
        file_as = build_file_as(values, self.settings.file_as)
        if file_as and "FileAs" not in values:
            values["FileAs"] = file_as
        data = contact_to_application_data(ContactItem(values))
        return self._edit().create(target, self.sync_class.key, data)

    def edit(self, display_name: str, **fields: str | None) -> None:
        """Set (or, with None, clear) EAS fields of the contact shown under this name."""
        card = self._find(display_name)
        values = {k: v for k, v in {**card.item.fields, **fields}.items() if v is not None}
        if self.settings.file_as_on_change and "FileAs" not in fields:
            file_as = build_file_as(values, self.settings.file_as)
            if file_as:
                values["FileAs"] = file_as
        item = ContactItem(values, card.item.categories, card.item.body)
        account = self._account_of(card)
        self._edit().change(account, card.server_id, contact_to_application_data(item))

    def change_number(self, display_name: str, label: str, number: str) -> None:
        """Change the number shown with this label (the first field with it, B-CON-11)."""
        self.edit(display_name, **{self._field_for(display_name, label): number})

    def delete_number(self, display_name: str, label: str) -> None:
        """Delete the number shown with this label (B-CON-12)."""
        self.edit(display_name, **{self._field_for(display_name, label): None})

    def delete(self, display_name: str) -> None:
        card = self._find(display_name)
        self._edit().delete(self._account_of(card), card.server_id)

    def _field_for(self, display_name: str, label: str) -> str:
        card = self._find(display_name)
        for name, shown in (
            *self.settings.phone_labels.items(),
            *self.settings.email_labels.items(),
        ):
            if shown == label and card.item.get(name):
                return name
        raise LookupError(f"{display_name!r} has no number labelled {label!r}")

    def _find(self, display_name: str) -> ContactCard:
        card = self.find(display_name)
        if card is None:
            raise LookupError(f"no contact {display_name!r}; shown: {self.names()}")
        return card

    def _edit(self) -> Editor:
        if self._editor is None:
            raise RuntimeError("this contacts app is read-only")
        return self._editor

    def _account_of(self, card: ContactCard) -> Account:
        return next(a for a in self._accounts() if a.email == card.account_email)

    def _target(self, name: str | None) -> Account:
        accounts = [a for a in self._accounts() if a.is_enabled(self.sync_class.key)]
        for account in accounts:
            if name is None or name in (account.description, account.email):
                return account
        raise LookupError(f"no account {name or ''} with contacts switched on")


def _labelled(item: ContactItem, labels: Mapping[str, str]) -> tuple[LabelledValue, ...]:
    """The item's values of the labelled fields, in the profile's order of fields."""
    return tuple(
        LabelledValue(label, value)
        for field_name, label in labels.items()
        if (value := item.get(field_name))
    )


def build_file_as(fields: Mapping[str, str], order: str) -> str | None:
    """The FileAs a client builds from the contact's fields, or None (MS-ASCNTC 2.2.2.30).

    ``last_first``: "Last, First" (Android's alternative display name, Outlook's
    default File As); ``first_last``: "First Last" (TbSync). Without a name the
    company, then the first e-mail address; ``none``: the client sends none.
    """
    if order == "none":
        return None
    first, last = fields.get("FirstName", ""), fields.get("LastName", "")
    if first and last:
        name = f"{last}, {first}" if order == "last_first" else f"{first} {last}"
    else:
        name = first or last
    emails = (fields.get(f"Email{n}Address", "") for n in (1, 2, 3))
    return name or fields.get("CompanyName") or next((e for e in emails if e), None)
