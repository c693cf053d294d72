"""A request body the core reads on demand: ``wsgi.input`` over the ASGI receive channel.

The core reads a body only after it has checked the request's credentials
and the declared Content-Length (`server.limits.read_body`, issue 13). Under
ASGI the body would otherwise be read in full before the core sees the
request: an unauthenticated upload of any size would cost memory first.
Here nothing is received until the core asks, so an unauthenticated or
oversized request is answered without its body ever being read.

The core runs on a worker thread; each read hands one ``receive()`` to the
event loop and waits for it, within ``timeout`` seconds counted from the
first read (a client that trickles its body is cut: `timed_out`, and the
ASGI server answers 408). A client that leaves mid-body ends the body
(`gone`). Trade-off: an authenticated client that trickles its body holds
a worker thread for at most ``timeout``; an unauthenticated one holds none.

Must not: parse or decide anything about the body; the core does.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]


class AsgiInput:
    """A file-like ``read(size)`` for the core, fed by ASGI ``http.request`` messages."""

    def __init__(self, receive: Receive, loop: asyncio.AbstractEventLoop, timeout: float) -> None:
        self._receive, self._loop, self._timeout = receive, loop, timeout
        self._buffer = bytearray()
        self._deadline: float | None = None
        self.complete = False  # the whole body has arrived
        self.timed_out = False
        self.gone = False  # the client closed the connection

    def read(self, size: int = -1) -> bytes:
        if self._deadline is None:
            self._deadline = time.monotonic() + self._timeout
        while not self._ended() and (size < 0 or len(self._buffer) < size):
            self._receive_one(self._deadline - time.monotonic())
        count = len(self._buffer) if size < 0 else min(size, len(self._buffer))
        data = bytes(self._buffer[:count])
        del self._buffer[:count]
        return data

    def _ended(self) -> bool:
        return self.complete or self.timed_out or self.gone

    def _receive_one(self, remaining: float) -> None:
        if remaining <= 0:
            self.timed_out = True
            return
        future = asyncio.run_coroutine_threadsafe(self._next(), self._loop)
        try:
            message = future.result(remaining)
        except concurrent.futures.TimeoutError:
            future.cancel()
            self.timed_out = True
            return
        if message["type"] == "http.disconnect":
            self.gone = True
            return
        self._buffer += message.get("body", b"")
        if not message.get("more_body", False):
            self.complete = True

    async def _next(self) -> MutableMapping[str, Any]:
        return await self._receive()
