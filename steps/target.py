"""Where the scenarios run: the target fixture, its options, capability tags and pre-flight.

One ``target`` fixture per scenario (`zpush_sim.targets`), chosen by
``--target KIND[:URL]`` or ``ZPUSH_SIM_TARGET`` (``--server URL`` /
``ZPUSH_SIM_SERVER`` is kept as an alias of ``serve:URL``): by default
``embedded``, a reference server per scenario behind the simulated
internet. Steps arrange and read back only through the target.

A scenario names what it needs with ``@needs-<capability>`` tags
(`zpush_sim.targets.base.Capability`); a target that lacks one skips the
scenario before its first step, with the capability in the reason. A step
that meets a missing capability anyway skips the same way.

Before any scenario runs, the target is checked once (pre-flight): one that
does not answer ends the run with one line and exit status 2. The target's
name is on the config for reporters: ``config.stash[TARGET_NAME]`` and
``config.zpush_sim_target``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from zpush_sim.clock import OffsetClock
from zpush_sim.targets import registry
from zpush_sim.targets.base import NEEDS_PREFIX, ONOFFICE_HOST, Capability, Scenario, Target

TARGET_ENV = "ZPUSH_SIM_TARGET"
SERVER_ENV = "ZPUSH_SIM_SERVER"
VERSIONS_ENV = "ZPUSH_SIM_VERSIONS"
ADMIN_TOKEN_ENV = "ZPUSH_SIM_ADMIN_TOKEN"
TARGET_NAME = pytest.StashKey[str]()
__all__ = ["ONOFFICE_HOST", "Target"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--target",
        metavar="KIND[:URL]",
        default=os.environ.get(TARGET_ENV),
        help="what the scenarios run against: embedded (default), serve:URL, dav:URL or a "
        f"plug-in's kind (or set {TARGET_ENV})",
    )
    parser.addoption(
        "--server",
        metavar="URL",
        default=os.environ.get(SERVER_ENV),
        help=f"alias of --target serve:URL (or set {SERVER_ENV})",
    )
    parser.addoption(
        "--activesync-versions",
        metavar="LIST",
        default=os.environ.get(VERSIONS_ENV),
        help=(
            "the ActiveSync versions the server offers, e.g. 12.0,12.1,14.0,14.1,16.0,16.1, on a"
            f" target that can change its settings (or set {VERSIONS_ENV}; default: Z-Push"
            " 2.7.1's)"
        ),
    )
    parser.addoption(
        "--admin-token",
        metavar="TOKEN",
        default=os.environ.get(ADMIN_TOKEN_ENV),
        help=f"the live server's admin token (or set {ADMIN_TOKEN_ENV})",
    )


def spec_text(config: pytest.Config) -> str | None:
    target = config.getoption("--target", None)
    server = config.getoption("--server", None)
    return target or (f"serve:{server}" if server else None)


def pytest_configure(config: pytest.Config) -> None:
    try:
        spec = registry.parse(spec_text(config))
    except registry.SpecError as exc:
        raise pytest.UsageError(f"--target: {exc}") from exc
    config.stash[TARGET_NAME] = spec.text
    config.zpush_sim_target = spec.text  # type: ignore[attr-defined]
    for capability in Capability:
        config.addinivalue_line(
            "markers", f"{NEEDS_PREFIX}{capability}: the scenario needs the target to offer this"
        )


def pytest_sessionstart(session: pytest.Session) -> None:
    """Pre-flight: a target that does not answer ends the run at once (exit 2), not 158 skips."""
    config = session.config
    if hasattr(config, "workerinput"):  # pytest-xdist workers: the controller checked
        return
    spec = registry.parse(spec_text(config))
    options = registry.Options(admin_token=config.getoption("--admin-token", None))
    problem = registry.preflight(spec, options)
    if problem is not None:
        pytest.exit(f"target {spec.text}: {problem}", returncode=2)


def needs_of(item: pytest.Item) -> frozenset[str]:
    return frozenset(
        m.name[len(NEEDS_PREFIX) :] for m in item.iter_markers() if m.name.startswith(NEEDS_PREFIX)
    )


@pytest.fixture
def clock() -> OffsetClock:
    """The devices' clock: "Given today is ..." pins it (embedded); a live target moves it."""
    return OffsetClock()


@pytest.fixture
def target(request: pytest.FixtureRequest, clock: OffsetClock) -> Iterator[Target]:
    """The scenario's target; everything it created is removed afterwards, failure or not."""
    config = request.config
    spec = registry.parse(spec_text(config))
    tags = frozenset(m.name for m in request.node.iter_markers())
    options = registry.Options(config.getoption("--admin-token", None), clock)
    chosen = registry.open_target(spec, options)
    chosen.devices_clock = clock
    try:
        missing = chosen.missing(needs_of(request.node))
        if missing:
            listed = ", ".join(f"'{m}'" for m in missing)
            pytest.skip(f"needs capability {listed}; target {chosen.name} lacks it")
        versions = config.getoption("--activesync-versions", None)
        if versions and chosen.has(Capability.SERVER_SETTINGS):
            # Each profile then negotiates its own version with these (issue 14);
            # a scenario's own setting tags, applied by `start`, come after.
            chosen.offer_versions([v.strip() for v in versions.split(",") if v.strip()])
        chosen.start(Scenario(request.node.nodeid, tags))
        yield chosen
    finally:
        chosen.close()
