"""The step catalogue (zpush-sim steps, docs/steps.md) and undefined steps (issue 10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from steps import catalogue
from steps.addressing import candidates
from zpush_sim.cli import main
from zpush_sim.undefined import suggestions

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "features"
ENTRIES = catalogue.build(FEATURES)


def test_docs_steps_md_is_generated_from_the_step_definitions() -> None:
    page = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    assert page == catalogue.render(ENTRIES, "md"), (
        "docs/steps.md is stale: zpush-sim steps --format md > docs/steps.md"
    )


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.topic}: {e.phrase[:60]}")
def test_every_step_function_has_a_one_line_meaning(entry: catalogue.StepEntry) -> None:
    assert entry.meaning, f"{entry.topic}: the step {entry.pattern!r} has no docstring"


def test_every_step_has_an_example_that_is_a_feature_line_it_matches() -> None:
    lines = {f"{kind.capitalize()} {text}" for kind, text in catalogue.feature_steps(FEATURES)}
    unused = [e.phrase for e in ENTRIES if not e.example]
    assert not unused, f"steps no scenario in features/ uses: {unused}"
    for entry in ENTRIES:
        assert entry.example in lines
        text = entry.example.partition(" ")[2]
        # Directly, or as a line naming its device (steps.addressing) puts it.
        assert entry.matches(text) or any(entry.matches(w) for w, _, _ in candidates(text))


def test_phrases_name_and_type_their_parameters() -> None:
    phrases = {e.phrase for e in ENTRIES}
    assert 'her contacts app <negation:shows|does not show> "<name>"' in phrases
    assert "she tries to sync <count:number> times" in phrases
    assert "<first>'s Z-Push access is [not ]locked" in phrases
    assert "<span:duration> pass" in phrases


def test_steps_command_filters_by_words_and_topic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["steps", "contacts", "app", "--topic", "contacts", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["steps"]
    assert found and all(s["topic"] == "contacts" for s in found)
    assert all("contacts" in f"{s['phrase']} {s['meaning']} {s['example']}" for s in found)
    params = [p for s in found for p in s["parameters"]]
    assert params and all({"name", "type", "choices"} <= set(p) for p in params)


def test_steps_command_refuses_an_unknown_topic_in_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zpush_sim", "steps", "--topic", "nope"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no topic 'nope'" in done.stderr


def test_suggestions_name_the_closest_phrases() -> None:
    close = suggestions('her contacts app show "Max"', ENTRIES)
    assert len(close) == 3
    assert close[0] == 'Then her contacts app <negation:shows|does not show> "<name>"'


UNKNOWN = """\
Feature: A new QA engineer's first try
  Scenario: A step the library lacks
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And Jane has an iPhone
    When she sets up her account on the phone
    Then her contacts app show "Max"

  Scenario: The same unknown step again
    Given Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    When she sets up her account on the phone
"""


def test_an_unknown_step_is_undefined_not_failed(tmp_path: Path) -> None:
    feature = tmp_path / "try.feature"
    feature.write_text(UNKNOWN, encoding="utf-8")
    reports = tmp_path / "reports"
    done = subprocess.run(
        [sys.executable, "-m", "zpush_sim", "run", str(feature), "--report-dir", str(reports)],
        cwd=tmp_path, capture_output=True, text=True, timeout=200,
    )  # fmt: skip
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert "UNDEFINED  A step the library lacks" in out
    assert "0 failed, 2 undefined" in out
    assert "FAIL " not in out
    # Each undefined step once, with where it is used and three closest phrases.
    assert out.count("  When she sets up her account on the phone") == 1
    assert '  Then her contacts app show "Max"' in out
    listing = out[out.index("undefined step(s)") :]
    assert 'Then her contacts app <negation:shows|does not show> "<name>"' in listing
    assert "| undefined | " in (reports / "scenarios.md").read_text()
    assert "2 undefined" in (reports / "report.html").read_text()


def test_under_xdist_the_undefined_steps_are_listed_once_at_the_end(tmp_path: Path) -> None:
    feature = tmp_path / "try.feature"
    feature.write_text(UNKNOWN, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider",
         "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), str(feature)],
        capture_output=True, text=True, timeout=200,
    )  # fmt: skip
    out = done.stdout
    assert out.count("undefined step(s); no step definition matches") == 1, out
    assert "2 undefined step(s); no step definition matches" in out
    listing = out[out.index("undefined step(s)") :]
    assert listing.count("When she sets up her account on the phone    (") == 1
    assert "try.feature:6" in listing and "try.feature:11" in listing  # both uses
