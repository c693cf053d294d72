"""Child processes of the interop stack: start as a system user, stop by PID, wait.

Every daemon of the stack (PostgreSQL, memcached, sogod) is started here in
the foreground of its own process (no daemonising, no pid files trusted),
so the PID that `subprocess.Popen` returns is the daemon's. `setpriv`
switches to the service user without a shell in between, which keeps that
PID real (``su -c`` would put a shell in the middle).

Stopping follows one rule for all: the signal the daemon wants (TERM for
most, INT for PostgreSQL's fast shutdown) to the process and the children it
had when the stop began, a grace period, then KILL to whatever is left.
sogod's watchdog parent ignores TERM (peers.md), which the KILL step covers.

Must not: kill anything by name (pkill, killall) or touch processes it did
not start.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

STOP_GRACE_SECONDS = 2.0


class StackError(RuntimeError):
    """A part of the stack could not be set up or did not come up."""


def as_user(user: str, argv: Sequence[str]) -> list[str]:
    """``argv`` run as ``user`` (and its groups) by setpriv, keeping the PID."""
    return ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--", *argv]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def run(argv: Sequence[str], what: str, *, stdin: str | None = None, timeout: float = 60) -> str:
    """Run a short command to the end; its output, or a StackError naming ``what``."""
    try:
        done = subprocess.run(
            list(argv), input=stdin, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StackError(f"{what}: {exc}") from exc
    if done.returncode != 0:
        output = (done.stderr or done.stdout)[-800:]
        raise StackError(f"{what} failed ({done.returncode}): {output}")
    return done.stdout


def children(pid: int) -> list[int]:
    """The PIDs of ``pid``'s direct children (Linux /proc), empty when it is gone."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.extend(int(p) for p in task.read_text().split())
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie counts as gone; one of ours is reaped on the way)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    if stat.rpartition(")")[2].split()[0] != "Z":
        return True
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    return False


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


@dataclass
class Daemon:
    """One started daemon: its name, PID, log file and the signal that stops it."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    stop_signal: signal.Signals = signal.SIGTERM
    signal_children: bool = True  # False: the parent tells its children (PostgreSQL)

    @classmethod
    def start(
        cls,
        name: str,
        argv: Sequence[str],
        log: Path,
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        stop_signal: signal.Signals = signal.SIGTERM,
        signal_children: bool = True,
    ) -> Daemon:
        with log.open("ab") as out:
            try:
                process = subprocess.Popen(
                    list(argv),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=cwd,
                    env=env,
                    start_new_session=True,  # a Ctrl-C in the terminal reaches us, not it
                )
            except OSError as exc:
                raise StackError(f"{name}: cannot start {argv[0]}: {exc}") from exc
        return cls(name, process, log, stop_signal, signal_children)

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """The stop signal to it and its children, ``grace`` seconds, then KILL.

        KILL goes to the children first (listed again: a watchdog may have
        replaced some), so a parent still alive reaps them and then exits
        by itself; a parent that does not is killed last.
        """
        pids = [self.pid, *children(self.pid)]
        for pid in pids if self.signal_children else pids[:1]:
            _signal(pid, self.stop_signal)
        if not _wait_gone(pids, grace):
            for pid in {*children(self.pid), *pids} - {self.pid}:
                _signal(pid, signal.SIGKILL)
            if not _wait_gone([self.pid], 0.5):
                _signal(self.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


def _wait_gone(pids: Sequence[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def wait_until(
    ready: Callable[[], bool], daemon: Daemon, what: str, timeout: float = 30.0
) -> float:
    """Poll ``ready`` until true; seconds it took, or StackError with the daemon's log."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if ready():
            return time.monotonic() - started
        if not daemon.running():
            raise StackError(f"{daemon.name} exited before {what}:\n{daemon.log_tail()}")
        time.sleep(0.05)
    raise StackError(f"{daemon.name}: no {what} after {timeout:.0f} s:\n{daemon.log_tail()}")
