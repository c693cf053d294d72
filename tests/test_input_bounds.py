"""The defects issue 13 measured, one by one: each input that once escaped as an unhandled 500.

Integers such as ``"²"``, ``"--1"`` or 5,000 digits in any integer element;
an opaque CollectionId holding NUL echoed into the answer; a Ping
HeartbeatInterval of 2.5e11 s in Z-Push mode; a Content-Length of ``"²"``
or 1e20; and the decoder's limits (elements, depth, opaque length), which
the server answers with the command's protocol-error status.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from server_client import Client, demo_app

from eas import wbxml
from eas.commands import CommandError, parse_int
from eas.commands.ping import PingResponse, PingStatus
from eas.commands.sync import CollectionRequest, SyncResponse, SyncStatus
from eas.http import ACTIVESYNC_PATH, basic_authorization
from eas.tree import E, Element
from server.app import ServerApp
from server.limits import InputLimits
from server.seed import DEMO_LOGIN, DEMO_PASSWORD

BAD_INTEGERS = ["²", "--1", "1" * 5000, "٣", "1_0", "+-2", "", " ", "1e3", "0x10"]


@pytest.mark.parametrize("text", BAD_INTEGERS)
def test_parse_int_refuses_what_is_not_a_decimal_integer(text: str) -> None:
    with pytest.raises(CommandError):
        parse_int(text, "WindowSize")


@pytest.mark.parametrize(("text", "value"), [("5", 5), ("-12", -12), (" 7\n", 7), ("007", 7)])
def test_parse_int_reads_decimal_integers(text: str, value: int) -> None:
    assert parse_int(text, "WindowSize") == value


def _sync(collection: Element, window: str = "5") -> Element:
    return E("AirSync:Sync", E("Collections", collection), E("WindowSize", window))


def _synced(strict: bool) -> tuple[ServerApp, Client, str, str]:
    """An app and a provisioned device with a live contacts sync key."""
    app = demo_app(strict=strict, ping_poll_interval=0.001, ping_real_limit=0.01)
    client = Client(app)
    folders = client.folder_sync("0")
    contacts = next(f.server_id for f in folders.add if f.display_name == "Contacts")
    key, more = "0", True
    while more:  # to the end, so that a Ping finds nothing pending and waits
        answer = client.sync(CollectionRequest(key, contacts, window_size=512)).collections[0]
        key, more = answer.sync_key, answer.more_available or key == "0"
    return app, client, contacts, key


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("bad", ["²", "--1", "9" * 5000])
def test_a_bad_integer_in_a_sync_is_a_chosen_answer(strict: bool, bad: str) -> None:
    app, client, folder, key = _synced(strict)
    tree = _sync(E("Collection", E("SyncKey", key), E("CollectionId", folder)), window=bad)
    reply = client.eas("Sync", tree)
    assert app.unhandled_errors == 0
    if strict:
        assert reply.status == 200
        assert SyncResponse.from_tree(reply.tree()).status == SyncStatus.PROTOCOL_ERROR
    else:
        assert reply.status == 500  # Z-Push's answer to a malformed request, logged


@pytest.mark.parametrize("strict", [False, True])
def test_an_opaque_collection_id_with_nul_is_not_echoed_raw(strict: bool) -> None:
    app, client, _, key = _synced(strict)
    tree = _sync(E("Collection", E("SyncKey", key), E("CollectionId", b"con\x00tacts")))
    reply = client.eas("Sync", tree)
    assert app.unhandled_errors == 0
    assert reply.status == 200
    wbxml.decode(reply.body)  # a well-formed answer


@pytest.mark.parametrize("seconds", ["300000000000", "9" * 18])
def test_a_huge_heartbeat_in_zpush_mode_is_waited_out(seconds: str) -> None:
    app, client, folder, _ = _synced(False)
    ping = E(
        "Ping:Ping",
        E("HeartbeatInterval", seconds),
        E("Folders", E("Folder", E("Id", folder), E("Class", "Contacts"))),
    )
    reply = client.eas("Ping", ping)
    assert app.unhandled_errors == 0
    assert reply.status == 200
    assert PingResponse.from_tree(reply.tree()).status == PingStatus.EXPIRED


def _raw(app: ServerApp, environ_extra: dict[str, Any], body: io.RawIOBase | None = None) -> int:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": ACTIVESYNC_PATH,
        "QUERY_STRING": "Cmd=FolderSync&User=u&DeviceId=dev1&DeviceType=iPhone",
        "HTTP_AUTHORIZATION": basic_authorization(DEMO_LOGIN, DEMO_PASSWORD),
        "HTTP_MS_ASPROTOCOLVERSION": "14.1",
        "wsgi.input": body if body is not None else io.BytesIO(b""),
    }
    environ |= environ_extra
    captured: list[str] = []
    app(environ, lambda status, headers, exc=None: captured.append(status))
    return int(captured[0].split()[0])


class NeverRead(io.RawIOBase):
    """A request body that must not be read."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("length", ["²", "100000000000000000000", "1e20", "-1", "12 34"])
def test_a_bad_content_length_is_refused(strict: bool, length: str) -> None:
    app = demo_app(strict=strict, provisioning=False)
    status = _raw(app, {"CONTENT_LENGTH": length}, NeverRead())
    assert app.unhandled_errors == 0
    assert status == (400 if strict else 500)


@pytest.mark.parametrize("strict", [False, True])
def test_a_body_over_the_cap_is_refused_unread(strict: bool) -> None:
    app = demo_app(strict=strict, provisioning=False, input_limits=InputLimits(activesync_body=100))
    status = _raw(app, {"CONTENT_LENGTH": "101"}, NeverRead())
    assert app.unhandled_errors == 0
    assert status == (413 if strict else 500)


@pytest.mark.parametrize("length", ["100", "20000000"])
def test_eas_body_is_not_read_without_credentials(length: str) -> None:
    app = demo_app(strict=True, provisioning=False)
    wrong = basic_authorization(DEMO_LOGIN, "wrong")
    status = _raw(app, {"CONTENT_LENGTH": length, "HTTP_AUTHORIZATION": wrong}, NeverRead())
    assert status == 401


@pytest.mark.parametrize("length", ["100", "20000000"])
@pytest.mark.parametrize("authorization", ["Basic garbage", basic_authorization("x_y", "z")])
def test_autodiscover_body_is_not_read_without_credentials(authorization: str, length: str) -> None:
    app = demo_app(strict=True)
    status = _raw(
        app,
        {
            "PATH_INFO": "/autodiscover/autodiscover.xml",
            "CONTENT_LENGTH": length,
            "HTTP_AUTHORIZATION": authorization,
        },
        NeverRead(),
    )
    assert status == 401
    assert app.unhandled_errors == 0


def test_autodiscover_body_over_the_cap_is_refused_unread() -> None:
    app = demo_app(strict=True)
    status = _raw(
        app, {"PATH_INFO": "/autodiscover/autodiscover.xml", "CONTENT_LENGTH": "20000000"},
        NeverRead(),
    )  # fmt: skip
    assert status == 413


# -- the decoder's limits ---------------------------------------------------------------

H = b"\x03\x01\x6a\x00"
Limits = wbxml.DecodeLimits


@pytest.mark.parametrize(
    ("body", "limits"),
    [
        (H + b"\x45" + b"\x07" * 11 + b"\x01", Limits(max_elements=10)),  # 12 elements
        (H + b"\x4f" * 9 + b"\x01" * 9, Limits(max_depth=8)),
        (H + b"\x4f\xc3\x05abcde\x01", Limits(max_opaque=4)),
    ],
    ids=["elements", "depth", "opaque"],
)
def test_the_decoder_refuses_documents_over_its_limits(body: bytes, limits: Limits) -> None:
    wbxml.decode(body)  # well-formed: the default limits take it
    for decode in (
        lambda: wbxml.decode(body, limits),
        lambda: wbxml._decode_strict(body, limits),
    ):
        with pytest.raises(wbxml.WBXMLLimitError):
            decode()


def test_the_fast_decoder_leaves_a_deep_document_to_the_checked_one() -> None:
    body = H + b"\x4f" * 9 + b"\x01" * 9
    with pytest.raises(ValueError):
        wbxml._decode_fast(body, max_depth=8)


def _nested_sync(depth: int) -> bytes:
    # Sync > Collections > Collection > Commands > Add > ApplicationData > Contacts ... deep.
    return H + b"\x45\x5c\x4f\x56\x47\x5d" + b"\x4f" * depth + b"\x01" * (depth + 6)


ServerCase = Callable[[], bytes]


@pytest.mark.parametrize(
    "body",
    [
        _nested_sync(40),
        H + b"\x45\x5c" + b"\x0f" * 60_000 + b"\x01\x01",
        H + b"\x45\x5c\x4f\x52\xc3\x85\x80\x80\x01" + b"x" * 10,  # opaque claims 8 MiB+ (truncated)
    ],
    ids=["deep", "many", "opaque-claim"],
)
def test_the_server_answers_an_oversized_document_with_the_protocol_error(body: bytes) -> None:
    app = demo_app(strict=True)
    reply = Client(app).eas("Sync", body=body)
    assert app.unhandled_errors == 0
    assert reply.status == 200
    assert SyncResponse.from_tree(reply.tree()).status == SyncStatus.PROTOCOL_ERROR


# -- under uvicorn (server.asgi): the body is read only when the core asks for it -----------


def _asgi(
    app: ServerApp, length: bytes, chunks: list[bytes], password: str = "wrong"
) -> tuple[int, int]:
    """(status, how many body chunks were taken) for a POST through the ASGI front."""
    import asyncio

    from server.asgi import AsgiServer

    server = AsgiServer(app)
    taken = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal taken
        taken += 1
        if taken > len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[taken - 1],
                "more_body": taken < len(chunks)}  # fmt: skip

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(b"authorization", basic_authorization(DEMO_LOGIN, password).encode())]
    if length:
        headers.append((b"content-length", length))
    scope = {"type": "http", "method": "POST", "path": "/autodiscover/autodiscover.xml",
             "query_string": b"", "headers": headers}  # fmt: skip
    asyncio.run(server(scope, receive, send))
    return int(sent[0]["status"]), taken


def test_asgi_does_not_read_a_body_declared_over_the_cap() -> None:
    app = demo_app(strict=True, input_limits=InputLimits(100, 100, 100))
    # Her right password: past the credentials, the declared size alone refuses it.
    status, taken = _asgi(app, b"20000000", [b"x" * 1000] * 5, password=DEMO_PASSWORD)
    assert (status, taken) == (413, 0)


def test_asgi_does_not_read_a_chunked_body_without_credentials() -> None:
    app = demo_app(strict=True, input_limits=InputLimits(100, 100, 100))
    status, taken = _asgi(app, b"", [b"x" * 60] * 50)
    assert (status, taken) == (401, 0)
