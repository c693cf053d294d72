"""ResolveRecipients and Search: onOffice's Z-Push has no directory to look in.

Phones send these from the mail composer and the directory search; the
classes we sync do not need them. The answers per mode:

    command            strict (MS-ASCMD)                      Z-Push 2.7 (issue 14)
    ----------------   ------------------------------------   ----------------------------
    ResolveRecipients  Status 1, each To a Response with       Status 5: its backend's
                       Status 4 (not resolved), no Recipient  default (no resolver)
    Search GAL,        Status 1, Store Status 1, an empty     the same, in WBXML
    Mailbox            Result and Total 0
    Search other Store Store Status 2 (invalid request)       the same

Must not: search onOffice's addresses; the GAL is not part of onOffice Sync.
"""

from __future__ import annotations

import logging

from eas.commands import CommandError
from eas.commands.lookup import (
    ResolveRecipientsRequest,
    ResolveRecipientsResponse,
    ResolveStatus,
    SearchRequest,
    SearchResponse,
    SearchStatus,
)
from eas.tree import Element
from server.commands.base import CommandContext, CommandResult, CommandSpec

log = logging.getLogger("zpush_sim.server")

SEARCHABLE_STORES = ("GAL", "Mailbox")  # MS-ASCMD 2.2.3.110.2: DocumentLibrary needs a share


def resolve_recipients(ctx: CommandContext, body: Element | None) -> CommandResult:
    if body is None:
        raise CommandError("ResolveRecipients with an empty body")
    request = ResolveRecipientsRequest.from_tree(body)
    if not ctx.config.strict:
        log.info("ResolveRecipients: no resolver in the backend: Status 5, as Z-Push")
        return CommandResult(ResolveRecipientsResponse(ResolveStatus.PROTOCOL_ERROR).to_tree())
    unresolved = tuple((to, int(ResolveStatus.NOT_RESOLVED)) for to in request.to)
    return CommandResult(ResolveRecipientsResponse(ResolveStatus.SUCCESS, unresolved).to_tree())


def search(ctx: CommandContext, body: Element | None) -> CommandResult:
    if body is None:
        raise CommandError("Search with an empty body")
    request = SearchRequest.from_tree(body)
    if request.store not in SEARCHABLE_STORES:
        log.info("Search: store %r cannot be searched: Store Status 2", request.store)
        return CommandResult(
            SearchResponse(SearchStatus.SUCCESS, SearchStatus.INVALID_REQUEST).to_tree()
        )
    log.info("Search %s %r: no directory, no matches", request.store, request.query)
    return CommandResult(SearchResponse(SearchStatus.SUCCESS, SearchStatus.SUCCESS).to_tree())


def _resolve_format_error() -> Element:
    return ResolveRecipientsResponse(ResolveStatus.PROTOCOL_ERROR).to_tree()


def _search_format_error() -> Element:
    return SearchResponse(SearchStatus.INVALID_REQUEST).to_tree()


RESOLVE_RECIPIENTS = CommandSpec(
    "ResolveRecipients",
    resolve_recipients,
    _resolve_format_error,
    root_tag="ResolveRecipients:ResolveRecipients",
)
SEARCH = CommandSpec("Search", search, _search_format_error, root_tag="Search:Search")
