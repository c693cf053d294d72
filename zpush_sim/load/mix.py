"""The profile mix of a load run: ``ios:3,android:1`` -> weighted ActiveSync profiles.

Must not: import Locust (the CLI validates the mix before starting it).
"""

from __future__ import annotations

from simulator.profile import load_profile


class MixError(ValueError):
    """A mix that names no profile, an unknown one, one without ActiveSync, or a bad weight."""


def parse_mix(text: str) -> list[tuple[str, float]]:
    """``NAME[:WEIGHT],...`` -> [(name, weight)]; only profiles that speak ActiveSync."""
    mix: list[tuple[str, float]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, _, weight_text = part.partition(":")
        try:
            weight = float(weight_text) if weight_text else 1.0
        except ValueError:
            raise MixError(f"not a weight: {weight_text!r} in {part!r}") from None
        if weight <= 0:
            raise MixError(f"a weight must be above 0: {part!r}")
        try:
            profile = load_profile(name)
        except Exception as exc:  # ProfileError and friends: one line for the CLI
            raise MixError(f"{name!r}: {exc}") from None
        if not profile.protocol.activesync:
            raise MixError(f"{name!r} has no ActiveSync (B-COL-2); it cannot be a load phone")
        mix.append((name, weight))
    if not mix:
        raise MixError("the profile mix names no profile")
    return mix
