"""The reference server on a real socket (waitress) and the ``zpush-sim serve`` command."""

from __future__ import annotations

import argparse
import random
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from server_client import demo_app, serving

from eas.http import ACTIVESYNC_PATH, basic_authorization
from server.seed import DEMO_LOGIN, DEMO_PASSWORD, DEMO_SYNCED_ADDRESSES
from simulator.account import SetupStatus
from simulator.device import Device
from zpush_sim import cli
from zpush_sim.clock import SystemClock
from zpush_sim.cmd_serve import run
from zpush_sim.hosts import HostsSession


@pytest.fixture
def live_url() -> Iterator[str]:
    with serving(demo_app()) as url:
        yield url


def test_options_over_a_real_socket(live_url: str) -> None:
    with requests.Session() as session:
        url = live_url + ACTIVESYNC_PATH
        assert session.options(url, timeout=5).status_code == 401
        auth = {"Authorization": basic_authorization(DEMO_LOGIN, DEMO_PASSWORD)}
        reply = session.options(url, headers=auth, timeout=5)
    assert reply.status_code == 200
    assert reply.headers["MS-ASProtocolVersions"] == "12.0,12.1,14.0,14.1"
    assert reply.headers["MS-Server-ActiveSync"] == "14.1"


def test_serve_reports_a_port_in_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = argparse.Namespace(
            host="127.0.0.1", port=port, db=str(tmp_path / "z.sqlite3"), strict=False
        )
        assert run(args) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "port in use" in err


@pytest.mark.parametrize("argv", [["serve", "--port", "http"], ["serve", "--port", "70000"]])
def test_serve_rejects_bad_arguments(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert "not a port number" in capsys.readouterr().err


def test_iphone_sets_up_by_autodiscover_and_syncs_contacts_over_a_real_socket(
    live_url: str,
) -> None:
    """The same device code as in the suite, with real HTTP to waitress (live mode)."""
    session = HostsSession({"activesync.onoffice.de": live_url})
    iphone = Device("ios", clock=SystemClock(), rng=random.Random(7), session=session)
    outcome = iphone.add_exchange_account(f"{DEMO_LOGIN}@activesync.onoffice.de", DEMO_PASSWORD)
    assert outcome.status is SetupStatus.VERIFIED, outcome.detail
    report = iphone.sync()
    assert report.ok, report.error
    [contacts] = report.folder("contacts")
    assert contacts.rounds > 1  # paged: the window is smaller than the address book
    assert len(iphone.contacts_app.names()) == DEMO_SYNCED_ADDRESSES
    assert all(e.url.startswith(("https://activesync.onoffice.de",)) for e in iphone.conversation)
