"""Scenarios of features/mail.feature."""

from pytest_bdd import scenarios

scenarios("mail.feature")
