"""Autodiscover as a phone walks it: the profile's URLs in order, Redirects followed.

A URL written ``GET <url>`` is the HTTP redirect probe (MS-OXDSCLI 3.1.5.3):
an unauthenticated GET whose 301/302 Location names the URL to POST to.
The request asks for the profile's response schema (mobilesync, or
Outlook's, which Z-Push refuses with 400: eas-facts.md 4.8).

Each URL tried is kept as an `AutodiscoverAttempt` (what the conversation
log would show, summarised), so that a set-up outcome can say why it asked
for manual configuration. A 401 at any URL is remembered: the account
set-up then says the password is wrong rather than "configure manually".

Must not: decide what the phone shows (`simulator.account` does) or parse
XML itself (`eas.autodiscover` does); requests go through the transport.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eas import autodiscover as ad
from simulator.profile import Profile
from simulator.transport import Transport, TransportError

SCHEMAS = {
    "mobilesync": ad.MOBILESYNC_RESPONSE_SCHEMA,
    "outlook": ad.OUTLOOK_RESPONSE_SCHEMA,
}


@dataclass(frozen=True)
class AutodiscoverAttempt:
    """One URL tried.

    ``result``: settings, redirect, error, invalid, http-NNN or a transport error kind.
    """

    url: str
    result: str
    detail: str = ""


@dataclass(frozen=True)
class Discovery:
    settings: ad.AutodiscoverSettings | None
    attempts: tuple[AutodiscoverAttempt, ...]
    refused_credentials: bool  # some URL answered 401


@dataclass
class _Walk:
    attempts: list[AutodiscoverAttempt] = field(default_factory=list)
    refused: bool = False


def discover(transport: Transport, profile: Profile, email: str, password: str) -> Discovery:
    """Try the profile's autodiscover URLs in order, following Redirect responses."""
    walk = _Walk()
    address, redirects = email, 0
    pending = list(profile.autodiscover.urls_for(address))
    schema = SCHEMAS[profile.autodiscover.schema]
    while pending:
        url = pending.pop(0)
        if url.startswith("GET "):
            target = _probe(transport, walk, url.removeprefix("GET "))
            if target is None:
                continue
            url = target
        result = _try_url(transport, walk, url, email, password, address, schema)
        if result is None:
            continue
        if result.settings is not None:
            return Discovery(result.settings, tuple(walk.attempts), walk.refused)
        if result.redirect is not None and redirects < profile.autodiscover.max_redirects:
            # MS-ASCMD 2.2.3.147: start again with the domain of the address given.
            redirects += 1
            address = result.redirect
            pending = list(profile.autodiscover.urls_for(address))
    return Discovery(None, tuple(walk.attempts), walk.refused)


def _probe(transport: Transport, walk: _Walk, url: str) -> str | None:
    """The redirect probe: GET without credentials; a redirect's Location, else None."""
    try:
        reply = transport.http("GET", url)
    except TransportError as exc:
        walk.attempts.append(AutodiscoverAttempt(f"GET {url}", exc.kind, str(exc)))
        return None
    location = reply.headers.get("Location")
    if reply.status in (301, 302, 307, 308) and location and location.startswith("https://"):
        walk.attempts.append(AutodiscoverAttempt(f"GET {url}", "redirect", location))
        return location
    walk.attempts.append(AutodiscoverAttempt(f"GET {url}", f"http-{reply.status}", reply.reason))
    return None


def _try_url(
    transport: Transport,
    walk: _Walk,
    url: str,
    login: str,
    password: str,
    address: str,
    schema: str,
) -> ad.AutodiscoverResult | None:
    def note(result: str, detail: str = "") -> None:
        walk.attempts.append(AutodiscoverAttempt(url, result, detail))

    try:
        reply = transport.autodiscover(url, login, password, ad.build_request(address, schema))
    except TransportError as exc:
        note(exc.kind, str(exc))
        return None
    if reply.status == 401:
        walk.refused = True
    if reply.status != 200:
        note(f"http-{reply.status}", reply.reason)
        return None
    try:
        result = ad.parse_response(reply.body)
    except ad.AutodiscoverError as exc:
        note("invalid", str(exc))
        return None
    if result.error is not None:
        note("error", f"{result.error.error_code or result.error.status}: {result.error.message}")
        return None
    note(result.kind, result.redirect or (result.settings.url if result.settings else ""))
    return result
