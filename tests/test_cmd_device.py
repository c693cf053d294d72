"""``zpush-sim device`` against the reference server on a real socket."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from server_client import demo_app
from waitress.server import create_server

from server.seed import DEMO_LOGIN, DEMO_PASSWORD
from zpush_sim import cli
from zpush_sim.cmd_serve import bound_port


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    app = demo_app()
    server = create_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{bound_port(server)}"
    finally:
        server.close()
        thread.join(timeout=1)
        app.close()


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
