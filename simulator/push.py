"""Background sync: Ping push with the profile's heartbeat, or polling at its interval.

The device's background work runs when the scenario lets time pass (the
injected clock moves; nothing sleeps). One run per account:

- push (B-COL-4): a Ping on the folders of the classes allowed in the
  background, with the heartbeat in use (MS-ASCMD 2.2.1.13). The server's
  answer stands for what the pending Ping would have returned by now:
  Status 1 (heartbeat expired, nothing new) -> nothing; 2 -> Sync the folders
  it names; 5 -> take the server's HeartbeatInterval and Ping again; 6 ->
  Ping fewer folders; 7 -> FolderSync and a full sync. A server that
  refuses Ping (HTTP 500, as Z-Push does for a command it lacks) -> the
  account falls back to polling at the profile's interval.
- poll: a sync of the allowed classes once the interval has passed since
  the last one.

Must not: decide whether background sync is allowed at all (closed
accounts, Android 11's notification settings: the device does) or send HTTP
itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from eas.commands import CommandError
from eas.commands.ping import PingFolder, PingRequest, PingResponse, PingStatus
from simulator import quirks
from simulator.account import Account
from simulator.engine import SyncEngine, SyncReport
from simulator.profile import Profile, SyncClass
from simulator.session import EasSession, SyncError
from simulator.store import INITIAL_SYNC_KEY, AccountData

HTTP_NOT_SUPPORTED = (500, 501)


@dataclass
class BackgroundRun:
    """What one background run did: the Ping's answer (push) and the sync it led to."""

    account: str
    ping: PingResponse | None = None
    report: SyncReport | None = None
    error: SyncError | None = None

    @property
    def synced(self) -> bool:
        return self.report is not None


class Background:
    def __init__(self, profile: Profile, session: EasSession, engine: SyncEngine) -> None:
        self.profile, self.session, self.engine = profile, session, engine

    def run(
        self, account: Account, data: AccountData, classes: tuple[SyncClass, ...], now: datetime
    ) -> BackgroundRun:
        done = BackgroundRun(account.email)
        if not classes:
            return done
        pushing = self.profile.sync.mode == "push" and account.push_available
        try:
            unsent = pushing and self._outgoing(data, classes)
            if data.folder_sync_key == INITIAL_SYNC_KEY or unsent:
                done.report = self.engine.sync_account(
                    account, data, classes=classes, refresh=False
                )
            elif pushing:
                self._ping(account, data, classes, now, done)
            elif account.next_poll_at is None or now >= account.next_poll_at:
                done.report = self.engine.sync_account(
                    account, data, classes=classes, refresh=False
                )
        except SyncError as exc:
            done.error = exc
        if done.report is not None and done.report.error is not None:
            done.error = done.report.error
        if not pushing and (done.report is not None or account.next_poll_at is None):
            account.next_poll_at = now + timedelta(minutes=self.profile.sync.poll_interval_minutes)
        return done

    def _outgoing(self, data: AccountData, classes: tuple[SyncClass, ...]) -> bool:
        return any(
            folder.has_outgoing for c in classes for folder in data.folders_of_types(c.folder_types)
        )

    def _ping(
        self,
        account: Account,
        data: AccountData,
        classes: tuple[SyncClass, ...],
        now: datetime,
        done: BackgroundRun,
    ) -> None:
        folders = [
            PingFolder(folder.server_id, c.eas_class)
            for c in classes
            for folder in self.engine.folders_to_sync(account, data, c)
        ]
        for _attempt in range(2):
            asked = account.heartbeat_seconds or self.profile.sync.heartbeat_seconds
            heartbeat = quirks.heartbeat(self.profile, asked)  # device-bugs.md 26
            try:
                root = self.session.call(
                    account,
                    "Ping",
                    PingRequest(heartbeat, tuple(folders)).to_tree(),
                    held_seconds=heartbeat,
                )
            except SyncError as exc:
                if exc.kind == "http" and exc.status in HTTP_NOT_SUPPORTED:
                    account.push_available = False  # no push here: poll from now on
                    account.next_poll_at = now
                    return
                raise
            if root is None:
                raise SyncError("protocol", "Ping: empty answer")
            try:
                done.ping = response = PingResponse.from_tree(root)
            except CommandError as exc:
                raise SyncError("protocol", f"Ping: {exc}") from exc
            if response.status == PingStatus.INVALID_HEARTBEAT and response.heartbeat_interval:
                account.heartbeat_seconds = response.heartbeat_interval
                continue
            if response.status == PingStatus.TOO_MANY_FOLDERS and response.max_folders:
                folders = folders[: response.max_folders]
                continue
            break
        self._after_ping(account, data, classes, done)

    def _after_ping(
        self,
        account: Account,
        data: AccountData,
        classes: tuple[SyncClass, ...],
        done: BackgroundRun,
    ) -> None:
        response = done.ping
        if response is None or response.status == PingStatus.EXPIRED:
            return
        if response.status == PingStatus.CHANGES:
            done.report = self.engine.sync_folders(account, data, response.folders)
        elif response.status == PingStatus.FOLDER_SYNC_REQUIRED:
            done.report = self.engine.sync_account(account, data, classes=classes, refresh=False)
        else:
            raise SyncError("protocol", f"Ping Status {response.status}", response.status)
