@appointments
Feature: Appointments between onOffice and the phone
  Appointments need only the Z-Push setting. The phone's calendar gets them
  with what the Exchange protocol can carry (guide 12.2); appointments made
  or changed in the phone's calendar come back to onOffice, in onOffice's
  terms: its reminder steps, its repetition intervals, its types.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"

  # -- onOffice to the phone ---------------------------------------------------

  @B-APPT-1 @needs-onoffice-rules
  Scenario Outline: The appointment's details reach the phone's calendar
    Given Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And the appointment has the place "Lindenstraße 4, 50674 Köln"
    And the appointment has the notes "Schlüssel beim Hausmeister"
    And the appointment has the type "Besichtigung"
    And the appointment has a reminder 30 minutes before
    And the appointment is private
    And Jane has the all-day appointment "Tag der offenen Tür" on 2026-03-07
    And Jane has the appointment "Teambesprechung" on 2026-03-03 from 08:30 to 09:00
    And the appointment repeats every 1 week
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's calendar shows "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And the phone's appointment "Besichtigung Lindenstraße 4" has the place "Lindenstraße 4, 50674 Köln"
    And the phone's appointment "Besichtigung Lindenstraße 4" has the notes "Schlüssel beim Hausmeister"
    And the phone's appointment "Besichtigung Lindenstraße 4" has the category "Besichtigung"
    And the phone's appointment "Besichtigung Lindenstraße 4" has a reminder 30 minutes before
    And the phone's appointment "Besichtigung Lindenstraße 4" is private
    And the phone's appointment "Tag der offenen Tür" is all-day on 2026-03-07
    And the phone's appointment "Teambesprechung" repeats every 1 week

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-APPT-2 @needs-onoffice-rules
  Scenario Outline: Cancelled appointments do not reach the phone, and leave it when cancelled
    Given Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And Jane has the appointment "Notartermin Weber" on 2026-03-05 from 14:00 to 15:00
    And the appointment is cancelled
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's calendar has "Besichtigung Lindenstraße 4"
    And the phone's calendar does not have "Notartermin Weber"
    When the appointment "Besichtigung Lindenstraße 4" is cancelled in onOffice
    And she syncs
    Then the phone's calendar does not have "Besichtigung Lindenstraße 4"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-APPT-3 @needs-onoffice-rules
  Scenario Outline: Linked contacts, users and resources become attendees
    Given the address "Max Mustermann" with the e-mail "max.mustermann@example.org" is ticked for onOffice Sync
    And Tom Becker of "DoeRealEstate" uses Z-Push with the password "tom"
    And the customer has the resource "Dienstwagen" with the e-mail "dienstwagen@doe-realestate.example"
    And Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And the appointment is linked to the contact "Max Mustermann"
    And the appointment is linked to the user "Tom Becker"
    And the appointment is linked to the resource "Dienstwagen"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's appointment "Besichtigung Lindenstraße 4" has the attendee "max.mustermann@example.org"
    And the phone's appointment "Besichtigung Lindenstraße 4" has the attendee "Tom Becker"
    And the phone's appointment "Besichtigung Lindenstraße 4" has the resource "dienstwagen@doe-realestate.example"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-APPT-4 @needs-onoffice-rules
  Scenario Outline: Linked properties are added to the notes
    Given the customer has the property "W-1024" "Altbauwohnung mit Balkon" in "Lindenstraße 4, Köln"
    And Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And the appointment has the notes "Schlüssel beim Hausmeister"
    And the appointment is linked to the property "W-1024"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's appointment "Besichtigung Lindenstraße 4" has notes mentioning "Schlüssel beim Hausmeister"
    And the phone's appointment "Besichtigung Lindenstraße 4" has notes mentioning "W-1024"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-APPT-5 @needs-onoffice-rules
  Scenario Outline: Travel time, projects, follow-ups and files stay in onOffice
    Given Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And the appointment has 45 minutes of travel time
    And the appointment is linked to the project "Neubau Hafenviertel"
    And the appointment has the file "Grundriss_EG.pdf"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's calendar shows "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And the phone's copy of the appointment "Besichtigung Lindenstraße 4" does not mention "Neubau Hafenviertel"
    And the phone's copy of the appointment "Besichtigung Lindenstraße 4" does not mention "Grundriss_EG.pdf"

    @ios
    Examples:
      | device    |
      | an iPhone |

  # -- the phone to onOffice ---------------------------------------------------

  @B-APPT-6 @needs-onoffice-rules
  Scenario Outline: An appointment made on the phone is stored in onOffice
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Besichtigung Hafenstraße 9" on 2026-03-06 from 15:00 to 16:00 at "Hafenstraße 9, Hamburg" with the notes "Interessent bringt Partnerin mit" and the categories "Wichtig, Besichtigung" on the phone
    And she syncs
    Then onOffice has the appointment "Besichtigung Hafenstraße 9" in Jane's calendar
    And onOffice's appointment "Besichtigung Hafenstraße 9" is on 2026-03-06 from 15:00 to 16:00
    And onOffice's appointment "Besichtigung Hafenstraße 9" has the place "Hafenstraße 9, Hamburg"
    And onOffice's appointment "Besichtigung Hafenstraße 9" has the notes "Interessent bringt Partnerin mit"
    And onOffice's appointment "Besichtigung Hafenstraße 9" has the type "Besichtigung"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-APPT-6 @wire
  Scenario Outline: Developers: at ActiveSync 16.1 appointments make the round trip in the 16.1 shape
    Given the server offers ActiveSync 16.1
    And Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And the appointment has the place "Lindenstraße 4, Hamburg"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone speaks ActiveSync 16.1
    And a Sync response to the phone had "AirSyncBase:Location"
    And the phone's appointment "Besichtigung Lindenstraße 4" has the place "Lindenstraße 4, Hamburg"
    When she creates the appointment "Besichtigung Hafenstraße 9" on 2026-03-06 from 15:00 to 16:00 at "Hafenstraße 9, Hamburg" with the notes "Interessent bringt Partnerin mit" and the categories "Wichtig, Besichtigung" on the phone
    And she syncs
    Then the phone's last Add has "Calendar:ClientUid"
    And the phone's last Add has "AirSyncBase:Location"
    And the phone's last Add has no "Calendar:UID"
    And the last Sync response has Status 1
    And onOffice's appointment "Besichtigung Hafenstraße 9" has the place "Hafenstraße 9, Hamburg"
    And onOffice's appointment "Besichtigung Hafenstraße 9" is on 2026-03-06 from 15:00 to 16:00

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-APPT-7 @needs-onoffice-rules
  Scenario Outline: An appointment deleted on the phone is marked deleted in onOffice
    Given Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-04 from 10:00 to 11:00
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she deletes the appointment "Besichtigung Lindenstraße 4" on the phone
    And she syncs
    Then onOffice's appointment "Besichtigung Lindenstraße 4" is marked deleted

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-APPT-8 @needs-onoffice-rules
  Scenario Outline: Attendees from the phone are not entered in onOffice
    Given the address "Max Mustermann" with the e-mail "max.mustermann@example.org" is ticked for onOffice Sync
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Besichtigung Hafenstraße 9" on 2026-03-06 from 15:00 to 16:00 with the attendee "max.mustermann@example.org" on the phone
    And she syncs
    Then onOffice has the appointment "Besichtigung Hafenstraße 9" in Jane's calendar
    And onOffice's appointment "Besichtigung Hafenstraße 9" has no linked contacts, users or properties

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-APPT-9 @needs-onoffice-rules
  Scenario Outline: A reminder from the phone is rounded up to onOffice's next step
    Given Jane has the appointment "Besichtigung Lindenstraße 4" on 2026-03-20 from 10:00 to 11:00
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she sets a reminder <reminder> before the appointment "Besichtigung Lindenstraße 4" on the phone
    And she syncs
    Then onOffice's appointment "Besichtigung Lindenstraße 4" has a reminder <stored> before
    When she syncs
    Then the phone's appointment "Besichtigung Lindenstraße 4" has a reminder <stored> before

    @ios
    Examples:
      | device    | reminder   | stored     |
      | an iPhone | 53 minutes | 1 hour     |
      | an iPhone | 11 days    | 2 weeks    |
      | an iPhone | 3 weeks    | 2 weeks    |
      | an iPhone | 15 minutes | 15 minutes |

    @android
    Examples:
      | device           | reminder   | stored |
      | an Android phone | 53 minutes | 1 hour |

  @B-APPT-10 @needs-onoffice-rules
  Scenario Outline: A repetition onOffice cannot store is reduced, and the phone gets the reduced series
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Jour fixe" on 2026-03-02 from 10:00 to 10:30 repeating <pattern> on the phone
    And she syncs
    Then onOffice's appointment "Jour fixe" repeats <stored>
    When she syncs
    Then the phone's appointment "Jour fixe" repeats <stored>

    @ios
    Examples:
      | device    | pattern                          | stored          |
      | an iPhone | every 2 weeks                    | every 2 weeks   |
      | an iPhone | every week on Monday and Wednesday | every 1 week  |
      | an iPhone | monthly on the 2nd Tuesday        | every 1 month  |

  @B-APPT-7 @needs-onoffice-rules
  Scenario Outline: An appointment cancelled (not deleted) on the phone is marked deleted in onOffice
    Given Jane has the appointment "Besichtigung Gartenweg 3" on 2026-03-05 from 14:00 to 15:00
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she cancels the appointment "Besichtigung Gartenweg 3" on the phone
    And the phone has sent her change
    Then onOffice's appointment "Besichtigung Gartenweg 3" is marked deleted

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |
