"""FolderSync (MS-ASCMD 2.2.1.5): the folder hierarchy, request and response.

Owns the shapes only; which folders a user has, and the hierarchy keys, are
the server's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from eas.commands import CommandError, parse_int
from eas.tree import E, Element

NS = "FolderHierarchy"


class FolderType(IntEnum):
    """MS-ASCMD 2.2.3.186.3 Type (FolderSync)."""

    GENERIC = 1
    INBOX = 2
    DRAFTS = 3
    DELETED_ITEMS = 4
    SENT_ITEMS = 5
    OUTBOX = 6
    TASKS = 7
    CALENDAR = 8
    CONTACTS = 9
    NOTES = 10
    JOURNAL = 11
    USER_MAIL = 12
    USER_CALENDAR = 13
    USER_CONTACTS = 14
    USER_TASKS = 15
    USER_JOURNAL = 16
    USER_NOTES = 17
    UNKNOWN = 18
    RECIPIENT_CACHE = 19


# The EAS class (Sync Class element, MS-ASCMD 2.2.3.27.4) that syncs each folder type.
CLASS_OF_FOLDER_TYPE = {
    FolderType.TASKS: "Tasks",
    FolderType.USER_TASKS: "Tasks",
    FolderType.CALENDAR: "Calendar",
    FolderType.USER_CALENDAR: "Calendar",
    FolderType.CONTACTS: "Contacts",
    FolderType.USER_CONTACTS: "Contacts",
    FolderType.NOTES: "Notes",
    FolderType.USER_NOTES: "Notes",
}


def class_of_folder_type(folder_type: int) -> str:
    """The class a folder of this Type holds ("Contacts"), "" for any other (mail, unknown)."""
    try:
        return CLASS_OF_FOLDER_TYPE.get(FolderType(folder_type), "")
    except ValueError:  # not a FolderType of MS-ASCMD 2.2.3.176.3
        return ""


class FolderSyncStatus(IntEnum):
    """MS-ASCMD 2.2.3.177.5 Status (FolderSync)."""

    SUCCESS = 1
    SERVER_ERROR = 6
    SYNC_KEY_INVALID = 9
    FORMAT_ERROR = 10
    UNKNOWN_ERROR = 11
    CODE_UNKNOWN = 12


@dataclass(frozen=True)
class Folder:
    server_id: str
    parent_id: str
    display_name: str
    type: int

    def to_tree(self, tag: str) -> Element:
        return E(
            f"{NS}:{tag}",
            E("ServerId", self.server_id),
            E("ParentId", self.parent_id),
            E("DisplayName", self.display_name),
            E("Type", str(self.type)),
        )

    @classmethod
    def from_tree(cls, node: Element) -> Folder:
        server_id = node.findtext("ServerId")
        if not server_id:
            raise CommandError(f"{node.name} without ServerId")
        return cls(
            server_id=server_id,
            parent_id=node.findtext("ParentId", "0") or "0",
            display_name=node.findtext("DisplayName", "") or "",
            type=parse_int(node.findtext("Type"), "Type"),
        )


@dataclass(frozen=True)
class FolderSyncRequest:
    sync_key: str

    def to_tree(self) -> Element:
        return E(f"{NS}:FolderSync", E("SyncKey", self.sync_key))

    @classmethod
    def from_tree(cls, root: Element) -> FolderSyncRequest:
        if root.tag != f"{NS}:FolderSync":
            raise CommandError(f"expected FolderSync, got {root.tag}")
        key = root.find("SyncKey")
        if key is None:
            # MS-ASCMD 2.2.3.177.5: a missing SyncKey is a format error (Status 10).
            raise CommandError("FolderSync without SyncKey")
        return cls(sync_key=key.text or "")


@dataclass(frozen=True)
class FolderSyncResponse:
    status: int
    sync_key: str = ""
    add: tuple[Folder, ...] = ()
    update: tuple[Folder, ...] = ()
    delete: tuple[str, ...] = ()

    def to_tree(self) -> Element:
        root = E(f"{NS}:FolderSync", E("Status", str(self.status)))
        if self.status != FolderSyncStatus.SUCCESS:
            return root
        root.add("SyncKey", self.sync_key)
        changes = root.add("Changes")
        changes.add("Count", str(len(self.add) + len(self.update) + len(self.delete)))
        for folder in self.update:
            changes.append(folder.to_tree("Update"))
        for server_id in self.delete:
            changes.append(E(f"{NS}:Delete", E("ServerId", server_id)))
        for folder in self.add:
            changes.append(folder.to_tree("Add"))
        return root

    @classmethod
    def from_tree(cls, root: Element) -> FolderSyncResponse:
        if root.tag != f"{NS}:FolderSync":
            raise CommandError(f"expected FolderSync, got {root.tag}")
        status = parse_int(root.findtext("Status"), "Status")
        changes = root.find("Changes")
        if changes is None:
            return cls(status=status, sync_key=root.findtext("SyncKey", "") or "")
        return cls(
            status=status,
            sync_key=root.findtext("SyncKey", "") or "",
            add=tuple(Folder.from_tree(n) for n in changes.findall("Add")),
            update=tuple(Folder.from_tree(n) for n in changes.findall("Update")),
            delete=tuple(n.findtext("ServerId", "") or "" for n in changes.findall("Delete")),
        )
