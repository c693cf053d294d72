"""``zpush-sim device`` against the reference server on a real socket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from server_client import demo_app, serving

from server.seed import DEMO_LOGIN, DEMO_PASSWORD
from zpush_sim import cli


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    with serving(demo_app()) as url:
        yield url


def test_device_sets_up_by_autodiscover_and_syncs(
    live_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    email = f"{DEMO_LOGIN}@activesync.onoffice.de"
    argv = ["device", "ios", "--server", live_url, "--email", email, "--password", DEMO_PASSWORD]
    assert cli.main([*argv, "--sync", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "The device shows: Account verified" in out
    assert "--> POST https://activesync.onoffice.de/autodiscover/autodiscover.xml" in out
    assert "Cmd=Provision" in out and "<Provision" in out  # decoded WBXML
    assert "Contacts: 40 added" in out
    assert f"{DEMO_LOGIN}@activesync.onoffice.de:***" in out and DEMO_PASSWORD + "<" not in out


def test_android_by_hand(live_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["device", "android", "--server", live_url, "--email", "jane@onoffice.de",
            "--password", DEMO_PASSWORD, "--manual-server", "activesync.onoffice.de",
            "--user", DEMO_LOGIN]  # fmt: skip
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "DeviceId=validate" in out  # Gmail's account check


def test_wrong_password_and_unknown_profile(
    live_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["device", "ios", "--server", live_url, "--email", "a@activesync.onoffice.de"]
    assert cli.main([*argv, "--password", "wrong"]) == 1
    assert "Password incorrect" in capsys.readouterr().out
    assert cli.main(["device", "nokia", *argv[2:], "--password", "x"]) == 2
    assert "unknown device profile" in capsys.readouterr().err


def test_by_default_one_line_per_request_and_quiet_none(
    live_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    email = f"{DEMO_LOGIN}@activesync.onoffice.de"
    argv = ["device", "ios", "--server", live_url, "--email", email, "--password", DEMO_PASSWORD]
    assert cli.main([*argv, "--sync"]) == 0
    normal = capsys.readouterr().out
    assert "--> OPTIONS https://activesync.onoffice.de/Microsoft-Server-ActiveSync" in normal
    assert "<-- 200 OK" in normal and "<Provision" not in normal
    assert cli.main([*argv, "--sync", "--quiet"]) == 0
    quiet = capsys.readouterr().out
    assert "-->" not in quiet and "Contacts: 40 added" in quiet
    assert len(quiet.splitlines()) < len(normal.splitlines()) < 100


def test_an_unreachable_server_is_named_as_the_user_typed_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["device", "ios", "--server", "http://127.0.0.1:1", "--email", "a@b.de"]
    assert cli.main([*argv, "--password", "x", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("zpush-sim device: ") and "http://127.0.0.1:1" in err
    assert err.count("\n") == 1


def test_quirks_switched_on_from_the_command_line_change_what_the_device_sends(
    live_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    email = f"{DEMO_LOGIN}@activesync.onoffice.de"
    argv = ["device", "ios", "--server", live_url, "--email", email, "--password", DEMO_PASSWORD]
    assert (
        cli.main([*argv, "--sync", "-v", "--quirk", "window_size_zero", "--quirk", "no_task_sync"])
        == 0
    )
    out = capsys.readouterr().out
    assert "Quirks switched on: window_size_zero, no_task_sync" in out
    assert "<WindowSize>0</WindowSize>" in out and "<WindowSize>25</WindowSize>" not in out
    assert "Contacts: 40 added, 0 changed, 0 deleted in 1 rounds" in out  # 0 means 512
    assert "Reminders:" not in out and "<CollectionId>tasks</CollectionId>" not in out


def test_an_unknown_quirk_is_one_line_and_exit_2(
    live_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["device", "ios", "--server", live_url, "--email", "a@b.de", "--password", "x"]
    assert cli.main([*argv, "--quirk", "flaky_wifi"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["zpush-sim device: unknown quirk 'flaky_wifi'; see zpush-sim quirks"]


def test_quirks_lists_every_quirk_with_its_source_and_each_profiles_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from simulator.quirks import QUIRK_TABLE

    assert cli.main(["quirks"]) == 0
    out = capsys.readouterr().out
    for quirk in QUIRK_TABLE:
        assert f"  {quirk.name}  [" in out and f"source: {quirk.source}" in out
    assert "device-bugs.md #21" in out
    assert "ios              asks 16.1; negotiated with Z-Push 2.7: 14.1" in out
    assert "outlook-mac      no ActiveSync" in out
