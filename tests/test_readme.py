"""The README says what is true: the admin API's routes, the Python version, a set-up that works."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from server.admin import api, app
from zpush_sim import cli

LIVE_ROUTES = app  # importing server.admin.app adds the live target's routes to api's table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _documented_routes() -> set[tuple[str, str]]:
    section = README[README.index("## Admin API") :]
    rows = re.findall(r"^\| ([A-Z, ]+) \| `(/admin/api/[^`]+)` \|$", section, re.M)
    return {(m.strip(), path) for methods, path in rows for m in methods.split(",")}


def test_every_admin_api_route_is_in_the_readme_and_no_other() -> None:
    routes = {
        (method, "/admin" + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern.pattern[:-1]))
        for method, pattern, _ in api.ROUTES
    }
    routes |= {(method, "/admin" + path) for method, path in app.OWN_ROUTES}
    assert _documented_routes() == routes


def test_the_readme_names_the_python_version_the_package_requires() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    minimum = project["requires-python"].removeprefix(">=")
    assert f"Python {minimum} or later" in README


def test_the_setup_commands_use_a_virtual_environment() -> None:
    section = README[README.index("## Set up") : README.index("## An example")]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    ")]
    assert commands == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && zpush-sim run",
        "python3 -m venv .venv && . .venv/bin/activate && pip install tox && tox",
    ]


def test_every_subcommand_is_in_the_readme() -> None:
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"`zpush-sim {name}" in README, name
