"""Access over the wire (guide 3, 11): B-SET-1..3 and B-CRED-1..4, and the lockout's table."""

from __future__ import annotations

import pytest
from onoffice_world import PASSWORD, World, make_world
from server_client import Client

from eas.commands.foldersync import FolderSyncRequest
from server import auth
from server.auth import TRANSITIONS, Lock, Refusal
from server.rules import OnOfficeRules
from server.store.base import SettingError


@pytest.fixture
def world() -> World:
    return make_world(OnOfficeRules(lockout_after_failures=5, onoffice_lock_after_failures=8))


def _status(world: World, password: str, login: str | None = None) -> int:
    client = Client(world.app, login or world.jane.login, password, auto_provision=False)
    return client.eas("FolderSync", FolderSyncRequest("0").to_tree()).status


def test_b_set_1_zpush_setting_off_is_unauthorised(world: World) -> None:
    assert _status(world, PASSWORD) == 200
    world.store.set_user_settings(world.jane.id, zpush=False)
    assert _status(world, PASSWORD) == 401


def test_b_set_2_zpush_needs_onoffice_sync(world: World) -> None:
    world.store.set_onoffice_sync(world.customer.id, False)
    assert _status(world, PASSWORD) == 401  # the option went with onOffice sync
    with pytest.raises(SettingError, match="onOffice Sync is not active"):
        world.store.set_user_settings(world.jane.id, zpush=True)


@pytest.mark.parametrize(
    ("contacts", "tasks", "folders"),
    [(True, True, {"calendar", "contacts", "tasks"}), (False, True, {"calendar", "tasks"}),
     (True, False, {"calendar", "contacts"}), (False, False, {"calendar"})],
)  # fmt: skip
def test_b_set_3_contacts_and_tasks_need_their_setting(
    world: World, contacts: bool, tasks: bool, folders: set[str]
) -> None:
    world.store.set_user_settings(world.jane.id, contacts=contacts, tasks=tasks)
    response = Client(world.app, world.jane.login, PASSWORD).folder_sync("0")
    assert {f.server_id for f in response.add} == folders


def test_b_cred_1_five_wrong_passwords_in_a_row_lock(world: World) -> None:
    for _ in range(4):
        assert _status(world, "falsch") == 401
    assert _status(world, PASSWORD) == 200  # the run ends
    for _ in range(5):
        assert _status(world, "falsch") == 401
    assert _status(world, PASSWORD) == 401  # locked: even the right one
    user = world.store.user(world.jane.id)
    assert user is not None and user.zpush_locked and not user.onoffice_locked


def test_b_cred_2_changed_password(world: World) -> None:
    world.store.set_password(world.jane.id, "neu")
    assert _status(world, PASSWORD) == 401
    assert _status(world, "neu") == 200


def test_b_cred_3_unlock_with_its_confirmation_once(world: World) -> None:
    with pytest.raises(SettingError):
        auth.unlock(world.store, world.jane)  # no lock, no button
    for _ in range(5):
        _status(world, "falsch")
    locked = world.store.user(world.jane.id)
    assert locked is not None
    auth.unlock(world.store, locked)
    assert world.store.take_unlock_confirmation(world.jane.id)
    assert not world.store.take_unlock_confirmation(world.jane.id)  # gone on reload
    assert _status(world, PASSWORD) == 200


def test_b_cred_4_wrong_passwords_count_toward_the_account_lock(world: World) -> None:
    for _ in range(5):
        _status(world, "falsch")  # Z-Push locks at 5 ...
    assert not auth.browser_login(world.store, _jane(world), "falsch")  # 6
    for _ in range(2):
        _status(world, "falsch")  # ... and they still count: 8 locks the account
    jane = _jane(world)
    assert jane.onoffice_locked
    assert not auth.browser_login(world.store, jane, PASSWORD)
    auth.unlock(world.store, jane)
    assert _status(world, PASSWORD) == 401  # the account lock holds
    auth.unlock_account(world.store, _jane(world))
    assert _status(world, PASSWORD) == 200


def _jane(world: World) -> auth.User:
    user = world.store.user(world.jane.id)
    assert user is not None
    return user


def test_the_lockout_table_is_total_and_only_unlocked_right_passwords_pass() -> None:
    assert set(TRANSITIONS) == {(lock, ok) for lock in Lock for ok in (True, False)}
    passing = [key for key, step in TRANSITIONS.items() if step.refusal is None]
    assert passing == [(Lock.NONE, True)]
    assert TRANSITIONS[(Lock.ZPUSH, True)].refusal is Refusal.ZPUSH_LOCKED
    assert TRANSITIONS[(Lock.ZPUSH, False)].count_onoffice


def test_names_are_case_sensitive_and_customers_apart(world: World) -> None:
    assert _status(world, PASSWORD, "Jane.Doe_DoeRealEstate") == 401
    assert _status(world, PASSWORD, "jane.doe_OtherImmo") == 401
    assert _status(world, PASSWORD, "otto_OtherImmo") == 200
