"""Meeting invitations sent from the device (B-MAIL-1).

An appointment with attendees made on the device is an invitation: the
phone's calendar app mails it to the attendees through the account, as an
iMIP message (RFC 6047: a ``text/calendar; method=REQUEST`` part, the
iCalendar built with the `icalendar` library) sent with SendMail
(MS-ASCMD 2.2.1.17): from 14.0 a ComposeMail document with ClientId,
SaveInSentItems and the MIME; in 12.x the MIME itself. The appointment is
saved and synced whatever happens to the mail; the outcome is kept for the
user (the phone says the invitation could not be sent).

Must not: decide when to send (the device does, after the Sync that
uploaded the appointment) or send HTTP itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

import icalendar

from eas.commands import CommandError
from eas.commands.sendmail import ComposeMailRequest, ComposeMailResponse
from eas.http import version_key
from eas.items.calendar import AppointmentItem
from simulator.account import Account
from simulator.session import EasSession, SyncError

PRODID = "-//zpush-sim//simulated device//EN"


@dataclass(frozen=True)
class Invitation:
    """One invitation the device tried to send, and what became of it."""

    subject: str
    attendees: tuple[str, ...]
    sent: bool
    detail: str  # "sent", or why not (HTTP status, ComposeMail Status)


def invitation_mime(item: AppointmentItem, organizer: str, uid: str, now: datetime) -> bytes:
    """The iMIP message: a plain-text part and the text/calendar REQUEST."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", item.subject or "")
    if item.start_time is not None:
        event.add("dtstart", item.start_time)
    if item.end_time is not None:
        event.add("dtend", item.end_time)
    if item.location:
        event.add("location", item.location)
    event.add("organizer", f"mailto:{organizer}")
    for attendee in item.attendees:
        address = icalendar.vCalAddress(f"mailto:{attendee.email}")
        address.params["ROLE"] = icalendar.vText("REQ-PARTICIPANT")
        address.params["RSVP"] = icalendar.vText("TRUE")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    message = EmailMessage()
    message["From"] = organizer
    message["To"] = ", ".join(a.email for a in item.attendees)
    message["Subject"] = f"Invitation: {item.subject or ''}"
    message["Date"] = format_datetime(now)
    message.set_content(f"You are invited to {item.subject or 'an appointment'}.")
    message.add_alternative(
        calendar.to_ical().decode("utf-8"), subtype="calendar", params={"method": "REQUEST"}
    )
    return bytes(message)


def send_mime(
    session: EasSession, account: Account, mime: bytes, *, client_id: str
) -> tuple[bool, str]:
    """SendMail of one MIME message: sent or not, and why not (HTTP status, Status)."""
    try:
        if version_key(account.protocol_version) >= (14, 0):
            request = ComposeMailRequest("SendMail", mime, client_id, save_in_sent_items=True)
            root = session.call(account, "SendMail", request.to_tree())
        else:
            root = session.call(account, "SendMail", None, mime=mime)
    except SyncError as exc:
        return False, str(exc)
    if root is None:
        return True, "sent"  # MS-ASCMD 2.2.1.17: an empty answer means sent
    try:
        status = ComposeMailResponse.from_tree(root).status
    except CommandError as exc:
        return False, f"unreadable answer: {exc}"
    return False, f"SendMail Status {status}"


def send_invitation(
    session: EasSession,
    account: Account,
    item: AppointmentItem,
    *,
    client_id: str,
    uid: str,
    now: datetime,
) -> Invitation:
    mime = invitation_mime(item, account.email, uid, now)
    sent, detail = send_mime(session, account, mime, client_id=client_id)
    return Invitation(item.subject or "", tuple(a.email for a in item.attendees), sent, detail)
