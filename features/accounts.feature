@accounts
Feature: Setting up the onOffice account on the phone
  An onOffice user adds her onOffice account to her phone or mail program as
  an Exchange account (guide sections 3 to 5). Z-Push must be ticked in her
  user settings first; the iPhone finds the server by itself when the address
  ends in @activesync.onoffice.de, other devices are set up by hand with the
  server activesync.onoffice.de and the login UserName_CustomerName.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And 40 addresses in onOffice are ticked for onOffice Sync

  @B-AUTO-1 @needs-autodiscover
  Scenario Outline: The activesync.onoffice.de address sets up the whole account in one step
    Given Jane has <device>
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@activesync.onoffice.de" and her password
    Then the account is verified by autodiscover, without asking for a server
    And the account uses the server "activesync.onoffice.de"
    When she waits until the phone has synchronised
    Then her contacts app shows all 40 onOffice contacts under the account

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-AUTO-2
  Scenario Outline: An address at another domain cannot be set up automatically
    Given Jane has <device>
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@onoffice.de" and her password
    Then the phone asks her to enter the server settings by hand
    And the phone has no account

    @ios
    Examples:
      | device    |
      | an iPhone |

  @B-AUTO-3 @needs-autodiscover
  Scenario Outline: Android's autodiscover attempt fails, and the settings by hand work
    Given Jane has <device>
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@activesync.onoffice.de" and her password
    Then the phone offers to try again or to enter the settings by hand
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone shows the account as verified
    When she waits until the phone has synchronised
    Then her contacts app shows all 40 onOffice contacts under the account

    @android
    Examples:
      | device          |
      | an Android phone |

    @android11
    Examples:
      | device              |
      | an Android 11 phone |

  @B-AUTO-3 @server-android-autodiscover @needs-autodiscover @needs-server-settings
  Scenario Outline: With Android autodiscover switched on in the server, the address alone is enough
    Given onOffice offers autodiscover to Android phones
    And Jane has <device>
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@activesync.onoffice.de" and her password
    Then the account is verified by autodiscover, without asking for a server

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-MAN-1
  Scenario Outline: Setting the account up by hand; "Next" still tries autodiscover first
    Given Jane has <device>
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone first looked for the settings of "onoffice.de" by autodiscover
    And the phone shows the account as verified
    And the account uses the server "activesync.onoffice.de"
    When she waits until the phone has synchronised
    Then her contacts app shows all 40 onOffice contacts under the account

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

    @android11
    Examples:
      | device              |
      | an Android 11 phone |

  @B-MAN-2 @needs-onoffice-rules
  Scenario Outline: User and customer name must be typed with the right upper and lower case
    Given Jane has <device>
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "<login>" and her password
    Then the phone says that the password is incorrect
    And the phone has no account

    @ios
    Examples:
      | device    | login                  |
      | an iPhone | Jane.Doe_doerealestate |
      | an iPhone | jane.doe_doerealestate |
      | an iPhone | JANE.DOE_DoeRealEstate |

    @android
    Examples:
      | device           | login                  |
      | an Android phone | Jane.Doe_DoeRealEstate |
      | an Android phone | jane.doe_DoeRealestate |

  @B-MAN-3 @needs-onoffice-rules
  Scenario Outline: The login may be the user and customer name or the whole address
    Given Jane has <device>
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "<login>" and her password
    Then the phone shows the account as verified
    When she waits until the phone has synchronised
    Then her contacts app shows all 40 onOffice contacts under the account

    @ios
    Examples:
      | device    | login                                          |
      | an iPhone | jane.doe_DoeRealEstate                         |
      | an iPhone | jane.doe_DoeRealEstate@activesync.onoffice.de  |

    @android
    Examples:
      | device           | login                                  |
      | an Android phone | jane.doe_DoeRealEstate                 |
      | an Android phone | jane.doe_DoeRealEstate@onoffice.de     |

  @B-SET-1 @needs-onoffice-rules
  Scenario Outline: Without the Z-Push tick in her user settings the phone cannot log in
    Given Jane's user setting "Z-Push" is not ticked
    And Jane has <device>
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone says that the password is incorrect
    When onOffice ticks Jane's user setting "Z-Push"
    And she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone shows the account as verified

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-SET-1 @needs-onoffice-rules
  Scenario Outline: Unticking Z-Push stops a phone that was syncing
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When onOffice unticks Jane's user setting "Z-Push"
    And she syncs
    Then the phone could not synchronise because the login was refused

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-SET-2 @needs-onoffice-rules
  Scenario: Z-Push cannot be ticked where onOffice Sync is not active
    Given onOffice Sync is not active for "DoeRealEstate"
    When the administrator ticks Jane's user setting "Z-Push"
    Then onOffice refuses with a message containing "onOffice Sync is not active"
    And Jane's user setting "Z-Push" is not ticked

  @B-SET-3 @needs-onoffice-rules
  Scenario Outline: Contacts and tasks need their own tick; appointments need only Z-Push
    Given Jane's user setting "<setting>" is not ticked
    And Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the account on the phone has no <class> folder
    And the account on the phone has a calendar folder

    @ios
    Examples:
      | device    | setting  | class    |
      | an iPhone | Contacts | contacts |
      | an iPhone | Tasks    | tasks    |

    @android
    Examples:
      | device           | setting  | class    |
      | an Android phone | Contacts | contacts |

  @B-COL-1
  Scenario Outline: The account settings switch on the classes the phone syncs
    Given Jane has <device>
    When she adds the account in the usual way for the phone
    Then the account settings have exactly <switched on> switched on
    When she switches off "<switch>" in the account settings
    And she syncs
    Then her contacts app shows no contacts of the account
    And onOffice still has 40 addresses ticked for onOffice Sync

    @ios
    Examples:
      | device    | switched on                              | switch   |
      | an iPhone | "Contacts, Calendars, Reminders, Notes"  | Contacts |

    @android
    Examples:
      | device           | switched on                         | switch        |
      | an Android phone | "Sync calendar, Sync contacts"      | Sync contacts |

  @B-COL-2
  Scenario Outline: Outlook for macOS has no ActiveSync, so nothing syncs
    Given Jane has <device>
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@activesync.onoffice.de" and her password
    Then the phone has no account
    And onOffice saw no request from the device

    @outlook-mac
    Examples:
      | device            |
      | Outlook for macOS |

  @B-COL-2
  Scenario Outline: Outlook for Windows is set up by hand
    Given Jane has <device>
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone shows the account as verified
    When she waits until the phone has synchronised
    Then her contacts app shows all 40 onOffice contacts under the account

    @outlook-windows
    Examples:
      | device              |
      | Outlook for Windows |

    @thunderbird
    Examples:
      | device      |
      | Thunderbird |

  @B-COL-3
  Scenario Outline: The first synchronisation of a large account comes in several rounds
    Given 260 more addresses in onOffice are ticked for onOffice Sync
    And Jane has <device>
    And she has set up her onOffice account on it, not yet synchronised
    When the phone has synchronised one round
    Then her contacts app shows some but not all of the 300 onOffice contacts
    When she waits until the phone has synchronised
    Then her contacts app shows all 300 onOffice contacts under the account
    And the first synchronisation of contacts took more than one round

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-COL-4
  Scenario Outline: A pushing phone gets onOffice changes within minutes, an interval client at its next interval
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When onOffice gets the address "Erika Mustermann" ticked for onOffice Sync
    And <soon> minutes pass
    Then her contacts app <shows soon> "Erika Mustermann"
    When <later> minutes pass
    Then her contacts app shows "Erika Mustermann"

    @ios
    Examples:
      | device    | soon | shows soon | later |
      | an iPhone | 1    | shows      | 1     |

    @thunderbird
    Examples:
      | device      | soon | shows soon      | later |
      | Thunderbird | 1    | does not show   | 30    |

  @B-COL-2 @needs-server-log
  Scenario Outline: Outlook for macOS cannot be set up by hand either
    Given Jane has <device>
    When she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and her password
    Then the phone has no account
    And onOffice saw no request from the device

    @outlook-mac
    Examples:
      | device            |
      | Outlook for macOS |

  @B-COL-3
  Scenario Outline: One more new contact than the phone takes in one round comes in exactly two rounds
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When onOffice gets 1 more new address ticked for onOffice Sync than the phone takes in one round
    And she syncs
    Then the last synchronisation of contacts took 2 rounds
    And her contacts app shows all <total> onOffice contacts under the account

    @ios
    Examples:
      | device    | total |
      | an iPhone | 66    |

    @android
    Examples:
      | device           | total |
      | an Android phone | 51    |

  # -- developers: the exchange itself ---------------------------------------------------

  @B-COL-3 @wire @needs-server-log
  Scenario Outline: Developers: the phone provisions in two steps, starts the folders from key 0 and asks for its window size
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    Then the phone sent 2 Provision requests
    And the server received 2 Provision requests from the phone
    And the last FolderSync request the phone sent has the SyncKey "0"
    And the last FolderSync request the server received from the phone has the SyncKey "0"
    And the last Sync request the phone sent has the WindowSize "<window>"
    And the last Sync request the server received from the phone has the WindowSize "<window>"

    @ios
    Examples:
      | device    | window |
      | an iPhone | 25     |

    @android
    Examples:
      | device           | window |
      | an Android phone | 10     |

  @B-COL-3 @wire @needs-server-log @needs-simulated-network
  Scenario Outline: Developers: an answer lost on the way is asked for again with the previous key, and nothing is lost or doubled
    Given Jane has <device>
    And she has set up her onOffice account on it, not yet synchronised
    When the answer to the phone's second Sync request is lost on the way
    And she waits until the phone has synchronised
    Then the server received the same Sync request twice in a row from the phone
    And her contacts app shows all 40 onOffice contacts under the account

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |

  @B-COL-3 @wire
  Scenario Outline: Developers: a sync key the server never gave is answered with Status 3, and the phone starts the folder again
    Given Jane has <device>
    And she has set up her onOffice account on it and synchronised
    When the phone's sync key of its contacts becomes "9999"
    And she syncs
    Then a Sync response had Status 3
    And the phone has synchronised
    And her contacts app shows all 40 onOffice contacts under the account

    @ios
    Examples:
      | device    |
      | an iPhone |

    @android
    Examples:
      | device           |
      | an Android phone |
