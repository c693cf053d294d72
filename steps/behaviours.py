"""The behaviour index (features/behaviours.toml) and what the feature files tag.

Read by the coverage test and by ``zpush-sim run`` (every indexed behaviour
gets a row in the matrix, run or not). A scenario "covers" a behaviour on a
profile when it is tagged with the ID and the profile's tag is on the
scenario or on one of its Examples blocks.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.feature import get_features

BEHAVIOUR_ID = re.compile(r"B-[A-Z]+-\d+")
INDEX_FILE = "behaviours.toml"
PENDING_PREFIX = "pending-"


@dataclass(frozen=True)
class Behaviour:
    id: str
    topic: str
    profiles: tuple[str, ...]
    says: str


@dataclass(frozen=True)
class Coverage:
    """One Examples block (or a plain scenario) of a feature, with every tag that applies."""

    feature: Path
    scenario: str
    tags: frozenset[str]

    @property
    def behaviours(self) -> set[str]:
        return {t for t in self.tags if BEHAVIOUR_ID.fullmatch(t)}

    @property
    def pending(self) -> bool:
        return any(t.startswith(PENDING_PREFIX) for t in self.tags)


def load_index(features_dir: Path) -> dict[str, Behaviour]:
    data = tomllib.loads((features_dir / INDEX_FILE).read_text(encoding="utf-8"))
    return {
        key: Behaviour(key, entry["topic"], tuple(entry["profiles"]), entry["says"])
        for key, entry in data.items()
    }


def coverage(features_dir: Path) -> Iterator[Coverage]:
    paths = sorted(str(p) for p in features_dir.glob("*.feature"))
    for feature in get_features(paths):
        for template in feature.scenarios.values():
            tags = frozenset(template.tags | feature.tags)
            blocks = template.examples or []
            if not blocks:
                yield Coverage(Path(feature.filename), template.name, tags)
            for block in blocks:
                yield Coverage(Path(feature.filename), template.name, tags | block.tags)


def catalogue_ids(catalogue: Path) -> set[str]:
    """The IDs of the spec's BEHAVIOURS.md (first cell of its table rows)."""
    rows = re.findall(r"^\| (B-[A-Z]+-\d+) \|", catalogue.read_text(encoding="utf-8"), re.M)
    return set(rows)
