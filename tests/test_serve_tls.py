"""``zpush-sim serve --tls-cert/--tls-key``: HTTPS for phones that insist on SSL.

The certificates come from a test CA (trustme); the devices trust it as a
company's own CA would be trusted (``REQUESTS_CA_BUNDLE``).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import trustme
from server_client import demo_app

from server.seed import DEMO_LOGIN, DEMO_PASSWORD
from simulator.account import SetupStatus
from simulator.device import Device
from zpush_sim import cli
from zpush_sim.clock import SystemClock
from zpush_sim.cmd_serve import run
from zpush_sim.hosts import HostsSession
from zpush_sim.uvicorn_run import Tls, serving

TOKEN = "tls-test-token"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls(ca: trustme.CA, tmp_path: Path) -> Tls:
    cert = ca.issue_cert("127.0.0.1")
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(tmp_path / "cert.pem"), append=True)
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    return Tls(str(tmp_path / "cert.pem"), str(tmp_path / "key.pem"))


@pytest.fixture
def https_url(tls: Tls) -> Iterator[str]:
    with serving(demo_app(admin_token=TOKEN), tls=tls) as url:
        yield url


def test_a_phone_sets_up_and_syncs_over_https(
    https_url: str, ca: trustme.CA, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert https_url.startswith("https://")
    session = HostsSession({"activesync.onoffice.de": https_url}, only_mapped=True)
    with ca.cert_pem.tempfile() as ca_file:
        # How a user points the devices at a company CA (requests reads it per request).
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca_file)
        iphone = Device("ios", clock=SystemClock(), rng=random.Random(7), session=session)
        outcome = iphone.add_exchange_account(f"{DEMO_LOGIN}@activesync.onoffice.de", DEMO_PASSWORD)
        assert outcome.status is SetupStatus.VERIFIED, outcome.detail
        assert iphone.sync().ok


def test_a_phone_that_does_not_trust_the_certificate_cannot_connect(https_url: str) -> None:
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{https_url}/Microsoft-Server-ActiveSync", verify=True, timeout=5)


def test_the_settings_page_cookie_is_secure_over_https(https_url: str, ca: trustme.CA) -> None:
    with ca.cert_pem.tempfile() as ca_file:
        reply = requests.get(
            f"{https_url}/admin", params={"token": TOKEN}, verify=ca_file,
            allow_redirects=False, timeout=5,
        )  # fmt: skip
    assert reply.status_code == 303
    assert "; Secure" in reply.headers["Set-Cookie"]


@pytest.mark.parametrize("given", [["--tls-cert"], ["--tls-key"]])
def test_one_of_the_two_files_alone_is_a_usage_error(
    given: list[str], tls: Tls, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tls.cert if given == ["--tls-cert"] else tls.key
    assert cli.main(["serve", "--port", "0", "--db", ":memory:", *given, path]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "zpush-sim serve: --tls-cert and --tls-key go together"


def test_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "--tls-cert", str(tmp_path / "nope.pem"), "--tls-key", "x"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "cannot read" in err


def test_a_file_that_is_no_certificate_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    args = argparse.Namespace(
        host="127.0.0.1", port=0, db=":memory:", strict=False,
        tls_cert=str(junk), tls_key=str(junk),
    )  # fmt: skip
    assert run(args) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "cannot use the TLS certificate" in err


def test_behind_a_local_tls_proxy_the_cookie_is_secure_too() -> None:
    with serving(demo_app(admin_token=TOKEN)) as url:  # plain HTTP, as behind nginx
        proxied = requests.get(
            f"{url}/admin", params={"token": TOKEN}, allow_redirects=False, timeout=5,
            headers={"X-Forwarded-Proto": "https"},
        )  # fmt: skip
        direct = requests.get(
            f"{url}/admin", params={"token": TOKEN}, allow_redirects=False, timeout=5
        )
    assert "; Secure" in proxied.headers["Set-Cookie"]
    assert "; Secure" not in direct.headers["Set-Cookie"]
