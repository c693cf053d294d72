"""A live target's sealed network: in-process services and lost answers beside a real server.

Against a live server (``serve``, ``dav``) the devices send real HTTP
through `zpush_sim.hosts.HostsSession`, which sends only the target's
mapped hosts there and fails every other name as unresolvable. Scenarios
still need the simulated internet's two other powers (`SimulatedNetwork`):
a third-party service at its own host (Memotoo's CalDAV server, B-MEMO-1)
and an answer lost on the way (B-COL-3, the ``resends_add_after_timeout``
quirk). `SealedNetwork` holds both for one target, and every session the
target hands out consults it at each request, so that a service routed
after the devices were made is reached by them:

- a routed host is answered by its WSGI app in-process (`WSGIAdapter`,
  through `zpush_sim.network.call_wsgi`): the request never reaches a
  socket, and the host counts as mapped to that app only;
- a lost answer is taken after the real answer arrived: the server got
  and handled the request, the device sees a reset or a timeout instead.

Must not: open a socket, or know EAS (it decides per host and URL).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPResponse

from zpush_sim.network import Losses, LossKind, WSGIApp, call_wsgi


class SealedNetwork:
    """The in-process services and pending lost answers of one live target (`SimulatedNetwork`)."""

    def __init__(self) -> None:
        self._apps: dict[str, WSGIApp] = {}
        self._losses = Losses()
        self.adapter = WSGIAdapter(self)

    def route(self, host: str, app: WSGIApp) -> None:
        """Answer every request for ``host`` with the in-process WSGI ``app``."""
        self._apps[host.lower()] = app

    def forget(self, host: str) -> None:
        """Remove ``host``'s service: from now on its name does not resolve (unless mapped)."""
        self._apps.pop(host.lower(), None)

    def app(self, host: str) -> WSGIApp | None:
        """The in-process service routed at ``host``, if any."""
        return self._apps.get(host.lower())

    def lose_answer(
        self, host: str, matches: Callable[[str], bool], nth: int = 1, kind: LossKind = "reset"
    ) -> None:
        """Lose the answer to the NTH request to HOST whose URL MATCHES, from now on.

        The server (live or in-process) gets and handles that request; its
        answer is dropped once it arrived, and the device sees ``kind``: a
        connection reset before any byte, or a read timeout.
        """
        self._losses.add(host, matches, nth, kind)

    def take_loss(self, host: str, url: str) -> LossKind | None:
        """Count a request the device sent for ``url``; how its answer is lost, if it is."""
        return self._losses.take(host, url)


class WSGIAdapter(HTTPAdapter):
    """A `requests` transport adapter answering from the sealed network's in-process apps.

    Hand-written for the reason `zpush_sim.network` gives (no maintained
    requests-to-WSGI adapter); unlike that router it is mounted per session,
    not patched into every `requests` call, so the live server's real HTTP
    is untouched. It is an `HTTPAdapter` only to build the answer as one
    does (`build_response`: Content-Encoding decoded, encoding, URL); `send`
    never opens a connection.
    """

    def __init__(self, network: SealedNetwork) -> None:
        super().__init__()
        self.network = network

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        host = urlsplit(request.url or "").hostname or ""
        app = self.network.app(host)
        if app is None:  # forgotten since the session chose this adapter
            raise requests.ConnectionError(
                f"Failed to resolve '{host}' ([Errno -2] Name or service not known)",
                request=request,
            )
        status, headers, body = call_wsgi(app, request)
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        raw = HTTPResponse(
            body=io.BytesIO(body), headers=headers, status=status, reason=reason,
            preload_content=False, decode_content=True, request_url=request.url,
        )  # fmt: skip
        return self.build_response(request, raw)
