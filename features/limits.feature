@limits
Feature: How many appointments reach the phone
  Z-Push sends at most 500 appointments, from one month back when the client
  gives no period, and never more than six months ahead (guide 2.3).

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"

  @B-LIM-1 @needs-onoffice-rules
  Scenario Outline: Of more than 500 appointments, the 500 nearest to today are sent
    Given Jane has 510 appointments in the next 4 weeks
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    And she selects the account's calendar in her calendar app
    Then her calendar app shows 500 appointments
    And the 10 appointments furthest from today are not among them

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-LIM-2 @needs-onoffice-rules
  Scenario Outline: A client that gives no period gets appointments from one month back
    Given Jane has the appointment "Übergabe Altbau Gartenweg" on 2026-01-10 from 10:00 to 11:00
    And Jane has the appointment "Besichtigung Mühlenweg 2" on 2026-02-20 from 10:00 to 11:00
    And Jane has the appointment "Notartermin Brandt" on 2026-03-10 from 10:00 to 11:00
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    And she selects the account's calendar in her calendar app
    Then her calendar app shows "Besichtigung Mühlenweg 2" 1 time
    And her calendar app shows "Notartermin Brandt" 1 time
    And her calendar app shows "Übergabe Altbau Gartenweg" 0 times

    @outlook-windows
    Examples:
      | device              |
      | Outlook for Windows |

  @B-LIM-3 @needs-onoffice-rules
  Scenario Outline: Nothing beyond six months ahead, whatever period the client asks for
    Given Jane has the appointment "Jahresgespräch Bank" on 2026-08-20 from 10:00 to 11:00
    And Jane has the appointment "Mieterversammlung" on 2026-09-10 from 18:00 to 19:00
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    And she selects the account's calendar in her calendar app
    Then her calendar app shows "Jahresgespräch Bank" 1 time
    And her calendar app shows "Mieterversammlung" 0 times

    @ios
    Examples:
      | device    |
      | an iPhone |

    @outlook-windows
    Examples:
      | device              |
      | Outlook for Windows |

  @B-LIM-1 @needs-onoffice-rules
  Scenario Outline: Past appointments count toward the 500 by their distance from today too
    Given Jane had 20 appointments in the last 3 weeks
    And Jane has 490 appointments in the next 2 weeks
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    And she selects the account's calendar in her calendar app
    Then her calendar app shows 500 appointments
    And her calendar app shows "Vergangen 001" 1 time
    And the 10 appointments furthest from today are not among them
    And her calendar app shows "Vergangen 020" 0 times

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |
