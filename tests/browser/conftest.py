"""Browser tests run in their own tox env (``tox -e browser``), which sets ZPUSH_SIM_BROWSER=1.

Elsewhere they are skipped, so the default suite stays fast and needs no
browser. They drive Debian's chromium (``/usr/bin/chromium``) with
Playwright for Python; ``playwright install`` is never run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# tests/ (for report_project): `tox -e browser` collects tests/browser alone, so
# pytest's rootdir-relative import puts only this folder on sys.path.
TESTS = str(Path(__file__).resolve().parent.parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = None
    if os.environ.get("ZPUSH_SIM_BROWSER") != "1":
        reason = "browser tests run with ZPUSH_SIM_BROWSER=1 (tox -e browser)"
    elif not CHROMIUM.exists():
        reason = f"no {CHROMIUM}"
    if reason is None:
        return
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))
