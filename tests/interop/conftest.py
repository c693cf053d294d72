"""The interop tests run only when asked: ``tox -e interop`` / ``python -m interop run``.

Without ``ZPUSH_SIM_INTEROP=1`` the test files here are not even collected
(the normal ``pytest`` stays fast and never starts SOGo, nor imports
`interop`). With it, the fixtures, hooks and the matrix come from
`interop.testing`.
"""

from __future__ import annotations

import os

ENABLED = os.environ.get("ZPUSH_SIM_INTEROP") == "1"
collect_ignore_glob = [] if ENABLED else ["test_*.py"]

if ENABLED:
    from interop.testing import (  # noqa: F401  (fixtures and hooks, registered by name)
        dav,
        pytest_collection_modifyitems,
        pytest_generate_tests,
        pytest_runtest_logreport,
        pytest_sessionfinish,
        pytest_terminal_summary,
        sogo,
        user,
    )
