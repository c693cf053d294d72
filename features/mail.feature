@mail
Feature: No e-mail through Z-Push
  onOffice enterprise does not offer e-mail through Z-Push (guide 1, 2.1):
  the account has no mail folders, sending fails, and calendar apps cannot
  send invitations. The appointment itself is still saved.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"

  @B-MAIL-1
  Scenario Outline: The account offers no mail folders
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the account on the phone has no mail folder
    And the account on the phone has a calendar folder

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-MAIL-1
  Scenario Outline: Sending an e-mail from the account fails
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she sends an e-mail to "max.mustermann@example.org" from the account
    Then the phone says that the e-mail could not be sent

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-MAIL-1
  Scenario Outline: An invitation cannot be sent, but the appointment is saved
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Besichtigung Hafenstraße 9" on 2026-03-06 from 15:00 to 16:00 with the attendee "max.mustermann@example.org" on the phone
    And she syncs
    Then the invitation to "max.mustermann@example.org" was not sent
    And onOffice has the appointment "Besichtigung Hafenstraße 9" in Jane's calendar

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-MAIL-1 @wire @needs-zpush-answers
  Scenario Outline: Developers: the invitation's SendMail is refused as Z-Push refuses it
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Besichtigung Hafenstraße 9" on 2026-03-06 from 15:00 to 16:00 with the attendee "max.mustermann@example.org" on the phone
    And she syncs
    Then the last SendMail request was answered with HTTP 500
    And the last Sync response has Status 1

    @ios
    Examples:
      | device    |
      | an iPhone |
