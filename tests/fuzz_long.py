"""The long fuzz run (``tox -e fuzz``): a million mutated requests over worker processes.

Each worker runs `fuzzer.Fuzzer` against its own in-memory servers, both
modes, with its own seed, in rounds of ``--round`` requests (a fresh server
each round, so state does not grow without end). Prints the counts per
mode and status, every finding (unhandled exception or strict-mode 500)
and exits 1 if there was any. Run from the repository:

    python tests/fuzz_long.py --requests 1000000 --workers 2
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzzer import Stats, fuzz


def _round(job: tuple[bool, int, int]) -> tuple[bool, Stats]:
    strict, seed, count = job
    logging.getLogger("zpush_sim").propagate = False  # the counts are the report
    logging.getLogger("zpush_sim").setLevel(logging.ERROR)
    return strict, fuzz(strict, seed, count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--round", type=int, default=5000, help="requests per server")
    parser.add_argument("--seed", type=int, default=1300)
    args = parser.parse_args(argv)
    rounds = max(1, args.requests // args.round)
    jobs = [(i % 2 == 1, args.seed + i, args.round) for i in range(rounds)]
    totals = {False: Stats(), True: Stats()}
    started = time.monotonic()
    with multiprocessing.Pool(args.workers) as pool:
        for done, (strict, stats) in enumerate(pool.imap_unordered(_round, jobs), 1):
            totals[strict].merge(stats)
            if done % 20 == 0 or done == rounds:
                sent = sum(t.requests for t in totals.values())
                rate = sent / (time.monotonic() - started)
                print(f"{done}/{rounds} rounds, {sent:,} requests, {rate:,.0f}/s", flush=True)
    elapsed = time.monotonic() - started
    found = 0
    for strict, stats in totals.items():
        mode = "strict" if strict else "Z-Push"
        statuses = ", ".join(f"{k}: {v:,}" for k, v in sorted(stats.statuses.items()))
        print(
            f"{mode}: {stats.requests:,} requests ({statuses});"
            f" unhandled exceptions: {stats.unhandled}; strict-mode 500s: {stats.strict_500}"
        )
        for finding in stats.findings:
            print(f"  {finding.what}: {finding.error} <- {finding.request[:300]}")
        found += stats.unhandled + stats.strict_500
    total = sum(t.requests for t in totals.values())
    print(f"{total:,} requests in {elapsed:.0f} s with {args.workers} workers: {found} findings")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
