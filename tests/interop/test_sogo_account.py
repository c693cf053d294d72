"""Account set-up against SOGo: the manual form, a wrong password, the folder hierarchy."""

from __future__ import annotations

import pytest

from interop import phone
from interop.stack import Sogo, User
from simulator.account import SetupStatus

pytestmark = pytest.mark.interop


def test_account_setup(profile: str, sogo: Sogo, user: User) -> None:
    """Autodiscover finds nothing (SOGo has none), the server typed in verifies."""
    device = phone.new_device(profile, sogo)
    outcome = phone.set_up(device, user, sogo)
    assert outcome.status is SetupStatus.VERIFIED, outcome.detail
    account = device.account()
    assert account.endpoint.url == sogo.eas_url
    # SOGo offers 2.5 to 14.1: the device picks the highest it knows.
    assert account.protocol_version in account.server_options.versions
    assert account.protocol_version in device.profile.protocol.versions


def test_wrong_password(profile: str, sogo: Sogo, user: User) -> None:
    """SOGo answers 401 (basic realm="SOGo"); the device says the password is wrong."""
    device = phone.new_device(profile, sogo)
    outcome = phone.set_up(device, user, sogo, password="not-" + user.password)
    assert outcome.status is SetupStatus.PASSWORD_INCORRECT, outcome.detail
    assert not device.accounts


def test_foldersync(profile: str, sogo: Sogo, user: User) -> None:
    """The hierarchy arrives with SOGo's URL-encoded ServerIds, one folder per kind."""
    device = phone.new_device(profile, sogo)
    assert phone.set_up(device, user, sogo).verified
    report = device.sync()
    assert report.ok, report
    folders = device.store.account(user.email).folders
    by_type = {folder.type: server_id for server_id, folder in folders.items()}
    assert by_type.get(9) == "vcard%2Fpersonal"
    assert by_type.get(8) == "vevent%2Fpersonal"
    assert by_type.get(7) == "vtodo%2Fpersonal"
