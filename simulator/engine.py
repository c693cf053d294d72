"""The sync engine: FolderSync, then Sync of every enabled class, paging to the end.

Rules, in the order a sync applies them:

1. FolderSync with the hierarchy key ("0" the first time); Status 9 ->
   forget the hierarchy and start again from "0" once (MS-ASCMD 2.2.3.177.5).
   Quirk ``foldersync_key_zero_on_refresh``: a manual refresh always sends
   "0" and keeps the local folders (Gmail 2025.11.02, Z-Hub/Z-Push#176).
2. For each class switched on for the account, each folder of its types
   (only the first with quirk ``one_folder_per_class``): SyncKey "0" first
   (no GetChanges, MS-ASCMD R4598), then GetChanges with the profile's
   WindowSize and the device's own changes (`simulator.outbox`), again while
   MoreAvailable is present (B-COL-3) or changes are still queued.
3. Collection Status 3 (invalid SyncKey) -> drop the folder's server items,
   back to "0", resync (MS-ASCMD 2.2.3.177.17); at most twice per folder.
   The user's pending Adds, Changes and Deletes are kept (`LocalFolder.resync`)
   and sent once the resync brings their ServerIds back, as phones do;
   edits of items that do not come back are dropped when the resync ends.
   Status 12 (hierarchy changed) -> FolderSync, then the folder again once.
4. AS 12.x sends the Class element; 14.x and later do not (2.2.3.27.4).
   Items are read and sent in the negotiated version's shape (16.x:
   `eas.items.as16`); the store keeps one shape.
5. A class switched off: its folders' local data is removed (iOS removes
   an account's contacts when the Contacts switch is turned off).
6. Device bugs switched on as quirks change these rules at named places
   (`simulator.quirks`, device-bugs.md): ``window_size_zero`` (25),
   ``no_task_sync`` (20), ``keeps_items_on_resync`` (9, rule 3),
   ``ignores_status_12`` (22, rules 1 and 3), ``resends_key_after_bad_item``
   (21), ``wipes_contacts_after_own_add`` (18), ``resends_add_after_timeout`` (11).

Requests go through `simulator.session` (provisioning, HTTP errors).

Must not: know how an app shows the items; Add/Change/Delete land in
`simulator.store` as ApplicationData.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from eas.commands import CommandError
from eas.commands.foldersync import FolderSyncRequest, FolderSyncResponse, FolderSyncStatus
from eas.commands.sync import (
    Add,
    BodyPreference,
    Change,
    CollectionRequest,
    CollectionResponse,
    Command,
    Delete,
    SyncRequest,
    SyncResponse,
    SyncStatus,
)
from eas.http import version_key
from eas.items.as16 import from_wire
from simulator import quirks
from simulator.account import Account
from simulator.outbox import Outcome, outgoing, settle
from simulator.profile import Profile, SyncClass
from simulator.session import EasSession, SyncError
from simulator.store import INITIAL_SYNC_KEY, AccountData, LocalFolder

__all__ = ["FolderReport", "SyncEngine", "SyncError", "SyncReport"]

MAX_KEY_RESETS = 2  # rule 3
MAX_ROUNDS = 1000  # a server that never drops MoreAvailable must not hang a test


@dataclass
class FolderReport:
    folder_id: str
    display_name: str
    class_key: str
    rounds: int = 0  # GetChanges rounds (the SyncKey 0 request brings no data)
    added: int = 0
    changed: int = 0
    deleted: int = 0
    complete: bool = False
    error: str | None = None
    uploaded: list[Outcome] = field(default_factory=list)  # the device's changes, answered


@dataclass
class SyncReport:
    account: str
    folders: list[FolderReport] = field(default_factory=list)
    error: SyncError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and all(f.error is None for f in self.folders)

    def folder(self, class_key: str) -> list[FolderReport]:
        return [f for f in self.folders if f.class_key == class_key]

    @property
    def uploaded(self) -> list[Outcome]:
        return [o for f in self.folders for o in f.uploaded]


class SyncEngine:
    def __init__(self, profile: Profile, session: EasSession) -> None:
        self.profile, self.session = profile, session

    # -- FolderSync ------------------------------------------------------------

    def folder_sync(self, account: Account, data: AccountData, refresh: bool = False) -> None:
        from_zero = refresh and self.profile.quirk("foldersync_key_zero_on_refresh")
        key = INITIAL_SYNC_KEY if from_zero else data.folder_sync_key
        for _attempt in range(2):
            root = self.session.call(account, "FolderSync", FolderSyncRequest(key).to_tree())
            if root is None:
                raise SyncError("protocol", "FolderSync: empty answer")
            try:
                response = FolderSyncResponse.from_tree(root)
            except CommandError as exc:
                raise SyncError("protocol", f"FolderSync: {exc}") from exc
            if response.status == FolderSyncStatus.SYNC_KEY_INVALID:
                data.reset_hierarchy()
                key = INITIAL_SYNC_KEY
                continue
            if response.status != FolderSyncStatus.SUCCESS:
                raise SyncError("protocol", f"FolderSync Status {response.status}", response.status)
            for folder in (*response.add, *response.update):
                data.add_folder(
                    folder.server_id, folder.parent_id, folder.display_name, folder.type
                )
            for server_id in response.delete:
                if not self.profile.quirk("ignores_status_12"):  # keeps its old folder ids
                    data.remove_folder(server_id)
            data.folder_sync_key = response.sync_key
            return
        raise SyncError("protocol", "FolderSync: Status 9 again after starting from 0")

    # -- Sync ------------------------------------------------------------------

    def folders_to_sync(
        self, account: Account, data: AccountData, sync_class: SyncClass
    ) -> list[LocalFolder]:
        folders = data.folders_of_types(sync_class.folder_types)
        if self.profile.quirk("one_folder_per_class"):
            return folders[:1]
        return folders

    def _collection(
        self,
        account: Account,
        folder: LocalFolder,
        sync_class: SyncClass,
        commands: tuple[Command, ...],
    ) -> CollectionRequest:
        class_name = (
            sync_class.eas_class if version_key(account.protocol_version) < (14, 0) else None
        )
        if folder.sync_key == INITIAL_SYNC_KEY:
            return CollectionRequest(INITIAL_SYNC_KEY, folder.server_id, class_name=class_name)
        prefs = (
            (BodyPreference(sync_class.body_type, sync_class.body_truncation),)
            if sync_class.body_type is not None
            else ()
        )
        return CollectionRequest(
            folder.sync_key,
            folder.server_id,
            class_name=class_name,
            get_changes=True,
            window_size=quirks.window_size(self.profile, self.profile.sync.window_size),
            filter_type=sync_class.filter_type,
            body_preferences=prefs,
            commands=commands,
        )

    def sync_folder(
        self,
        account: Account,
        data: AccountData,
        folder: LocalFolder,
        sync_class: SyncClass,
        max_rounds: int | None = None,
    ) -> FolderReport:
        report = FolderReport(folder.server_id, folder.display_name, sync_class.key)
        resets = refolders = retried = 0
        limit = MAX_ROUNDS if max_rounds is None else max_rounds
        version = account.protocol_version
        while report.rounds < limit:
            initial = folder.sync_key == INITIAL_SYNC_KEY
            sent = () if initial else outgoing(folder, sync_class, self.profile, version)
            request = SyncRequest(
                collections=(self._collection(account, folder, sync_class, sent),)
            )
            try:
                root = self.session.call(account, "Sync", request.to_tree())
            except SyncError as exc:
                resend = self.profile.quirk("resends_add_after_timeout") and exc.kind == "network"
                if not (resend and not retried and any(isinstance(c, Add) for c in sent)):
                    raise
                retried += 1  # the same request again: same ClientId, previous SyncKey
                continue
            if not initial:
                report.rounds += 1
            if root is None:  # MS-ASCMD 2.2.2.20: an empty answer means no changes
                report.uploaded += settle(folder, sent, ())
                folder.complete = report.complete = True
                break
            try:
                response = self._response_for(SyncResponse.from_tree(root), folder.server_id)
            except CommandError as exc:
                raise SyncError("protocol", f"Sync: {exc}") from exc
            if response.status == SyncStatus.INVALID_SYNC_KEY and resets < MAX_KEY_RESETS:
                resets += 1
                kept = dict(folder.items) if self.profile.quirk("keeps_items_on_resync") else {}
                folder.resync()
                folder.items.update({f"kept-{sid}": data for sid, data in kept.items()})
                continue
            if response.status == SyncStatus.FOLDER_HIERARCHY_CHANGED and self.profile.quirk(
                "ignores_status_12"
            ):
                refolders += 1
                if refolders > quirks.STATUS_12_RETRIES:
                    report.error = "Sync Status 12 again and again"
                    break
                folder.sync_key = INITIAL_SYNC_KEY  # no FolderSync: the same folder from 0
                continue
            if response.status == SyncStatus.FOLDER_HIERARCHY_CHANGED and refolders < 1:
                refolders += 1
                self.folder_sync(account, data)
                if data.folders.get(folder.server_id) is not folder:
                    report.error = "the folder is gone from the server"
                    break
                continue
            if response.status != SyncStatus.SUCCESS:
                report.error = f"Sync Status {response.status}"
                break
            if not sent and quirks.cannot_take(self.profile, response.commands):
                continue  # device-bugs.md 21: the previous SyncKey again
            outcomes = settle(folder, sent, response.responses)
            report.uploaded += outcomes
            try:
                self._apply(folder, response, report, sync_class.eas_class, version)
            except CommandError as exc:  # an item the version's shape cannot read
                raise SyncError("protocol", f"Sync: {exc}") from exc
            if (
                self.profile.quirk("wipes_contacts_after_own_add")
                and sync_class.eas_class == ("Contacts")
                and any(o.action == "add" and o.status == 1 for o in outcomes)
            ):
                folder.items.clear()  # device-bugs.md 18
            folder.sync_key = response.sync_key or folder.sync_key
            if not initial and not response.more_available:
                folder.resync_done()  # every item is back: what still awaits is gone (rule 3)
            pending = bool(outgoing(folder, sync_class, self.profile, version))
            if not initial and not response.more_available and not pending:
                folder.complete = report.complete = True
                break
            folder.complete = False
        return report

    @staticmethod
    def _response_for(response: SyncResponse, collection_id: str) -> CollectionResponse:
        if response.status is not None and response.status != SyncStatus.SUCCESS:
            return CollectionResponse(collection_id, response.status)
        for collection in response.collections:
            if collection.collection_id in (collection_id, ""):
                return collection
        raise CommandError(f"no Collection {collection_id} in the answer")

    @staticmethod
    def _apply(
        folder: LocalFolder,
        response: CollectionResponse,
        report: FolderReport,
        eas_class: str = "",
        version: str = "14.1",  # below 16.0 the items need no conversion
    ) -> None:
        for command in response.commands:
            if isinstance(command, Add) and command.server_id is not None:
                folder.receive(
                    command.server_id, from_wire(eas_class, command.application_data, version)
                )
                report.added += 1
            elif isinstance(command, Change):
                data = from_wire(eas_class, command.application_data, version)
                folder.items[command.server_id] = data
                folder.changed.discard(command.server_id)  # MS-ASCMD 2.2.3.177.17: server wins
                report.changed += 1
            elif isinstance(command, Delete):
                folder.changed.discard(command.server_id)  # nothing left to change
                report.deleted += folder.items.pop(command.server_id, None) is not None

    # -- a whole sync ----------------------------------------------------------

    def sync_account(
        self,
        account: Account,
        data: AccountData,
        *,
        classes: Iterable[SyncClass] | None = None,
        max_rounds: int | None = None,
        refresh: bool = True,
    ) -> SyncReport:
        """FolderSync, then the given classes (default: all the profile's)."""
        report = SyncReport(account.email)
        wanted = tuple(self.profile.classes if classes is None else classes)
        try:
            self.folder_sync(account, data, refresh=refresh)
            for sync_class in wanted:
                if not quirks.syncs_class(self.profile, sync_class):
                    continue
                for folder in self.folders_to_sync(account, data, sync_class):
                    if not account.is_enabled(sync_class.key):
                        folder.reset()  # rule 5
                        continue
                    report.folders.append(
                        self.sync_folder(account, data, folder, sync_class, max_rounds)
                    )
        except SyncError as exc:
            report.error = exc
        return report

    def sync_folders(
        self, account: Account, data: AccountData, folder_ids: Iterable[str]
    ) -> SyncReport:
        """Sync just these folders (after a Ping named them), without a FolderSync."""
        report = SyncReport(account.email)
        try:
            for folder_id in folder_ids:
                folder = data.folders.get(folder_id)
                sync_class = self.class_of(folder)
                if folder is None or sync_class is None or not account.is_enabled(sync_class.key):
                    continue
                report.folders.append(self.sync_folder(account, data, folder, sync_class))
        except SyncError as exc:
            report.error = exc
        return report

    def class_of(self, folder: LocalFolder | None) -> SyncClass | None:
        if folder is None:
            return None
        return next((c for c in self.profile.classes if folder.type in c.folder_types), None)
