"""The device's changes in a Sync request, and what the server said about them.

Rules (MS-ASCMD 2.2.3.7.2 Add, 2.2.3.24 Change, 2.2.3.42.2 Delete, 2.2.3.145
Responses):

1. Items created on the device go as Add with their ClientId; changed ones as
   Change with the whole ApplicationData; deleted ones as Delete.
2. Responses/Add Status 1 gives the item its ServerId: it moves from the
   device's new items to the server's. Any other status: the item stays on
   the device, marked refused, and is not sent again.
3. Responses/Change Status 7 (conflict, the server wins) or 8 (no such
   item): the server's copy, or its Delete, arrives in Commands; nothing to
   keep. A Delete is answered only when it fails (MS-ASCMD 2.2.3.177.17):
   its Status is the outcome's. Status 8 (no such item) leaves nothing to
   delete, so the item stays gone; any other status means the server kept
   the item: the ServerId waits in ``refused_deletes`` with the status, is
   not sent again, and the item comes back with the folder's next resync.
4. Whatever the answer, the changes sent are no longer queued: a failed
   request (no answer) keeps them for the next Sync.

5. The items go in the negotiated version's shape (`eas.items.as16`); at 16.x
   a profile's ``empty_in_calendar_add`` elements go empty into a calendar Add
   when the appointment has no value for them (iOS, device-bugs #1).

Quirks: ``calendar_adds_not_uploaded`` keeps new appointments off the wire
(Outlook v2506, Z-Hub/Z-Push#164); the wording quirks of `simulator.quirks.outgoing`
(device-bugs.md 1, 8, 10, 17) change how the commands are worded.

Must not: send anything; `simulator.engine` puts these in its requests.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from eas.commands.sync import (
    Add,
    AddResult,
    Change,
    ChangeResult,
    Command,
    Delete,
    DeleteResult,
    Result,
)
from eas.items.as16 import is_16, to_wire
from eas.tree import Element
from simulator import quirks
from simulator.profile import Profile, SyncClass
from simulator.store import LocalFolder

SUCCESS = 1
OBJECT_NOT_FOUND = 8  # MS-ASCMD 2.2.3.177.17: the item is not on the server (any more)


@dataclass(frozen=True)
class Outcome:
    """What became of one change made on the device."""

    action: str  # add, change, delete
    item_id: str  # the ClientId of an Add, else the ServerId
    status: int  # the server's Status (1 for a Delete that was not answered)
    server_id: str | None = None


def outgoing(
    folder: LocalFolder, sync_class: SyncClass, profile: Profile, version: str
) -> tuple[Command, ...]:
    """The commands for the device's queued changes in this folder (rules 1, 5)."""
    skip_adds = sync_class.eas_class == "Calendar" and profile.quirk("calendar_adds_not_uploaded")
    adds = (
        ()
        if skip_adds
        else tuple(
            Add(wire_item(sync_class, profile, data, version, add=cid), client_id=cid)
            for cid, data in folder.new.items()
        )
    )
    changes = tuple(
        Change(sid, wire_item(sync_class, profile, folder.items[sid], version))
        for sid in sorted(folder.changed)
    )
    deletes = tuple(Delete(sid) for sid in sorted(folder.deleted))
    return quirks.outgoing(profile, sync_class, (*adds, *changes, *deletes), folder.received)


def settle(
    folder: LocalFolder, sent: tuple[Command, ...], results: tuple[Result, ...]
) -> list[Outcome]:
    """Apply the server's Responses to what was sent (rules 2-4)."""
    answered_adds = {r.client_id: r for r in results if isinstance(r, AddResult)}
    answered_changes = {r.server_id: r for r in results if isinstance(r, ChangeResult)}
    answered_deletes = {r.server_id: r for r in results if isinstance(r, DeleteResult)}
    outcomes: list[Outcome] = []
    for command in sent:
        if isinstance(command, Add) and command.client_id is not None:
            edited = quirks.edited_item(command.client_id)  # quirk edit_sent_as_add
            if edited is not None:
                folder.changed.discard(edited)
                folder.received.pop(edited, None)
            outcomes.append(_settle_add(folder, command.client_id, answered_adds))
        elif isinstance(command, Change):
            folder.changed.discard(command.server_id)
            folder.received.pop(command.server_id, None)
            result = answered_changes.get(command.server_id)
            status = SUCCESS if result is None else result.status
            outcomes.append(Outcome("change", command.server_id, status))
        elif isinstance(command, Delete):
            folder.deleted.discard(command.server_id)
            answer = answered_deletes.get(command.server_id)
            status = SUCCESS if answer is None else answer.status
            if status not in (SUCCESS, OBJECT_NOT_FOUND):
                folder.refused_deletes[command.server_id] = status
            outcomes.append(Outcome("delete", command.server_id, status))
    return outcomes


def _settle_add(folder: LocalFolder, client_id: str, answered: dict[str, AddResult]) -> Outcome:
    data = folder.new.pop(client_id, None)
    result = answered.get(client_id)
    if data is None:
        return Outcome("add", client_id, SUCCESS if result is None else result.status)
    if result is None:
        # MS-ASCMD 2.2.3.145: every Add is answered; no answer is a refusal (Status 6-like).
        folder.refused[client_id] = (data, 0)
        return Outcome("add", client_id, 0)
    if result.status == SUCCESS and result.server_id:
        folder.items[result.server_id] = data
        return Outcome("add", client_id, SUCCESS, result.server_id)
    folder.refused[client_id] = (data, result.status)
    return Outcome("add", client_id, result.status)


def wire_item(
    sync_class: SyncClass, profile: Profile, data: Element, version: str, *, add: str = ""
) -> Element:
    """``data`` as this device sends it at ``version`` (rule 5); ``add``: an Add's ClientId."""
    wire = to_wire(sync_class.eas_class, data, version, client=True, add=bool(add))
    if not (add and is_16(version) and sync_class.eas_class == "Calendar"):
        return wire
    present = {child.tag for child in wire.children}
    if "Calendar:ClientUid" not in present:
        # MS-ASCAL 2.2.2.13: a random id the client keeps for the new event; stable per
        # ClientId so that a resent Add is recognised.
        wire.append(Element("Calendar:ClientUid", str(uuid.uuid5(uuid.NAMESPACE_OID, add))))
    for tag in profile.protocol.empty_in_calendar_add:
        if tag not in present:
            wire.append(Element(tag))
    return wire
