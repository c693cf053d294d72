"""A request body the core reads on demand: ``wsgi.input`` over the ASGI receive channel.

The core reads a body only after it has checked the request's credentials
and the declared Content-Length (`server.limits.read_body`, issue 13). Under
ASGI the body would otherwise be read in full before the core sees the
request: an unauthenticated upload of any size would cost memory first.
Here nothing is received until the core asks, so an unauthenticated or
oversized request is answered without its body ever being read.

Nor does a body that is still on its way hold one of the core's few worker
threads (a phone on a slow network, or a client that trickles on purpose,
would otherwise stall every other request): when the core asks for bytes
that have not all arrived, `read` raises `BodyPending` on the worker
thread; the ASGI front (`server.asgi`) then awaits the body on the event
loop (`arrive`, within ``timeout`` seconds: `timed_out`, answered 408; a
client that leaves ends it: `gone`) and calls the core again, which now
reads it at once. What the core did before asking (authentication, noting
the device) is done twice; it changes nothing the second time.

Must not: parse or decide anything about the body; the core does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]


class BodyPending(BaseException):  # a signal to the ASGI front, not an error
    """The core asked for body bytes that have not arrived yet.

    A BaseException so that the core's last-resort handler (`ServerApp.guarded`,
    ``except Exception``) lets it through to the ASGI front unlogged.
    """


class AsgiInput:
    """A file-like ``read(size)`` for the core, fed by ASGI ``http.request`` messages."""

    def __init__(self, receive: Receive, timeout: float) -> None:
        self._receive, self._timeout = receive, timeout
        self._buffer = bytearray()
        self._wanted = -1  # how much the core asked for (-1: all of it)
        self._deadline: float | None = None
        self.complete = False  # the whole body has arrived
        self.timed_out = False
        self.gone = False  # the client closed the connection

    def read(self, size: int = -1) -> bytes:
        if not self._ended() and (size < 0 or len(self._buffer) < size):
            self._wanted = size
            if self._deadline is None:  # the clock starts when the core first asks
                self._deadline = time.monotonic() + self._timeout
            raise BodyPending
        count = len(self._buffer) if size < 0 else min(size, len(self._buffer))
        data = bytes(self._buffer[:count])
        del self._buffer[:count]
        return data

    async def arrive(self) -> None:
        """Receive until the core's read can be answered, the client left or time is up."""
        assert self._deadline is not None, "arrive() follows a read that raised BodyPending"
        try:
            async with asyncio.timeout(self._deadline - time.monotonic()):
                while not self._ended() and (self._wanted < 0 or len(self._buffer) < self._wanted):
                    message = await self._receive()
                    if message["type"] == "http.disconnect":
                        self.gone = True
                        return
                    self._buffer += message.get("body", b"")
                    if not message.get("more_body", False):
                        self.complete = True
        except TimeoutError:
            self.timed_out = True

    def _ended(self) -> bool:
        return self.complete or self.timed_out or self.gone
