@tasks
Feature: Tasks between onOffice and the phone
  Tasks need the user's "Tasks" setting. The phone gets the open tasks the
  user is responsible for, with what the Exchange protocol can carry (guide
  12.1); what the user changes on the phone comes back to onOffice.
  onOffice's six priorities: 1 highest, 2 high, 3 normal, 4 low, 5 lowest, 6 none.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And Tom Becker of "DoeRealEstate" uses Z-Push with the password "tom"

  # -- onOffice to the phone ---------------------------------------------------

  @B-TASK-1 @needs-onoffice-rules
  Scenario Outline: Only the tasks she is responsible for reach her phone
    Given Jane is responsible for the task "Exposé Lindenstraße 4 erstellen"
    And Tom is responsible for the task "Schlüssel abholen"
    And Tom is responsible for the task "Mieter anrufen" with Jane as its agent
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her task app shows "Exposé Lindenstraße 4 erstellen"
    And her task app does not show "Schlüssel abholen"
    And her task app does not show "Mieter anrufen"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-TASK-2 @needs-onoffice-rules
  Scenario Outline: Subject, description, reminder and type reach the phone
    Given Jane is responsible for the task "Exposé Lindenstraße 4 erstellen"
    And the task has the description "Fotos vom Garten einfügen"
    And the task has the type "To-do"
    And the task has a reminder on 2026-03-05 at 08:00
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the task "Exposé Lindenstraße 4 erstellen" on the phone has the description "Fotos vom Garten einfügen"
    And the task "Exposé Lindenstraße 4 erstellen" on the phone has the category "To-do"
    And the task "Exposé Lindenstraße 4 erstellen" on the phone has a reminder on 2026-03-05 at 08:00

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-TASK-3 @needs-onoffice-rules
  Scenario Outline: onOffice's six priorities become three importances
    Given Jane is responsible for the task "Mieter anrufen"
    And the task has the priority <priority>
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the task "Mieter anrufen" on the phone has the importance "<importance>"

    @ios
    Examples:
      | device    | priority | importance |
      | an iPhone | 1        | high       |
      | an iPhone | 2        | high       |
      | an iPhone | 3        | normal     |
      | an iPhone | 4        | low        |
      | an iPhone | 5        | low        |
      | an iPhone | 6        | normal     |

    @android
    Examples:
      | device           | priority | importance |
      | an Android phone | 1        | high       |
      | an Android phone | 5        | low        |
      | an Android phone | 6        | normal     |

  @B-TASK-4
  Scenario Outline: Postponed becomes the start date, the deadline the due date
    Given Jane is responsible for the task "Mieter anrufen"
    And the task is postponed to 2026-03-04 at 09:00
    And the task has the deadline 2026-03-10 at 17:00
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the task "Mieter anrufen" on the phone starts on 2026-03-04
    And the task "Mieter anrufen" on the phone is due on 2026-03-10

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-TASK-5 @needs-onoffice-rules
  Scenario Outline: A private task is private on the phone, any other personal
    Given Jane is responsible for the task "Mieter anrufen"
    And the task <is private>
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the task "Mieter anrufen" on the phone has the sensitivity "<sensitivity>"

    @ios
    Examples:
      | device    | is private     | sensitivity |
      | an iPhone | is private     | private     |
      | an iPhone | is not private | personal    |

    @android
    Examples:
      | device           | is private | sensitivity |
      | an Android phone | is private | private     |

  @B-TASK-6 @needs-onoffice-rules
  Scenario Outline: Completed and cancelled tasks do not reach the phone, and leave it when they become so
    Given Jane is responsible for the task "Mieter anrufen"
    And Jane is responsible for the task "Exposé drucken" with the status "completed"
    And Jane is responsible for the task "Termin absagen" with the status "cancelled"
    And Jane is responsible for the task "Schlüssel abholen" with the status "in progress"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then her task app shows "Mieter anrufen"
    And her task app shows "Schlüssel abholen"
    And her task app does not show "Exposé drucken"
    And her task app does not show "Termin absagen"
    When the task "Mieter anrufen" gets the status "<status>" in onOffice
    And she syncs
    Then her task app does not show "Mieter anrufen"

    @ios
    Examples:
      | device    | status    |
      | an iPhone | completed |
      | an iPhone | cancelled |

    @android
    Examples:
      | device           | status    |
      | an Android phone | completed |

  @B-TASK-7 @needs-onoffice-rules
  Scenario Outline: What the protocol cannot carry stays in onOffice
    Given Jane is responsible for the task "Mieter anrufen" with Tom as its agent
    And the task has the comment "Mieter ist nur vormittags erreichbar"
    And the task is connected to "Objekt Lindenstraße 4"
    And the task is linked to the project "Neubau Hafenviertel"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone's copy of the task "Mieter anrufen" does not mention "Mieter ist nur vormittags erreichbar"
    And the phone's copy of the task "Mieter anrufen" does not mention "Objekt Lindenstraße 4"
    And the phone's copy of the task "Mieter anrufen" does not mention "Neubau Hafenviertel"
    And the phone's copy of the task "Mieter anrufen" does not mention "Tom Becker"

    @ios
    Examples:
      | device    |
      | an iPhone |

  # -- the phone to onOffice ---------------------------------------------------

  @B-TASK-8 @needs-onoffice-rules
  Scenario Outline: A task made on the phone is hers; a changed one keeps its responsible and agent
    Given Tom is responsible for the task "Mieter anrufen" with Jane as its agent
    And Jane is responsible for the task "Exposé drucken" with Tom as its agent
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she creates the task "Wohnungsübergabe vorbereiten" in her task app
    And she renames the task "Exposé drucken" to "Exposé drucken lassen" in her task app
    And she syncs
    Then onOffice has the task "Wohnungsübergabe vorbereiten" with Jane responsible
    And onOffice has the task "Exposé drucken lassen" with Jane responsible and Tom as agent

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-TASK-9 @needs-onoffice-rules
  Scenario Outline: The first category that names an onOffice type becomes the type
    Given Jane is responsible for the task "Mieter anrufen"
    And the task has the type "To-do"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she gives the task "Mieter anrufen" the categories "<categories>" in her task app
    And she syncs
    Then onOffice has the task "Mieter anrufen" with the type "<type>"

    @ios
    Examples:
      | device    | categories                    | type       |
      | an iPhone | Dringend, Phone call, E-Mail  | Phone call |
      | an iPhone | Dringend, Privat              | To-do      |

  @B-TASK-10 @needs-onoffice-rules
  Scenario Outline: The importance set on the phone becomes high, normal or low priority
    Given Jane is responsible for the task "Mieter anrufen"
    And the task has the priority 1
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she sets the importance of the task "Mieter anrufen" to "<importance>" in her task app
    And she syncs
    Then onOffice has the task "Mieter anrufen" with the priority <priority>

    @ios
    Examples:
      | device    | importance | priority |
      | an iPhone | high       | 2        |
      | an iPhone | normal     | 3        |
      | an iPhone | low        | 4        |

    @android
    Examples:
      | device           | importance | priority |
      | an Android phone | low        | 4        |

  @B-TASK-11
  Scenario Outline: Start date, due date, private and reminder from the phone are stored
    Given Jane is responsible for the task "Mieter anrufen"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When she sets the task "Mieter anrufen" to start on 2026-03-04, be due on 2026-03-09, be private and remind her on 2026-03-03 at 08:00 in her task app
    And she syncs
    Then onOffice has the task "Mieter anrufen" postponed to 2026-03-04
    And onOffice has the task "Mieter anrufen" with the deadline 2026-03-09
    And onOffice has the task "Mieter anrufen" marked private
    And onOffice has the task "Mieter anrufen" with a reminder on 2026-03-03 at 08:00

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-TASK-12 @needs-move-clock
  Scenario Outline: A task completed on the phone is completed in onOffice and disappears after the next sync
    Given Jane is responsible for the task "Mieter anrufen"
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When 2 hours pass
    And she marks the task "Mieter anrufen" as completed in her task app
    And the phone has sent her change
    Then onOffice has the task "Mieter anrufen" completed on 2026-03-02 at 11:00 with progress 100 %
    And her task app shows "Mieter anrufen"
    When she syncs
    Then her task app does not show "Mieter anrufen"

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  # -- several people --------------------------------------------------------------

  @B-TASK-1 @ios @android @needs-onoffice-rules
  Scenario: Two users of one customer each see only their own tasks
    Given Jane is responsible for the task "Exposé Lindenstraße 4 erstellen"
    And Tom is responsible for the task "Schlüssel abholen"
    And Jane has an iPhone
    And Tom has an Android phone
    And Jane has set up her onOffice account on her iPhone and synchronised
    And Tom has set up his onOffice account on his phone and synchronised
    Then her iPhone's task app shows "Exposé Lindenstraße 4 erstellen"
    And her iPhone's task app does not show "Schlüssel abholen"
    And Tom's phone's task app shows "Schlüssel abholen"
    And on Tom's phone, his task app does not show "Exposé Lindenstraße 4 erstellen"
