"""A simulated phone: a profile, its transport, its local store, engine and apps.

`Device` is what steps drive, in the user's terms: add an Exchange account
(by address and password, or by hand), switch classes on or off, "sync
now", open the Contacts app, read the decoded conversation. Its DeviceId
comes from the ``random.Random`` passed in, so a seeded scenario always
produces the same one; its time from the injected clock.

Must not: contain protocol code (account set-up, engine, transport do) or
import the server.
"""

from __future__ import annotations

import random

import requests

from simulator import account as setup
from simulator.account import Account, SetupOutcome, SetupStatus
from simulator.apps.contacts import ContactsApp
from simulator.conversation import Conversation
from simulator.engine import SyncEngine, SyncReport
from simulator.profile import Profile, load_profile
from simulator.store import DeviceStore
from simulator.transport import Transport
from zpush_sim.clock import Clock

DEFAULT_DESCRIPTION = "Exchange"  # what iOS names a new Exchange account


class Device:
    def __init__(
        self,
        profile: Profile | str,
        *,
        clock: Clock,
        rng: random.Random,
        session: requests.Session | None = None,
    ) -> None:
        self.profile = load_profile(profile) if isinstance(profile, str) else profile
        self.clock = clock
        self.device_id = self.profile.identity.new_device_id(rng)
        self.conversation = Conversation()
        self.transport = Transport(self.profile, self.device_id, clock, session, self.conversation)
        self.store = DeviceStore()
        self.engine = SyncEngine(self.profile, self.transport)
        self._accounts: list[Account] = []
        self.last_setup: SetupOutcome | None = None
        self.last_sync: dict[str, SyncReport] = {}

    def __repr__(self) -> str:
        return f"Device({self.profile.name!r}, device_id={self.device_id!r})"

    # -- accounts ----------------------------------------------------------------

    @property
    def accounts(self) -> tuple[Account, ...]:
        return tuple(self._accounts)

    def account(self, name: str | None = None) -> Account:
        """The account with this description or address; the only one if no name is given."""
        if name is None:
            if len(self._accounts) != 1:
                raise LookupError(f"{len(self._accounts)} accounts on the device; name one")
            return self._accounts[0]
        for account in self._accounts:
            if name in (account.description, account.email):
                return account
        raise LookupError(f"no account {name!r} on the device")

    def add_exchange_account(
        self, email: str, password: str, description: str = DEFAULT_DESCRIPTION
    ) -> SetupOutcome:
        """Settings > Accounts > Add > Exchange: address and password, then "Next"."""
        outcome = setup.add_by_autodiscover(
            self.transport, self.profile, email, password, description
        )
        return self._keep(outcome)

    def add_account_manually(
        self,
        email: str,
        server: str,
        password: str,
        user: str | None = None,
        description: str = DEFAULT_DESCRIPTION,
    ) -> SetupOutcome:
        """ "Configure manually": address, server, user name (default: the address), password."""
        outcome = setup.add_manually(
            self.transport,
            self.profile,
            email=email,
            server=server,
            password=password,
            login=user,
            description=description,
        )
        return self._keep(outcome)

    def _keep(self, outcome: SetupOutcome) -> SetupOutcome:
        self.last_setup = outcome
        if outcome.status is SetupStatus.VERIFIED and outcome.account is not None:
            self._accounts.append(outcome.account)
        return outcome

    def remove_account(self, name: str | None = None) -> None:
        account = self.account(name)
        self._accounts.remove(account)
        self.store.remove_account(account.email)

    def set_class_enabled(self, class_key: str, enabled: bool, account: str | None = None) -> None:
        """Flip a switch in the account settings (Contacts, Calendars, Reminders, Notes)."""
        self.profile.sync_class(class_key)  # an unknown switch is a mistake in the scenario
        self.account(account).enabled[class_key] = enabled
        if not enabled:
            data = self.store.account(self.account(account).email)
            for folder in data.folders_of_types(self.profile.sync_class(class_key).folder_types):
                folder.reset()

    # -- syncing -----------------------------------------------------------------

    def sync(self, account: str | None = None, max_rounds: int | None = None) -> SyncReport:
        """A manual "sync now" of one account; ``max_rounds`` stops paging early (B-COL-3)."""
        target = self.account(account)
        report = self.engine.sync_account(target, self.store.account(target.email), max_rounds)
        self.last_sync[target.email] = report
        return report

    def sync_all(self) -> tuple[SyncReport, ...]:
        return tuple(self.sync(a.email) for a in list(self._accounts))

    # -- apps --------------------------------------------------------------------

    @property
    def contacts_app(self) -> ContactsApp:
        contacts = next(c for c in self.profile.classes if c.app == "contacts")
        return ContactsApp(self.profile.contacts_app, contacts, lambda: self.accounts, self.store)
