"""The simulated internet: routing requests to in-process WSGI apps and failures."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from wsgiref.validate import validator

import pytest
import requests

from zpush_sim.network import Network


def echo_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Answers with what it received, as JSON, and a status chosen by ?status=."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    seen = {
        "method": environ["REQUEST_METHOD"],
        "path": environ["PATH_INFO"],
        "query": environ["QUERY_STRING"],
        "scheme": environ["wsgi.url_scheme"],
        "server": [environ["SERVER_NAME"], environ["SERVER_PORT"]],
        "host": environ.get("HTTP_HOST"),
        "content_type": environ.get("CONTENT_TYPE"),
        "agent": environ.get("HTTP_USER_AGENT"),
        "custom": environ.get("HTTP_X_MS_POLICYKEY"),
        "body": body.decode("latin-1"),
    }
    status = "200 OK"
    if "status=" in environ["QUERY_STRING"]:
        status = {"404": "404 Not Found", "401": "401 Unauthorized"}[
            environ["QUERY_STRING"].split("status=")[1][:3]
        ]
    out = json.dumps(seen).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(out))),
            ("Set-Cookie", "a=1"),
            ("MS-ASProtocolVersions", "14.0,14.1"),
        ],
    )
    return [out]


@pytest.fixture
def network() -> Iterator[Network]:
    with Network() as net:
        net.route("activesync.example.test", validator(echo_app))
        yield net


def test_post_reaches_the_app_with_method_path_query_headers_and_body(network: Network) -> None:
    response = requests.post(
        "https://activesync.example.test/Microsoft-Server-ActiveSync?Cmd=Sync&User=a%40b",
        data=b"\x03\x01j\x00",
        headers={
            "Content-Type": "application/vnd.ms-sync.wbxml",
            "User-Agent": "Apple-iPhone9C4/1602.92",
            "X-MS-PolicyKey": "0",
        },
        timeout=5,
    )
    seen = response.json()
    assert response.status_code == 200
    assert seen["method"] == "POST"
    assert seen["path"] == "/Microsoft-Server-ActiveSync"
    assert seen["query"] == "Cmd=Sync&User=a%40b"
    assert seen["scheme"] == "https"
    assert seen["server"] == ["activesync.example.test", "443"]
    assert seen["host"] == "activesync.example.test"
    assert seen["content_type"] == "application/vnd.ms-sync.wbxml"
    assert seen["agent"] == "Apple-iPhone9C4/1602.92"
    assert seen["custom"] == "0"
    assert seen["body"] == "\x03\x01j\x00"


def test_response_headers_and_status_come_back(network: Network) -> None:
    response = requests.options(
        "https://activesync.example.test/Microsoft-Server-ActiveSync?status=401", timeout=5
    )
    assert response.status_code == 401
    assert response.headers["MS-ASProtocolVersions"] == "14.0,14.1"
    assert response.json()["method"] == "OPTIONS"


def test_host_names_match_case_insensitively_on_any_port(network: Network) -> None:
    response = requests.get("http://ActiveSync.Example.Test:8080/x", timeout=5)
    assert response.json()["server"] == ["activesync.example.test", "8080"]
    assert response.json()["scheme"] == "http"


def test_unknown_host_fails_as_dns_does(network: Network) -> None:
    with pytest.raises(requests.ConnectionError, match=r"Failed to resolve 'nowhere\.test'"):
        requests.get("https://nowhere.test/", timeout=5)


def test_failures(network: Network) -> None:
    network.fail("gone.test", kind="not_found")
    network.fail("refused.test", kind="connection_refused")
    network.fail("slow.test", kind="timeout")
    network.fail("busy.test", kind="unavailable")
    assert (
        requests.post("https://gone.test/autodiscover/autodiscover.xml", timeout=5).status_code
        == 404
    )
    with pytest.raises(requests.ConnectionError, match="Connection refused"):
        requests.get("https://refused.test/", timeout=5)
    with pytest.raises(requests.Timeout):
        requests.get("https://slow.test/", timeout=5)
    busy = requests.get("https://busy.test/", timeout=5)
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "300"
    with pytest.raises(ValueError, match="unknown failure kind"):
        network.fail("x.test", kind="bogus")  # type: ignore[arg-type]


def test_routes_change_while_active(network: Network) -> None:
    network.fail("activesync.example.test", kind="unavailable")
    assert requests.get("https://activesync.example.test/", timeout=5).status_code == 503
    network.forget("activesync.example.test")
    with pytest.raises(requests.ConnectionError):
        requests.get("https://activesync.example.test/", timeout=5)
    assert [m for m, _ in network.requests_seen] == ["GET", "GET"]


def test_write_callable_and_close_are_honoured() -> None:
    closed: list[bool] = []

    class Body:
        def __iter__(self) -> Iterator[bytes]:
            yield b"-tail"

        def close(self) -> None:
            closed.append(True)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        write = start_response("201 Created", [("Content-Type", "text/plain")])
        write(b"head")
        return Body()

    with Network() as net:
        net.route("w.test", app)
        response = requests.put("https://w.test/", data="x", timeout=5)
    assert (response.status_code, response.content) == (201, b"head-tail")
    assert closed == [True]


def test_stopped_network_no_longer_intercepts() -> None:
    net = Network()
    net.route("127.0.0.1", validator(echo_app))
    with net:
        assert requests.get("http://127.0.0.1:1/", timeout=2).status_code == 200
    with net:  # restartable, routes kept
        assert requests.get("http://127.0.0.1:1/", timeout=2).status_code == 200
    with pytest.raises(requests.ConnectionError) as caught:
        requests.get("http://127.0.0.1:1/", timeout=2)  # a real socket: nothing listens on 1
    assert "Failed to resolve" not in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "error"), [("reset", requests.ConnectionError), ("timeout", requests.ReadTimeout)]
)
def test_a_lost_answer_is_handled_by_the_app_but_never_reaches_the_sender(
    kind: Any, error: type[requests.RequestException]
) -> None:
    handled: list[str] = []

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        handled.append(environ["QUERY_STRING"])
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]

    with Network() as net:
        net.route("eas.test", app)
        net.lose_answer("EAS.test", lambda url: "Cmd=Sync" in url, nth=2, kind=kind)
        assert requests.post("https://eas.test/?Cmd=Sync&n=1").content == b"ok"
        assert requests.post("https://eas.test/?Cmd=Ping").content == b"ok"  # not counted
        with pytest.raises(error) as raised:
            requests.post("https://eas.test/?Cmd=Sync&n=2")
        assert requests.post("https://eas.test/?Cmd=Sync&n=3").content == b"ok"  # lost once
    assert handled == ["Cmd=Sync&n=1", "Cmd=Ping", "Cmd=Sync&n=2", "Cmd=Sync&n=3"]
    if kind == "reset":  # as urllib3 reports a reset before the status line
        assert not isinstance(raised.value, requests.Timeout)
        assert "Connection aborted" in str(raised.value)


def test_a_loss_must_name_a_known_kind_and_a_request_from_the_first() -> None:
    net = Network()
    with pytest.raises(ValueError, match="loss kind"):
        net.lose_answer("eas.test", lambda url: True, kind="dropped")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="from 1"):
        net.lose_answer("eas.test", lambda url: True, nth=0)
