"""SOGo itself: its configuration at the fixed path, memcached, and sogod as the sogo user.

Debian's sogod reads only ``/etc/sogo/sogo.conf``. `installed_config`
writes ours there for the run and puts back what was there before, whatever
happens; a copy left by a run that was killed outright (our marker line in
the file, a backup beside it) is restored first.

Settings (peers.md): one SQL user source that authenticates with plain
passwords; six workers (a pending Ping holds one; the tests run four devices at once);
short Ping and sync intervals so a test waits seconds, not minutes; the EAS
debug log on, so every request and answer is in the log for the report.

Must not: know about users or data (`interop.postgres`, `interop.dav` do).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import requests

from interop.postgres import USERS_TABLE, Database
from interop.procs import Daemon, as_user, port_open, wait_until

CONFIG = Path("/etc/sogo/sogo.conf")
BACKUP = CONFIG.with_name("sogo.conf.zpush-sim-backup")
MARKER = "// written by zpush-sim interop; the original is sogo.conf.zpush-sim-backup"
SOGO_USER = "sogo"
MEMCACHE_USER = "memcache"
EAS_PATH = "/SOGo/Microsoft-Server-ActiveSync"
DAV_PATH = "/SOGo/dav"
WORKERS = 6  # pytest-xdist runs 4 devices at once, a Ping holds a worker
PING_SECONDS = 30  # SOGoMaximumPingInterval: the longest a Ping is held
INTERNAL_SYNC_SECONDS = 5  # SOGoInternalSyncInterval: how often a held Ping looks


def render_config(database: Database, memcached_port: int, sogo_port: int) -> str:
    """sogo.conf (a GNUstep property list) for the private cluster and ports."""
    return f"""{MARKER}
{{
  SOGoProfileURL = "{database.url("sogo_user_profile")}";
  OCSFolderInfoURL = "{database.url("sogo_folder_info")}";
  OCSSessionsFolderURL = "{database.url("sogo_sessions_folder")}";
  OCSEMailAlarmsFolderURL = "{database.url("sogo_alarms_folder")}";
  SOGoUserSources = (
    {{
      type = sql;
      id = users;
      viewURL = "{database.url(USERS_TABLE)}";
      canAuthenticate = YES;
      isAddressBook = YES;
      userPasswordAlgorithm = plain;
      displayName = "Users";
    }}
  );
  SOGoMemcachedHost = "127.0.0.1:{memcached_port}";
  WOPort = "127.0.0.1:{sogo_port}";
  WOWorkersCount = {WORKERS};
  WOLogFile = "-";
  SOGoTimeZone = UTC;
  SOGoLanguage = English;
  SOGoMaximumPingInterval = {PING_SECONDS};
  SOGoMaximumSyncInterval = {PING_SECONDS};
  SOGoInternalSyncInterval = {INTERNAL_SYNC_SECONDS};
  SOGoEASDebugEnabled = YES;
}}
"""


def restore_config() -> None:
    """Put back the configuration a previous run replaced (nothing to do if none)."""
    if BACKUP.exists():
        os.replace(BACKUP, CONFIG)
    elif CONFIG.exists() and CONFIG.read_text(errors="replace").startswith(MARKER):
        CONFIG.unlink()  # ours, and there was none before


@contextlib.contextmanager
def installed_config(text: str) -> Iterator[Path]:
    """``text`` at /etc/sogo/sogo.conf (root:sogo 0640) for the block; the old one after."""
    restore_config()
    CONFIG.parent.mkdir(parents=True, exist_ok=True)
    if CONFIG.exists():
        shutil.copy2(CONFIG, BACKUP)
    try:
        fresh = CONFIG.with_name("sogo.conf.zpush-sim-new")
        fresh.write_text(text, encoding="utf-8")
        os.chmod(fresh, 0o640)
        shutil.chown(fresh, "root", SOGO_USER)
        os.replace(fresh, CONFIG)
        yield CONFIG
    finally:
        restore_config()


def start_memcached(port: int, log: Path) -> Daemon:
    argv = ["memcached", "-u", MEMCACHE_USER, "-l", "127.0.0.1", "-p", str(port), "-U", "0"]
    daemon = Daemon.start("memcached", [*argv, "-m", "32"], log)
    wait_until(lambda: port_open(port), daemon, "answer on its port")
    return daemon


def start_sogod(work: Path, port: int, log: Path) -> Daemon:
    """sogod as the sogo user in the foreground; returns once OPTIONS on EAS answers."""
    home = work / "sogo-home"
    home.mkdir(exist_ok=True)
    shutil.chown(home, SOGO_USER, SOGO_USER)
    argv = as_user(
        SOGO_USER,
        [
            "/usr/sbin/sogod",
            *("-WOUseWatchDog", "YES", "-WONoDetach", "YES"),
            *("-WOPidFile", str(home / "sogod.pid")),
        ],
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LC_ALL": "C"}
    daemon = Daemon.start("sogod", argv, log, cwd=home, env=env)
    url = f"http://127.0.0.1:{port}{EAS_PATH}"
    wait_until(lambda: _answers(url), daemon, "answer to OPTIONS")
    return daemon


def _answers(url: str) -> bool:
    try:
        # Any HTTP answer means a worker is up; without credentials SOGo says 401.
        requests.options(url, timeout=2, headers={"Connection": "close"})
    except requests.RequestException:
        return False
    return True
