"""Benchmark of the WBXML codec on the shared Sync payloads (a script, not a test).

    python bench/bench_wbxml.py [--repeat N]

Prints median and best decode/encode times in ms, garbage collector on, for
each payload in ``../shared/bench`` (relative to the repository root; the
environment variable ZPUSH_SIM_BENCH_DIR overrides it), next to the anchors
measured on the same machine (``../shared/bench/README.md``) and the design
targets. Also checks that ``encode(decode(body))`` gives the body back.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO))

from eas import wbxml  # noqa: E402

PAYLOADS = ("sync-500-appointments.wbxml", "sync-500-contacts.wbxml")
# ms (appointments, contacts) from ../shared/bench/README.md, same 2-core machine
ANCHORS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "libwbxml 0.11.8 (C)": ((4.7, 2.4), (1.4, 1.0)),
    "Z-Push 2.7.1 (PHP 8.2, OPcache)": ((14.4, 9.3), (12.3, 7.7)),
    "pyactivesync 0.17.0 (Python 3.11)": ((29.1, 15.2), (5.7, 3.1)),
}
TARGETS = {"sync-500-appointments.wbxml": (10.0, 4.0)}  # DESIGN.md: decode, encode ms


def bench_dir() -> Path:
    override = os.environ.get("ZPUSH_SIM_BENCH_DIR")
    return Path(override) if override else REPO.parent / "shared" / "bench"


def measure(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, best) wall time of ``func`` in ms, garbage collector on.

    The result is kept until the clock is read: freeing a 15,000-element
    tree is the caller's cost, not the decoder's.
    """
    gc.enable()
    func()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
        del result
    return statistics.median(times), min(times)


def report(name: str, body: bytes, repeat: int) -> None:
    tree = wbxml.decode(body)
    rows = [
        ("decode", lambda: wbxml.decode(body), 0),
        ("encode", lambda: wbxml.encode(tree), 1),
        ("decode (strict)", lambda: wbxml._decode_strict(body), None),
    ]
    for step, func, target_index in rows:
        median, best = measure(func, repeat)
        target = ""
        if target_index is not None and name in TARGETS:
            limit = TARGETS[name][target_index]
            target = f"<= {limit:g} ms: {'met' if median <= limit else 'MISSED'}"
        print(f"{name:30} {step:16} {median:10.2f} {best:8.2f}  {target}")
    elements = sum(1 for _ in tree.iter())
    same = wbxml.encode(tree) == body
    print(f"{'':30} {len(body):,} bytes, {elements:,} elements, round trip identical: {same}")
    index = PAYLOADS.index(name)
    for anchor, (decode_ms, encode_ms) in ANCHORS.items():
        print(f"{'':30} anchor {anchor}: decode {decode_ms[index]}, encode {encode_ms[index]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per figure")
    args = parser.parse_args()
    directory = bench_dir()
    print(f"payloads: {directory}   Python {sys.version.split()[0]}, GC on, {args.repeat} runs")
    print(f"{'payload':30} {'step':16} {'median ms':>10} {'best ms':>8}  target")
    for name in PAYLOADS:
        path = directory / name
        if not path.is_file():
            print(f"{name}: not found (set ZPUSH_SIM_BENCH_DIR)")
            return 1
        report(name, path.read_bytes(), args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
