"""Scenarios of features/maintenance.feature."""

from pytest_bdd import scenarios

scenarios("maintenance.feature")
