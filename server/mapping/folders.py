"""The folders a user's device gets in FolderSync, as one table (B-SET-3, B-MAIL-1).

A Z-Push/onOffice account has at most three folders, all at the top level:
appointments need only the Z-Push setting, contacts and tasks each their
own setting; e-mail folders are never offered. ServerIds are fixed per
folder so that they are the same across re-syncs from key 0 and across
devices (MS-ASCMD S04_TC04, eas-facts.md 1 #20).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from eas.commands.foldersync import FolderType
from server.model import User

ROOT = "0"  # MS-ASCMD 2.2.3.123: ParentId 0 is the root


@dataclass(frozen=True)
class FolderDef:
    server_id: str
    display_name: str
    type: FolderType
    class_name: str  # the EAS class its items are (Sync Class, MS-ASCMD 2.2.3.27.4)
    enabled: Callable[[User], bool]


FOLDERS: tuple[FolderDef, ...] = (
    FolderDef("calendar", "Calendar", FolderType.CALENDAR, "Calendar", lambda user: True),
    FolderDef("contacts", "Contacts", FolderType.CONTACTS, "Contacts", lambda u: u.contacts),
    FolderDef("tasks", "Tasks", FolderType.TASKS, "Tasks", lambda user: user.tasks),
)


def folders_for(user: User) -> tuple[FolderDef, ...]:
    """The folders the user has now, in the table's order."""
    return tuple(folder for folder in FOLDERS if folder.enabled(user))


def folder_by_id(user: User, server_id: str) -> FolderDef | None:
    return next((f for f in folders_for(user) if f.server_id == server_id), None)
