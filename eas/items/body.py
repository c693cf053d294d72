"""AirSyncBase:Body (MS-ASAIRS 2.2.2.9), shared by every item class."""

from __future__ import annotations

from eas.tree import E, Element

PLAIN_TEXT = 1  # MS-ASAIRS 2.2.2.22.1 Type


def body_to_tree(text: str, truncation_size: int | None = None) -> Element:
    """A plain-text Body, truncated to ``truncation_size`` UTF-8 bytes when asked."""
    raw = text.encode("utf-8")
    truncated = truncation_size is not None and len(raw) > truncation_size
    data = raw[:truncation_size].decode("utf-8", "ignore") if truncated else text
    node = E(
        "AirSyncBase:Body",
        E("Type", str(PLAIN_TEXT)),
        E("EstimatedDataSize", str(len(raw))),
    )
    if truncated:
        node.add("Truncated", "1")
    node.add("Data", data)
    return node


def body_from_tree(application_data: Element) -> str | None:
    body = application_data.find("AirSyncBase:Body")
    if body is None:
        return None
    return body.findtext("Data", "") or ""
