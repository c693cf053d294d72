"""The phone's mail app, as far as the onOffice account goes (B-MAIL-1).

Z-Push at onOffice syncs no e-mail, but the account is an Exchange account,
so the mail app offers to send from it: the message goes out with SendMail
(`simulator.invitations.send_mime`) and, since the server refuses it, stays
in the outbox with the phone's "could not be sent" notice.

Must not: send HTTP itself or interpret the answer beyond sent / not sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from simulator.account import Account
from simulator.invitations import send_mime
from simulator.session import EasSession


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    sent: bool
    detail: str

    @property
    def notice(self) -> str:
        """What the phone shows for the message."""
        return "Sent" if self.sent else "The message could not be sent and stays in the Outbox"


class MailApp:
    def __init__(
        self,
        session: EasSession,
        account: Callable[[], Account],
        now: Callable[[], datetime],
        client_id: Callable[[], str],
        outbox: list[OutgoingMail],
    ) -> None:
        self._session, self._account, self._now = session, account, now
        self._client_id, self.outbox = client_id, outbox

    def send(self, to: str, subject: str = "Hallo", text: str = "") -> OutgoingMail:
        account = self._account()
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = account.email, to, subject
        message["Date"] = format_datetime(self._now())
        message.set_content(text or subject)
        sent, detail = send_mime(
            self._session, account, bytes(message), client_id=self._client_id()
        )
        mail = OutgoingMail(to, subject, sent, detail)
        self.outbox.append(mail)
        return mail

    def notices(self) -> list[str]:
        return [m.notice for m in self.outbox if not m.sent]
