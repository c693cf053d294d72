"""WBXML 1.3 codec for MS-ASWBXML documents (API contract; the codec helper fills it in).

Hand-written rather than taken from a library: the harness must be able to
emit deliberately malformed bodies for fault scenarios, and the decoder must
fail with one typed error naming the byte offset, which no maintained
Python WBXML package offers.
"""

from __future__ import annotations

from dataclasses import dataclass

from eas.tree import Element


class WBXMLError(ValueError):
    """Any malformed input. The only exception ``decode`` ever raises."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(f"{message} at byte {offset}")
        self.offset = offset
        self.message = message


@dataclass(frozen=True)
class Faults:
    """Malformations the encoder can be told to emit (for fault scenarios)."""


def decode(data: bytes) -> Element:
    raise NotImplementedError


def encode(root: Element, faults: Faults | None = None) -> bytes:
    raise NotImplementedError
