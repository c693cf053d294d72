"""EAS commands as frozen dataclasses that convert to and from `eas.tree.Element`.

One module per command. Each request and response has ``to_tree()`` and
``from_tree(root)``; ``from_tree`` raises `CommandError` when a well-formed
WBXML document does not have the command's shape, so that the server can
answer with the command's protocol-error status. No I/O here.
"""

from __future__ import annotations

import re

from eas.tree import Element

# An EAS integer element (MS-ASDTYPE 2.6: xs:integer in decimal): ASCII digits with an
# optional minus. `str.isdigit` also takes "²" and "٣" and `int` would then fail or read
# Arabic-Indic digits; 18 digits keep every value within a signed 64-bit column and far
# below int()'s 4,300-digit limit.
_INTEGER = re.compile(r"-?[0-9]{1,18}")


class CommandError(ValueError):
    """A decoded document that is not a valid request or response of its command."""


def parse_int(text: str | None, what: str) -> int:
    """An integer element's value, or CommandError naming the element."""
    stripped = None if text is None else text.strip(" \t\r\n")
    if stripped is None or _INTEGER.fullmatch(stripped) is None:
        shown = text if text is None or len(text) <= 40 else f"{text[:40]}..."
        raise CommandError(f"{what} must be an integer, got {shown!r}")
    return int(stripped)


def optional_int(text: str | None, what: str) -> int | None:
    return None if text is None else parse_int(text, what)


def flag(node: Element | None) -> bool | None:
    """An EAS boolean that may be an empty element (= true), "0"/"1", or absent (None)."""
    if node is None:
        return None
    return node.text in (None, "", "1")
