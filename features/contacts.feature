@contacts
Feature: Contacts between onOffice and the phone
  Contacts need the user's "Contacts" setting, and only addresses ticked for
  onOffice Sync are synchronised (guide 12.3). Each phone number, fax number
  and e-mail address goes to the sync slot assigned to it in onOffice's
  "Edit phone numbers" pop-up; each slot is used once per contact. Numbers
  changed or deleted on the phone are never deleted in onOffice, only moved
  out of the synchronisation.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"

  # -- onOffice to the phone ---------------------------------------------------

  @B-CON-1
  Scenario Outline: Only addresses ticked for onOffice Sync reach the phone
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And the address "Erika Gabler" is ticked for onOffice Sync
    And the address "Otto Normal" is not ticked for onOffice Sync
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her contacts app shows "Max Mustermann"
    And her contacts app shows "Erika Gabler"
    And her contacts app does not show "Otto Normal"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-2 @B-CON-3
  Scenario Outline: Name, title, company, birthday, homepage and the business address reach the phone
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And the address has the salutation "Herr"
    And the address has the company "Mustermann Immobilien GmbH"
    And the address has the birthday 1970-05-17
    And the address has the homepage "https://mustermann-immobilien.example"
    And the address is in "Lindenstraße 4", "50674" "Köln", "Deutschland"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's contact "Max Mustermann" has the title "Herr"
    And the phone's contact "Max Mustermann" has the company "Mustermann Immobilien GmbH"
    And the phone's contact "Max Mustermann" has the birthday 1970-05-17
    And the phone's contact "Max Mustermann" has the homepage "https://mustermann-immobilien.example"
    And the phone's contact "Max Mustermann" has the business address "Lindenstraße 4", "50674" "Köln", "Deutschland"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-4 @needs-onoffice-rules
  Scenario Outline: Each number reaches the slot assigned to it
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's phone number "+49 221 1234567" is assigned to "Phone (Business)"
    And Max Mustermann's phone number "+49 221 7654321" is assigned to "Company main"
    And Max Mustermann's mobile number "+49 151 22334455" is assigned to "Mobile"
    And Max Mustermann's fax number "+49 221 1234568" is assigned to "Fax (Business)"
    And Max Mustermann's e-mail address "max@mustermann-immobilien.example" is assigned to "EMail2"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's contact "Max Mustermann" has "+49 221 1234567" as "Phone (Business)"
    And the phone's contact "Max Mustermann" has "+49 221 7654321" as "Company main"
    And the phone's contact "Max Mustermann" has "+49 151 22334455" as "Mobile"
    And the phone's contact "Max Mustermann" has "+49 221 1234568" as "Fax (Business)"
    And the phone's contact "Max Mustermann" has "max@mustermann-immobilien.example" as "EMail2"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-4 @needs-onoffice-rules
  Scenario Outline: At most three e-mail addresses reach the phone
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's e-mail address "max@mustermann.example" is assigned to "EMail1"
    And Max Mustermann's e-mail address "info@mustermann.example" is assigned to "EMail2"
    And Max Mustermann's e-mail address "buero@mustermann.example" is assigned to "EMail3"
    And Max Mustermann's e-mail address "privat@mustermann.example" has no assignment
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's contact "Max Mustermann" has 3 e-mail addresses
    And the phone's copy of the contact "Max Mustermann" does not mention "privat@mustermann.example"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-5 @needs-onoffice-rules
  Scenario Outline: Company info, P.O. box, Fax2, letter salutation and last contact stay in onOffice
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And the address has the company info "Makler seit 1998"
    And the address has the P.O. box "Postfach 1234" with the ZIP "50001"
    And the address has the Fax2 "+49 221 9999999"
    And the address has the letter salutation "Sehr geehrter Herr Mustermann"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's copy of the contact "Max Mustermann" does not mention "Makler seit 1998"
    And the phone's copy of the contact "Max Mustermann" does not mention "Postfach 1234"
    And the phone's copy of the contact "Max Mustermann" does not mention "50001"
    And the phone's copy of the contact "Max Mustermann" does not mention "+49 221 9999999"
    And the phone's copy of the contact "Max Mustermann" does not mention "Sehr geehrter Herr Mustermann"

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-CON-9 @needs-onoffice-rules
  Scenario Outline: With no assignment at all, the default number, the first mobile and the default e-mail are sent
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's phone number "+49 221 1111111" is his default phone number, with no assignment
    And Max Mustermann's phone number "+49 221 2222222" has no assignment
    And Max Mustermann's mobile number "+49 151 33333333" has no assignment
    And Max Mustermann's mobile number "+49 151 44444444" has no assignment
    And Max Mustermann's fax number "+49 221 5555555" is his default fax number, with no assignment
    And Max Mustermann's e-mail address "max@mustermann.example" is his default e-mail address, with no assignment
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's contact "Max Mustermann" has "+49 221 1111111" as "Phone (Private)"
    And the phone's contact "Max Mustermann" has "+49 151 33333333" as "Mobile"
    And the phone's contact "Max Mustermann" has "+49 221 5555555" as "Fax (Private)"
    And the phone's contact "Max Mustermann" has "max@mustermann.example" as "EMail1"
    And the phone's copy of the contact "Max Mustermann" does not mention "+49 221 2222222"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-16 @needs-onoffice-rules
  Scenario Outline: The slot, not the number's type, decides where it shows
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's phone number "+49 221 1234567" is assigned to "Mobile"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's contact "Max Mustermann" has "+49 221 1234567" as "Mobile"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  # -- onOffice's own rules ----------------------------------------------------

  @B-CON-6 @needs-onoffice-rules
  Scenario: Assigning a slot that is in use frees it from the other number
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's mobile number "+49 151 22334455" is assigned to "Mobile"
    And Max Mustermann's phone number "+49 221 1234567" is assigned to "Phone (Business)"
    When onOffice assigns Max Mustermann's phone number "+49 221 1234567" to "Mobile"
    Then onOffice has Max Mustermann's number "+49 221 1234567" assigned to "Mobile"
    And onOffice still has Max Mustermann's number "+49 151 22334455", with no assignment

  @B-CON-7 @needs-onoffice-rules
  Scenario Outline: A contact typed in by hand gets its first slots from the form
    When onOffice creates the address "Max Mustermann" by hand with <field> "<value>"
    Then onOffice has Max Mustermann's number "<value>" <assigned>

    Examples:
      | field  | value              | assigned                            |
      | Phone1 | +49 221 1111111    | assigned to "Phone (Private)"       |
      | Phone2 | +49 221 2222222    | assigned to "Phone 2 (Private)"     |
      | Mobile | +49 151 33333333   | assigned to "Mobile"                |
      | Fax    | +49 221 4444444    | assigned to "Fax (Private)"         |
      | EMail1 | max@mustermann.example   | assigned to "EMail1"          |
      | EMail2 | info@mustermann.example  | assigned to "EMail2"          |

  @B-CON-7 @needs-onoffice-rules
  Scenario: Fax2 of a contact typed in by hand is not a synchronised number
    When onOffice creates the address "Max Mustermann" by hand with Fax2 "+49 221 9999999"
    Then onOffice has no number "+49 221 9999999" of Max Mustermann to synchronise

  @B-CON-8 @needs-onoffice-rules
  Scenario Outline: A contact made by "Assign / Create" gets the simpler first slots
    When onOffice creates the address "Max Mustermann" by "Assign / Create" with <field> "<value>"
    Then onOffice has Max Mustermann's number "<value>" <assigned>

    Examples:
      | field  | value                  | assigned                       |
      | Phone1 | +49 221 1111111        | assigned to "Phone (Private)"  |
      | Fax    | +49 221 4444444        | assigned to "Fax (Private)"    |
      | Mobile | +49 151 33333333       | assigned to "Mobile"           |
      | EMail1 | max@mustermann.example | assigned to "EMail1"           |

  # -- the phone to onOffice ---------------------------------------------------

  @B-CON-10 @needs-onoffice-rules
  Scenario Outline: A contact made on the phone is stored in onOffice
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she creates the contact "Lena Vogel" of "Vogel Hausverwaltung" with the mobile number "+49 160 1234567" and the e-mail address "lena@vogel.example" on the phone
    And she syncs
    Then onOffice has the address "Lena Vogel" ticked for onOffice Sync
    And onOffice's address "Lena Vogel" has the company "Vogel Hausverwaltung"
    And onOffice has Lena Vogel's number "+49 160 1234567" assigned to "Mobile"
    And onOffice has Lena Vogel's number "lena@vogel.example" assigned to "EMail1"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-11 @needs-onoffice-rules
  Scenario Outline: A number changed on the phone is a new number; the old one stays, unassigned
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's mobile number "+49 151 22334455" is assigned to "Mobile"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she changes the "Mobile" number of "Max Mustermann" to "+49 151 99887766" on the phone
    And she syncs
    Then onOffice has Max Mustermann's number "+49 151 99887766" assigned to "Mobile"
    And onOffice still has Max Mustermann's number "+49 151 22334455", with no assignment

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-12 @needs-onoffice-rules
  Scenario Outline: A number deleted on the phone stays in onOffice, unassigned
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's phone number "+49 221 1234567" is his default phone number, assigned to "Phone (Private)"
    And Max Mustermann's mobile number "+49 151 22334455" is assigned to "Mobile"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she deletes the "Mobile" number of "Max Mustermann" on the phone
    And she syncs
    Then onOffice still has Max Mustermann's number "+49 151 22334455", with no assignment

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-13 @needs-onoffice-rules
  Scenario Outline: When all phone numbers were deleted on the phone, the default number comes back
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's phone number "+49 221 1234567" is his default phone number, assigned to "Phone (Business)"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she deletes the "Phone (Business)" number of "Max Mustermann" on the phone
    And she syncs
    And she syncs
    Then the phone's contact "Max Mustermann" has "+49 221 1234567" as "Phone (Private)"

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-CON-14 @needs-onoffice-rules
  Scenario Outline: A contact deleted on the phone loses its onOffice Sync tick, not its record
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she deletes the contact "Max Mustermann" on the phone
    And she syncs
    Then onOffice still has the address "Max Mustermann", no longer ticked for onOffice Sync
    And her contacts app does not show "Max Mustermann"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-CON-15 @needs-onoffice-rules @needs-search-records
  Scenario Outline: What onOffice does not take from the phone is not stored
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she gives the contact "Max Mustermann" the department "Vertrieb" and the nickname "Maxi" on the phone
    And she syncs
    Then onOffice's address "Max Mustermann" does not mention "Vertrieb"
    And onOffice's address "Max Mustermann" does not mention "Maxi"

    @ios
    Examples:
      | device    |
      | an iPhone |

  # -- several phones ----------------------------------------------------------------

  @B-CON-10 @ios @android @needs-onoffice-rules
  Scenario: A contact made on her iPhone reaches her Android phone
    Given 5 addresses in onOffice are ticked for onOffice Sync
    And Jane has an iPhone
    And Jane has an Android phone
    And she has set up her onOffice account on her iPhone and synchronised
    And she has set up her onOffice account on her Android phone and synchronised
    When she creates the contact "Lena Berg" of "Berg Bau" with the mobile number "+49 170 1234567" and the e-mail address "lena.berg@bergbau.example" on her iPhone
    And her iPhone has sent her change
    And she syncs her Android phone
    Then her Android phone has synchronised
    And her Android phone's contacts app shows "Lena Berg"
    And her Android phone's contact "Lena Berg" has "+49 170 1234567" as "Mobile"

  @B-CON-9 @needs-onoffice-rules
  Scenario Outline: The default number is sent even when it was not the first one entered
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Max Mustermann's phone number "+49 221 1111111" has no assignment
    And Max Mustermann's phone number "+49 221 2222222" is his default phone number, with no assignment
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's contact "Max Mustermann" has "+49 221 2222222" as "Phone (Private)"
    And the phone's copy of the contact "Max Mustermann" does not mention "+49 221 1111111"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |
