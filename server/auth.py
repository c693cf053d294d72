"""Who is asking: HTTP Basic credentials -> an onOffice user allowed to use Z-Push; the lockout.

The login is ``UserName_CustomerName`` (B-MAN-1), also accepted as the full
address ``UserName_CustomerName@domain`` (B-MAN-3; any domain: clients send
either form and the domain carries no meaning for the login). It is split
at the LAST underscore: onOffice customer names have no underscore, user
names may have dots and underscores. Both names are compared exactly
(B-MAN-2: case-sensitive).

The lockout is one transition table, `TRANSITIONS`, keyed by the user's
lock and whether the password was right. Its rules:
- B-CRED-1: a wrong password counts; N in a row (a setting, default 5)
  lock the Z-Push access; while locked, even the right password is refused.
- B-CRED-4: each wrong password also counts toward the onOffice account
  lock, as a browser login does (`browser_login`); a locked account
  refuses everything, Z-Push and browser alike.
- A right password, unlocked, ends the run of wrong ones (both counters).
- B-CRED-3: `unlock` lifts the Z-Push lock and leaves a confirmation that
  the settings page shows once.
- B-SET-1: a right password of a user without the Z-Push setting is
  refused too (after the counters are reset: the password was right).

Every refusal is a 401 for the caller (eas-facts.md 1 #2); the reason is
only for the log. Must not: build HTTP answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from eas.http import parse_basic_authorization
from server.model import User
from server.store.base import SettingError
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


# B-CRED-3: the text the settings page shows once after unlocking.
UNLOCK_CONFIRMATION = (
    "The Z-Push access has been unlocked. Synchronisation works again"
    " if the login details on the device are correct."
)


class Refusal(StrEnum):
    NO_CREDENTIALS = "no Basic credentials"
    BAD_LOGIN = "login is not UserName_CustomerName"
    UNKNOWN_USER = "no such user"
    WRONG_PASSWORD = "wrong password"
    ZPUSH_LOCKED = "the Z-Push access is locked"  # B-CRED-1
    ACCOUNT_LOCKED = "the onOffice account is locked"  # B-CRED-4
    ZPUSH_DISABLED = "the user's Z-Push setting is off"  # B-SET-1


class Lock(StrEnum):
    NONE = "none"
    ZPUSH = "Z-Push"
    ONOFFICE = "onOffice account"


@dataclass(frozen=True)
class Step:
    refusal: Refusal | None  # None: the password is accepted
    count_zpush: bool = False  # one more wrong password toward the Z-Push lock
    count_onoffice: bool = False  # one more toward the onOffice account lock
    reset: bool = False  # the run of wrong passwords ends


# (the user's lock, password right?) -> what happens.
TRANSITIONS: Mapping[tuple[Lock, bool], Step] = MappingProxyType(
    {
        (Lock.NONE, True): Step(None, reset=True),
        (Lock.NONE, False): Step(Refusal.WRONG_PASSWORD, count_zpush=True, count_onoffice=True),
        (Lock.ZPUSH, True): Step(Refusal.ZPUSH_LOCKED),
        (Lock.ZPUSH, False): Step(Refusal.ZPUSH_LOCKED, count_onoffice=True),
        (Lock.ONOFFICE, True): Step(Refusal.ACCOUNT_LOCKED),
        (Lock.ONOFFICE, False): Step(Refusal.ACCOUNT_LOCKED),
    }
)


def lock_of(user: User) -> Lock:
    if user.onoffice_locked:
        return Lock.ONOFFICE
    return Lock.ZPUSH if user.zpush_locked else Lock.NONE


@dataclass(frozen=True)
class AuthResult:
    user: User | None
    login: str = ""  # the login as sent, for the log
    refusal: Refusal | None = None


def authenticate(store: OnOfficeStore, authorization: str | None) -> AuthResult:
    """Check an Authorization header value against onOffice, counting wrong passwords."""
    credentials = parse_basic_authorization(authorization)
    if credentials is None:
        return AuthResult(None, refusal=Refusal.NO_CREDENTIALS)
    sent_login, password = credentials
    login = parse_login(sent_login)
    if login is None:
        return AuthResult(None, sent_login, Refusal.BAD_LOGIN)
    user = store.find_user(login.user_name, login.customer_name)
    if user is None:
        store.passwords.dummy_verify(password)  # as long as a wrong password takes
        return AuthResult(None, sent_login, Refusal.UNKNOWN_USER)
    step = attempt(store, user, password, zpush=True)
    if step.refusal is not None:
        return AuthResult(None, sent_login, step.refusal)
    if not user.zpush:
        return AuthResult(None, sent_login, Refusal.ZPUSH_DISABLED)
    return AuthResult(user, sent_login)


def attempt(store: OnOfficeStore, user: User, password: str, *, zpush: bool) -> Step:
    """Apply one login attempt to the counters; ``zpush`` False is a browser login.

    The password is checked before the transaction (argon2 takes milliseconds
    and must not hold the store's lock); the counters are then read afresh.
    """
    right = store.passwords.verify(user.password, password)
    with store.db.transaction():
        current = store.user(user.id) or user
        return _count(store, current, right, zpush=zpush)


def _count(store: OnOfficeStore, user: User, right: bool, *, zpush: bool) -> Step:
    lock = lock_of(user)
    if not zpush and lock is Lock.ZPUSH:
        lock = Lock.NONE  # the browser does not care about the Z-Push lock
    step = TRANSITIONS[(lock, right)]
    rules = store.rules
    state: dict[str, int | bool] = {}
    if step.reset:  # only counters that are not 0 already: no write on every request
        if user.onoffice_failed_logins:
            state["onoffice_failed_logins"] = 0
        if zpush and user.failed_logins:
            state["failed_logins"] = 0
    if step.count_zpush and zpush:
        failed = user.failed_logins + 1
        state |= {"failed_logins": failed, "zpush_locked": failed >= rules.lockout_after_failures}
    if step.count_onoffice:
        failed = user.onoffice_failed_logins + 1
        locked = failed >= rules.onoffice_lock_after_failures
        state |= {"onoffice_failed_logins": failed, "onoffice_locked": locked}
    if state:
        store.set_login_state(user.id, **state)
    return step


def browser_login(store: OnOfficeStore, user: User, password: str) -> bool:
    """B-CRED-4: a login to onOffice in the browser; it shares the account lock's counter."""
    return attempt(store, user, password, zpush=False).refusal is None


def unlock(store: OnOfficeStore, user: User) -> User:
    """B-CRED-3: the settings page's unlock button; its confirmation is shown once."""
    if not user.zpush_locked:
        raise SettingError(f"the Z-Push access of {user.login} is not locked")
    return store.set_login_state(
        user.id, zpush_locked=False, failed_logins=0, unlock_confirmation=True
    )


def unlock_all(store: OnOfficeStore, user: User) -> User:
    """The settings page's unlock (guide 11.1): after it the right password syncs again.

    Lifts the Z-Push lock and the onOffice account lock, whichever hold; the
    issue 13 page lifted only the first, so after ten wrong passwords the
    right one was still refused.
    """
    if not user.zpush_locked and not user.onoffice_locked:
        raise SettingError(f"{user.login} is not locked")
    return store.set_login_state(
        user.id, zpush_locked=False, failed_logins=0, unlock_confirmation=True,
        onoffice_locked=False, onoffice_failed_logins=0,
    )  # fmt: skip


def unlock_account(store: OnOfficeStore, user: User) -> User:
    """B-CRED-4: an administrator lifts the onOffice account lock."""
    return store.set_login_state(user.id, onoffice_locked=False, onoffice_failed_logins=0)
