"""Make sure Debian's chromium is there for the browser tests (tox -e browser).

Installs it with apt when missing and running as root (as CI does, with
Debian's archive reachable), and fails if that fails; without root or apt
it prints one line and leaves it to the tests to skip. Never runs ``playwright install``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def main() -> int:
    if CHROMIUM.exists():
        return 0
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print("browser tests: no /usr/bin/chromium and no apt-get as root; they will be skipped")
        return 0
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        done = subprocess.run(command, env=env, check=False, capture_output=True, text=True)
        if done.returncode != 0:
            # Root with apt is CI's machine: a browser that cannot be had is a failure there.
            print(f"browser tests: {' '.join(command)} failed:\n{done.stderr.strip()}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
