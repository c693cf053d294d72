"""Who is asking: HTTP Basic credentials -> an onOffice user allowed to use Z-Push.

The login is ``UserName_CustomerName`` (B-MAN-1), also accepted as the full
address ``UserName_CustomerName@domain`` (B-MAN-3; any domain: clients send
either form and the domain carries no meaning for the login). It is split
at the LAST underscore: onOffice customer names have no underscore, user
names may have dots and underscores. Both names are compared exactly
(B-MAN-2: case-sensitive).

Every refusal is a 401 for the caller (eas-facts.md 1 #2; B-SET-1: a user
without the Z-Push setting is refused as unauthorised too); the reason is
only for the log. Must not: build HTTP answers or count failures (the
lockout of B-CRED-1 is a later issue).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from enum import StrEnum

from eas.http import parse_basic_authorization
from server.model import User
from server.store.onoffice import OnOfficeStore


@dataclass(frozen=True)
class Login:
    user_name: str
    customer_name: str


def parse_login(text: str) -> Login | None:
    """``jane.doe_DoeRealEstate`` or ``jane.doe_DoeRealEstate@any.domain``; None if neither."""
    local = text.rpartition("@")[0] if "@" in text else text
    user_name, underscore, customer_name = local.rpartition("_")
    if not underscore or not user_name or not customer_name:
        return None
    return Login(user_name, customer_name)


class Refusal(StrEnum):
    NO_CREDENTIALS = "no Basic credentials"
    BAD_LOGIN = "login is not UserName_CustomerName"
    UNKNOWN_USER = "no such user"
    WRONG_PASSWORD = "wrong password"
    ZPUSH_DISABLED = "the user's Z-Push setting is off"  # B-SET-1


@dataclass(frozen=True)
class AuthResult:
    user: User | None
    login: str = ""  # the login as sent, for the log
    refusal: Refusal | None = None


def authenticate(store: OnOfficeStore, authorization: str | None) -> AuthResult:
    """Check an Authorization header value against onOffice."""
    credentials = parse_basic_authorization(authorization)
    if credentials is None:
        return AuthResult(None, refusal=Refusal.NO_CREDENTIALS)
    sent_login, password = credentials
    login = parse_login(sent_login)
    if login is None:
        return AuthResult(None, sent_login, Refusal.BAD_LOGIN)
    user = store.find_user(login.user_name, login.customer_name)
    if user is None:
        return AuthResult(None, sent_login, Refusal.UNKNOWN_USER)
    if not hmac.compare_digest(user.password.encode(), password.encode()):
        return AuthResult(None, sent_login, Refusal.WRONG_PASSWORD)
    if not user.zpush:
        return AuthResult(None, sent_login, Refusal.ZPUSH_DISABLED)
    return AuthResult(user, sent_login)
