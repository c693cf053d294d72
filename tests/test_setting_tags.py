"""A scenario that fixes a server setting by tag says it needs that capability.

A target that can change the server's settings applies the ones its tags ask
for (`zpush_sim.targets.base.SETTING_TAGS`) before the first step; on any
other target (SOGo) such a scenario must skip naming `server-settings`, not fail.
"""

from __future__ import annotations

from pathlib import Path

from steps.behaviours import coverage
from zpush_sim.targets.base import NEEDS_PREFIX, SETTING_TAGS, Capability

FEATURES = Path(__file__).resolve().parents[1] / "features"
NEEDS_SETTINGS = NEEDS_PREFIX + Capability.SERVER_SETTINGS


def test_every_scenario_with_a_server_setting_tag_needs_server_settings() -> None:
    tagged = [b for b in coverage(FEATURES) if b.tags & set(SETTING_TAGS)]
    assert tagged, "no scenario carries a server setting tag: nothing was checked"
    missing = sorted(
        f"{block.feature.name}: {block.scenario}"
        for block in coverage(FEATURES)
        if block.tags & set(SETTING_TAGS) and NEEDS_SETTINGS not in block.tags
    )
    assert not missing, f"tagged with a server setting but not @{NEEDS_SETTINGS}: {missing}"
