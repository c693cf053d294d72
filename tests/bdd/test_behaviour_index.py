"""The behaviour index against the catalogue and the feature files.

Fails when the catalogue has an ID the index lacks, when an indexed
behaviour has no scenario (pending ones count) on one of its profiles, or
when a behaviour tag (``@B-*``) or pending tag is not indexed. Every feature
file runs without a binding module (steps.collect) and other tags need no
registration.
"""

from __future__ import annotations

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


@pytest.mark.skipif(not CATALOGUE.exists(), reason=f"no catalogue at {CATALOGUE}")
def test_the_index_has_every_id_of_the_catalogue() -> None:
    missing = catalogue_ids(CATALOGUE) - set(INDEX)
    assert not missing, f"BEHAVIOURS.md has IDs the index lacks: {sorted(missing)}"


@pytest.mark.parametrize("behaviour", sorted(INDEX), ids=str)
def test_each_behaviour_has_a_scenario_on_each_of_its_profiles(behaviour: str) -> None:
    entry = INDEX[behaviour]
    # Pending scenarios count: they run as strict xfails (steps.pending).
    blocks = [b for b in BLOCKS if behaviour in b.behaviours]
    assert blocks, f"{behaviour} has no scenario"
    assert all(b.feature.stem == entry.topic for b in blocks), (
        f"{behaviour} belongs to {entry.topic}.feature: {sorted({b.feature.name for b in blocks})}"
    )
    for profile in entry.profiles or (NO_PROFILE,):
        on_it = [b for b in blocks if profile in b.tags or profile == NO_PROFILE]
        assert on_it, f"{behaviour} has no scenario on the profile {profile}"


def test_every_behaviour_tag_is_indexed_and_every_pending_tag_explained() -> None:
    used = {t for b in BLOCKS for t in b.tags}
    unindexed = {t for b in BLOCKS for t in b.behaviours} - set(INDEX)
    assert not unindexed, f"behaviour tags missing from the index: {sorted(unindexed)}"
    unknown = {t for t in used if t.startswith("pending-")} - set(PENDING)
    assert not unknown, f"pending tags without a reason in steps/pending.py: {sorted(unknown)}"
