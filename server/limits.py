"""How much a request may make the server do: body sizes and decoded-document bounds.

`InputLimits` is one frozen value in `ServerConfig.input_limits`; `read_body`
is the only way the endpoints read a request body. The Content-Length is
checked before a byte is read (ASCII digits only: ``"²"`` passes
`str.isdigit` but not `int`; ``1e20`` is not a length) and a body over the
endpoint's cap is refused unread, so an unauthenticated or oversized upload
costs neither memory nor CPU. Every endpoint authenticates before it calls
`read_body`. Must not: decide the HTTP answer (the endpoint maps `BodyError`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eas.wbxml import DecodeLimits

_LENGTH = re.compile(r"[0-9]{1,15}")
MiB = 1024 * 1024
# A request: the largest a device sends is a Sync of a few hundred changes
# (about 30 elements each) or a SendMail's MIME (one opaque value).
REQUEST_DECODE_LIMITS = DecodeLimits(max_elements=50_000, max_depth=32, max_opaque=16 * MiB)


@dataclass(frozen=True)
class InputLimits:
    """Caps on what one request may carry."""

    # EAS: the largest body read. SendMail carries whole MIME messages; Z-Push's
    # default PHP post_max_size is 8 MB, Exchange's maxRequestLength 10 MB.
    activesync_body: int = 16 * MiB
    # Autodiscover requests are a few hundred bytes (MS-OXDSCLI 2.2.3).
    autodiscover_body: int = 64 * 1024
    # Admin JSON bodies and the settings page's forms.
    admin_body: int = 1 * MiB
    # What the WBXML decoder accepts in a request (elements, depth, opaque size).
    wbxml: DecodeLimits = field(default_factory=lambda: REQUEST_DECODE_LIMITS)


class BodyError(ValueError):
    """The Content-Length is not a length, or over the cap."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.too_large = reason == TOO_LARGE


BAD_LENGTH = "bad Content-Length"
TOO_LARGE = "body too large"


def content_length(environ: Mapping[str, Any]) -> int:
    """The declared body length (0 when absent); `BodyError` if it is not a length."""
    raw = str(environ.get("CONTENT_LENGTH") or "0").strip()
    if _LENGTH.fullmatch(raw) is None:
        raise BodyError(BAD_LENGTH, raw[:40])
    return int(raw)


def read_body(environ: Mapping[str, Any], cap: int) -> bytes:
    """The body, read only if its declared length is within ``cap``."""
    length = content_length(environ)
    if length > cap:
        raise BodyError(TOO_LARGE, f"{length} bytes, at most {cap}")
    if not length:
        return b""
    data: bytes = environ["wsgi.input"].read(length)
    return data
