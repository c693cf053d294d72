"""Scenario authoring without Python (issue 10): any feature file runs, tags, timeouts.

A QA engineer's new file, written outside the repository with a tag of its
own, must run under ``pytest`` and ``zpush-sim run`` with no binding module.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

NEW_FEATURE = """\
@my-team
Feature: A QA engineer's own feature file

  @B-CRED-1 @found-in-review
  Scenario: A wrong password is refused on an iPhone
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And Jane has an iPhone
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and the password "dmeo"
    Then the phone says that the password is incorrect
"""  # noqa: E501


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=200
    )


def test_a_feature_file_outside_the_repo_runs_under_pytest(tmp_path: Path) -> None:
    feature = tmp_path / "elsewhere" / "new.feature"
    feature.parent.mkdir()
    feature.write_text(NEW_FEATURE, encoding="utf-8")
    config = ("--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"))
    done = run("-m", "pytest", "-q", *config, str(feature), "-m", "found-in-review")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_a_suite_that_binds_its_own_feature_files_can_switch_collection_off(
    tmp_path: Path,
) -> None:
    feature = tmp_path / "new.feature"
    feature.write_text(NEW_FEATURE, encoding="utf-8")
    config = ("--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), "--collect-only", "-q")
    on = run("-m", "pytest", *config, str(feature))
    off = run("-m", "pytest", *config, "-o", "zpush_sim_collect_features=false", str(feature))
    assert "1 test collected" in on.stdout, on.stdout
    assert "no tests collected" in off.stdout, off.stdout


def test_a_feature_file_outside_the_repo_runs_under_zpush_sim_run(tmp_path: Path) -> None:
    feature = tmp_path / "new.feature"
    feature.write_text(NEW_FEATURE, encoding="utf-8")
    done = run("-m", "zpush_sim", "run", str(feature), "--report-dir", str(tmp_path / "r"),
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Running 1 scenarios" in done.stdout
    assert "PASS B-CRED-1 A wrong password is refused on an iPhone" in done.stdout


def test_a_file_that_is_not_gherkin_is_one_clear_line(tmp_path: Path) -> None:
    feature = tmp_path / "broken.feature"
    feature.write_text("Feature: x\n  Scenario: y\n    Given today is 2026-03-02 09:00\n  Oops\n")
    done = run("-m", "zpush_sim", "run", str(feature), "--report-dir", str(tmp_path / "r"),
               cwd=tmp_path)  # fmt: skip
    assert done.returncode != 0
    assert f"{feature}:4: not valid Gherkin:" in done.stdout
    assert "site-packages" not in done.stdout + done.stderr


def test_every_test_has_a_timeout_from_pyproject(request: pytest.FixtureRequest) -> None:
    assert request.config.pluginmanager.hasplugin("timeout"), "pytest-timeout is not installed"
    assert float(request.config.getini("timeout")) > 0, "no per-test timeout in pyproject.toml"


def test_a_hung_test_is_stopped_and_a_misspelt_mark_still_fails(tmp_path: Path) -> None:
    """Scenario tags register themselves; a mark in a Python test still must be known."""
    (tmp_path / "test_marked.py").write_text(
        "import pytest\n\n@pytest.mark.no_such_mark\ndef test_x():\n    pass\n"
    )
    (tmp_path / "test_hangs.py").write_text(
        textwrap.dedent("""
        import threading

        def test_waits_forever():
            threading.Event().wait()
        """)
    )
    done = run("-m", "pytest", "-q", "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"),
               "-o", "timeout=2", "--continue-on-collection-errors", str(tmp_path))  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert "'no_such_mark' not found in `markers`" in out
    assert "Timeout" in out


def test_the_readme_example_with_two_phones_and_two_people_runs_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Writing scenarios") :]
    example = re.search(r"```gherkin\n(.*?)```", section, re.S)
    assert example, "the README's Writing scenarios section has no Gherkin example"
    feature = tmp_path / "somewhere" / "mine.feature"
    feature.parent.mkdir()
    feature.write_text(example[1], encoding="utf-8")
    done = run("-m", "zpush_sim", "run", str(feature), "--report-dir", str(tmp_path / "r"),
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 scenarios: 1 passed" in done.stdout
