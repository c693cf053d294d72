"""EAS commands as frozen dataclasses that convert to and from `eas.tree.Element`.

One module per command. Each request and response has ``to_tree()`` and
``from_tree(root)``; ``from_tree`` raises `CommandError` when a well-formed
WBXML document does not have the command's shape, so that the server can
answer with the command's protocol-error status. No I/O here.
"""

from __future__ import annotations

from eas.tree import Element


class CommandError(ValueError):
    """A decoded document that is not a valid request or response of its command."""


def parse_int(text: str | None, what: str) -> int:
    """An integer element's value, or CommandError naming the element."""
    if text is None or not text.strip().lstrip("-").isdigit():
        raise CommandError(f"{what} must be an integer, got {text!r}")
    return int(text)


def optional_int(text: str | None, what: str) -> int | None:
    return None if text is None else parse_int(text, what)


def flag(node: Element | None) -> bool | None:
    """An EAS boolean that may be an empty element (= true), "0"/"1", or absent (None)."""
    if node is None:
        return None
    return node.text in (None, "", "1")
