"""``zpush-sim replay LOG --as PROFILE``: the log's user actions, done by one of our devices.

Byte-for-byte replay shows what a server answers to *that* device; this
shows what *our* profile would have sent for the same user. The log is
read as user actions:

    the log                                   the simulated device
    ---------------------------------------   ------------------------------------------
    OPTIONS (first, or again: a re-setup)     add the account by hand (again), sync
    a Sync carrying the device's Add,         the same edit in the app's store (Add with
      Change or Delete                        the log's data; Change/Delete of the item
                                              with the same title), then sync
    a Ping answered "changes" (Status 2)      the server's new items in onOffice, then the
                                              device's background sync (push)

On the embedded target the items the log's server sent are put into
onOffice before the set-up that first got them. Each action prints what the
log's device did and got, and what the profile did and got.

Must not: send HTTP itself (the device's transport does) or parse the log.
"""

from __future__ import annotations

import random

from eas.tree import Element
from server.config import ACTIVESYNC_HOST as HOST
from simulator.device import Device
from zpush_sim.clock import SystemClock
from zpush_sim.hosts import HostsSession
from zpush_sim.network import Network
from zpush_sim.replay.gherkin import title_of
from zpush_sim.replay.replayer import class_of, decode
from zpush_sim.replay.rewrite import collections, text
from zpush_sim.replay.targets import EmbeddedTarget, Target
from zpush_sim.replay.zlog import LoggedRequest


def replay_as(logged: list[LoggedRequest], target: Target, profile: str) -> list[str]:
    if isinstance(target, EmbeddedTarget):
        with Network() as network:
            network.route(HOST, target.app)
            return _Run(logged, target, profile, None).run()
    return _Run(logged, target, profile, HostsSession({"*": target.url}, only_mapped=True)).run()


class _Run:
    def __init__(
        self,
        logged: list[LoggedRequest],
        target: Target,
        profile: str,
        session: HostsSession | None,
    ) -> None:
        self.logged, self.target = logged, target
        self.device = Device(
            profile, clock=SystemClock(), rng=random.Random(profile), session=session
        )
        self.folder_class: dict[str, str] = {}
        self.titles: dict[str, tuple[str, str]] = {}  # log ServerId -> (class, title)
        self.seeded: set[str] = set()
        self.lines: list[str] = []

    def run(self) -> list[str]:
        setups = 0
        for index, r in enumerate(self.logged):
            answer = decode(r.response.data if r.response else None)[0]
            if r.command == "FolderSync" and answer is not None:
                for add in answer.findall("Changes/Add"):
                    kind = class_of(text(add, "Type"))
                    if kind:
                        self.folder_class[text(add, "ServerId")] = kind
            if r.command == "OPTIONS":
                setups += 1
                self._setup(index, again=setups > 1)
            elif r.command == "Sync":
                self._learn(answer)
                sent = decode(r.request.data if r.request and not r.request.truncated else None)[0]
                self._edits(r, sent, answer)
            elif r.command == "Ping" and answer is not None and answer.findtext("Status") == "2":
                self._push(index, r)
        return self.lines

    # -- actions -----------------------------------------------------------

    def _setup(self, index: int, again: bool) -> None:
        end = next((i for i, r in enumerate(self.logged[index + 1 :], index + 1)
                    if r.command == "OPTIONS"), len(self.logged))  # fmt: skip
        self._seed_until(index, end, stop_at_edit=True)
        device = self.device
        if again:
            device.remove_account()
        outcome = device.add_account_manually(
            f"{self.target.login}@onoffice.de", HOST, self.target.password, user=self.target.login
        )
        for sync_class in device.profile.classes:
            if device.accounts:
                device.set_class_enabled(sync_class.key, True)
        report = device.sync() if outcome.verified else None
        shown = (
            ""
            if report is None
            else ", ".join(
                f"{f.display_name} {f.added} added in {f.rounds} rounds" for f in report.folders
            )
        )
        what = "re-setup" if again else "set-up"
        log_part = f"log #{self.logged[index].n}: the device's {what}"
        self.lines.append(
            f"{log_part} | {device.profile.name}: {outcome.shown}; {shown or 'no sync'}"
        )

    def _edits(self, r: LoggedRequest, sent: Element | None, answer: Element | None) -> None:
        account = self.device.accounts[0] if self.device.accounts else None
        before = len(self.device.history)  # a pushing device sends each edit at once
        did: list[str] = []
        for folder_id, coll in collections(sent).items():
            kind = self.folder_class.get(folder_id, "")
            block = coll.find("Commands")
            if block is None or account is None:
                continue
            for command in block.children:
                did.append(self._edit(account, kind, command))
        if not did:
            return
        statuses = [
            s.text for s in (answer.iter() if answer is not None else []) if s.name == "Status"
        ]
        report = self.device.sync()
        got = [f"{o.action} {o.status}" for r in self.device.history[before:] for o in r.uploaded]
        self.lines.append(
            f"log #{r.n}: {'; '.join(did)} -> Status {', '.join(filter(None, statuses))} | "
            f"{self.device.profile.name}: sent {', '.join(got) or 'nothing'}"
            + (f" ({report.error})" if report.error else "")
        )

    def _edit(self, account: object, kind: str, command: Element) -> str:
        device = self.device
        sync_class = next((c for c in device.profile.classes if c.eas_class == kind), None)
        data = command.find("ApplicationData")
        title = self.titles.get(text(command, "ServerId"), (kind, "?"))[1]
        if sync_class is None:
            return f"{command.name} of a {kind} item: the profile has no {kind}"
        if command.name == "Add" and data is not None:
            device.create(device.account(), sync_class.key, data)
            return f"Add {title_of(kind, data)!r}"
        item = self._find(kind, title)
        if item is None:
            return f"{command.name} {title!r}: not on the device"
        if command.name == "Delete":
            device.delete(device.account(), item)
        elif data is not None:
            device.change(device.account(), item, data)
        return f"{command.name} {title!r}"

    def _push(self, index: int, r: LoggedRequest) -> None:
        self._seed_until(index + 1, index + 2, stop_at_edit=False)
        runs = self.device.background()
        added = sum(f.added for run in runs if run.report for f in run.report.folders)
        self.lines.append(
            f"log #{r.n}: Ping Status 2, then the new item | "
            f"{self.device.profile.name}: background sync, {added} added"
        )

    # -- helpers -----------------------------------------------------------

    def _find(self, kind: str, title: str) -> str | None:
        account = self.device.accounts[0]
        for folder in self.device.store.account(account.email).folders.values():
            for server_id, data in folder.items.items():
                if title_of(kind, data) == title:
                    return server_id
        return None

    def _learn(self, answer: Element | None) -> None:
        for folder_id, coll in collections(answer).items():
            kind = self.folder_class.get(folder_id, "")
            for add in coll.findall("Commands/Add"):
                self.titles[text(add, "ServerId")] = (
                    kind,
                    title_of(kind, add.find("ApplicationData")),
                )

    def _seed_until(self, start: int, end: int, stop_at_edit: bool) -> None:
        folder_class = dict(self.folder_class)
        for r in self.logged[start:end]:
            answer = decode(r.response.data if r.response else None)[0]
            sent = decode(r.request.data if r.request and not r.request.truncated else None)[0]
            if r.command == "FolderSync" and answer is not None:
                for add in answer.findall("Changes/Add"):
                    folder_class[text(add, "ServerId")] = class_of(text(add, "Type"))
            if stop_at_edit and any(
                c.find("Commands") is not None for c in collections(sent).values()
            ):
                return
            for folder_id, coll in collections(answer).items():
                for add in coll.findall("Commands/Add"):
                    sid, data = text(add, "ServerId"), add.find("ApplicationData")
                    kind = folder_class.get(folder_id, "")
                    self.titles[sid] = (kind, title_of(kind, data))
                    if data is not None and sid not in self.seeded:
                        self.seeded.add(sid)
                        self.target.seed(kind, data)
