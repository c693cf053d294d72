"""onOffice as the scenario arranges it: customers, users, their settings and logins.

Steps say what onOffice holds in the guide's words; data nobody names come
from the seeded faker factories. Everything goes through the scenario's
target (`zpush_sim.targets`); a target that cannot do a step skips the
scenario naming the capability it lacks.
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.factories import Factories
from server.model import User
from steps.target import Target
from zpush_sim.targets.base import Capability, Person, Refused

__all__ = ["Person"]

# The guide's names of the user settings -> the user's fields.
SETTINGS = {"Z-Push": "zpush", "Contacts": "contacts", "Tasks": "tasks"}
_SETTING = r'"(?P<setting>Z-Push|Contacts|Tasks)"'


@pytest.fixture
def people() -> dict[str, Person]:
    """The scenario's onOffice users by first name; the first one is the protagonist."""
    return {}


@pytest.fixture
def person(people: dict[str, Person]) -> Person:
    """The scenario's protagonist: the first onOffice user it named."""
    if not people:
        raise LookupError("no onOffice user yet: start with '<First> <Last> of ... uses Z-Push'")
    return next(iter(people.values()))


@pytest.fixture
def factories(request: pytest.FixtureRequest) -> Factories:
    """Faker factories seeded per scenario, so a failure reproduces."""
    return Factories(seed=sum(request.node.nodeid.encode()))


def user_of(target: Target, someone: Person) -> User:
    """What onOffice holds about the user (settings, counters, locks)."""
    return target.user(someone)


@given(parsers.parse('{first} {last} of "{customer}" uses Z-Push with the password "{password}"'))
def _(
    target: Target, people: dict[str, Person], first: str, last: str, customer: str, password: str
) -> None:
    """onOffice has this user, with Z-Push, contacts and tasks ticked."""
    people[first] = target.add_user(first, last, customer, password)


@given(parsers.re(rf"(?P<first>\w+)'s user setting {_SETTING} is not ticked$"))
def _(target: Target, people: dict[str, Person], first: str, setting: str) -> None:
    """The user's setting is unticked before the scenario starts."""
    target.set_user_settings(people[first], **{SETTINGS[setting]: False})


@when(parsers.re(rf"onOffice (?P<action>ticks|unticks) (?P<first>\w+)'s user setting {_SETTING}$"))
def _(target: Target, people: dict[str, Person], action: str, first: str, setting: str) -> None:
    """onOffice changes one of the user's settings."""
    target.set_user_settings(people[first], **{SETTINGS[setting]: action == "ticks"})


@when(
    parsers.re(rf"the administrator ticks (?P<first>\w+)'s user setting {_SETTING}$"),
    target_fixture="refusal",
)
def _(target: Target, people: dict[str, Person], first: str, setting: str) -> str:
    """The administrator tries to tick a setting; onOffice's refusal, if any, is kept."""
    target.require(Capability.ONOFFICE_RULES, "changing a user setting")
    try:
        target.set_user_settings(people[first], **{SETTINGS[setting]: True})
    except Refused as exc:
        return str(exc)
    return ""


@then(parsers.parse('onOffice refuses with a message containing "{text}"'))
def _(refusal: str, text: str) -> None:
    """onOffice refused the change with this message."""
    assert refusal, "onOffice accepted the setting"
    assert text in refusal, f"onOffice said: {refusal}"


@then(parsers.re(rf"(?P<first>\w+)'s user setting {_SETTING} is not ticked$"))
def _(target: Target, people: dict[str, Person], first: str, setting: str) -> None:
    """onOffice shows the user's setting unticked."""
    user = user_of(target, people[first])
    assert not getattr(user, SETTINGS[setting]), f"{setting} is ticked for {user.login}"


@given(parsers.parse('onOffice Sync is not active for "{customer}"'))
def _(target: Target, people: dict[str, Person], customer: str) -> None:
    """The customer has no onOffice Sync (B-SET-2)."""
    members = [p for p in people.values() if target.real_text(customer) == p.customer]
    assert members, f"no user of the customer {customer} yet"
    target.set_customer_sync(members[0], False)


@when(parsers.parse('{first}\'s password in onOffice is changed to "{password}"'))
def _(target: Target, people: dict[str, Person], first: str, password: str) -> None:
    """onOffice gets a new password for the user; the phone still has the old one."""
    target.set_password(people[first], password)


@given(parsers.parse("{first} has mistyped her password in the browser {count:d} times"))
def _(target: Target, people: dict[str, Person], first: str, count: int) -> None:
    """onOffice counts this many wrong browser logins in a row for the user."""
    target.mistype_browser_password(people[first], count)


@then(parsers.re(r"onOffice counts (?P<count>\d+) wrong passwords? in a row for (?P<first>\w+)$"))
def _(target: Target, people: dict[str, Person], count: str, first: str) -> None:
    """onOffice's count of wrong Z-Push passwords in a row."""
    user = user_of(target, people[first])
    assert user.failed_logins == int(count), f"onOffice counts {user.failed_logins}"


@then(parsers.parse("onOffice counts {count:d} wrong onOffice logins in a row for {first}"))
def _(target: Target, people: dict[str, Person], count: int, first: str) -> None:
    """onOffice's count of wrong logins toward the onOffice account lock."""
    user = user_of(target, people[first])
    assert user.onoffice_failed_logins == count, (
        f"onOffice counts {user.onoffice_failed_logins} for the onOffice account"
    )


@then(parsers.re(r"(?P<first>\w+)'s Z-Push access is (?P<negation>not )?locked$"))
def _(target: Target, people: dict[str, Person], first: str, negation: str | None) -> None:
    """Whether onOffice has locked the user's Z-Push access."""
    user = user_of(target, people[first])
    assert user.zpush_locked is (not negation), f"zpush_locked is {user.zpush_locked}"
