"""Choosing a target by name: ``KIND[:URL]``, the built-in kinds and the plug-in point.

A spec is what ``zpush-sim run --target``, pytest's ``--target`` and
``ZPUSH_SIM_TARGET`` take: ``embedded``, ``serve:http://127.0.0.1:8080``,
``dav:http://user:password@host/SOGo``. ``--server URL`` is kept as an
alias of ``serve:URL``.

The plug-in point: a site that arranges its data some other way (an
onOffice API client, say) ships a package with an entry point in the group
``zpush_sim.targets``, named by its kind, pointing to a `TargetKind`:

    [project.entry-points."zpush_sim.targets"]
    onoffice-api = "mysite.zpush:OnOfficeApiKind"

`TargetKind.open(url, options)` makes the scenario's `Target`;
`TargetKind.check(url, options)` is the pre-flight: None when the target
answers, else one line saying why not (``zpush-sim run`` then exits 2).

Must not: import pytest-bdd or the steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Protocol

import requests

from zpush_sim.clock import Clock
from zpush_sim.targets.base import Target

GROUP = "zpush_sim.targets"
DEFAULT = "embedded"
PREFLIGHT_TIMEOUT = 5


class SpecError(ValueError):
    """A target spec that names no known kind or lacks its URL."""


@dataclass(frozen=True)
class Options:
    """What the command line gives every target: the admin token, the devices' clock."""

    admin_token: str | None = None
    clock: Clock | None = None


class TargetKind(Protocol):
    needs_url: bool

    def open(self, url: str | None, options: Options) -> Target: ...

    def check(self, url: str | None, options: Options) -> str | None: ...


@dataclass(frozen=True)
class Spec:
    kind: str
    url: str | None

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.url}" if self.url else self.kind


def parse(text: str | None) -> Spec:
    """``serve:http://h:1`` -> Spec("serve", "http://h:1"); empty -> the default."""
    if not text:
        return Spec(DEFAULT, None)
    kind, _, url = text.partition(":")
    if kind in ("http", "https"):  # a bare URL: the --server alias
        kind, url = "serve", text
    kinds = known()
    if kind not in kinds:
        raise SpecError(f"unknown target {kind!r} (known: {', '.join(sorted(kinds))})")
    if kinds[kind].needs_url and not url:
        raise SpecError(f"target {kind} needs a URL: --target {kind}:http://host:port")
    return Spec(kind, url or None)


def _reachable(url: str, what: str, **kwargs: object) -> str | None:
    try:
        requests.request("GET", url, timeout=PREFLIGHT_TIMEOUT, **kwargs)  # type: ignore[arg-type]
    except requests.RequestException as exc:
        reason = type(exc).__name__
        return f"the {what} at {url} does not answer ({reason})"
    return None


class EmbeddedKind:
    needs_url = False

    def open(self, url: str | None, options: Options) -> Target:
        from zpush_sim.clock import SystemClock
        from zpush_sim.targets.embedded import EmbeddedTarget

        return EmbeddedTarget(options.clock or SystemClock())

    def check(self, url: str | None, options: Options) -> str | None:
        return None


class ServeKind:
    needs_url = True

    def open(self, url: str | None, options: Options) -> Target:
        from zpush_sim.clock import OffsetClock
        from zpush_sim.targets.serve import ServeTarget

        clock = options.clock if isinstance(options.clock, OffsetClock) else None
        return ServeTarget(str(url), options.admin_token, clock)

    def check(self, url: str | None, options: Options) -> str | None:
        base = str(url).rstrip("/")
        unreachable = _reachable(f"{base}/admin/api/clock", "reference server")
        if unreachable:
            return unreachable
        headers = {"Authorization": f"Bearer {options.admin_token or ''}"}
        answer = requests.get(f"{base}/admin/api/clock", headers=headers, timeout=5)
        if answer.status_code == 401:
            return f"the admin API at {base} refuses the admin token (--admin-token)"
        if answer.status_code != 200:
            return f"{base} is not a reference server's admin API (HTTP {answer.status_code})"
        return None


class DavKind:
    needs_url = True

    def open(self, url: str | None, options: Options) -> Target:
        from zpush_sim.targets.dav import DavTarget

        return DavTarget(str(url))

    def check(self, url: str | None, options: Options) -> str | None:
        from zpush_sim.targets.dav import DavTarget

        return DavTarget.check(str(url))


BUILT_IN: dict[str, Callable[[], TargetKind]] = {
    "embedded": EmbeddedKind,
    "serve": ServeKind,
    "dav": DavKind,
}


@cache  # the installed plug-ins do not change during a run; scanned once, not per scenario
def known() -> dict[str, TargetKind]:
    """Every kind: the built-in ones and those of installed plug-ins."""
    kinds: dict[str, TargetKind] = {name: make() for name, make in BUILT_IN.items()}
    for entry in entry_points(group=GROUP):
        kinds[entry.name] = entry.load()()
    return kinds


def open_target(spec: Spec, options: Options) -> Target:
    return known()[spec.kind].open(spec.url, options)


def preflight(spec: Spec, options: Options) -> str | None:
    """None when the target answers; else the one line that says why it cannot be used."""
    return known()[spec.kind].check(spec.url, options)
