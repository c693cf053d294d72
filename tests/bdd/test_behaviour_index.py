"""The behaviour index against the catalogue, the feature files and the scenario modules.

Fails when the catalogue has an ID the index lacks, when an indexed
behaviour has no bound scenario (pending ones count) on one of its profiles, when a
feature file is bound by no scenario module, or when a tag is not registered.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from steps.behaviours import catalogue_ids, coverage, load_index
from steps.pending import PENDING
from zpush_sim.matrix import NO_PROFILE

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
CATALOGUE = ROOT.parent / "shared" / "spec" / "BEHAVIOURS.md"
INDEX = load_index(FEATURES)
BLOCKS = list(coverage(FEATURES))


def bound_features() -> set[str]:
    """Feature files that a scenario module under tests/bdd loads with scenarios()."""
    found: set[str] = set()
    for module in (ROOT / "tests" / "bdd").glob("test_*.py"):
        found |= set(re.findall(r'scenarios\("([^"]+)"\)', module.read_text(encoding="utf-8")))
    return found


@pytest.mark.skipif(not CATALOGUE.exists(), reason=f"no catalogue at {CATALOGUE}")
def test_the_index_has_every_id_of_the_catalogue() -> None:
    missing = catalogue_ids(CATALOGUE) - set(INDEX)
    assert not missing, f"BEHAVIOURS.md has IDs the index lacks: {sorted(missing)}"


@pytest.mark.parametrize("behaviour", sorted(INDEX), ids=str)
def test_each_behaviour_has_a_bound_scenario_on_each_of_its_profiles(behaviour: str) -> None:
    entry = INDEX[behaviour]
    bound = bound_features()
    # Pending scenarios count: they are bound and run as strict xfails (steps.pending).
    blocks = [b for b in BLOCKS if behaviour in b.behaviours and b.feature.name in bound]
    assert blocks, f"{behaviour} has no bound scenario"
    assert all(b.feature.stem == entry.topic for b in blocks), (
        f"{behaviour} belongs to {entry.topic}.feature: {sorted({b.feature.name for b in blocks})}"
    )
    for profile in entry.profiles or (NO_PROFILE,):
        on_it = [b for b in blocks if profile in b.tags or profile == NO_PROFILE]
        assert on_it, f"{behaviour} has no scenario on the profile {profile}"


def test_every_feature_file_is_bound_by_a_scenario_module() -> None:
    unbound = {p.name for p in FEATURES.glob("*.feature")} - bound_features()
    assert not unbound, f"no tests/bdd module loads {sorted(unbound)}"


def test_every_tag_is_registered_and_every_behaviour_tag_indexed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    markers = config["tool"]["pytest"]["ini_options"]["markers"]
    registered = {m.split(":")[0] for m in markers}
    used = {t for b in BLOCKS for t in b.tags}
    assert not used - registered, f"tags not in pyproject.toml markers: {sorted(used - registered)}"
    unindexed = {t for b in BLOCKS for t in b.behaviours} - set(INDEX)
    assert not unindexed, f"behaviour tags missing from the index: {sorted(unindexed)}"
    unknown = {t for t in used if t.startswith("pending-")} - set(PENDING)
    assert not unknown, f"pending tags without a reason in steps/pending.py: {sorted(unknown)}"
