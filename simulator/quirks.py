"""Known device bugs as named quirks: the table, and the small hooks the simulator calls.

Each quirk is data (`Quirk`: name, the device-bugs.md number, what the
device then does, the public source) plus, where data cannot say it, one
small function below that the engine, outbox, session, push or transport
asks at one place. A profile's ``[quirks]`` table switches quirks on by
default; ``Device.add_quirk`` (the Gherkin step, ``zpush-sim device
--quirk``) switches one on for one device. Every quirk is off unless
switched on. Sources are read, never copied (device-bugs.md).

Must not: send anything, or change a device's state beyond what the hook
is given.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

from eas.commands.sync import Add, Change, Command
from eas.tree import Element

if TYPE_CHECKING:
    from simulator.profile_types import Profile, SyncClass


@dataclass(frozen=True)
class Quirk:
    name: str
    bug: int | None  # the row of ../shared/reference/device-bugs.md; None: eas-facts.md 4
    does: str
    source: str


QUIRK_TABLE: tuple[Quirk, ...] = (
    # -- the six from eas-facts.md section 4 -----------------------------------
    Quirk(
        "foldersync_key_zero_on_refresh",
        None,
        "FolderSync with SyncKey 0 on every refresh, so the server drops the states",
        "Gmail 2025.11.02, Z-Hub/Z-Push#176",
    ),
    Quirk(
        "new_device_id_on_start",
        23,
        "a new DeviceId at every start: a new partnership and a full resync",
        "Outlook v2408+, Z-Hub/Z-Push#167; TbSync#716",
    ),
    Quirk(
        "one_folder_per_class",
        19,
        "syncs only the first folder of each class",
        "Samsung Email, Outlook 2013/2016 contacts: Horde Device.php 'multiplex'; "
        "tine20#4611; ZP-907",
    ),
    Quirk(
        "login_local_part_after_autodiscover",
        None,
        "logs in with only the local part of the address after autodiscover",
        "iOS, Z-Hub/Z-Push#127",
    ),
    Quirk(
        "calendar_adds_not_uploaded",
        None,
        "appointments created on the device are never uploaded",
        "Outlook v2506, Z-Hub/Z-Push#164",
    ),
    Quirk(
        "stops_ping_after_refused_task",
        None,
        "stops pushing (Ping) after the server refused a task",
        "Outlook, Z-Hub/Z-Push#140",
    ),
    # -- device-bugs.md ----------------------------------------------------------
    Quirk(
        "empty_elements_in_calendar_add",
        1,
        "an appointment made on the phone goes up with empty Location, Reminder, Attendees "
        "and Recurrence elements",
        "iOS 17.6.1, Z-Hub/Z-Push#99, PR#72, PR#120",
    ),
    Quirk(
        "adds_default_reminder",
        8,
        "puts a 15 minute reminder (18 h for all-day) on new appointments that have none",
        "Outlook for Windows: Alinto/sogo ActiveSync/iCalEvent+ActiveSync.m",
    ),
    Quirk(
        "empty_attachment_on_new_event",
        13,
        "a new appointment goes up with an empty attachment (the calendar was switched while "
        "creating it)",
        "iOS 16.2, grommunio-sync commit f0b90a8",
    ),
    Quirk(
        "meeting_without_organizer",
        14,
        "a new appointment with attendees goes up as a meeting without an organizer",
        "iOS 6 / Android: grommunio mapiprovider.php; Horde bug 12056; ZP-1020",
    ),
    Quirk(
        "empty_picture_on_edit",
        16,
        "every edit of a contact carries an empty Picture element",
        "iOS >= 8.2, Horde bug 14361; Z-Push SYNC_CONTACTS_MAXPICTURESIZE",
    ),
    Quirk(
        "needs_aspnet_header_for_16_1",
        29,
        "uses EAS 16.1 only when the OPTIONS answer has an X-AspNet-Version header",
        "Nine: grommunio commit a567bb4; mailcow#6183",
    ),
    Quirk(
        "keeps_items_on_resync",
        9,
        "after Sync Status 3 starts again from SyncKey 0 but keeps its local items: "
        "everything twice",
        "Android 2.x stock calendar, tine20#2109",
    ),
    Quirk(
        "edit_sent_as_add",
        10,
        "an appointment edited on the phone goes up as a new Add",
        "Android 4.1.2, tine20#4023",
    ),
    Quirk(
        "resends_add_after_timeout",
        11,
        "when the answer to a Sync with a new item times out, sends the same Add (same "
        "ClientId) again at once with the previous SyncKey",
        "Horde Importer isDuplicatePIMAddition, bugs 10731 and 12741",
    ),
    Quirk(
        "birthday_at_noon_utc",
        15,
        "writes a birthday as 12:00 UTC of the day",
        "Gmail: tine20#7416, #3368; Horde Device.php normalizePoomContactsDates; KB2563324 1.18",
    ),
    Quirk(
        "partial_change_without_supported",
        17,
        "sends an empty Supported and then, in a Change, only the fields it changed",
        "LG, ZP-481, ZP-302; Horde testMissingSupportedTag",
    ),
    Quirk(
        "wipes_contacts_after_own_add",
        18,
        "after creating a contact, drops every contact of the account at the next sync",
        "Android 4.1.x (HTC, Nexus S), tine20#4268, #4303",
    ),
    Quirk("no_task_sync", 20, "has no task sync over ActiveSync", "stock Android, tine20#4243"),
    Quirk(
        "resends_key_after_bad_item",
        21,
        "cannot store an item with a character outside the Basic Multilingual Plane (an "
        "emoji) and sends the previous SyncKey again",
        "Samsung, iOS, Android: ZP-1213; Z-Hub/Z-Push#154; grommunio-sync#5 (the emoji "
        "trigger is the harness's stand-in for 'an item it cannot take')",
    ),
    Quirk(
        "ignores_status_12",
        22,
        "ignores Sync Status 12 and FolderSync deletes: keeps its old folder ids and "
        "syncs them again from SyncKey 0",
        "Outlook 2013, Horde wiki BrokenClientBehavior; ZP-1077",
    ),
    Quirk(
        "filter_type_change_mid_sync",
        24,
        "when the user changes the calendar's sync window, the next Sync carries the new "
        "FilterType with the SyncKey the device holds, instead of starting the calendar "
        "again from SyncKey 0",
        "several clients: Horde bug 13182; Z-Push-contrib#197 (the server keeps the window, "
        "MS-ASCMD 2.2.3.68.2; items that leave it: SoftDelete, 2.2.3.172)",
    ),
    Quirk(
        "window_size_zero",
        25,
        "asks for WindowSize 0, which Z-Push takes as 512",
        "Outlook 2013+, Z-Push config.php; ZP-477; Horde bug 12443",
    ),
    Quirk(
        "heartbeat_below_minimum",
        26,
        "pings with a 180 s heartbeat and ignores the server's minimum",
        "Outlook mobile, Z-Hub/Z-Push#55 and Z-Push SYNC_TIMEOUT_* (device-bugs.md 26)",
    ),
    Quirk(
        "ignores_449",
        27,
        "ignores HTTP 449 (ProvisioningRequired) and sends the request again instead of "
        "provisioning",
        "Outlook 2013, Remote Connectivity Analyzer: Horde isNonProvisionable; Z-Hub/Z-Push#43",
    ),
    Quirk(
        "basic_auth_latin1",
        28,
        "sends Basic credentials in ISO-8859-1, not UTF-8",
        "Outlook: Z-Push request.php (ZP-864)",
    ),
)
QUIRKS: Mapping[str, str] = MappingProxyType(
    {q.name: f"{q.does} ({q.source})" for q in QUIRK_TABLE}
)

# How often a device with ``ignores_status_12`` tries a folder again before giving up.
STATUS_12_RETRIES = 5
HEARTBEAT_BELOW_MINIMUM = 180  # seconds, Outlook mobile (device-bugs.md 26)
DEFAULT_REMINDER_MINUTES = 15  # Outlook (device-bugs.md 8)
ALL_DAY_REMINDER_MINUTES = 18 * 60
EDITED_PREFIX = "edit-"  # the ClientId of a Change sent as an Add (edit_sent_as_add)


# -- hooks -----------------------------------------------------------------------


def window_size(profile: Profile, asked: int) -> int:
    return 0 if profile.quirks.get("window_size_zero") else asked


def heartbeat(profile: Profile, asked: int) -> int:
    return HEARTBEAT_BELOW_MINIMUM if profile.quirks.get("heartbeat_below_minimum") else asked


def syncs_class(profile: Profile, sync_class: SyncClass) -> bool:
    return not (sync_class.eas_class == "Tasks" and profile.quirks.get("no_task_sync"))


def birthday(profile: Profile, day: date) -> str:
    """The Contacts:Birthday value this device writes for ``day`` (device-bugs.md 15)."""
    clock = "12:00:00" if profile.quirks.get("birthday_at_noon_utc") else "00:00:00"
    return f"{day.isoformat()}T{clock}.000Z"


def basic_credentials(profile: Profile, user: str, password: str) -> str | None:
    """The Authorization value when the device does not send UTF-8; None: the usual."""
    if not profile.quirks.get("basic_auth_latin1"):
        return None
    raw = f"{user}:{password}".encode("iso-8859-1", "replace")
    return "Basic " + base64.b64encode(raw).decode("ascii")


def as_saved(profile: Profile, sync_class: SyncClass, data: Element) -> Element:
    """A new item as the device's own app stores it when the user saves it.

    Outlook puts its default reminder on a new appointment that has none
    (device-bugs.md 8): in its own copy, so the Add and every later Change
    carry it (at 16.x a Change without it would clear it on the server).
    """
    if sync_class.eas_class != "Calendar" or not profile.quirks.get("adds_default_reminder"):
        return data
    reminder = data.find("Calendar:Reminder")
    if reminder is not None and reminder.value:
        return data
    all_day = data.findtext("Calendar:AllDayEvent") == "1"
    minutes = ALL_DAY_REMINDER_MINUTES if all_day else DEFAULT_REMINDER_MINUTES
    kept = [c for c in data.children if c.tag != "Calendar:Reminder"]
    return Element(data.tag, data.value, [*kept, Element("Calendar:Reminder", str(minutes))])


def outgoing(
    profile: Profile,
    sync_class: SyncClass,
    commands: tuple[Command, ...],
    sent_before: Mapping[str, Element],
) -> tuple[Command, ...]:
    """The device's commands as this device really words them.

    ``sent_before``: what the device last got for each ServerId (the whole item),
    for quirks that send only what changed.
    """
    out: list[Command] = []
    calendar = sync_class.eas_class == "Calendar"
    for command in commands:
        if isinstance(command, Add) and calendar:
            data = command.application_data
            if profile.quirks.get("empty_attachment_on_new_event") or profile.quirks.get(
                "meeting_without_organizer"
            ):
                data = _wire_only(profile, data)
                command = Add(data, client_id=command.client_id)
            if profile.quirks.get("empty_elements_in_calendar_add"):
                # Only on the wire: the phone's own copy stays as the user made it.
                data = Element(data.tag, data.value, list(data.children))
                for tag in ("Calendar:Location", "Calendar:Reminder", "Calendar:Attendees",
                            "Calendar:Recurrence"):  # fmt: skip
                    if data.find(tag) is None:
                        data.append(Element(tag))
                command = Add(data, client_id=command.client_id)
        elif (
            isinstance(command, Change)
            and profile.quirks.get("empty_picture_on_edit")
            and (sync_class.eas_class == "Contacts")
        ):
            data = command.application_data
            kept = [c for c in data.children if c.tag != "Contacts:Picture"]
            data = Element(data.tag, None, [*kept, Element("Contacts:Picture")])
            command = Change(command.server_id, data)
        elif isinstance(command, Change) and calendar and profile.quirks.get("edit_sent_as_add"):
            command = Add(command.application_data, client_id=EDITED_PREFIX + command.server_id)
        elif isinstance(command, Change) and profile.quirks.get("partial_change_without_supported"):
            before = sent_before.get(command.server_id)
            if before is not None:
                old = {c.tag: c.value for c in before.children}
                kept = [c for c in command.application_data.children if old.get(c.tag) != c.value]
                command = Change(command.server_id, Element("AirSync:ApplicationData", None, kept))
        out.append(command)
    return tuple(out)


def _wire_only(profile: Profile, data: Element) -> Element:
    """A copy of a new appointment as it leaves the device (device-bugs.md 13, 14)."""
    out = Element(data.tag, data.value, list(data.children))
    if profile.quirks.get("empty_attachment_on_new_event"):
        attachment = Element("AirSyncBase:Attachment", None, [Element("AirSyncBase:DisplayName")])
        out.append(Element("AirSyncBase:Attachments", None, [attachment]))
    if profile.quirks.get("meeting_without_organizer") and data.find("Calendar:Attendees"):
        organizer = ("Calendar:OrganizerName", "Calendar:OrganizerEmail", "Calendar:MeetingStatus")
        out.children = [c for c in out.children if c.tag not in organizer]
        out.append(Element("Calendar:MeetingStatus", "1"))  # a meeting, organised by nobody
    return out


def versions(profile: Profile, offered_headers: Mapping[str, str]) -> tuple[str, ...]:
    """The versions the device asks for, given the OPTIONS answer (device-bugs.md 29)."""
    asked = profile.protocol.versions
    if profile.quirks.get("needs_aspnet_header_for_16_1") and not any(
        name.lower() == "x-aspnet-version" for name in offered_headers
    ):
        return tuple(v for v in asked if v != "16.1")
    return asked


def edited_item(client_id: str) -> str | None:
    """The ServerId an Add stands for when ``edit_sent_as_add`` worded a Change as one."""
    return client_id[len(EDITED_PREFIX) :] if client_id.startswith(EDITED_PREFIX) else None


def cannot_take(profile: Profile, commands: tuple[Command, ...]) -> bool:
    """True when the answer holds an item this device cannot store (device-bugs.md 21)."""
    if not profile.quirks.get("resends_key_after_bad_item"):
        return False
    for command in commands:
        data = getattr(command, "application_data", None)
        if data is not None and any(
            isinstance(n.value, str) and any(ord(ch) > 0xFFFF for ch in n.value)
            for n in data.iter()
        ):
            return True
    return False
