"""The log's SyncKeys, PolicyKeys and ServerIds, mapped to the target's own.

A replayed request must carry what the *target* handed out, not what the
log's server did. Each answer pair (the log's, the target's) teaches the
map (`KeyMap.learn`); each request is rewritten with it before it is sent
(`KeyMap.rewrite`):

    element                                   learnt from
    ---------------------------------------   ------------------------------------------
    FolderSync/SyncKey, Sync Collection        the SyncKey of the same answer (folder
      SyncKey                                  hierarchy, or the mapped collection)
    CollectionId, Ping Folder/Id, folder       FolderSync Add: same Type, then same
      ServerId/ParentId                        DisplayName
    item ServerId (Sync Change/Delete/Fetch)   the log's item seeded on the target, or
                                               the n-th Add of the same answer, or the
                                               Responses/Add of the same ClientId
    X-MS-PolicyKey, Provision PolicyKey        Provision answers (phase 2 makes it final)

A value the map does not know is sent as the log has it.
Must not: send anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eas.tree import Element

INITIAL_KEY = "0"
_FOLDER_ID_TAGS = frozenset(
    {"AirSync:CollectionId", "Ping:Id", "FolderHierarchy:ServerId", "FolderHierarchy:ParentId"}
)


def text(node: Element, path: str) -> str:
    """An element's text, or "" when it is absent or empty."""
    return node.findtext(path) or ""


def _folders(root: Element | None) -> list[tuple[str, str, str]]:
    """(ServerId, Type, DisplayName) of a FolderSync answer's Adds."""
    if root is None:
        return []
    return [
        (text(a, "ServerId"), text(a, "Type"), text(a, "DisplayName"))
        for a in root.findall("Changes/Add")
    ]


def collections(root: Element | None) -> dict[str, Element]:
    if root is None:
        return {}
    return {text(c, "CollectionId"): c for c in root.findall("Collections/Collection")}


@dataclass
class KeyMap:
    keys: dict[str, str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    policy_keys: dict[str, str] = field(default_factory=dict)
    policy_key: str = INITIAL_KEY  # what the replayed device sends as X-MS-PolicyKey

    # -- requests ----------------------------------------------------------

    def rewrite(self, root: Element) -> Element:
        """Replace, in place, every value the target knows by another name; return ``root``."""
        for node in root.iter():
            text = node.value if isinstance(node.value, str) else None
            if text is None:
                continue
            if node.name == "SyncKey" and text != INITIAL_KEY:
                node.value = self.keys.get(text, text)
            elif node.tag in _FOLDER_ID_TAGS:
                node.value = self.folders.get(text, text)
            elif node.tag == "AirSync:ServerId":
                node.value = self.items.get(text, text)
            elif node.tag == "Provision:PolicyKey":
                node.value = self.policy_keys.get(text, text)
        return root

    def target_folder(self, log_folder: str) -> str:
        return self.folders.get(log_folder, log_folder)

    # -- answers -----------------------------------------------------------

    def learn(
        self, cmd: str, request: Element | None, log: Element | None, target: Element | None
    ) -> None:
        if log is None or target is None:
            return
        if cmd == "FolderSync":
            self._pair(log.findtext("SyncKey"), target.findtext("SyncKey"), self.keys)
            self._learn_folders(log, target)
        elif cmd == "Sync":
            self._learn_sync(log, target)
        elif cmd == "Provision":
            log_key = log.findtext("Policies/Policy/PolicyKey")
            target_key = target.findtext("Policies/Policy/PolicyKey")
            self._pair(log_key, target_key, self.policy_keys)
            acknowledging = request is not None and request.find("Policies/Policy/PolicyKey")
            if acknowledging is not None and target_key:
                self.policy_key = target_key  # phase 2: the final key (MS-ASPROV 3.1.5.1)

    def reset_policy(self) -> None:
        """A new account set-up (OPTIONS) starts again without a key."""
        self.policy_key = INITIAL_KEY

    @staticmethod
    def _pair(log_value: str | None, target_value: str | None, into: dict[str, str]) -> None:
        if log_value and target_value and log_value != INITIAL_KEY:
            into[log_value] = target_value

    def _learn_folders(self, log: Element, target: Element) -> None:
        free = _folders(target)
        for server_id, kind, name in _folders(log):
            match = next((f for f in free if f[1] == kind and f[2] == name), None)
            match = match or next((f for f in free if f[1] == kind), None)
            if match is not None:
                free.remove(match)
                self.folders[server_id] = match[0]

    def _learn_sync(self, log: Element, target: Element) -> None:
        theirs = collections(target)
        for log_id, coll in collections(log).items():
            mine = theirs.get(self.target_folder(log_id))
            if mine is None:
                continue
            self._pair(coll.findtext("SyncKey"), mine.findtext("SyncKey"), self.keys)
            log_adds = [text(a, "ServerId") for a in coll.findall("Commands/Add")]
            target_adds = [text(a, "ServerId") for a in mine.findall("Commands/Add")]
            for log_sid, target_sid in zip(log_adds, target_adds, strict=False):
                self.items.setdefault(log_sid, target_sid)
            answered = {
                text(a, "ClientId"): text(a, "ServerId") for a in mine.findall("Responses/Add")
            }
            for add in coll.findall("Responses/Add"):
                log_sid = text(add, "ServerId")
                target_sid = answered.get(text(add, "ClientId"), "")
                if log_sid and target_sid:
                    self.items[log_sid] = target_sid
