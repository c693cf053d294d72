"""Scenarios of features/limits.feature."""

from pytest_bdd import scenarios

scenarios("limits.feature")
