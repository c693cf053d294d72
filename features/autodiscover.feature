@accounts
Feature: Setting up the onOffice account on the phone by autodiscover
  An onOffice user adds her onOffice account to the phone as an Exchange
  account. When the address ends in @activesync.onoffice.de, the iPhone
  finds the server by itself (autodiscover) and needs nothing but the
  password. With any other domain the phone cannot find the server and asks
  for the settings by hand.

  Background:
    Given today is 2026-03-02 09:00
    And Jane Doe of "DoeRealEstate" uses Z-Push with the password "demo"
    And 40 addresses in onOffice are ticked for onOffice Sync

  @B-AUTO-1
  Scenario Outline: The activesync.onoffice.de address sets up the whole account in one step
    Given Jane has an <phone>
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@activesync.onoffice.de" and her password
    Then the phone shows the account as verified without asking for a server
    And the account uses the server "activesync.onoffice.de"
    When she waits until the phone has synchronised
    Then her contacts app shows all 40 onOffice contacts under the account

    @ios
    Examples:
      | phone  |
      | iPhone |

  @B-AUTO-2
  Scenario Outline: An address at another domain cannot be set up automatically
    Given Jane has an <phone>
    When she adds an Exchange account with the address "jane.doe_DoeRealEstate@onoffice.de" and her password
    Then the phone asks her to enter the server settings by hand
    And the phone has no account

    @ios
    Examples:
      | phone  |
      | iPhone |
