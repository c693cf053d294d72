"""A small fake EAS server (WSGI) for the simulator's tests, built from `eas` alone.

It is not the reference server and must not import `server/`: simulator
tests check the device against a few lines of known behaviour. It answers
autodiscover for one domain, OPTIONS with a version list, FolderSync with a
contacts and a calendar folder, and Sync with paging by WindowSize; it
records every request so that tests can check what the device sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from eas import autodiscover as ad
from eas import wbxml
from eas.commands.foldersync import (
    Folder,
    FolderSyncRequest,
    FolderSyncResponse,
    FolderSyncStatus,
    FolderType,
)
from eas.commands.sync import (
    Add,
    CollectionResponse,
    SyncRequest,
    SyncResponse,
    SyncStatus,
)
from eas.http import (
    WBXML_CONTENT_TYPE,
    options_headers,
    parse_basic_authorization,
)
from eas.items.contacts import ContactItem, contact_to_application_data
from eas.tree import Element

HOST = "activesync.example.test"
EAS_URL = f"https://{HOST}/Microsoft-Server-ActiveSync"
CONTACTS_ID, CALENDAR_ID = "c1", "k1"


class FixedClock:
    """The injected clock of the devices under test, pinned to a scenario's date."""

    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    tree: Element | None


@dataclass
class FakeEAS:
    """Users ``{login: password}``; contacts served from CONTACTS_ID."""

    users: dict[str, str] = field(default_factory=lambda: {"jane@" + HOST: "demo"})
    versions: tuple[str, ...] = ("12.0", "12.1", "14.0", "14.1")
    autodiscover_domain: str = HOST
    contacts: list[ContactItem] = field(default_factory=list)
    invalidate_next_sync_key: bool = False
    invalidate_next_folder_key: bool = False
    seen: list[Seen] = field(default_factory=list)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")
        }
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ["QUERY_STRING"]).items()}
        is_wbxml = environ.get("CONTENT_TYPE") == WBXML_CONTENT_TYPE and body
        self.seen.append(
            Seen(environ["REQUEST_METHOD"], path, query, headers,
                 wbxml.decode(body) if is_wbxml else None)
        )  # fmt: skip
        credentials = parse_basic_authorization(headers.get("authorization"))
        if credentials is None or self.users.get(credentials[0]) != credentials[1]:
            return _reply(start_response, "401 Unauthorized", [("WWW-Authenticate", "Basic")])
        if path.lower() == "/autodiscover/autodiscover.xml":
            return self._autodiscover(start_response, body)
        if environ["REQUEST_METHOD"] == "OPTIONS":
            return _reply(
                start_response, "200 OK", options_headers(self.versions, ["Sync"], "14.1")
            )
        tree = self.seen[-1].tree
        assert tree is not None
        if query.get("Cmd") == "FolderSync":
            answer = self._folder_sync(FolderSyncRequest.from_tree(tree))
        elif query.get("Cmd") == "Sync":
            answer = self._sync(SyncRequest.from_tree(tree))
        else:
            return _reply(start_response, "500 Internal Server Error", [])
        out = wbxml.encode(answer)
        return _reply(start_response, "200 OK", [("Content-Type", WBXML_CONTENT_TYPE)], out)

    def _autodiscover(self, start_response: Callable[..., Any], body: bytes) -> Iterable[bytes]:
        email = ad.parse_request(body).email_address
        if email.rpartition("@")[2] != self.autodiscover_domain:
            return _reply(start_response, "404 Not Found", [])
        answer = ad.build_response(ad.AutodiscoverSettings("Jane Doe", email, EAS_URL))
        return _reply(start_response, "200 OK", [("Content-Type", "text/xml")], answer)

    def _folder_sync(self, request: FolderSyncRequest) -> Element:
        if self.invalidate_next_folder_key and request.sync_key != "0":
            self.invalidate_next_folder_key = False
            return FolderSyncResponse(FolderSyncStatus.SYNC_KEY_INVALID).to_tree()
        if request.sync_key == "0":
            folders = (
                Folder(CONTACTS_ID, "0", "Contacts", FolderType.CONTACTS),
                Folder(CALENDAR_ID, "0", "Calendar", FolderType.CALENDAR),
            )
            return FolderSyncResponse(1, "F1", add=folders).to_tree()
        return FolderSyncResponse(1, request.sync_key).to_tree()

    def _sync(self, request: SyncRequest) -> Element:
        answers = []
        for collection in request.collections:
            key = collection.sync_key
            if self.invalidate_next_sync_key and key != "0":
                self.invalidate_next_sync_key = False
                answers.append(
                    CollectionResponse(collection.collection_id, SyncStatus.INVALID_SYNC_KEY)
                )
                continue
            if key == "0":
                answers.append(CollectionResponse(collection.collection_id, 1, "S0"))
                continue
            sent = int(key[1:])
            items = self.contacts if collection.collection_id == CONTACTS_ID else []
            window = collection.window_size or 100
            page = items[sent : sent + window]
            answers.append(
                CollectionResponse(
                    collection.collection_id,
                    1,
                    f"S{sent + len(page)}",
                    commands=tuple(
                        Add(contact_to_application_data(c), server_id=f"{CONTACTS_ID}:{sent + i}")
                        for i, c in enumerate(page)
                    ),
                    more_available=sent + len(page) < len(items),
                )
            )
        return SyncResponse(collections=tuple(answers)).to_tree()

    def commands(self) -> list[str]:
        return [s.query.get("Cmd", s.method) for s in self.seen]


def _reply(
    start_response: Callable[..., Any],
    status: str,
    headers: list[tuple[str, str]],
    body: bytes = b"",
) -> Iterable[bytes]:
    start_response(status, [*headers, ("Content-Length", str(len(body)))])
    return [body]
