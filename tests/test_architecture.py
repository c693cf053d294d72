"""The layering of ARCHITECTURE.md, kept true: which package may import which, and a clean tree.

Reads every module's imports with ``ast`` (no module is imported) and
checks them against ALLOWED; the table in ARCHITECTURE.md says the same.
"""

from __future__ import annotations

import ast
import configparser
import subprocess
from pathlib import Path

import pytest
from pytest_bdd.feature import get_features

ROOT = Path(__file__).resolve().parent.parent
OURS = ("eas", "server", "simulator", "steps", "fixtures", "zpush_sim", "services", "interop")
# What each package may import of ours, besides itself. `zpush_sim.clock` is the
# one clock every layer shares (server and simulator meet on it, never on each other).
CLOCK = "zpush_sim.clock"
ALLOWED: dict[str, set[str]] = {
    "eas": set(),
    "server": {"eas", "fixtures", CLOCK},
    "fixtures": {"server"},
    "simulator": {"eas", CLOCK},
    "services": set(),
    "steps": {"eas", "server", "simulator", "fixtures", "services", "zpush_sim"},
    "zpush_sim": {"eas", "server", "simulator", "steps", "services", "interop"},
    "interop": {"eas", "simulator", "zpush_sim"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in OURS}


def _allowed(package: str, name: str) -> bool:
    top = name.split(".")[0]
    if top == package:
        return True
    rules = ALLOWED[package]
    return top in rules or any(name == r or name.startswith(r + ".") for r in rules if "." in r)


def violations(root: Path) -> list[str]:
    found = []
    for package in ALLOWED:
        for path in sorted((root / package).rglob("*.py")):
            for name in sorted(_imports(path)):
                if not _allowed(package, name):
                    found.append(f"{path.relative_to(root)} imports {name}")
    return found


def test_every_package_imports_only_what_the_layering_allows() -> None:
    assert violations(ROOT) == []


def test_the_check_catches_a_server_module_that_imports_the_simulator(tmp_path: Path) -> None:
    for package in ALLOWED:
        (tmp_path / package).mkdir()
    (tmp_path / "server" / "bad.py").write_text("from simulator.device import Device\n")
    (tmp_path / "simulator" / "ok.py").write_text("from zpush_sim.clock import Clock\n")
    (tmp_path / "simulator" / "bad.py").write_text("import zpush_sim.report\n")
    assert violations(tmp_path) == [
        "server/bad.py imports simulator.device",
        "simulator/bad.py imports zpush_sim.report",
    ]


def test_architecture_md_names_every_rule() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for package, allowed in ALLOWED.items():
        row = next((line for line in text.splitlines() if line.startswith(f"| `{package}`")), "")
        assert row, f"ARCHITECTURE.md has no row for {package}"
        for name in allowed:
            assert f"`{name}`" in row, f"ARCHITECTURE.md: {package} may import {name}"


def test_tox_writes_no_venv_file_and_none_is_tracked() -> None:
    ini = configparser.ConfigParser()
    ini.read(ROOT / "tox.ini")
    assert ini.get("tox", "venv_redirect") == "false"  # else tox 4.3x writes .venv each run
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--", ".venv"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert tracked == ""
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", ".venv"], check=False)
    assert ignored.returncode == 0


DESKTOP = {"outlook-windows", "outlook-mac", "thunderbird"}
PROFILES = {"ios", "android", "android11"} | DESKTOP


def test_a_scenario_only_for_desktop_programs_does_not_speak_of_the_phone() -> None:
    wrong = []
    for feature in get_features(sorted(str(p) for p in (ROOT / "features").glob("*.feature"))):
        for template in feature.scenarios.values():
            blocks = [set(b.tags) for b in template.examples] or [set()]
            profiles = set(template.tags) & PROFILES | set().union(*blocks) & PROFILES
            if profiles and profiles <= DESKTOP:
                wrong += [f"{template.name}: {s.name}" for s in template.steps if "phone" in s.name]
    assert wrong == []
