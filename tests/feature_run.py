"""Run a Gherkin text as an author would, in a pytest of its own, and give its output.

Used by the tests that show a check fails on a false claim: the scenario runs
through the real collector and steps, and the test reads what pytest printed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_feature(folder: Path, name: str, text: str) -> str:
    """Write TEXT as FOLDER/NAME, run it with the project's pytest settings, return stdout."""
    feature = folder / name
    feature.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--rootdir", str(ROOT), "-c",
         str(ROOT / "pyproject.toml"), str(feature)],
        capture_output=True, text=True, timeout=200,
    )  # fmt: skip
    return done.stdout
