@memotoo
Feature: Memotoo must be switched off on the phone
  Before Z-Push, onOffice appointments reached phones through Memotoo. If
  Memotoo's calendar is still active on the phone, every appointment shows
  twice (guide 3.2).

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And Jane has the appointment "Notartermin Kaufvertrag Weber" on 2026-03-05 from 14:00 to 15:00

  @B-MEMO-1 @needs-simulated-network
  Scenario Outline: With Memotoo still active every appointment appears twice, once it is off only once
    Given Jane has <device>
    And Memotoo sync is still active on the phone
    And she has set up her onOffice account on it and synchronised
    And she selects the account's calendar in her calendar app
    Then her calendar app shows "Besichtigung Lindenstraße 4" 2 times
    And her calendar app shows "Notartermin Kaufvertrag Weber" 2 times
    When she deactivates Memotoo on the phone
    Then her calendar app shows "Besichtigung Lindenstraße 4" 1 time
    And her calendar app shows "Notartermin Kaufvertrag Weber" 1 time

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |
