"""Scenarios of features/device-bugs.feature (deletable once any feature file runs unbound)."""

from pytest_bdd import scenarios

scenarios("device-bugs.feature")
