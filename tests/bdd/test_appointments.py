"""Scenarios of features/appointments.feature."""

from pytest_bdd import scenarios

scenarios("appointments.feature")
