"""The user's settings page in onOffice (guide 11.1, B-CRED-3): the unlock button.

Bound against the admin settings page of issue 3 (``server/admin``); until
it exists the scenario is pending (`steps.pending`).
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from steps.onoffice import Person
from steps.target import Target


def settings_page(target: Target, someone: Person) -> Any:
    app = target.require_embedded("opening the settings page")
    page = getattr(app, "settings_page", None)
    if page is None:
        raise NotImplementedError("the server has no onOffice settings page (server/admin)")
    return page(someone.user_id)


@given(parsers.re(r"(?P<first>\w+)'s settings page shows no unlock button$"))
@then(parsers.re(r"(?P<first>\w+)'s settings page shows no unlock button$"))
def _(target: Target, people: dict[str, Person], first: str) -> None:
    assert not settings_page(target, people[first]).unlock_button


@then(parsers.parse("{first}'s settings page shows the unlock button"))
def _(target: Target, people: dict[str, Person], first: str) -> None:
    assert settings_page(target, people[first]).unlock_button


@when(parsers.parse("the administrator presses the unlock button on {first}'s settings page"), target_fixture="page")  # fmt: skip # noqa: E501
def _(target: Target, people: dict[str, Person], first: str) -> Any:
    return settings_page(target, people[first]).press_unlock()


@when(parsers.parse("the administrator reloads {first}'s settings page"), target_fixture="page")
def _(target: Target, people: dict[str, Person], first: str) -> Any:
    return settings_page(target, people[first])


@then("the settings page shows the confirmation that the access is unlocked")
def _(page: Any) -> None:
    assert page.confirmation, "no confirmation shown"


@then("the settings page shows no confirmation")
def _(page: Any) -> None:
    assert not page.confirmation, f"the page still shows {page.confirmation!r}"
