"""What a run was: when, against which target and server mode, with which versions, at which commit.

Named in every report's header so that two reports can be told apart and
a failure traced to the code that produced it.

Must not: run scenarios or write files.
"""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from server.config import ZPUSH_PROTOCOL_VERSIONS, ZPUSH_SERVER_VERSION
from zpush_sim.outcomes import RunInfo

EMBEDDED = "embedded"


def commit_of(checkout: Path) -> str:
    """The checkout's commit, "+ changes" when the tree differs from it; "unknown" without git."""
    try:
        head = subprocess.run(
            ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(checkout), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return f"{head} + uncommitted changes" if dirty else head


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def describe_target(target: str | None, server: str | None) -> str:
    """The target as the reports name it: the kind, and the URL of a live one."""
    if target:
        return target
    if server:
        return f"serve:{server}"  # --server URL is --target serve:URL (steps.target)
    return EMBEDDED


def mode_of(target: str, strict: bool = False) -> str:
    """How the server answers: ours as Z-Push 2.7 (or strictly), a live target as it does."""
    if target == EMBEDDED:
        return "strict (MS-AS specifications)" if strict else "Z-Push 2.7"
    return "the target's own"


def gather(checkout: Path, target: str, strict: bool = False, selection: str = "") -> RunInfo:
    mode = mode_of(target, strict)
    versions = {
        "zpush-sim": _version("zpush-sim"),
        "EAS offered": f"{', '.join(ZPUSH_PROTOCOL_VERSIONS)} (server {ZPUSH_SERVER_VERSION})",
        "Python": platform.python_version(),
        "pytest": _version("pytest"),
        "pytest-bdd": _version("pytest-bdd"),
    }
    if target != EMBEDDED:
        versions.pop("EAS offered")
    return RunInfo(
        started=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        target=target,
        mode=mode,
        commit=commit_of(checkout),
        versions=versions,
        selection=selection,
    )
