"""A scenario that fixes a server setting by tag says it needs that capability.

Only the embedded target makes a server per scenario with the settings its
tags ask for (`zpush_sim.targets.embedded.SETTING_TAGS`); on any other
target such a scenario must skip naming `server-settings`, not fail.
"""

from __future__ import annotations

from pathlib import Path

from steps.behaviours import coverage
from zpush_sim.targets.base import NEEDS_PREFIX, Capability
from zpush_sim.targets.embedded import SETTING_TAGS

FEATURES = Path(__file__).resolve().parents[1] / "features"
NEEDS_SETTINGS = NEEDS_PREFIX + Capability.SERVER_SETTINGS


def test_every_scenario_with_a_server_setting_tag_needs_server_settings() -> None:
    missing = sorted(
        f"{block.feature.name}: {block.scenario}"
        for block in coverage(FEATURES)
        if block.tags & set(SETTING_TAGS) and NEEDS_SETTINGS not in block.tags
    )
    assert not missing, f"tagged with a server setting but not @{NEEDS_SETTINGS}: {missing}"
