"""ActiveSync 16.x item shapes: between the 14.x ApplicationData `eas.items` reads and writes
and what goes on the wire at 16.0 and 16.1.

`eas.items` keeps one shape (the 12.x-14.1 one); both sides convert at the
wire with `to_wire` (before sending) and `from_wire` (after receiving), so
the mapping rules never see a version. Below 16.0 both are the identity.

Calendar at 16.x (MS-ASCAL 2.2.2, MS-ASAIRS 2.2.2):

- ``Calendar:Location`` becomes ``AirSyncBase:Location`` with a
  ``DisplayName`` (MS-ASAIRS 2.2.2.27; MS-ASCAL 2.2.2.27: Location is not
  used at 16.x), also inside an Exception.
- An Exception names its occurrence by ``AirSyncBase:InstanceId``
  (MS-ASAIRS 2.2.2.25; MS-ASCAL 2.2.2.22: ExceptionStartTime is not used
  at 16.x), an ISO 8601 date-time.
- An all-day event carries no ``Calendar:Timezone`` (MS-ASCAL 2.2.2.42:
  16.x all-day events are in floating time; device-bugs #2).
- A client's Add carries ``Calendar:ClientUid`` and no ``UID`` (MS-ASCAL
  2.2.2.13, 2.2.2.46: the server makes the UID at 16.x); a client's Change
  carries neither.
- A client sends no ``OrganizerName``/``OrganizerEmail`` (MS-ASCAL 2.2.2.35,
  2.2.2.36), no ``AttendeeStatus`` (2.2.2.5), and an ``AttendeeType`` for
  every attendee (2.2.2.6).
- A client's ``AirSyncBase:Body`` has ``Type`` and ``Data`` only
  (MS-ASAIRS 2.2.2.9: EstimatedDataSize and Truncated are response elements).

- A client's Change leaves out what did not change: at 16.x every top-level
  calendar element not present is ghosted (MS-ASCAL 3.1.5.3), so the server
  keeps its own value (`with_ghosted`; device-bugs #17). A value the user
  removed goes as an empty element, which clears it (`CLEARABLE`).

Reading is lenient as a server must be with real phones: iOS sends empty
``<AirSyncBase:Location/>``, ``<Reminder/>``, ``<Attendees/>`` and
``<Recurrence/>`` in its 16.x Add (device-bugs #1, Z-Hub/Z-Push#99); an
empty element means "not set" and is dropped. Contacts (MS-ASCNTC) and tasks
(MS-ASTASK) have the same shape at 16.x as at 14.1 and pass through.

Must not: know onOffice rules or device quirks; a device's extra elements
are its profile's business (`simulator`).
"""

from __future__ import annotations

from eas.http import version_key
from eas.items.dates import compact, extended, parse
from eas.tree import E, Element

CALENDAR = "Calendar"
# Elements a 16.x client leaves out of a calendar item, top level or in an Exception.
_NOT_FROM_CLIENT = ("Calendar:OrganizerName", "Calendar:OrganizerEmail", "Calendar:UID")
# Empty elements iOS sends at 16.x that mean "not set".
_EMPTY_MEANS_UNSET = (
    "AirSyncBase:Location",
    "Calendar:Location",
    "Calendar:Reminder",
    "Calendar:Attendees",
    "Calendar:Recurrence",
    "Calendar:Exceptions",
    "Calendar:Categories",
    "AirSyncBase:Body",
)


# Top-level elements a 16.x client's Change sends empty when the item has no value:
# left out they would be ghosted and keep the server's value.
CLEARABLE = (
    "AirSyncBase:Location",
    "Calendar:Reminder",
    "Calendar:Recurrence",
    "Calendar:Categories",
    "AirSyncBase:Body",
)


def is_16(version: str) -> bool:
    return version_key(version) >= (16, 0)


def to_wire(
    class_name: str, data: Element, version: str, *, client: bool, add: bool = False
) -> Element:
    """``data`` (14.x shape) as ``version`` sends it; ``client`` for a request, ``add`` an Add."""
    if class_name != CALENDAR or not is_16(version):
        return data
    out = _copy(data)
    all_day = out.findtext("Calendar:AllDayEvent") == "1"
    uid = out.findtext("Calendar:UID")
    children: list[Element] = []
    for child in out.children:
        if child.tag == "Calendar:Timezone" and all_day:
            continue
        if client and child.tag in _NOT_FROM_CLIENT:
            continue
        if child.tag == "Calendar:Location" and not child.text:
            continue  # no place: no Location at all
        children.append(_calendar_child_out(child, client))
    if client and add and uid:
        children.append(E("Calendar:ClientUid", uid))
    if client and not add:
        present = {child.tag for child in children}
        children += [Element(tag) for tag in CLEARABLE if tag not in present]
    out.children = children
    return out


def from_wire(class_name: str, data: Element, version: str, *, change: bool = False) -> Element:
    """``data`` as ``version`` sent it, in the 14.x shape `eas.items` reads.

    An empty element means "not set" and is dropped, except in a ``change``,
    where it clears the value and stays (empty) for `with_ghosted`.
    """
    if class_name != CALENDAR or not is_16(version):
        return data
    out = _copy(data)
    children: list[Element] = []
    client_uid = None
    has_uid = out.find("Calendar:UID") is not None
    for child in out.children:
        if child.tag in _EMPTY_MEANS_UNSET and _empty(child):
            if change:
                location = child.tag == "AirSyncBase:Location"
                children.append(Element("Calendar:Location") if location else child)
            continue
        if child.tag == "Calendar:ClientUid":
            client_uid = child.text
            continue
        children.append(_calendar_child_in(child))
    if client_uid and not has_uid:
        children.append(E("Calendar:UID", client_uid))  # the server's UID for the new item
    out.children = children
    return out


def with_ghosted(
    class_name: str, change: Element, current: Element | None, version: str
) -> Element:
    """A 16.x calendar Change (14.x shape, from ``from_wire(change=True)``) completed with the
    server's ``current`` elements; its empty elements are dropped (values cleared).

    MS-ASCAL 3.1.5.3: at 16.0 and 16.1 a top-level calendar element that a
    Change does not carry is ghosted: unchanged, not deleted.
    """
    if class_name != CALENDAR or not is_16(version):
        return change
    sent = {child.tag for child in change.children}
    given = [c for c in change.children if not _empty(c)]  # an empty one cleared its value
    kept = [_copy(c) for c in (current.children if current else ()) if c.tag not in sent]
    return Element(change.tag, change.value, [*given, *kept])


# -- one element each way --------------------------------------------------------


def _calendar_child_out(child: Element, client: bool) -> Element:
    if child.tag == "Calendar:Location":
        return _location_out(child)
    if child.tag == "Calendar:Exceptions":
        return E("Calendar:Exceptions", *(_exception_out(x, client) for x in child.children))
    if child.tag == "Calendar:Attendees" and client:
        return E("Calendar:Attendees", *(_attendee_out(a) for a in child.children))
    if child.tag == "AirSyncBase:Body" and client:
        kept = [c for c in child.children if c.name in ("Type", "Data")]
        return Element(child.tag, child.value, kept)
    return child


def _location_out(location: Element) -> Element:
    return E("AirSyncBase:Location", E("DisplayName", location.text or ""))


def _exception_out(exception: Element, client: bool) -> Element:
    children: list[Element] = []
    for child in exception.children:
        if child.tag == "Calendar:ExceptionStartTime":
            when = parse(child.text, "ExceptionStartTime")
            children.append(E("AirSyncBase:InstanceId", extended(when)))
        elif child.tag == "Calendar:Location":
            if child.text:
                children.append(_location_out(child))
        elif not (client and child.tag in _NOT_FROM_CLIENT):
            children.append(child)
    return Element(exception.tag, exception.value, children)


def _attendee_out(attendee: Element) -> Element:
    kept = [c for c in attendee.children if c.tag != "Calendar:AttendeeStatus"]
    if not any(c.tag == "Calendar:AttendeeType" for c in kept):
        kept.append(E("Calendar:AttendeeType", "1"))  # MS-ASCAL 2.2.2.6: required at 16.x
    return Element(attendee.tag, attendee.value, kept)


def _calendar_child_in(child: Element) -> Element:
    if child.tag == "AirSyncBase:Location":
        return E("Calendar:Location", child.findtext("DisplayName") or "")
    if child.tag == "Calendar:Exceptions":
        return E("Calendar:Exceptions", *(_exception_in(x) for x in child.children))
    return child


def _exception_in(exception: Element) -> Element:
    children: list[Element] = []
    for child in exception.children:
        if child.tag == "AirSyncBase:InstanceId":
            when = parse(child.text, "InstanceId")
            children.append(E("Calendar:ExceptionStartTime", compact(when)))
        elif child.tag == "AirSyncBase:Location":
            if not _empty(child):
                children.append(E("Calendar:Location", child.findtext("DisplayName") or ""))
        else:
            children.append(child)
    return Element(exception.tag, exception.value, children)


def _empty(element: Element) -> bool:
    return not element.children and not element.text


def _copy(element: Element) -> Element:
    return Element(element.tag, element.value, [_copy(c) for c in element.children])
