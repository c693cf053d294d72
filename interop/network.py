"""The interop "network": the test domain's hosts, and SOGo's dropped connections.

SOGo's HTTP server (SOPE's WOHttpAdaptor behind its watchdog) closes a
kept-alive connection at unpredictable moments without a ``Connection:
close`` in the response (RFC 9112 9.6 asks for one). A client that reuses
the connection then gets a reset on its next request: seen here on about 5
in 100 requests, 17 in 100 when the request says ``Connection: close``
(urllib3 still pools the connection: only the response header counts).

The simulated devices cope as phones do: their transport sends a request
reset before any answer once more, on a new connection
(`simulator.transport`), so `interop_session` reuses connections like a
phone and the tests see what a phone would. The CardDAV/CalDAV seeding
client (`interop.dav`) is test equipment, not a device, and has no such
retry: it keeps `FreshConnectionSession`, which never reuses a connection
(with fresh connections, 0 resets in hundreds of requests).

`interop_session` also maps the test mail domain (``sogo.interop``) and its
``autodiscover.`` host to SOGo, like an /etc/hosts entry: the devices'
autodiscover probes reach SOGo (which has none) instead of DNS.

Must not: change what is sent (headers, bodies) or retry anything.
"""

from __future__ import annotations

from typing import Any

import requests

from zpush_sim.hosts import HostsSession

MAIL_DOMAIN = "sogo.interop"


class FreshConnectionSession(HostsSession):
    """A `HostsSession` that drops its connection pool after every request (for `interop.dav`)."""

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        try:
            return super().request(method, url, *args, **kwargs)
        finally:
            # The body is already read (no stream=True here): closing the pools
            # makes the next request open a new connection.
            self.close()


def interop_session(base_url: str) -> HostsSession:
    """The session a simulated device gets: the test domain's hosts -> SOGo, kept alive."""
    return HostsSession({MAIL_DOMAIN: base_url, f"autodiscover.{MAIL_DOMAIN}": base_url})
