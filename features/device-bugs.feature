@bug @needs-zpush-answers
Feature: Known device bugs, reproduced against the reference server
  Phones and desktop clients have bugs that hit contacts, calendar and tasks
  (../shared/reference/device-bugs.md, each with its public source). Each
  scenario switches one bug on as a named quirk of the device ("zpush-sim
  quirks" lists them) and shows what the user or onOffice then sees. Where
  Z-Push has a mitigation (loop detection, ClientId de-duplication, reading
  ISO-8859-1 credentials, taking a changed sync window at once in Sync and
  Ping), the reference server has it and the scenario shows it working.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"

  # -- calendar ---------------------------------------------------------------

  @empty_elements_in_calendar_add @ios
  Scenario: An iPhone's appointment with empty reminder, attendees and recurrence elements does not reach onOffice
    Given the server offers ActiveSync 14.1
    And Jane has an iPhone
    And her iPhone has the quirk "empty_elements_in_calendar_add"
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Besichtigung" on 2026-03-04 from 10:00 to 11:00 at "Lindenstraße 4" with the notes "Schlüssel beim Nachbarn" and the categories "Besichtigung" on the phone
    And she syncs
    Then the phone sent a Sync request with an empty Recurrence element
    And onOffice has 0 appointments "Besichtigung" in Jane's calendar

  @empty_attachment_on_new_event @ios
  Scenario: An iPhone's new appointment with an empty attachment is stored once, without a file
    Given Jane has an iPhone
    And her iPhone has the quirk "empty_attachment_on_new_event"
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Übergabe" on 2026-03-06 from 14:00 to 15:00 at "Lindenstraße 4" with the notes "Zähler ablesen" and the categories "Übergabe" on the phone
    And the phone has sent her change
    Then the phone sent a Sync request with an empty DisplayName element
    And onOffice has 1 appointment "Übergabe" in Jane's calendar
    And onOffice's appointment "Übergabe" has no files

  @meeting_without_organizer @android
  Scenario: A meeting without an organizer from the phone is stored as Jane's own appointment
    Given Jane has an Android phone
    And the phone has the quirk "meeting_without_organizer"
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Eigentümerversammlung" on 2026-03-09 from 18:00 to 20:00 with the attendee "max@mustermann-immobilien.example" on the phone
    And the phone has sent her change
    Then the phone's new item went up as a meeting without OrganizerEmail
    And onOffice has the appointment "Eigentümerversammlung" in Jane's calendar
    And onOffice's appointment "Eigentümerversammlung" has no linked contacts, users or properties

  @adds_default_reminder @outlook-windows
  Scenario: Outlook puts a 15 minute reminder on an appointment that has none
    Given Jane uses Outlook for Windows
    And her Outlook for Windows has the quirk "adds_default_reminder"
    And she has set up her onOffice account on it and synchronised
    When she creates the appointment "Besichtigung" on 2026-03-04 from 10:00 to 11:00 at "Lindenstraße 4" with the notes "Schlüssel" and the categories "Besichtigung" on her Outlook for Windows
    And her Outlook for Windows has sent her change
    Then onOffice's appointment "Besichtigung" has a reminder 15 minutes before

  @keeps_items_on_resync @android
  Scenario: After a resync an old Android calendar keeps its items and shows everything twice
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And the address "Erika Gabler" is ticked for onOffice Sync
    And Jane has an Android phone
    And the phone has the quirk "keeps_items_on_resync"
    And she has set up her onOffice account on it and synchronised
    When Z-Push forgets the phone's state of its contacts
    And she syncs
    Then the phone has synchronised
    And her contacts app shows "Max Mustermann" 2 times
    And her contacts app shows "Erika Gabler" 2 times
    And onOffice has 1 address "Max Mustermann"

  @edit_sent_as_add @android
  Scenario: An Android 4.1 phone sends an edited appointment as a new one: onOffice has it twice
    Given Jane has the appointment "Notartermin" on 2026-03-05 from 10:00 to 11:00
    And Jane has an Android phone
    And the phone has the quirk "edit_sent_as_add"
    And she has set up her onOffice account on it and synchronised
    When she sets a reminder 15 minutes before the appointment "Notartermin" on the phone
    And she syncs
    And she syncs
    Then onOffice has 2 appointments "Notartermin" in Jane's calendar

  # -- duplicates ---------------------------------------------------------------

  @resends_add_after_timeout @ios
  Scenario: A contact sent again after a lost answer is stored once (ClientId de-duplication)
    Given Jane has an iPhone
    And her iPhone has the quirk "resends_add_after_timeout"
    And she has set up her onOffice account on it and synchronised
    When the answer to the phone's next Sync is lost
    And she creates the contact "Greta Neumann" of "Neumann Makler" with the mobile number "+49 170 2223344" and the e-mail address "greta.neumann@example.com" on the phone
    And the phone has sent her change
    Then the phone sent its new item again at once, with the same SyncKey and ClientId
    And onOffice has 1 address "Greta Neumann"
    And her contacts app shows "Greta Neumann" 1 time

  # -- contacts -------------------------------------------------------------------

  @birthday_at_noon_utc @android
  Scenario: A birthday entered in Gmail's Exchange account is one day off in onOffice
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Jane has an Android phone
    And the phone has the quirk "birthday_at_noon_utc"
    And she has set up her onOffice account on it and synchronised
    When she gives the contact "Max Mustermann" the birthday 1980-01-10 on the phone
    And the phone has sent her change
    Then onOffice's address "Max Mustermann" has the birthday 1980-01-11

  @empty_picture_on_edit @ios
  Scenario: An iPhone's empty Picture on every contact edit loses nothing in onOffice
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And the address has the company "Mustermann Immobilien GmbH"
    And Jane has an iPhone
    And her iPhone has the quirk "empty_picture_on_edit"
    And she has set up her onOffice account on it and synchronised
    When she gives the contact "Max Mustermann" the department "Vertrieb" and the nickname "Max" on the phone
    And the phone has sent her change
    Then the phone sent a Sync request with an empty Picture element
    And onOffice's address "Max Mustermann" has the company "Mustermann Immobilien GmbH"
    And the last Sync response has Status 1

  @partial_change_without_supported @android
  Scenario: A phone that sends only the changed fields makes onOffice drop the others
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And the address has the company "Mustermann Immobilien GmbH"
    And Jane has an Android phone
    And the phone has the quirk "partial_change_without_supported"
    And she has set up her onOffice account on it and synchronised
    When she gives the contact "Max Mustermann" the department "Vertrieb" and the nickname "Max" on the phone
    And the phone has sent her change
    Then onOffice's record of the phone's contact "Max Mustermann" lost its name and company

  @wipes_contacts_after_own_add @android
  Scenario: After a contact is created on an Android 4.1 phone, all its contacts vanish from the phone
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And the address "Erika Gabler" is ticked for onOffice Sync
    And Jane has an Android phone
    And the phone has the quirk "wipes_contacts_after_own_add"
    And she has set up her onOffice account on it and synchronised
    When she creates the contact "Greta Neumann" of "Neumann Makler" with the mobile number "+49 170 2223344" and the e-mail address "greta.neumann@example.com" on the phone
    And she syncs
    Then her contacts app shows no contacts of the account
    And onOffice still has 3 addresses ticked for onOffice Sync

  @wipes_contacts_after_own_add @android @ios
  Scenario: Only the phone with the bug loses its contacts; her iPhone keeps them
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Jane has an iPhone
    And Jane has an Android phone
    And her Android phone has the quirk "wipes_contacts_after_own_add"
    And she has set up her onOffice account on her iPhone and synchronised
    And she has set up her onOffice account on her Android phone and synchronised
    When she creates the contact "Greta Neumann" of "Neumann Makler" with the mobile number "+49 170 2223344" and the e-mail address "greta.neumann@example.com" on her Android phone
    And she syncs her Android phone
    And she syncs her iPhone
    Then her Android phone's contacts app shows no contacts of the account
    And her iPhone's contacts app shows "Max Mustermann"
    And her iPhone's contacts app shows "Greta Neumann"

  # -- tasks -------------------------------------------------------------------------

  @no_task_sync @android
  Scenario: A stock Android phone without task sync never shows the tasks
    Given Jane is responsible for the task "Exposé erstellen"
    And Jane has an Android phone
    And the phone has the quirk "no_task_sync"
    And she has set up her onOffice account on it and synchronised
    Then her task app does not show "Exposé erstellen"

  # -- loops, state, Ping, provisioning ---------------------------------------------------

  @resends_key_after_bad_item @ios
  Scenario: A phone that cannot take one contact loops until Z-Push's loop detection skips it
    Given 30 addresses in onOffice are ticked for onOffice Sync
    And the address "Lena 🏠 Schmidt" is ticked for onOffice Sync
    And Jane has an iPhone
    And her iPhone has the quirk "resends_key_after_bad_item"
    And she has set up her onOffice account on it and synchronised
    Then Z-Push cut its answers to 25 items, then to 1, and sent the rest without the item
    And her contacts app does not show "Lena 🏠 Schmidt"
    And her contacts app shows some but not all of the 31 onOffice contacts

  @ignores_status_12 @outlook-windows
  Scenario: Outlook 2013 ignores "folder hierarchy changed" and syncs a removed folder again and again
    Given Jane is responsible for the task "Exposé erstellen"
    And Jane uses Outlook for Windows
    And her Outlook for Windows has the quirk "ignores_status_12"
    And she has set up her onOffice account on it and synchronised
    When onOffice unticks Jane's user setting "Tasks"
    And she syncs
    Then her Outlook for Windows synchronised a folder Z-Push no longer has 5 times without a FolderSync

  @new_device_id_on_start @outlook-windows
  Scenario: Outlook with a new DeviceId at every start is a new device to Z-Push each time
    Given the address "Max Mustermann" is ticked for onOffice Sync
    And Jane uses Outlook for Windows
    And her Outlook for Windows has the quirk "new_device_id_on_start"
    And she has set up her onOffice account on it and synchronised
    When she quits the app and starts it again
    And she syncs
    Then Z-Push knows 2 devices of Jane
    And her Outlook for Windows's last FolderSync started again from SyncKey 0

  @filter_type_change_mid_sync @android
  Scenario: A phone that narrows its calendar window mid-sync loses the older appointments at once, without a full resync
    Given Jane has the appointment "Jahresgespräch" on 2026-02-10 from 10:00 to 11:00
    And Jane has the appointment "Notartermin" on 2026-03-05 from 10:00 to 11:00
    And Jane has an Android phone
    And the phone has the quirk "filter_type_change_mid_sync"
    And she has set up her onOffice account on it and synchronised
    When she sets the phone's calendar to sync 2 weeks back
    And she syncs
    Then the phone asked for its new calendar window with the SyncKey it had
    And the phone's calendar does not have "Jahresgespräch"
    And the phone's calendar has "Notartermin"
    And the phone's last sync brought 0 appointments and took 1 off it

  @filter_type_change_mid_sync @android
  Scenario: After a phone narrowed its calendar window mid-sync, appointments outside it do not wake its push
    Given Jane has the appointment "Jahresgespräch" on 2026-02-10 from 10:00 to 11:00
    And Jane has an Android phone
    And the phone has the quirk "filter_type_change_mid_sync"
    And she has set up her onOffice account on it and synchronised
    When she sets the phone's calendar to sync 2 weeks back
    And she syncs
    And 60 minutes pass
    Then the phone asked for its new calendar window with the SyncKey it had
    And the phone's push was never woken: every Ping ended without changes
    And the phone's calendar does not have "Jahresgespräch"

  @filter_type_change_mid_sync @ios
  Scenario: An iPhone that widens its calendar window mid-sync gets the older appointments at the next sync
    Given Jane has the appointment "Jahresgespräch" on 2026-01-12 from 10:00 to 11:00
    And Jane has the appointment "Notartermin" on 2026-03-05 from 10:00 to 11:00
    And Jane has an iPhone
    And her iPhone has the quirk "filter_type_change_mid_sync"
    And she has set up her onOffice account on it and synchronised
    When she sets the phone's calendar to sync 3 months back
    And she syncs
    Then the phone asked for its new calendar window with the SyncKey it had
    And the phone's calendar has "Jahresgespräch"
    And the phone's last sync brought 1 appointment and took 0 off it

  @window_size_zero @outlook-windows
  Scenario: Outlook's WindowSize 0 brings the whole address book in one answer
    Given 300 addresses in onOffice are ticked for onOffice Sync
    And Jane uses Outlook for Windows
    And her Outlook for Windows has the quirk "window_size_zero"
    And she has set up her onOffice account on it and synchronised
    Then the first synchronisation of contacts came in one round
    And her contacts app shows all 300 onOffice contacts under the account

  @heartbeat_below_minimum @android @server-ping-minimum-300 @needs-server-settings
  Scenario: A heartbeat below Z-Push's minimum is refused and push never starts
    Given Jane has an Android phone
    And the phone has the quirk "heartbeat_below_minimum"
    And she has set up her onOffice account on it and synchronised
    When 10 minutes pass
    Then the last Ping response has Status 5
    And every Ping of the phone asked for a heartbeat of 180 seconds

  @ignores_449 @outlook-windows
  Scenario: Outlook that ignores HTTP 449 never provisions and never syncs
    Given Jane uses Outlook for Windows
    And her Outlook for Windows has the quirk "ignores_449"
    When she adds the account in the usual way for her Outlook for Windows
    And she syncs
    Then her Outlook for Windows sent no Provision request
    And the last FolderSync request was answered with HTTP 449

  @basic_auth_latin1 @outlook-windows
  Scenario: Outlook's ISO-8859-1 password with an umlaut is accepted (Z-Push reads it as Outlook sends it)
    Given Jane uses Outlook for Windows
    And her Outlook for Windows has the quirk "basic_auth_latin1"
    When Jane's password in onOffice is changed to "Grüße2026"
    And she sets up the account by hand with the address "jane.doe_DoeRealEstate@onoffice.de", the server "activesync.onoffice.de", the user name "jane.doe_DoeRealEstate" and the password "Grüße2026"
    Then the mail program shows the account as verified

  @needs_aspnet_header_for_16_1 @ios @server-offers-16-1 @needs-server-settings
  Scenario: A client that wants an X-AspNet-Version header (as Nine does) stays below EAS 16.1
    Given Jane has an iPhone
    And her iPhone has the quirk "needs_aspnet_header_for_16_1"
    When she adds the account in the usual way for the phone
    Then the phone shows the account as verified
    And the phone speaks ActiveSync 16.0
