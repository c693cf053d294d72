"""A simulated device: a profile, its transport, its local store, engine and apps.

`Device` is what steps drive, in the user's terms: add an Exchange account
(by address and password, or by hand), switch classes on or off, set how
far back the calendar syncs, "sync now", let time pass (background push or
polling), open the Contacts, Calendar and task apps and change things
there, type a password when asked, open the account settings, switch app
notifications (Android 11), add a CalDAV account (Memotoo), and read the
decoded conversation. Its DeviceId
comes from the ``random.Random`` passed in, so a seeded scenario always
produces the same one; its time from the injected clock.

Must not: contain protocol code (account set-up, engine, session,
transport do) or import the server.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

import requests

from eas.items.calendar import appointment_from_application_data
from eas.tree import Element
from simulator import account as setup
from simulator import quirks
from simulator.account import Account, SetupOutcome, SetupStatus
from simulator.apps.base import EasItems
from simulator.apps.calendar import CalendarApp
from simulator.apps.contacts import ContactsApp
from simulator.apps.mail import MailApp, OutgoingMail
from simulator.apps.tasks import TasksApp
from simulator.caldav import CalDavAccount, CalDavClient
from simulator.conversation import Conversation
from simulator.engine import SyncEngine, SyncError, SyncReport
from simulator.health import event_of
from simulator.invitations import Invitation, send_invitation
from simulator.profile import CALENDAR_WINDOWS, QUIRKS, Profile, SyncClass, load_profile
from simulator.push import Background, BackgroundRun
from simulator.session import EasSession
from simulator.store import DeviceStore
from simulator.transport import Transport
from zpush_sim.clock import Clock

DEFAULT_DESCRIPTION = "Exchange"  # what iOS names a new Exchange account

__all__ = ["Device", "SetupOutcome", "SetupStatus"]


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
        self.clock, self._rng = clock, rng
        self.device_id = self.profile.identity.new_device_id(rng)
        self.conversation = Conversation()
        self.transport = Transport(self.profile, self.device_id, clock, session, self.conversation)
        self.store = DeviceStore()
        self.session = EasSession(self.profile, self.transport)
        self.engine = SyncEngine(self.profile, self.session)
        self._background = Background(self.profile, self.session, self.engine)
        self._accounts: list[Account] = []
        self.caldav_accounts: list[CalDavAccount] = []
        self.last_setup: SetupOutcome | None = None
        self.last_sync: dict[str, SyncReport] = {}
        self.history: list[SyncReport] = []  # every sync, manual, immediate or background
        self.notifications: dict[str, bool] = {}  # app -> all notifications on (Android 11)
        self.calendar_visibility: dict[tuple[str, str], bool] = {}
        self.invitations: list[Invitation] = []
        self.outbox: list[OutgoingMail] = []
        self._pending_invitations: dict[str, str] = {}  # ClientId -> account email
        self._next_client_id = 0

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
        """Settings > Accounts > Add > Exchange: address and password, then "Next".

        On Android a failure offers "try again" (call this again) or manual settings.
        """
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
            self.transport, self.profile, email=email, server=server, password=password,
            login=user, description=description,
        )  # fmt: skip
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
        sync_class = self.profile.sync_class(class_key)  # an unknown switch is a mistake
        target = self.account(account)
        target.enabled[class_key] = enabled
        if not enabled:
            for folder in self.store.account(target.email).folders_of_types(
                sync_class.folder_types
            ):
                folder.reset()

    def enter_password(self, password: str, account: str | None = None) -> None:
        """Type the password the phone asked for (or a changed one, B-CRED-2)."""
        target = self.account(account)
        endpoint = target.endpoint
        target.endpoint = type(endpoint)(endpoint.url, endpoint.user, password)
        target.health.record("password", self.clock.now(), self.profile)

    def open_account_settings(self, account: str | None = None) -> None:
        """Open the account's settings and leave them unchanged: a closed account syncs again."""
        self.account(account).health.record("settings_opened", self.clock.now(), self.profile)

    def alerts(self) -> dict[str, str]:
        """What the phone shows about each account that has a problem, by account name."""
        return {a.description: a.health.alert for a in self._accounts if a.health.alert}

    def add_quirk(self, name: str) -> None:
        """Switch a known device bug on for this device (`simulator.quirks`); KeyError: unknown."""
        if name not in QUIRKS:
            raise KeyError(f"unknown quirk {name!r}; known: {', '.join(QUIRKS)}")
        self._use(replace(self.profile, quirks={**self.profile.quirks, name: True}))

    def set_calendar_window(self, period: str) -> None:
        """Set how far back the calendar syncs (``CALENDAR_WINDOWS``: "2 weeks back", ...).

        The device starts its calendar folders again from SyncKey 0 with the new
        FilterType (the careful way; which clients do so is not documented); with
        quirk ``filter_type_change_mid_sync`` (device-bugs.md 24, the cause it names)
        it keeps its SyncKeys and its next Sync carries the new FilterType.
        """
        sync_class = self.profile.class_for_app("calendar")
        if sync_class is None or period not in CALENDAR_WINDOWS:
            known = ", ".join(CALENDAR_WINDOWS)
            raise KeyError(f"no calendar sync window {period!r} on {self.profile.name}; {known}")
        window = replace(sync_class, filter_type=CALENDAR_WINDOWS[period])
        classes = tuple(window if c.key == sync_class.key else c for c in self.profile.classes)
        self._use(replace(self.profile, classes=classes))
        if self.profile.quirk("filter_type_change_mid_sync"):
            return
        for account in self._accounts:
            data = self.store.account(account.email)
            for folder in data.folders_of_types(sync_class.folder_types):
                folder.resync()  # the user's pending edits wait for the items to come back

    def _use(self, profile: Profile) -> None:
        self.profile = profile
        for part in (self.transport, self.session, self.engine, self._background):
            part.profile = profile

    def restart(self) -> None:
        """Quit and start the app; quirk ``new_device_id_on_start``: a new device to the server."""
        if not self.profile.quirk("new_device_id_on_start"):
            return
        self.device_id = self.transport.device_id = self.profile.identity.new_device_id(self._rng)
        for account in self._accounts:
            account.policy_key = None
            self.store.account(account.email).reset_hierarchy()

    # -- syncing -----------------------------------------------------------------

    def sync(self, account: str | None = None, max_rounds: int | None = None) -> SyncReport:
        """A manual "sync now" of one account; ``max_rounds`` stops paging early (B-COL-3)."""
        return self._sync(self.account(account), max_rounds=max_rounds)

    def sync_all(self) -> tuple[SyncReport, ...]:
        for dav in self.caldav_accounts:
            if dav.enabled:
                CalDavClient(self.transport).sync(dav)
        return tuple(self._sync(a) for a in list(self._accounts))

    def _sync(
        self,
        account: Account,
        *,
        classes: Iterable[SyncClass] | None = None,
        manual: bool = True,
        max_rounds: int | None = None,
    ) -> SyncReport:
        now = self.clock.now()
        if not account.health.may_sync(now, manual=manual):
            report = SyncReport(account.email, error=SyncError("closed", account.health.alert))
        else:
            report = self.engine.sync_account(
                account, self.store.account(account.email), classes=classes,
                max_rounds=max_rounds, refresh=manual,
            )  # fmt: skip
            self._after(account, report)
        self.last_sync[account.email] = report
        return report

    def _after(self, account: Account, report: SyncReport) -> None:
        self.history.append(report)
        if self.profile.sync.mode == "poll" or not account.push_available:
            interval = timedelta(minutes=self.profile.sync.poll_interval_minutes)
            account.next_poll_at = self.clock.now() + interval
        error = report.error
        account.health.record(
            event_of(None if error is None else error.kind),
            self.clock.now(),
            self.profile,
            None if error is None else error.retry_after,
        )
        refused_task = any(
            o.status != 1 for f in report.folder("tasks") + report.folder("reminders")
            for o in f.uploaded
        )  # fmt: skip
        if refused_task and self.profile.quirk("stops_ping_after_refused_task"):
            account.background_stopped = True
        for outcome in report.uploaded:
            if outcome.action == "add" and outcome.item_id in self._pending_invitations:
                self._invite(account, outcome.item_id, outcome.server_id)

    def background(self) -> list[BackgroundRun]:
        """Let the device do what it does in the background by now (push or polling)."""
        now, runs = self.clock.now(), []
        for account in list(self._accounts):
            if account.background_stopped or not account.health.may_sync(now, manual=False):
                continue
            data = self.store.account(account.email)
            run = self._background.run(account, data, self.background_classes(account), now)
            if run.report is not None:
                self._after(account, run.report)
            elif run.error is not None or run.ping is not None:
                kind = None if run.error is None else run.error.kind
                retry = None if run.error is None else run.error.retry_after
                account.health.record(event_of(kind), now, self.profile, retry)
            runs.append(run)
        if self._app_in_background("calendar"):
            for dav in self.caldav_accounts:
                if dav.enabled:
                    CalDavClient(self.transport).sync(dav)
        return runs

    def background_classes(self, account: Account) -> tuple[SyncClass, ...]:
        """The classes the device syncs without being asked (B-VIEW-3 on Android 11)."""
        return tuple(
            c
            for c in self.profile.classes
            if account.is_enabled(c.key) and self._app_in_background(c.app)
        )

    def _app_in_background(self, app: str) -> bool:
        gated = self.profile.background.requires_app_notifications
        return not gated or self.notifications.get(app, True)

    def set_app_notifications(self, app: str, enabled: bool) -> None:
        """Settings > Apps > <app> > Notifications: all on or all off (Android 11)."""
        if self.profile.class_for_app(app) is None and app != "calendar":
            raise KeyError(f"{self.profile.name} has no {app} app")
        self.notifications[app] = enabled

    # -- CalDAV (Memotoo, B-MEMO-1) ----------------------------------------------

    def add_caldav_account(
        self, server: str, user: str, password: str, description: str = "Memotoo"
    ) -> CalDavAccount:
        url = server if "://" in server else f"https://{server}/"
        dav = CalDavAccount(description, url, user, password)
        CalDavClient(self.transport).sync(dav)
        self.caldav_accounts.append(dav)
        return dav

    def caldav_account(self, description: str = "Memotoo") -> CalDavAccount:
        return next(d for d in self.caldav_accounts if d.description == description)

    # -- the user's changes (the apps' Editor) -------------------------------------

    def new_client_id(self) -> str:
        self._next_client_id += 1
        return f"{self.device_id[-6:]}-{self._next_client_id}"

    def create(self, account: Account, class_key: str, data: Element) -> str:
        client_id = self.new_client_id()
        sync_class = self.profile.sync_class(class_key)
        folders = self.store.account(account.email).folders_of_types(sync_class.folder_types)
        if not folders:
            raise LookupError(f"{account.description} has no {sync_class.label} folder yet")
        folders[0].create(client_id, quirks.as_saved(self.profile, sync_class, data))
        invites = sync_class.app == "calendar" and self.profile.invitations == "sendmail"
        if invites and data.find("Calendar:Attendees") is not None:
            self._pending_invitations[client_id] = account.email
        self._changed(account, sync_class)
        return client_id

    def change(self, account: Account, item_id: str, data: Element) -> None:
        folder = self.store.account(account.email).find_item(item_id)
        if folder is None:
            raise LookupError(f"no item {item_id} in {account.description}")
        folder.change(item_id, data)
        self._changed(account, self.engine.class_of(folder))

    def delete(self, account: Account, item_id: str) -> None:
        folder = self.store.account(account.email).find_item(item_id)
        if folder is None:
            raise LookupError(f"no item {item_id} in {account.description}")
        folder.delete(item_id)
        self._changed(account, self.engine.class_of(folder))

    def _changed(self, account: Account, sync_class: SyncClass | None) -> None:
        """A pushing device sends the change at once (B-COL-4); others at the next sync."""
        if sync_class is None or self.profile.sync.mode != "push" or not account.push_available:
            return
        if sync_class in self.background_classes(account) and not account.background_stopped:
            self._sync(account, classes=(sync_class,), manual=False)

    def _invite(self, account: Account, client_id: str, server_id: str | None) -> None:
        del self._pending_invitations[client_id]
        data = self.store.account(account.email)
        folder = data.find_item(server_id or client_id)
        if folder is None:
            return
        stored = dict(folder.shown())[server_id or client_id]
        item = appointment_from_application_data(stored)
        uid = item.uid or f"{self.device_id}-{client_id}"
        invitation = send_invitation(
            self.session, account, item, client_id=client_id, uid=uid, now=self.clock.now()
        )
        self.invitations.append(invitation)

    # -- apps --------------------------------------------------------------------

    def _items(self, app: str) -> EasItems:
        sync_class = self.profile.class_for_app(app)
        if sync_class is None:
            raise LookupError(f"{self.profile.name} syncs nothing for a {app} app")
        return EasItems(sync_class, lambda: self.accounts, self.store)

    @property
    def contacts_app(self) -> ContactsApp:
        contacts = self._items("contacts").sync_class
        return ContactsApp(
            self.profile.contacts_app, contacts, lambda: self.accounts, self.store, self
        )

    @property
    def calendar_app(self) -> CalendarApp:
        return CalendarApp(
            self.profile.apps.calendar, self._items("calendar"), self,
            lambda: self.caldav_accounts, self.calendar_visibility,
            self.profile.apps.new_calendars_visible,
        )  # fmt: skip

    @property
    def tasks_app(self) -> TasksApp:
        """iOS Reminders, an Android task app (B-VIEW-4)."""
        return TasksApp(self.profile.apps.tasks, self._items("tasks"), self, self.clock)

    reminders_app = tasks_app

    @property
    def mail_app(self) -> MailApp:
        """Sending from the account only: onOffice's Z-Push syncs no mail (B-MAIL-1)."""
        return MailApp(
            self.session, lambda: self.account(), self.clock.now, self.new_client_id, self.outbox
        )
