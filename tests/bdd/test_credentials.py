"""Scenarios of features/credentials.feature."""

from pytest_bdd import scenarios

scenarios("credentials.feature")
