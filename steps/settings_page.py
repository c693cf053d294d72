"""The user's settings page in onOffice (guide 11.1, B-CRED-3): the unlock button.

Opened the way an administrator does: the page under ``/admin`` over HTTP,
with the admin token (the embedded server's own; for a live server from
``--admin-token`` or ``ZPUSH_SIM_ADMIN_TOKEN``). Forms post back and the
browser follows the redirect, so "pressing" a button shows the page after.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from pytest_bdd import given, parsers, then, when

from steps.onoffice import Person
from steps.target import Target


@dataclass(frozen=True)
class SettingsPage:
    html: str

    @property
    def unlock_button(self) -> bool:
        return 'id="unlock"' in self.html

    @property
    def confirmation(self) -> bool:
        return 'id="unlock-confirmation"' in self.html


def _url(target: Target, someone: Person) -> str:
    base, _ = target.admin_page()
    return f"{base.rstrip('/')}/admin/customers/{someone.customer}/users/{someone.user_name}"


def _open(target: Target, someone: Person, form: dict[str, str] | None = None) -> SettingsPage:
    headers = {"X-Admin-Token": target.admin_page()[1]}
    url = _url(target, someone)
    with requests.Session() as browser:
        if form is None:
            answer = browser.get(url, headers=headers, timeout=10)
        else:
            answer = browser.post(url, data=form, headers=headers, timeout=10)
    assert answer.status_code == 200, f"the settings page answered {answer.status_code}"
    return SettingsPage(answer.text)


@given(parsers.re(r"(?P<first>\w+)'s settings page shows no unlock button$"))
@then(parsers.re(r"(?P<first>\w+)'s settings page shows no unlock button$"))
def _(target: Target, people: dict[str, Person], first: str) -> None:
    """The user's settings page has no unlock button (the access is not locked)."""
    assert not _open(target, people[first]).unlock_button, "the page shows the unlock button"


@then(parsers.parse("{first}'s settings page shows the unlock button"))
def _(target: Target, people: dict[str, Person], first: str) -> None:
    """The user's settings page shows the unlock button (the access is locked)."""
    assert _open(target, people[first]).unlock_button, "the page shows no unlock button"


@when(
    parsers.parse("the administrator presses the unlock button on {first}'s settings page"),
    target_fixture="page",
)
def _(target: Target, people: dict[str, Person], first: str) -> SettingsPage:
    """The administrator presses the unlock button on the user's settings page."""
    return _open(target, people[first], {"action": "unlock"})


@when(parsers.parse("the administrator reloads {first}'s settings page"), target_fixture="page")
def _(target: Target, people: dict[str, Person], first: str) -> SettingsPage:
    """The administrator reloads the user's settings page."""
    return _open(target, people[first])


@then("the settings page shows the confirmation that the access is unlocked")
def _(page: SettingsPage) -> None:
    """The settings page confirms that the access is unlocked."""
    assert page.confirmation, "no confirmation shown"


@then("the settings page shows no confirmation")
def _(page: SettingsPage) -> None:
    """The settings page shows no confirmation (e.g. after a reload)."""
    assert not page.confirmation, "the page still shows the confirmation"
