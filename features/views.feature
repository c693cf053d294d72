@views
Feature: Where the synced data shows up on the phone
  The data is seen in the phone's own apps (guide sections 6 to 10): the
  calendar app under the Exchange account (which may first have to be
  selected), the task app, the contacts app. On Android 11 the calendar
  app's notification settings also switch background synchronisation.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And 15 addresses in onOffice are ticked for onOffice Sync

  @B-VIEW-1
  Scenario Outline: The iPhone calendar shows the appointments under the Exchange account
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her calendar app shows "Besichtigung Lindenstraße 4" 1 time
    When she hides the account's calendar in her calendar app
    Then her calendar app shows "Besichtigung Lindenstraße 4" 0 times
    When she selects the account's calendar in her calendar app
    Then her calendar app shows "Besichtigung Lindenstraße 4" 1 time

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-VIEW-2
  Scenario Outline: Google Calendar shows the appointments once the Exchange calendar is selected
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her calendar app shows "Besichtigung Lindenstraße 4" 0 times
    When she selects the account's calendar in her calendar app
    Then her calendar app shows "Besichtigung Lindenstraße 4" 1 time

    @android
    Examples:
      | device           |
      | an Android phone |

    @android11
    Examples:
      | device              |
      | an Android 11 phone |

  @B-VIEW-3
  Scenario Outline: On Android 11, calendar notifications all off stop background synchronisation
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    And she selects the account's calendar in her calendar app
    When she switches off all notifications of the calendar app
    And Jane gets the appointment "Notartermin Kaufvertrag Weber" on 2026-03-05 from 14:00 to 15:00 in onOffice
    And 30 minutes pass
    Then her calendar app shows "Notartermin Kaufvertrag Weber" 0 times
    When she syncs
    Then her calendar app shows "Notartermin Kaufvertrag Weber" 1 time
    When she switches on the notifications of the calendar app
    And Jane gets the appointment "Kundentermin Familie Schulz" on 2026-03-06 from 09:00 to 10:00 in onOffice
    And 30 minutes pass
    Then her calendar app shows "Kundentermin Familie Schulz" 1 time

    @android11
    Examples:
      | device              |
      | an Android 11 phone |

  @B-VIEW-4 @needs-onoffice-rules
  Scenario Outline: The task app shows the tasks she is responsible for
    Given Jane is responsible for the task "Exposé Lindenstraße 4 erstellen"
    And Tom Becker of "DoeRealEstate" uses Z-Push with the password "tom"
    And Tom is responsible for the task "Schlüssel abholen"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her task app shows "Exposé Lindenstraße 4 erstellen"
    And her task app does not show "Schlüssel abholen"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-VIEW-5
  Scenario Outline: The contacts app shows the synced contacts once contacts are on for the account
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her contacts app shows all 15 onOffice contacts under the account
    When she switches off "<switch>" in the account settings
    And she syncs
    Then her contacts app shows no contacts of the account
    When she switches on "<switch>" in the account settings
    And she syncs
    Then her contacts app shows all 15 onOffice contacts under the account

    @ios
    Examples:
      | device    | switch   |
      | an iPhone | Contacts |

    @android
    Examples:
      | device           | switch        |
      | an Android phone | Sync contacts |
