"""Can this machine run SOGo, and the Debian packages it needs (installed when missing).

The interop run needs root (sogod reads the fixed ``/etc/sogo/sogo.conf``;
the daemons run as their own system users) and either the packages already
installed or ``apt-get`` to install them. `preflight` says in one line why
not, so a developer's laptop skips; CI (root, Debian, ``CI=true``) never
skips: there a missing piece is an error.

Must not: start anything (`interop.stack` does) or change any file but
through apt-get.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from interop.procs import StackError

PACKAGES = ("sogo", "sogo-activesync", "postgresql", "memcached")
SOGOD = Path("/usr/sbin/sogod")
MEMCACHED = Path("/usr/bin/memcached")
PG_ROOT = Path("/usr/lib/postgresql")
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C"}
APT_TIMEOUT_SECONDS = 600


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (bookworm: 15)."""
    found = sorted(
        (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").is_file()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


def missing_packages() -> list[str]:
    """The packages of `PACKAGES` dpkg does not list as installed."""
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        have = {
            "sogo": SOGOD.is_file(),
            "sogo-activesync": Path("/usr/lib/GNUstep/SOGo/ActiveSync.SOGo").exists(),
            "postgresql": postgres_bindir() is not None,
            "memcached": MEMCACHED.is_file(),
        }
        return [p for p in PACKAGES if not have[p]]
    done = subprocess.run(
        [dpkg, "-W", "-f", "${Package} ${db:Status-Status}\n", *PACKAGES],
        capture_output=True,
        text=True,
        check=False,
    )
    installed = {
        line.split()[0] for line in done.stdout.splitlines() if line.endswith(" installed")
    }
    return [p for p in PACKAGES if p not in installed]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def preflight() -> str | None:
    """None when the stack can run here; else the one-line reason it cannot."""
    if os.geteuid() != 0:
        return "needs root (sogod reads /etc/sogo/sogo.conf and runs as the sogo user)"
    if shutil.which("setpriv") is None:
        return "needs setpriv (util-linux) to start the daemons as their users"
    missing = missing_packages()
    if missing and shutil.which("apt-get") is None:
        return f"{', '.join(missing)} not installed and no apt-get to install them"
    return None


def _apt(args: list[str], what: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["apt-get", *args],
            capture_output=True,
            text=True,
            env={**os.environ, **APT_ENV},
            timeout=APT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StackError(f"{what}: {exc}") from exc


def install_missing() -> tuple[list[str], float]:
    """apt-get install what is missing (an update first only if needed); (packages, seconds)."""
    missing = missing_packages()
    if not missing:
        return [], 0.0
    started = time.monotonic()
    install = ["install", "-y", "-q", "--no-install-recommends", *missing]
    done = _apt(install, "apt-get install")
    if done.returncode != 0:
        # A fresh machine has no package lists yet (or stale ones): update once, retry.
        update = _apt(["update", "-q"], "apt-get update")
        if update.returncode != 0:
            raise StackError(f"apt-get update failed: {update.stderr[-800:]}")
        done = _apt(install, "apt-get install")
    if done.returncode != 0:
        raise StackError(f"apt-get install {' '.join(missing)} failed: {done.stderr[-800:]}")
    still = missing_packages()
    if still:
        raise StackError(f"apt-get install left {', '.join(still)} missing")
    return missing, time.monotonic() - started
