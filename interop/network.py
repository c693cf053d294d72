"""The interop "network": one HTTP connection per request, and the test domain's hosts.

SOGo's HTTP server (SOPE's WOHttpAdaptor behind its watchdog) closes a
kept-alive connection at unpredictable moments without a ``Connection:
close`` in the response (RFC 9112 9.6 asks for one). A client that reuses
the connection then gets a reset on its next request: seen here on about 5
in 100 requests, 17 in 100 when the request says ``Connection: close``
(urllib3 still pools the connection: only the response header counts).
Phones' HTTP stacks retry such a request on a new connection (OkHttp's
retryOnConnectionFailure, NSURLSession); the simulator's transport does not
yet, so the interop tests give the devices a session that never reuses a
connection. With fresh connections, 0 resets in hundreds of requests.

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
    """A `HostsSession` that drops its connection pool after every request."""

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        try:
            return super().request(method, url, *args, **kwargs)
        finally:
            # The body is already read (no stream=True here): closing the pools
            # makes the next request open a new connection.
            self.close()


def interop_session(base_url: str) -> FreshConnectionSession:
    """The session a simulated device gets: the test domain's hosts -> SOGo, no reuse."""
    return FreshConnectionSession({MAIL_DOMAIN: base_url, f"autodiscover.{MAIL_DOMAIN}": base_url})
