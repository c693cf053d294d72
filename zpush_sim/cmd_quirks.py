"""``zpush-sim quirks``: the device bugs a device can switch on; each profile's EAS version.

For each quirk: its name (for ``the phone has the quirk "..."`` and
``zpush-sim device --quirk NAME``), the catalogue number in
device-bugs.md, what the device then does, its source, and the profiles
that have it on by default. Then, per profile, the EAS versions it asks
for and the one it ends up with against the reference server (Z-Push 2.7).

Must not: change anything; it reads the quirk table and the profiles.
"""

from __future__ import annotations

import argparse
from typing import Any

from eas.http import negotiate_version
from server.config import ZPUSH_PROTOCOL_VERSIONS
from simulator.profile import known_profiles, load_profile
from simulator.quirks import QUIRK_TABLE


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "quirks",
        help="list the device bugs a device can reproduce, and each profile's EAS version",
        description="List every named quirk (what it does, its source) and each profile's version.",
    )
    parser.set_defaults(func=run)


def _max_version(profile: object) -> str | None:
    """A profile's highest version, where the profile names one (a ``max_version`` field)."""
    protocol = getattr(profile, "protocol", None)
    value = getattr(protocol, "max_version", None) or getattr(profile, "max_version", None)
    return str(value) if value else None


def run(args: argparse.Namespace) -> int:
    profiles = [load_profile(name) for name in known_profiles()]
    print(f"{len(QUIRK_TABLE)} quirks (switch on: zpush-sim device --quirk NAME, or in Gherkin "
          'And the phone has the quirk "NAME"):')  # fmt: skip
    for quirk in QUIRK_TABLE:
        on = [p.name for p in profiles if p.quirks.get(quirk.name)]
        named = [p.name for p in profiles if quirk.name in p.quirks and p.name not in on]
        bug = f"device-bugs.md #{quirk.bug}" if quirk.bug else "eas-facts.md 4"
        print(f"\n  {quirk.name}  [{bug}]")
        print(f"    does:   {quirk.does}")
        print(f"    source: {quirk.source}")
        if on:
            print(f"    on by default in: {', '.join(on)}")
        if named:
            print(f"    named (off) in the profiles of: {', '.join(named)}")
    print(
        "\nProfiles (EAS versions; Z-Push 2.7 offers " + ", ".join(ZPUSH_PROTOCOL_VERSIONS) + "):"
    )
    for profile in profiles:
        if not profile.protocol.activesync:
            print(f"  {profile.name:<16} no ActiveSync")
            continue
        asks = profile.protocol.versions[0]
        chosen = negotiate_version(profile.protocol.versions, ZPUSH_PROTOCOL_VERSIONS)
        highest = _max_version(profile)
        extra = f", max {highest}" if highest and highest != asks else ""
        print(f"  {profile.name:<16} asks {asks}{extra}; negotiated with Z-Push 2.7: {chosen}")
    return 0
