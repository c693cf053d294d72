"""Ping (MS-ASCMD 2.2.1.13): the long poll on a set of folders, both directions.

A Ping without HeartbeatInterval or Folders reuses the previous Ping's
(the server's cache); the response names the changed folders (Status 2) or
the limit that was broken (Status 5: HeartbeatInterval, 6: MaxFolders).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from eas.commands import CommandError, optional_int, parse_int
from eas.tree import E, Element

NS = "Ping"


class PingStatus(IntEnum):
    """MS-ASCMD 2.2.3.177.13 Status (Ping)."""

    EXPIRED = 1  # the heartbeat interval passed without changes
    CHANGES = 2
    MISSING_PARAMETERS = 3
    SYNTAX_ERROR = 4
    INVALID_HEARTBEAT = 5
    TOO_MANY_FOLDERS = 6
    FOLDER_SYNC_REQUIRED = 7
    SERVER_ERROR = 8


@dataclass(frozen=True)
class PingFolder:
    id: str
    class_name: str  # Email, Calendar, Contacts, Tasks, Notes (MS-ASCMD 2.2.3.27.5)


@dataclass(frozen=True)
class PingRequest:
    heartbeat_interval: int | None = None
    folders: tuple[PingFolder, ...] = ()

    def to_tree(self) -> Element:
        root = E(f"{NS}:Ping")
        if self.heartbeat_interval is not None:
            root.add("HeartbeatInterval", str(self.heartbeat_interval))
        if self.folders:
            root.append(
                E(
                    f"{NS}:Folders",
                    *(
                        E(f"{NS}:Folder", E("Id", f.id), E("Class", f.class_name))
                        for f in self.folders
                    ),
                )
            )
        return root

    @classmethod
    def from_tree(cls, root: Element) -> PingRequest:
        if root.tag != f"{NS}:Ping":
            raise CommandError(f"expected Ping, got {root.tag}")
        folders = []
        for node in root.findall("Folders/Folder"):
            folder_id, class_name = node.findtext("Id"), node.findtext("Class")
            if not folder_id or not class_name:
                raise CommandError("Ping Folder needs Id and Class")
            folders.append(PingFolder(folder_id, class_name))
        return cls(
            heartbeat_interval=optional_int(
                root.findtext("HeartbeatInterval"), "HeartbeatInterval"
            ),
            folders=tuple(folders),
        )


@dataclass(frozen=True)
class PingResponse:
    status: int
    folders: tuple[str, ...] = ()  # with Status 2: the changed folders' ids
    heartbeat_interval: int | None = None  # with Status 5: the nearest allowed value
    max_folders: int | None = None  # with Status 6

    def to_tree(self) -> Element:
        root = E(f"{NS}:Ping", E("Status", str(self.status)))
        if self.folders:
            root.append(E(f"{NS}:Folders", *(E(f"{NS}:Folder", f) for f in self.folders)))
        if self.max_folders is not None:
            root.add("MaxFolders", str(self.max_folders))
        if self.heartbeat_interval is not None:
            root.add("HeartbeatInterval", str(self.heartbeat_interval))
        return root

    @classmethod
    def from_tree(cls, root: Element) -> PingResponse:
        if root.tag != f"{NS}:Ping":
            raise CommandError(f"expected Ping, got {root.tag}")
        return cls(
            status=parse_int(root.findtext("Status"), "Ping/Status"),
            folders=tuple(f.text or "" for f in root.findall("Folders/Folder")),
            heartbeat_interval=optional_int(
                root.findtext("HeartbeatInterval"), "HeartbeatInterval"
            ),
            max_folders=optional_int(root.findtext("MaxFolders"), "MaxFolders"),
        )
