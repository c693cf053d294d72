"""ResolveRecipients (MS-ASCMD 2.2.1.15) and Search (2.2.1.16): the look-up commands.

Only what a server without a directory needs: the request's recipients or
store and query, and answers that carry a status and no matches. Neither
command touches the classes we sync; phones send them from the mail
composer (ResolveRecipients) and the directory search (Search GAL).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from eas.commands import CommandError
from eas.tree import E, Element


class ResolveStatus(IntEnum):
    """MS-ASCMD 2.2.3.177.12 Status (ResolveRecipients), top level and per Response."""

    SUCCESS = 1
    AMBIGUOUS = 2
    AMBIGUOUS_PARTIAL = 3
    NOT_RESOLVED = 4
    PROTOCOL_ERROR = 5
    SERVER_ERROR = 6


class SearchStatus(IntEnum):
    """MS-ASCMD 2.2.3.177.16 Status (Search), top level and per Store."""

    SUCCESS = 1
    INVALID_REQUEST = 2
    SERVER_ERROR = 3


@dataclass(frozen=True)
class ResolveRecipientsRequest:
    to: tuple[str, ...]

    def to_tree(self) -> Element:
        return E("ResolveRecipients:ResolveRecipients", *(E("To", t) for t in self.to))

    @classmethod
    def from_tree(cls, root: Element) -> ResolveRecipientsRequest:
        if root.tag != "ResolveRecipients:ResolveRecipients":
            raise CommandError(f"expected ResolveRecipients, got {root.tag}")
        to = tuple(t.text or "" for t in root.findall("To"))
        if not to:
            raise CommandError("ResolveRecipients without To")  # MS-ASCMD 2.2.3.180.1
        return cls(to)


@dataclass(frozen=True)
class ResolveRecipientsResponse:
    """A top-level Status and, when it is 1, one Response per To with no Recipient."""

    status: int
    unresolved: tuple[tuple[str, int], ...] = ()  # (To, per-Response Status)

    def to_tree(self) -> Element:
        responses = (
            E("Response", E("To", to), E("Status", str(status)), E("RecipientCount", "0"))
            for to, status in self.unresolved
        )
        return E("ResolveRecipients:ResolveRecipients", E("Status", str(self.status)), *responses)

    @classmethod
    def from_tree(cls, root: Element) -> ResolveRecipientsResponse:
        status = int(root.findtext("Status") or "0")
        unresolved = tuple(
            (r.findtext("To") or "", int(r.findtext("Status") or "0"))
            for r in root.findall("Response")
        )
        return cls(status, unresolved)


@dataclass(frozen=True)
class SearchRequest:
    store: str  # Store/Name: GAL, Mailbox or DocumentLibrary
    query: str | None

    def to_tree(self) -> Element:
        query = None if self.query is None else E("Query", self.query)
        return E("Search:Search", E("Store", E("Name", self.store), query))

    @classmethod
    def from_tree(cls, root: Element) -> SearchRequest:
        if root.tag != "Search:Search":
            raise CommandError(f"expected Search, got {root.tag}")
        name = root.findtext("Store/Name")
        if not name:
            raise CommandError("Search without Store/Name")
        query = root.find("Store/Query")
        # A GAL query is text; a Mailbox query holds And/EqualTo/FreeText elements.
        return cls(name, None if query is None else query.text or "")


@dataclass(frozen=True)
class SearchResponse:
    """Status, and the Store's own Status with an empty Result and Total 0 (no matches)."""

    status: int
    store_status: int | None = None

    def to_tree(self) -> Element:
        if self.store_status is None:
            return E("Search:Search", E("Status", str(self.status)))
        found = (
            # MS-ASCMD 2.2.3.147: Result is empty when nothing matched.
            (E("Result"), E("Total", "0")) if self.store_status == SearchStatus.SUCCESS else ()
        )
        store = E("Store", E("Status", str(self.store_status)), *found)
        return E("Search:Search", E("Status", str(self.status)), E("Response", store))

    @classmethod
    def from_tree(cls, root: Element) -> SearchResponse:
        store = root.findtext("Response/Store/Status")
        return cls(int(root.findtext("Status") or "0"), None if store is None else int(store))
