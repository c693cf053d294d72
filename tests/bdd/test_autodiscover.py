"""Scenarios of features/autodiscover.feature."""

from pytest_bdd import scenarios

scenarios("autodiscover.feature")
