"""The autodiscover endpoint (B-AUTO-1, B-AUTO-2, B-AUTO-3; eas-facts 1 #36)."""

from __future__ import annotations

import pytest
from server_client import Client, demo_app

from eas.autodiscover import (
    ERROR_INVALID_REQUEST,
    ERROR_PROVIDER_NOT_FOUND,
    OUTLOOK_RESPONSE_SCHEMA,
    build_request,
    parse_response,
)

PATH = "/Autodiscover/Autodiscover.xml"
EMAIL = "jane.doe_DoeRealEstate@activesync.onoffice.de"


@pytest.mark.parametrize("path", [PATH, PATH.lower()])
def test_ios_request_gets_the_activesync_url(path: str) -> None:
    app = demo_app()
    client = Client(app, login=EMAIL)  # iOS sends the e-mail address as the login
    reply = client.request(
        "POST",
        path,
        body=build_request(EMAIL),
        headers={"User-Agent": "iOS/17.4 (21E219) dataaccessd/1.0"},
    )
    assert reply.status == 200
    assert (reply.header("Content-Type") or "").startswith("text/xml")
    result = parse_response(reply.body)
    assert result.settings is not None
    assert result.settings.url == "https://activesync.onoffice.de/Microsoft-Server-ActiveSync"
    assert result.settings.email_address == EMAIL
    assert result.settings.display_name == "Jane Doe"
    assert app.unhandled_errors == 0


def test_other_domain_gets_an_error_document() -> None:
    # B-AUTO-2: the device then asks for manual configuration.
    client = Client(demo_app(), login="jane.doe_DoeRealEstate@onoffice.de")
    reply = client.request("POST", PATH, body=build_request("jane.doe_DoeRealEstate@onoffice.de"))
    assert reply.status == 200
    result = parse_response(reply.body)
    assert result.error is not None and result.error.error_code == ERROR_INVALID_REQUEST


def test_no_credentials_get_401() -> None:
    reply = Client(demo_app()).request("POST", PATH, body=build_request(EMAIL), auth=False)
    assert reply.status == 401
    assert reply.header("WWW-Authenticate") == 'Basic realm="ZPush"'


def test_wrong_password_gets_401() -> None:
    client = Client(demo_app(), login=EMAIL, password="wrong")
    assert client.request("POST", PATH, body=build_request(EMAIL)).status == 401


@pytest.mark.parametrize(("strict", "status"), [(False, 400), (True, 200)])
def test_outlook_schema(strict: bool, status: int) -> None:
    # Z-Push: HTTP 400 (eas-facts 6); the spec: ErrorCode 601.
    client = Client(demo_app(strict=strict), login=EMAIL)
    reply = client.request("POST", PATH, body=build_request(EMAIL, OUTLOOK_RESPONSE_SCHEMA))
    assert reply.status == status
    if strict:
        result = parse_response(reply.body)
        assert result.error is not None and result.error.error_code == ERROR_PROVIDER_NOT_FOUND


@pytest.mark.parametrize(("strict", "status"), [(False, 500), (True, 200)])
def test_not_xml(strict: bool, status: int) -> None:
    client = Client(demo_app(strict=strict), login=EMAIL)
    assert client.request("POST", PATH, body=b"<Autodiscover").status == status


def test_get_is_not_allowed() -> None:
    assert Client(demo_app()).request("GET", PATH).status == 405


@pytest.mark.parametrize(("android_autodiscover", "status"), [(False, 404), (True, 200)])
def test_android_autodiscover_is_a_setting(android_autodiscover: bool, status: int) -> None:
    # B-AUTO-3: not available for Android unless switched on.
    client = Client(demo_app(android_autodiscover=android_autodiscover), login=EMAIL)
    reply = client.request(
        "POST", PATH, body=build_request(EMAIL), headers={"User-Agent": "Android-Mail/2020.11.29"}
    )
    assert reply.status == status
