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
    assert cli.main([*argv, "--sync"]) == 0
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
    assert "unknown device profile" in capsys.readouterr().out
