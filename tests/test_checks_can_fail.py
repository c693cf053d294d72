"""The checks mended in issue 10 fail when what they check is broken.

Each scenario below states something false; each must fail, with the
message of the mended check. The old checks passed every one of them
(noted per scenario), which is why they were mended.
"""

from __future__ import annotations

from pathlib import Path

from feature_run import run_feature

from eas.items.calendar import appointment_from_application_data
from eas.tree import Element
from steps.phone_items import every_text

FALSE_CLAIMS = """\
Feature: Claims that are false
  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And 10 addresses in onOffice are ticked for onOffice Sync

  # Old: any "configure manually" passed for Android's "try again or by hand".
  Scenario: An iPhone's "configure manually" is not Android's offer
    Given Jane has an iPhone
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@onoffice.de" and her password
    Then the phone offers to try again or to enter the settings by hand

  # Old: "onoffice.de" in "https://activesync.onoffice.de/..." passed.
  Scenario: Autodiscover of activesync.onoffice.de is not autodiscover of onoffice.de
    Given Jane has an iPhone
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@activesync.onoffice.de" and her password
    Then the phone first looked for the settings of "onoffice.de" by autodiscover

  # Old: the rounds of every later sync were added to the first one.
  Scenario: A small account comes in one round however often she syncs
    Given Jane has an iPhone
    And she has set up her onOffice account on it and synchronised
    When she syncs
    And she syncs
    Then the first synchronisation of contacts took more than one round

  # Old: the last report was returned whether or not it carried a change.
  Scenario: No change was made, so none was sent
    Given Jane has an Android phone
    And she has set up her onOffice account on it and synchronised
    When the phone has sent her change

  # Old: read the device's own log, not the server's.
  Scenario: The server did see the phone
    Given Jane has an iPhone
    When she adds the account in the usual way for the phone
    Then onOffice saw no request from the device

  # Old: compared with repr() of the parsed item.
  Scenario: The place is sent, so the phone's copy mentions it
    Given Jane has the appointment "Besichtigung" on 2026-03-04 from 10:00 to 11:00
    And the appointment has the place "Lindenstraße 4"
    And Jane has an iPhone
    And she has set up her onOffice account on it and synchronised
    Then the phone's copy of the appointment "Besichtigung" does not mention "Lindenstraße 4"

  # Old: repr() of the Address, which has no field for most such texts; the customer's
  # name is stored in onOffice (not in the address), so the search must find it.
  Scenario: The customer's name is in onOffice's records
    Given the address "Max Mustermann" is ticked for onOffice Sync
    Then onOffice's address "Max Mustermann" does not mention "DoeRealEstate"

  # Old: "Termin 501" to "Termin 510" were assumed, and never existed here.
  Scenario: All 20 appointments are sent, the furthest too
    Given Jane has 20 appointments in the next 4 weeks
    And Jane has an iPhone
    And she has set up her onOffice account on it and synchronised
    And she selects the account's calendar in her calendar app
    Then the 10 appointments furthest from today are not among them
"""  # noqa: E501


def test_each_false_claim_fails_with_the_mended_check(tmp_path: Path) -> None:
    out = run_feature(tmp_path, "false_claims.feature", FALSE_CLAIMS)
    assert "8 failed" in out, out
    assert "onOffice stored 'DoeRealEstate' in ['customers.name'" in out
    assert "the phone shows: Cannot connect: configure manually" in out
    assert "autodiscover tried first: ['https://activesync.onoffice.de/" in out
    assert "the contacts came in 1 round(s)" in out
    assert "the phone's last sync sent no change" in out
    assert "the server received ['POST /autodiscover/autodiscover.xml" in out
    assert "the phone's appointment carries 'Lindenstraße 4'" in out
    assert "the phone shows ['Termin 011'" in out


def test_the_phone_s_copy_holds_elements_the_parsed_item_has_no_field_for() -> None:
    data = Element("AirSync:ApplicationData")
    data.add("Calendar:Subject", "Besichtigung")
    data.add("Calendar:ProjectLink", "Neubau Hafenviertel")  # no such field in the item types
    assert "Neubau Hafenviertel" in every_text(data)
    # What the old check read: the parsed item, which drops the unknown element.
    assert "Neubau Hafenviertel" not in repr(appointment_from_application_data(data))


WIRE_FALSE_CLAIMS = """\
Feature: False claims about the exchange
  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And 10 addresses in onOffice are ticked for onOffice Sync
    And Jane has an iPhone
    And she has set up her onOffice account on it and synchronised

  Scenario: Three Provision requests
    Then the phone sent 3 Provision requests

  Scenario: Three Provision requests on the server
    Then the server received 3 Provision requests from the phone

  Scenario: A FolderSync key the phone never sent
    Then the last FolderSync request the phone sent has the SyncKey "7"

  Scenario: A FolderSync key the server never received
    Then the last FolderSync request the server received from the phone has the SyncKey "7"

  Scenario: Nothing was lost, so nothing was sent twice
    Then the server received the same Sync request twice in a row from the phone

  Scenario: No bad key, no Status 3
    Then a Sync response had Status 3
"""


def test_each_false_claim_about_the_exchange_fails(tmp_path: Path) -> None:
    out = run_feature(tmp_path, "wire_false_claims.feature", WIRE_FALSE_CLAIMS)
    assert "6 failed" in out, out
    assert "the phone sent 2 Provision" in out
    assert "the server received 2 Provision" in out
    assert "the last FolderSync the phone sent has the SyncKey ['0']" in out
    assert "the server's last FolderSync from the phone has the SyncKey ['0']" in out
    assert "no Sync was sent twice" in out
    assert "the Sync responses had the Status values ['1'" in out
