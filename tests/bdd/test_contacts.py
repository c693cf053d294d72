"""Scenarios of features/contacts.feature."""

from pytest_bdd import scenarios

scenarios("contacts.feature")
