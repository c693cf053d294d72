"""Live mode's hosts file: send requests for chosen host names to a live server.

When the suite runs against a live server (``--server URL``), the simulated
internet is off and the devices send real HTTP. A device still asks for
``https://activesync.onoffice.de/...`` because that is what its user typed;
like an ``/etc/hosts`` entry, `HostsSession` sends the requests for the
mapped host names to the live server's scheme, host and port instead, and
leaves the path and query as they were. Every other host goes out as is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests


class HostsSession(requests.Session):
    def __init__(self, hosts: Mapping[str, str]) -> None:
        super().__init__()
        self.hosts = {name.lower(): urlsplit(base) for name, base in hosts.items()}

    def resolve(self, url: str) -> str:
        parts = urlsplit(url)
        target = self.hosts.get((parts.hostname or "").lower())
        if target is None:
            return url
        prefix = target.path.rstrip("/")
        return urlunsplit(
            (target.scheme, target.netloc, prefix + parts.path, parts.query, parts.fragment)
        )

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        text = url.decode() if isinstance(url, bytes) else url
        return super().request(method, self.resolve(text), *args, **kwargs)
