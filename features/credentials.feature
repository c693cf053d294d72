@credentials
Feature: Wrong passwords, the Z-Push lock and a changed password
  The phone logs in with the onOffice password (guide section 11). A wrong
  password is refused; too many in a row lock the Z-Push access, and the lock
  counts toward the onOffice account lock as in the browser. The user's
  settings page then offers an unlock button.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And 10 addresses in onOffice are ticked for onOffice Sync

  @B-CRED-1 @needs-onoffice-rules
  Scenario Outline: A wrong password is refused
    Given Jane has <device>
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and the password "dmeo"
    Then the phone says that the password is incorrect
    And onOffice counts 1 wrong password in a row for Jane

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CRED-1 @needs-onoffice-rules
  Scenario Outline: Five wrong passwords in a row lock the Z-Push access, and then the right one is refused too
    Given Jane has <device>
    When she tries to set up the account by hand with the password "dmeo" 5 times
    Then Jane's Z-Push access is locked
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone says that the password is incorrect

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CRED-1 @needs-onoffice-rules
  Scenario Outline: The right password in between starts the count again
    Given Jane has <device>
    When she tries to set up the account by hand with the password "dmeo" 4 times
    And she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone shows the account as verified
    And onOffice counts 0 wrong passwords in a row for Jane
    And Jane's Z-Push access is not locked

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-CRED-2 @needs-change-password
  Scenario Outline: After a password change in onOffice the phone fails until it has the new password
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When Jane's password in onOffice is changed to "s3cret-2026"
    And she syncs
    Then the phone could not synchronise because the login was refused
    When she enters the password "s3cret-2026" in the account settings
    And she syncs
    Then the phone has synchronised
    And her contacts app shows all 10 onOffice contacts under the account

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CRED-3 @needs-settings-page @needs-onoffice-rules
  Scenario Outline: The unlock button appears only while locked and confirms once
    Given Jane has <device>
    And Jane's settings page shows no unlock button
    When she tries to set up the account by hand with the password "dmeo" 5 times
    Then Jane's settings page shows the unlock button
    When the administrator presses the unlock button on Jane's settings page
    Then the settings page shows the confirmation that the access is unlocked
    When the administrator reloads Jane's settings page
    Then the settings page shows no confirmation
    And Jane's settings page shows no unlock button
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone shows the account as verified

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-CRED-4 @needs-onoffice-rules
  Scenario Outline: Wrong passwords from the phone count toward the onOffice account lock
    Given Jane has mistyped her password in the browser 3 times
    And Jane has <device>
    When she tries to set up the account by hand with the password "dmeo" 2 times
    Then onOffice counts 5 wrong onOffice logins in a row for Jane

    @ios
    Examples:
      | device    |
      | an iPhone |

  # -- several phones ----------------------------------------------------------------

  @B-CRED-2 @B-CRED-1 @ios @android @needs-change-password @needs-onoffice-rules
  Scenario: A password changed in onOffice with two phones: one gets the new one, the other keeps trying the old one until the lock
    Given Jane has an iPhone
    And Jane has an Android phone
    And she has set up her onOffice account on her iPhone and synchronised
    And she has set up her onOffice account on her Android phone and synchronised
    When Jane's password in onOffice is changed to "s3cret-2026"
    And on her iPhone, she enters the password "s3cret-2026" in the account settings
    And she syncs her iPhone
    Then her iPhone has synchronised
    When she syncs her Android phone
    Then her Android phone could not synchronise because the login was refused
    And Jane's Z-Push access is not locked
    When she tries to sync her Android phone 4 times
    Then Jane's Z-Push access is locked
    When she syncs her iPhone
    Then her iPhone could not synchronise because the login was refused
