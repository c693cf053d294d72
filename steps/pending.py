"""Scenarios waiting for a missing piece: ``@pending-<piece>`` and the reason.

The plugin turns each such tag into ``xfail(strict=True)`` with the reason
below, so the scenario flips to a failure the moment the piece lands and
someone must remove the tag. Keep this table short.
"""

from __future__ import annotations

PENDING: dict[str, str] = {}


def reason(tag: str) -> str:
    """Why a scenario with this tag is pending; an unknown piece is a mistake in a feature."""
    try:
        return PENDING[tag]
    except KeyError:
        raise KeyError(f"@{tag} is not in steps/pending.py PENDING") from None
