"""What the simulated devices cannot do against SOGo yet: the interop tests' expected gaps.

Each entry names a capability (an interop test, ``contacts-from-device``),
optionally one profile, and the device behaviour that is missing, precisely
enough for the device work to pick it up. The tests apply them as
``xfail(strict=True)``: the day the device copes, the test passes, the run
turns red, and the entry goes. A gap is about the device, never a way to
accept a wrong answer from SOGo.

Must not: list failures of the stack itself (those must fail).
"""

from __future__ import annotations

from collections.abc import Mapping

ANY = "*"

# (capability, profile or ANY) -> the missing device behaviour. Closed so far:
# Thunderbird's edits lost to SOGo's Status 3 after an Add into an empty folder
# (the device now keeps them over the resync, `simulator.store`).
GAPS: Mapping[tuple[str, str], str] = {}


def expected_gap(capability: str, profile: str) -> str | None:
    return GAPS.get((capability, profile)) or GAPS.get((capability, ANY))
