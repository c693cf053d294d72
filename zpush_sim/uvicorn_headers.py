"""uvicorn's HTTP protocol with a deadline for the request line and headers.

uvicorn bounds an idle kept-alive connection (``timeout_keep_alive``) but not
one that sends its headers a byte at a time: such connections count towards
``limit_concurrency`` for as long as they trickle, so a few thousand of them
would have every phone answered 503 (slowloris). Here each request's head
must be complete within ``header_timeout`` seconds of its first byte (of the
connection's start, for the first request); otherwise the server answers
408 and closes the connection, as nginx's ``client_header_timeout`` does. The
body has its own deadline (`server.asgi`).

Written here because uvicorn has no such setting: a subclass of its
httptools protocol that arms a timer when a request begins and disarms it
when its headers are complete.

Must not: read or answer requests otherwise (uvicorn does), or know EAS.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

DEFAULT_HEADER_TIMEOUT = 20.0  # seconds for the request line and headers
_TOO_SLOW = b"the request headers came too slowly"
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n" % len(_TOO_SLOW) + _TOO_SLOW
)
log = logging.getLogger("zpush_sim.server")


def protocol_with_header_timeout(seconds: float) -> type[HttpToolsProtocol]:
    """The protocol class for ``uvicorn.Config(http=...)`` with this header deadline."""

    class HeaderDeadlineProtocol(HttpToolsProtocol):
        header_timeout = seconds
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm()  # a kept-alive connection's next request: a fresh deadline

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _too_slow(self, *_: Any) -> None:
            self._header_timer = None
            if self.transport.is_closing():
                return
            log.info("IP: %s request headers not complete in %.0f s: 408",
                     (self.client or ("?",))[0], self.header_timeout)  # fmt: skip
            self.transport.write(TIMEOUT_ANSWER)
            self.transport.close()

    return HeaderDeadlineProtocol
