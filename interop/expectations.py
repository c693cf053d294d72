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

_KEEP_CHANGES = (
    "the device drops its pending Change/Delete when a Sync answers Status 3 and it "
    "resyncs from SyncKey 0 (it should send them again after the resync); SOGo gives "
    "Status 3 for the SyncKey it returned to an Add into an empty folder (SyncKey -1), "
    "and a polling device's next edit arrives with that key"
)

# (capability, profile or ANY) -> the missing device behaviour.
GAPS: Mapping[tuple[str, str], str] = {
    ("contacts-from-device", "thunderbird"): _KEEP_CHANGES,
    ("tasks-from-device", "thunderbird"): _KEEP_CHANGES,
    ("deletion-from-device", "thunderbird"): _KEEP_CHANGES,
}


def expected_gap(capability: str, profile: str) -> str | None:
    return GAPS.get((capability, profile)) or GAPS.get((capability, ANY))
