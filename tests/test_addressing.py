"""Several phones, several people in one scenario (issue 10, steps.addressing).

The scenarios in features/ show that naming a device works; these show that
a wrong name fails and that each step really reads the device it names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from feature_run import run_feature

from steps.addressing import candidates


@pytest.mark.parametrize(
    ("written", "library"),
    [
        ('her Android phone\'s contacts app shows "Lena"', 'her contacts app shows "Lena"'),
        ("she syncs her iPhone", "she syncs"),
        ("Tom has set up his onOffice account on his phone and synchronised",
         "she has set up her onOffice account on it and synchronised"),
        ('on Tom\'s phone, his task app does not show "X"', 'her task app does not show "X"'),
        ("her iPhone could not synchronise because the login was refused",
         "the phone could not synchronise because the login was refused"),
        ("she tries to sync her Android phone 4 times", "she tries to sync 4 times"),
    ],
)  # fmt: skip
def test_a_named_device_is_tried_in_the_library_s_words(written: str, library: str) -> None:
    assert library in [text for text, _, _ in candidates(written)]


def test_quoted_text_keeps_its_pronouns() -> None:
    tried = [text for text, _, _ in candidates('she syncs his phone with "his notes"')]
    assert all('"his notes"' in t for t in tried)


NEGATIVES = """\
Feature: Naming devices wrongly, or reading the wrong one
  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And Tom Becker of "DoeRealEstate" uses Z-Push with the password "tom"

  Scenario: The other phone has not synced yet
    Given 5 addresses in onOffice are ticked for onOffice Sync
    And Jane has an iPhone
    And Jane has an Android phone
    And she has set up her onOffice account on her iPhone and synchronised
    And she has set up her onOffice account on her Android phone and synchronised
    When she creates the contact "Lena Berg" of "Berg Bau" with the mobile number "+49 170 1234567" and the e-mail address "lena.berg@bergbau.example" on her iPhone
    And her iPhone has sent her change
    Then her Android phone's contacts app shows "Lena Berg"

  Scenario: Tom's phone shows Tom's tasks
    Given Jane is responsible for the task "A"
    And Tom is responsible for the task "B"
    And Jane has an iPhone
    And Tom has an Android phone
    And Jane has set up her onOffice account on her iPhone and synchronised
    And Tom has set up his onOffice account on his phone and synchronised
    Then Tom's phone's task app shows "A"

  Scenario: The phone with two phones
    Given Jane has an iPhone
    And Jane has an Android phone
    And she has set up her onOffice account on it and synchronised

  Scenario: A phone nobody has
    Given Jane has an iPhone
    And she has set up her onOffice account on Tom's phone and synchronised

  Scenario: Each phone its own last sync
    Given Jane has an iPhone
    And Jane has an Android phone
    And she has set up her onOffice account on her iPhone and synchronised
    And she has set up her onOffice account on her Android phone and synchronised
    When Jane's password in onOffice is changed to "new"
    And she syncs her Android phone
    Then her iPhone could not synchronise because the login was refused
"""  # noqa: E501


def test_wrong_names_and_wrong_devices_fail_clearly(tmp_path: Path) -> None:
    out = run_feature(tmp_path, "negatives.feature", NEGATIVES)
    assert "5 failed" in out, out
    assert "the contacts app shows [" in out  # read the Android phone, which had not synced
    assert "Tasks shows ['B']" in out  # Tom's phone, Tom's tasks
    assert '"the phone" is ambiguous: the scenario has 2 devices' in out
    assert "Jane's iPhone, Jane's Android phone" in out
    assert "which device is \"Tom's phone\"? the scenario has: Jane's iPhone" in out
    assert "the phone synchronised" in out  # the iPhone's own last sync, not the Android's
