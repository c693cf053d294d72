@maintenance
Feature: Maintenance work and server updates
  During maintenance the server is unavailable for a while (guide 11.2).
  Most phones then say the login data should be checked; the failure is
  temporary, and afterwards synchronisation goes on with nothing lost. A
  phone may give up after repeated failures and close the account; opening
  the account settings without changing anything brings it back.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And 20 addresses in onOffice are ticked for onOffice Sync

  @B-MAINT-1 @needs-maintenance-switch
  Scenario Outline: During maintenance the phone asks to check the login data; afterwards it syncs again
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When onOffice starts maintenance work
    And onOffice gets the address "Erika Mustermann" ticked for onOffice Sync
    And she syncs
    Then the phone says that she should check her login data
    And the server asked the phone to come back later
    When the maintenance work is over
    And she syncs
    Then the phone has synchronised
    And her contacts app shows all 21 onOffice contacts under the account

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-MAINT-2 @needs-maintenance-switch
  Scenario Outline: After repeated failures the phone closes the account until its settings are opened
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When onOffice starts maintenance work
    And she tries to sync 5 times
    Then the phone has closed the account
    When the maintenance work is over
    And she syncs
    Then the phone sent nothing
    When she opens the account settings and closes them without a change
    And she syncs
    Then the phone has synchronised

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |
