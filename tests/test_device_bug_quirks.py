"""The device-bug scenarios and the quirk table belong together, and each quirk matters.

- Every quirk named in a ``@bug`` scenario is in the table with a source;
  at least 20 rows of device-bugs.md have a quirk and a scenario.
- Each ``@bug`` scenario fails when its quirk line is taken out (run by
  pytester on a copy of the scenario): the symptom comes from the quirk,
  not from the scenario's set-up. The one exception is a mitigation whose
  outcome is the same either way; its quirk is checked on the wire below.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from simulator.quirks import QUIRK_TABLE, QUIRKS
from zpush_sim.network import Network

pytest_plugins = ["pytester"]

FEATURE = Path(__file__).resolve().parents[1] / "features" / "device-bugs.feature"
TEXT = FEATURE.read_text(encoding="utf-8")
HEAD, _, BODY = TEXT.partition("\n  # -- calendar")
BLOCKS = re.split(r"\n(?=  @)", "\n  # --" + BODY)[1:]
QUIRK_LINE = re.compile(r'^\s+(?:Given|And) .* has the quirk "(?P<name>[^"]+)"\n', re.M)
# The server reads ISO-8859-1 credentials (ZP-864): the same outcome with or without the quirk.
SAME_EITHER_WAY = {"basic_auth_latin1"}


def _quirk(block: str) -> str:
    match = QUIRK_LINE.search(block)
    assert match, f"a @bug scenario without a quirk step:\n{block}"
    return match["name"]


def test_every_bug_scenario_names_a_known_quirk_tagged_on_it_and_twenty_rows_are_covered() -> None:
    rows = set()
    for block in BLOCKS:
        name = _quirk(block)
        assert name in QUIRKS
        assert f"@{name}" in block.splitlines()[0], f"{name} is not among the tags"
        rows |= {q.bug for q in QUIRK_TABLE if q.name == name and q.bug}
    assert len(rows) >= 20, f"device-bugs.md rows with a scenario: {sorted(rows)}"
    assert all(q.source for q in QUIRK_TABLE)


def test_every_bug_scenario_fails_without_its_quirk(pytester: pytest.Pytester) -> None:
    # One pytester run over every scenario with its quirk line taken out (one run: fast).
    kept = [b for b in BLOCKS if _quirk(b) not in SAME_EITHER_WAY]
    text = HEAD + "\n" + "\n".join(QUIRK_LINE.sub("", block) for block in kept)
    feature = pytester.makefile(".feature", bug=text)
    result = pytester.runpytest_inprocess(str(feature), "-q", "-rA", "-p", "no:cacheprovider")
    passed = [line for line in result.outlines if line.startswith("PASSED")]
    assert not passed, f"these pass without their quirk: {passed}"
    assert result.parseoutcomes().get("failed") == len(kept)


def test_basic_auth_latin1_sends_iso_8859_1_credentials() -> None:
    """device-bugs.md 28: the quirk's bytes on the wire (the scenario shows Z-Push's answer)."""
    import random

    from simulator.device import Device
    from zpush_sim.clock import SystemClock

    seen: list[str] = []

    def server(environ: dict[str, object], start_response: object) -> list[bytes]:
        seen.append(str(environ.get("HTTP_AUTHORIZATION", "")))
        start_response("401 Unauthorized", [("Content-Length", "0")])  # type: ignore[operator]
        return [b""]

    for quirk in (False, True):
        phone = Device("outlook-windows", clock=SystemClock(), rng=random.Random(1))
        if quirk:
            phone.add_quirk("basic_auth_latin1")
        with Network() as network:
            network.route("eas.example", server)
            phone.add_account_manually("jane@example.com", "eas.example", "Grüße", user="jane")
        raw = base64.b64decode(seen[-1].partition(" ")[2])
        assert raw == ("jane:Grüße".encode("iso-8859-1") if quirk else "jane:Grüße".encode())
