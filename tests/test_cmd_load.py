"""``zpush-sim load``: its arguments, and real runs headless and as Locust master plus two workers.

The runs start the embedded reference server and Locust in child
processes, for a few seconds each, and read the figures from Locust's CSV.
"""

from __future__ import annotations

import csv
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from zpush_sim import cli
from zpush_sim.cmd_load import figures

HEADLESS = "load --users 4 --spawn-rate 4 --run-time 15s --profiles ios:1,android:1 --edit-rate 30"
DISTRIBUTED = "load --master --expect-workers 2 --users 4 --spawn-rate 4 --run-time 8s"


def _zpush_sim(*args: str) -> list[str]:
    return [sys.executable, "-m", "zpush_sim", *args]


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def _devices(prefix: Path) -> dict[str, str]:
    with Path(f"{prefix}_devices.csv").open(encoding="utf-8") as handle:
        return {row["figure"]: row["value"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["load", "--users", "0"], "not a whole number above 0"),
        (["load", "--run-time", "soon"], "not a duration"),
        (["load", "--profiles", "outlook-mac"], "has no ActiveSync"),
        (["load", "--profiles", "nokia"], "'nokia'"),
        (["load", "--profiles", "ios:-1"], "above 0"),
        (["load", "--server", "ftp://x"], "not an http(s) URL"),
        (["load", "--edit-rate", "nan"], "0 or more"),
        (["load", "--master", "--worker"], "not allowed with"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_a_headless_run_against_the_embedded_server(tmp_path: Path) -> None:
    prefix = tmp_path / "load"
    run = subprocess.run(
        _zpush_sim(*HEADLESS.split(), "--csv", str(prefix)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    stats = _rows(Path(f"{prefix}_stats.csv"))
    for command in ("OPTIONS", "Provision", "FolderSync", "Sync", "Ping"):
        assert int(stats[command]["Request Count"]) > 0, command
    assert int(stats["Aggregated"]["Failure Count"]) == 0
    assert Path(f"{prefix}.html").stat().st_size > 0
    devices = _devices(prefix)
    assert devices["phones set up"] == "4"
    assert int(devices["devices held (peak)"]) >= 1
    assert "devices held (peak)" in run.stdout and "Sync" in run.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_master_and_two_workers_on_one_machine(tmp_path: Path) -> None:
    prefix = tmp_path / "dist"
    port = str(_free_port())
    master = subprocess.Popen(
        _zpush_sim(*DISTRIBUTED.split(), "--master-port", port, "--csv", str(prefix)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    workers = [
        subprocess.Popen(
            _zpush_sim("load", "--worker", "--master-port", port),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    try:
        out, _ = master.communicate(timeout=180)
    finally:
        for process in (master, *workers):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()  # nothing outlives the test, also when it failed
    assert master.returncode == 0, out
    stats = _rows(Path(f"{prefix}_stats.csv"))
    assert int(stats["Sync"]["Request Count"]) > 0
    assert int(stats["Aggregated"]["Failure Count"]) == 0
    devices = _devices(prefix)
    assert devices["phones set up"] == "4"  # reported by the workers to the master


def test_figures_read_locusts_csv(tmp_path: Path) -> None:
    prefix = tmp_path / "f"
    Path(f"{prefix}_stats.csv").write_text(
        "Type,Name,Request Count,Failure Count,Requests/s,50%,95%,99%\nEAS,Sync,10,1,2.5,4,9,12\n",
        encoding="utf-8",
    )
    Path(f"{prefix}_failures.csv").write_text(
        "Method,Name,Error,Occurrences\nEAS,Sync,StatusError('HTTP 503'),1\n", encoding="utf-8"
    )
    lines = figures(str(prefix))
    assert any(line.split() == ["Sync", "10", "2.5", "4", "9", "12"] for line in lines)
    assert "  Sync: StatusError('HTTP 503') x1" in lines
