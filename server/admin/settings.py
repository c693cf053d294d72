"""The server settings an administrator may change while the server runs (``/api/settings``).

What a scenario fixes on the server it runs against, on the embedded server
and on ``zpush-sim serve`` alike: the ActiveSync versions offered
(Z-Push 2.7.1: 12.0-14.1; 2.7.3 and later up to 16.1), the HeartbeatInterval
bounds of a Ping (Z-Push's PING_LOWER/HIGHER_BOUND_LIFETIME) and whether
autodiscover answers Android (B-AUTO-3). Everything else is fixed when the
server starts.

- ``GET /api/settings``: ``{"protocol_versions": [...], "server_version": "14.1",
  "android_autodiscover": false, "ping_heartbeat_bounds": null | [lo, hi]}``;
- ``PATCH /api/settings`` with any of ``protocol_versions``,
  ``android_autodiscover`` and ``ping_heartbeat_bounds``: 200 with the
  settings now in force, 400 naming the field it cannot take (nothing changes
  then).

Must not: touch the database (the settings live in the running server's
`ServerConfig`, as Z-Push's live in its config.php).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from server.admin.validate import FieldError
from server.config import SPEC_HEARTBEAT_BOUNDS, ServerConfig

SETTINGS_PATH = "/api/settings"
CHANGEABLE = ("protocol_versions", "android_autodiscover", "ping_heartbeat_bounds")


class Configurable(Protocol):
    """The running server, whose configuration the admin surface may replace."""

    config: ServerConfig

    def reconfigure(self, config: ServerConfig) -> None: ...


def settings_json(config: ServerConfig) -> dict[str, object]:
    bounds = config.ping_heartbeat_bounds
    return {
        "protocol_versions": list(config.protocol_versions),
        "server_version": config.server_version,
        "android_autodiscover": config.android_autodiscover,
        "ping_heartbeat_bounds": None if bounds is None else list(bounds),
    }


def changed(config: ServerConfig, data: object) -> ServerConfig:
    """``config`` with the changes of a PATCH body; `FieldError` for what it cannot take."""
    if not isinstance(data, dict):
        raise FieldError("", "expected a JSON object")
    unknown = sorted(set(data) - set(CHANGEABLE))
    if unknown:
        raise FieldError(unknown[0], f"not a setting that can change; these can: {CHANGEABLE}")
    if "protocol_versions" in data:
        config = _with_versions(config, data["protocol_versions"])
    if "android_autodiscover" in data:
        value = data["android_autodiscover"]
        if not isinstance(value, bool):
            raise FieldError("android_autodiscover", "expected true or false")
        config = replace(config, android_autodiscover=value)
    if "ping_heartbeat_bounds" in data:
        config = replace(config, ping_heartbeat_bounds=_bounds(data["ping_heartbeat_bounds"]))
    return config


def _with_versions(config: ServerConfig, value: Any) -> ServerConfig:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FieldError("protocol_versions", 'expected a list such as ["14.1", "16.1"]')
    try:
        return config.offering(tuple(value))
    except ValueError as error:
        raise FieldError("protocol_versions", str(error)) from error


def _bounds(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None  # no bounds of its own: Z-Push takes any, strict mode MS-ASCMD's
    valid = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 1 <= value[0] <= value[1] <= SPEC_HEARTBEAT_BOUNDS[1]
    )
    if not valid:
        raise FieldError(
            "ping_heartbeat_bounds",
            f"expected null or [lowest, highest] seconds, 1 <= lowest <= highest <= "
            f"{SPEC_HEARTBEAT_BOUNDS[1]}",
        )
    return (value[0], value[1])
