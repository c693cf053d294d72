"""pytest glue for the interop tests: fixtures, profile parametrisation, expected gaps, matrix.

`tests/interop/conftest.py` imports these names only when the interop run is
on (``ZPUSH_SIM_INTEROP=1``), so the normal suite neither collects the
interop tests nor imports this module.

- ``sogo`` (session): the running stack -- the one `interop.cli` started
  (``ZPUSH_SIM_INTEROP_SOGO``), else one started here for the session.
- ``user`` / ``dav``: a fresh SOGo account per test and its CardDAV/CalDAV.
- ``profile``: every device profile that speaks ActiveSync, read from
  ``simulator/profiles`` when the run starts (new profiles join by
  themselves).
- Expected gaps (`interop.expectations`) become ``xfail(strict=True)``
  marks at collection, so a gap closed by the device work turns red.
- Each test's outcome is a cell of the matrix, written at the end.

Must not: start a second stack when one is given, or hide a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from interop import matrix, system
from interop.dav import DavClient
from interop.expectations import expected_gap
from interop.stack import ENV_VAR, Sogo, User, sogo_stack
from simulator.profile import known_profiles, load_profile

REPORT_DIR = Path("reports")
SERVER_NAME = "SOGo 5.8 (Debian bookworm)"
_cells: list[matrix.Cell] = []


def activesync_profiles() -> list[str]:
    """Every profile in simulator/profiles whose device speaks ActiveSync."""
    names = []
    for name in known_profiles():
        protocol = load_profile(name).protocol
        if getattr(protocol, "activesync", True):
            names.append(name)
    return names


def capability_of(item: pytest.Item) -> str:
    """``test_contacts_from_server`` -> ``contacts-from-server`` (the matrix row)."""
    name = getattr(item, "originalname", item.name)
    return name.removeprefix("test_").replace("_", "-")


def profile_of(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    return str(callspec.params.get("profile", "any")) if callspec is not None else "any"


# -- fixtures ----------------------------------------------------------------


@pytest.fixture(scope="session")
def sogo() -> Iterator[Sogo]:
    given = os.environ.get(ENV_VAR)
    if given:
        yield Sogo.from_json(given)
        return
    reason = system.preflight()
    if reason is not None:
        if system.in_ci():
            pytest.fail(f"SOGo cannot run in CI: {reason}")
        pytest.skip(f"SOGo cannot run here: {reason}")
    with sogo_stack(REPORT_DIR) as stack:
        yield stack


@pytest.fixture
def user(sogo: Sogo, request: pytest.FixtureRequest) -> User:
    return sogo.new_user(profile_of(request.node))


@pytest.fixture
def dav(sogo: Sogo, user: User) -> Iterator[DavClient]:
    client = DavClient(sogo.dav_url, user.login, user.password)
    yield client
    client.close()


# -- hooks -------------------------------------------------------------------


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "profile" in metafunc.fixturenames:
        metafunc.parametrize("profile", activesync_profiles())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        reason = expected_gap(capability_of(item), profile_of(item))
        if reason is not None:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Each test's outcome, from its report (with xdist, the controller gets them all)."""
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _cells.append(_cell(report))


def _names(nodeid: str) -> tuple[str, str]:
    """``...::test_contacts_from_server[ios]`` -> (``contacts-from-server``, ``ios``)."""
    name = nodeid.rpartition("::")[2]
    function, _, param = name.partition("[")
    return function.removeprefix("test_").replace("_", "-"), param.rstrip("]") or "any"


def _cell(report: pytest.TestReport) -> matrix.Cell:
    capability, profile = _names(report.nodeid)
    if hasattr(report, "wasxfail"):
        outcome = "xfailed" if report.skipped else "failed"  # strict XPASS fails
        return matrix.Cell(capability, profile, outcome, str(report.wasxfail))
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        return matrix.Cell(capability, profile, "skipped", reason.removeprefix("Skipped: "))
    return matrix.Cell(capability, profile, "passed" if report.passed else "failed")


def _controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")  # an xdist worker writes nothing


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _cells and _controller(session.config):
        matrix.write(_cells, SERVER_NAME, REPORT_DIR)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _cells and _controller(terminalreporter.config):
        terminalreporter.write_sep("-", "interop matrix")
        terminalreporter.write(matrix.to_markdown(_cells, SERVER_NAME))
        terminalreporter.write_line(f"written to {REPORT_DIR}/interop-matrix.md and .html")
