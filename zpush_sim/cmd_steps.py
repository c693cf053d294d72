"""``zpush-sim steps [WORDS] [--topic T] [--format text|md|json]``: the step catalogue.

Every step an author can write, with its parameters named and typed, its
meaning and a real example from the feature files, grouped by topic
(`steps.catalogue`). ``--format md`` is what docs/steps.md holds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from steps import catalogue

FEATURES = Path(__file__).resolve().parent.parent / "features"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "steps",
        help="list every scenario step: phrase, meaning, example",
        description="The step catalogue: every step as written in a feature file, "
        "what it means and an example from the features; WORDS narrow it down.",
    )
    parser.add_argument("words", nargs="*", metavar="WORD", help="only steps mentioning each word")
    parser.add_argument("--topic", metavar="T", help="only the steps of one topic, e.g. contacts")
    parser.add_argument("--format", choices=catalogue.FORMATS, default="text")
    parser.add_argument("--features", metavar="DIR", help="where the examples come from")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    features = Path(args.features) if args.features else FEATURES
    if not features.is_dir():
        print(f"zpush-sim steps: no such folder: {features}", file=sys.stderr)
        return 2
    entries = catalogue.build(features)
    known = catalogue.topics(entries)
    if args.topic and args.topic not in known:
        print(
            f"zpush-sim steps: no topic {args.topic!r}; topics: {', '.join(known)}",
            file=sys.stderr,
        )
        return 2
    chosen = catalogue.select(entries, args.words, args.topic)
    if not chosen:
        print(f"zpush-sim steps: no step mentions {' '.join(args.words)!r}", file=sys.stderr)
        return 1
    sys.stdout.write(catalogue.render(chosen, args.format))
    return 0
