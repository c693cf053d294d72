"""onOffice as the scenario arranges it: customers, users, their settings and logins.

Steps say what onOffice holds in the guide's words; data nobody names come
from the seeded faker factories. Arranging needs the embedded server (a
live run skips such scenarios, naming the step).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.factories import Factories
from server.model import User
from server.store.base import SettingError
from steps.target import Target

# The guide's names of the user settings -> the user's fields.
SETTINGS = {"Z-Push": "zpush", "Contacts": "contacts", "Tasks": "tasks"}
_SETTING = r'"(?P<setting>Z-Push|Contacts|Tasks)"'


@dataclass(frozen=True)
class Person:
    """An onOffice user as the scenario knows her."""

    first_name: str
    last_name: str
    customer: str
    user_name: str
    password: str
    user_id: int

    @property
    def login(self) -> str:
        """UserName_CustomerName, as the guide spells the login (B-MAN-1)."""
        return f"{self.user_name}_{self.customer}"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@pytest.fixture
def people() -> dict[str, Person]:
    """The scenario's onOffice users by first name; the first one is the protagonist."""
    return {}


@pytest.fixture
def person(people: dict[str, Person]) -> Person:
    if not people:
        raise LookupError("no onOffice user yet: start with '<First> <Last> of ... uses Z-Push'")
    return next(iter(people.values()))


@pytest.fixture
def factories(request: pytest.FixtureRequest) -> Factories:
    """Faker factories seeded per scenario, so a failure reproduces."""
    return Factories(seed=sum(request.node.nodeid.encode()))


def user_of(target: Target, someone: Person) -> User:
    user = target.require_embedded("reading onOffice's user").onoffice.user(someone.user_id)
    assert user is not None, f"onOffice has no user {someone.login}"
    return user


@given(parsers.parse('{first} {last} of "{customer}" uses Z-Push with the password "{password}"'))
def _(
    target: Target, people: dict[str, Person], first: str, last: str, customer: str, password: str
) -> None:
    """An onOffice user of the customer (made if new) with Z-Push, Contacts and Tasks ticked."""
    store = target.require_embedded("creating the onOffice user").onoffice
    company = store.customer(customer) or store.add_customer(customer, onoffice_sync=True)
    user_name = f"{first}.{last}".lower()
    user = store.add_user(
        company.id, user_name, password, display_name=f"{first} {last}",
        email=f"{user_name}@{customer.lower()}.example", zpush=True, contacts=True, tasks=True,
    )  # fmt: skip
    people[first] = Person(first, last, customer, user_name, password, user.id)


@given(parsers.re(rf"(?P<first>\w+)'s user setting {_SETTING} is not ticked$"))
def _(target: Target, people: dict[str, Person], first: str, setting: str) -> None:
    """Untick one of the user's settings (Z-Push, Contacts or Tasks) before the scenario starts."""
    store = target.require_embedded("changing a user setting").onoffice
    store.set_user_settings(people[first].user_id, **{SETTINGS[setting]: False})


@when(parsers.re(rf"onOffice (?P<action>ticks|unticks) (?P<first>\w+)'s user setting {_SETTING}$"))
def _(target: Target, people: dict[str, Person], action: str, first: str, setting: str) -> None:
    """onOffice ticks or unticks one of the user's settings while the scenario runs."""
    store = target.require_embedded("changing a user setting").onoffice
    store.set_user_settings(people[first].user_id, **{SETTINGS[setting]: action == "ticks"})


@when(
    parsers.re(rf"the administrator ticks (?P<first>\w+)'s user setting {_SETTING}$"),
    target_fixture="refusal",
)
def _(target: Target, people: dict[str, Person], first: str, setting: str) -> str:
    """The administrator tries to tick a user setting; onOffice may refuse (see the next step)."""
    store = target.require_embedded("changing a user setting").onoffice
    try:
        store.set_user_settings(people[first].user_id, **{SETTINGS[setting]: True})
    except SettingError as exc:
        return str(exc)
    return ""


@then(parsers.parse('onOffice refuses with a message containing "{text}"'))
def _(refusal: str, text: str) -> None:
    """onOffice refused the administrator's last setting with a message containing the text."""
    assert refusal, "onOffice accepted the setting"
    assert text in refusal, f"onOffice said: {refusal}"


@then(parsers.re(rf"(?P<first>\w+)'s user setting {_SETTING} is not ticked$"))
def _(target: Target, people: dict[str, Person], first: str, setting: str) -> None:
    """onOffice kept the user's setting unticked."""
    user = user_of(target, people[first])
    assert not getattr(user, SETTINGS[setting]), f"{setting} is ticked for {user.login}"


@given(parsers.parse('onOffice Sync is not active for "{customer}"'))
def _(target: Target, customer: str) -> None:
    """The customer has no onOffice Sync, so its users cannot get Z-Push (B-SET-2)."""
    store = target.require_embedded("switching onOffice Sync").onoffice
    company = store.customer(customer)
    assert company is not None, f"no customer {customer}"
    store.set_onoffice_sync(company.id, False)


@when(parsers.parse('{first}\'s password in onOffice is changed to "{password}"'))
def _(target: Target, people: dict[str, Person], first: str, password: str) -> None:
    """The user's onOffice password changes; phones keep the old one until she types the new one."""
    store = target.require_embedded("changing the password").onoffice
    store.set_password(people[first].user_id, password)


@given(parsers.parse("{first} has mistyped her password in the browser {count:d} times"))
def _(target: Target, people: dict[str, Person], first: str, count: int) -> None:
    """onOffice already counts that many wrong browser logins for the user (B-CRED-4)."""
    store = target.require_embedded("counting browser logins").onoffice
    store.set_login_state(people[first].user_id, onoffice_failed_logins=count)


@then(parsers.re(r"onOffice counts (?P<count>\d+) wrong passwords? in a row for (?P<first>\w+)$"))
def _(target: Target, people: dict[str, Person], count: str, first: str) -> None:
    """onOffice's count of wrong Z-Push passwords in a row for the user."""
    user = user_of(target, people[first])
    assert user.failed_logins == int(count), f"onOffice counts {user.failed_logins}"


@then(parsers.parse("onOffice counts {count:d} wrong onOffice logins in a row for {first}"))
def _(target: Target, people: dict[str, Person], count: int, first: str) -> None:
    """onOffice's count of wrong onOffice (browser) logins in a row for the user."""
    user = user_of(target, people[first])
    assert user.onoffice_failed_logins == count, (
        f"onOffice counts {user.onoffice_failed_logins} for the onOffice account"
    )


@then(parsers.re(r"(?P<first>\w+)'s Z-Push access is (?P<negation>not )?locked$"))
def _(target: Target, people: dict[str, Person], first: str, negation: str | None) -> None:
    """Whether onOffice has locked the user's Z-Push access after wrong passwords."""
    user = user_of(target, people[first])
    assert user.zpush_locked is (not negation), f"zpush_locked is {user.zpush_locked}"
