"""A tiny checkout with one feature of every outcome, for the report tests.

`make(tmp)` writes ``features/`` (its behaviour index and a feature whose scenarios pass, fail on
an assertion after a device has talked to the server, skip, have an
undefined step, and freeze the clock), a conftest.py there with two steps
of its own, and a pyproject.toml. ``zpush-sim run --project`` runs it
with the whole step library, as another project's suite would.
"""

from __future__ import annotations

from pathlib import Path

FEATURE = """\
@contacts
Feature: Report samples
  Scenarios whose outcomes the report tests know in advance.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And 40 addresses in onOffice are ticked for onOffice Sync

  @B-CON-1
  Scenario Outline: A device that synchronises
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her contacts app shows all 40 onOffice contacts under the account

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-CON-2
  Scenario Outline: A device that shows fewer contacts than expected
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her contacts app shows all 41 onOffice contacts under the account
    And the sample goes on after the failure

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-3
  Scenario: A target that cannot arrange the data
    Given the sample target cannot do this
    Then the sample goes on after the failure

  @B-CON-4
  Scenario: A step nobody has written yet
    Given a step that has no definition anywhere
    Then the sample goes on after the failure
"""

CONFTEST = '''\
"""The two steps only these samples need (every .feature file is collected as it is)."""

import pytest
from pytest_bdd import given, then


@given("the sample target cannot do this")
def _() -> None:
    """Skip as a target without a capability does."""
    pytest.skip("the sample target cannot arrange onOffice data")


@then("the sample goes on after the failure")
def _() -> None:
    """A step after the one that stops the scenario."""
'''

INDEX = """\
[B-CON-1]
topic = "contacts"
profiles = ["ios"]
says = "A synchronised device shows every contact."
[B-CON-2]
topic = "contacts"
profiles = ["android"]
says = "A device shows exactly the contacts onOffice has."
[B-CON-3]
topic = "contacts"
profiles = []
says = "A target that cannot arrange data skips."
[B-CON-4]
topic = "contacts"
profiles = []
says = "A step without a definition is undefined."
"""

PYPROJECT = """\
[tool.pytest.ini_options]
bdd_features_base_dir = "features/"
"""


def make(root: Path) -> Path:
    (root / "features").mkdir(parents=True)
    (root / "features" / "samples.feature").write_text(FEATURE, encoding="utf-8")
    (root / "features" / "behaviours.toml").write_text(INDEX, encoding="utf-8")
    (root / "features" / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return root
