"""The sync engine: FolderSync, then Sync of every enabled class, paging to the end.

Rules, in the order a "sync now" applies them:

1. FolderSync with the hierarchy key ("0" the first time); Status 9 ->
   forget the hierarchy and start again from "0" once (MS-ASCMD 2.2.3.177.5).
2. For each class switched on for the account, each folder of its types:
   SyncKey "0" first (no GetChanges, MS-ASCMD R4598), then GetChanges with
   the profile's WindowSize, again while MoreAvailable is present (B-COL-3).
3. Collection Status 3 (invalid SyncKey) -> drop the folder's items, back
   to "0", resync (MS-ASCMD 2.2.3.177.17); at most twice per folder.
4. AS 12.x sends the Class element; 14.x and later do not (2.2.3.27.4).
5. A class switched off: its folders' local data is removed (iOS removes
   an account's contacts when the Contacts switch is turned off).

Must not: send HTTP itself (`Transport` does) or know how an app shows the
items; Add/Change/Delete land in `simulator.store` as ApplicationData.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eas.commands import CommandError
from eas.commands.foldersync import FolderSyncRequest, FolderSyncResponse, FolderSyncStatus
from eas.commands.sync import (
    Add,
    BodyPreference,
    Change,
    CollectionRequest,
    CollectionResponse,
    Delete,
    SyncRequest,
    SyncResponse,
    SyncStatus,
)
from eas.http import version_key
from eas.tree import Element
from simulator.account import Account
from simulator.profile import Profile, SyncClass
from simulator.store import INITIAL_SYNC_KEY, AccountData, LocalFolder
from simulator.transport import Transport, TransportError

MAX_KEY_RESETS = 2  # rule 3
MAX_ROUNDS = 1000  # a server that never drops MoreAvailable must not hang a test


class SyncError(Exception):
    """The sync stopped.

    ``kind``: unauthorized, unavailable, provisioning, http, protocol or network.
    """

    def __init__(self, kind: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind, self.status = kind, status


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


class SyncEngine:
    def __init__(self, profile: Profile, transport: Transport) -> None:
        self.profile, self.transport = profile, transport

    # -- one request -----------------------------------------------------------

    def _call(self, account: Account, cmd: str, root: Element) -> Element | None:
        """POST ``cmd``; the decoded answer, None for an empty 200 body, else SyncError."""
        try:
            reply = self.transport.command(
                account.endpoint,
                cmd,
                root,
                version=account.protocol_version,
                policy_key=account.policy_key,
            )
        except TransportError as exc:
            raise SyncError("network", str(exc)) from exc
        if reply.status == 401:
            raise SyncError("unauthorized", f"{cmd}: the server refused the login", 401)
        if reply.status == 449:
            # Provisioning is not simulated yet (eas-facts 1 #13-15).
            raise SyncError("provisioning", f"{cmd}: the server asks for provisioning", 449)
        if reply.status == 503:
            retry = reply.headers.get("Retry-After", "?")
            raise SyncError("unavailable", f"{cmd}: server unavailable (retry after {retry})", 503)
        if reply.status != 200:
            raise SyncError("http", f"{cmd}: HTTP {reply.status} {reply.reason}", reply.status)
        if reply.decode_error is not None:
            raise SyncError("protocol", f"{cmd}: undecodable answer: {reply.decode_error}")
        return reply.root

    # -- FolderSync ------------------------------------------------------------

    def folder_sync(self, account: Account, data: AccountData) -> None:
        for _attempt in range(2):
            root = self._call(
                account, "FolderSync", FolderSyncRequest(data.folder_sync_key).to_tree()
            )
            if root is None:
                raise SyncError("protocol", "FolderSync: empty answer")
            try:
                response = FolderSyncResponse.from_tree(root)
            except CommandError as exc:
                raise SyncError("protocol", f"FolderSync: {exc}") from exc
            if response.status == FolderSyncStatus.SYNC_KEY_INVALID:
                data.reset_hierarchy()
                continue
            if response.status != FolderSyncStatus.SUCCESS:
                raise SyncError("protocol", f"FolderSync Status {response.status}", response.status)
            for folder in (*response.add, *response.update):
                data.add_folder(
                    folder.server_id, folder.parent_id, folder.display_name, folder.type
                )
            for server_id in response.delete:
                data.remove_folder(server_id)
            data.folder_sync_key = response.sync_key
            return
        raise SyncError("protocol", "FolderSync: Status 9 again after starting from 0")

    # -- Sync ------------------------------------------------------------------

    def _collection(
        self, account: Account, folder: LocalFolder, sync_class: SyncClass
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
            window_size=self.profile.sync.window_size,
            filter_type=sync_class.filter_type,
            body_preferences=prefs,
        )

    def sync_folder(
        self,
        account: Account,
        folder: LocalFolder,
        sync_class: SyncClass,
        max_rounds: int | None = None,
    ) -> FolderReport:
        report = FolderReport(folder.server_id, folder.display_name, sync_class.key)
        resets = 0
        limit = MAX_ROUNDS if max_rounds is None else max_rounds
        while report.rounds < limit:
            initial = folder.sync_key == INITIAL_SYNC_KEY
            request = SyncRequest(collections=(self._collection(account, folder, sync_class),))
            root = self._call(account, "Sync", request.to_tree())
            if not initial:
                report.rounds += 1
            if root is None:  # MS-ASCMD 2.2.2.20: an empty answer means no changes
                folder.complete = report.complete = True
                break
            try:
                response = self._response_for(SyncResponse.from_tree(root), folder.server_id)
            except CommandError as exc:
                raise SyncError("protocol", f"Sync: {exc}") from exc
            if response.status == SyncStatus.INVALID_SYNC_KEY and resets < MAX_KEY_RESETS:
                resets += 1
                folder.reset()
                continue
            if response.status != SyncStatus.SUCCESS:
                report.error = f"Sync Status {response.status}"
                break
            self._apply(folder, response, report)
            folder.sync_key = response.sync_key or folder.sync_key
            if not initial and not response.more_available:
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
    def _apply(folder: LocalFolder, response: CollectionResponse, report: FolderReport) -> None:
        for command in response.commands:
            if isinstance(command, Add) and command.server_id is not None:
                folder.items[command.server_id] = command.application_data
                report.added += 1
            elif isinstance(command, Change):
                folder.items[command.server_id] = command.application_data
                report.changed += 1
            elif isinstance(command, Delete):
                report.deleted += folder.items.pop(command.server_id, None) is not None

    # -- a whole "sync now" ----------------------------------------------------

    def sync_account(
        self, account: Account, data: AccountData, max_rounds: int | None = None
    ) -> SyncReport:
        report = SyncReport(account.email)
        try:
            self.folder_sync(account, data)
            for sync_class in self.profile.classes:
                folders = data.folders_of_types(sync_class.folder_types)
                for folder in folders:
                    if not account.is_enabled(sync_class.key):
                        folder.reset()  # rule 5
                        continue
                    report.folders.append(self.sync_folder(account, folder, sync_class, max_rounds))
        except SyncError as exc:
            report.error = exc
        return report
