"""Live mode's hosts file: send requests for chosen host names to a live server.

When the suite runs against a live server (``--server URL``), the simulated
internet is off and the devices send real HTTP. A device still asks for
``https://activesync.onoffice.de/...`` because that is what its user typed;
like an ``/etc/hosts`` entry, `HostsSession` sends the requests for the
mapped host names to the live server's scheme, host and port instead, and
leaves the path and query as they were. Every other host goes out as is,
or, with ``only_mapped``, fails as a name that does not resolve (so that a
device's autodiscover walk over other hosts never leaves the machine: the
``zpush-sim device`` command and the real-socket tests use that). The
name ``*`` maps every host not named otherwise.

With a `zpush_sim.sealed.SealedNetwork` (a live target's), the session
asks it at every request: a host routed there is answered in-process by
its app (it wins over the hosts mapping and is the only other host that
resolves), and an answer it says is lost is dropped after it arrived.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import requests

from zpush_sim.network import lost_answer_error

if TYPE_CHECKING:
    from requests.adapters import BaseAdapter

    from zpush_sim.sealed import SealedNetwork


class HostsSession(requests.Session):
    def __init__(
        self,
        hosts: Mapping[str, str],
        *,
        only_mapped: bool = False,
        network: SealedNetwork | None = None,
    ) -> None:
        super().__init__()
        self.hosts = {name.lower(): urlsplit(base) for name, base in hosts.items()}
        self.only_mapped = only_mapped
        self.network = network

    def resolve(self, url: str) -> str:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if self.network is not None and self.network.app(host) is not None:
            return url  # answered in-process (get_adapter), under its own name
        target = self.hosts.get(host, self.hosts.get("*"))
        if target is None:
            return url
        prefix = target.path.rstrip("/")
        return urlunsplit(
            (target.scheme, target.netloc, prefix + parts.path, parts.query, parts.fragment)
        )

    def get_adapter(self, url: str) -> BaseAdapter:
        host = urlsplit(url).hostname or ""
        if self.network is not None and self.network.app(host) is not None:
            return self.network.adapter
        return super().get_adapter(url)

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        text = url.decode() if isinstance(url, bytes) else url
        host = (urlsplit(text).hostname or "").lower()
        in_process = self.network is not None and self.network.app(host) is not None
        if self.only_mapped and not in_process and host not in self.hosts and "*" not in self.hosts:
            # What urllib3 reports for a name that does not resolve (see zpush_sim.network).
            raise requests.ConnectionError(
                f"Failed to resolve '{host}' ([Errno -2] Name or service not known)"
            )
        response = super().request(method, self.resolve(text), *args, **kwargs)
        lost = self.network.take_loss(host, text) if self.network is not None else None
        if lost is not None:
            response.close()
            raise lost_answer_error(lost, response.request)
        return response
