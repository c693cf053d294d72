"""Scenarios of features/views.feature."""

from pytest_bdd import scenarios

scenarios("views.feature")
