"""Scenarios of features/memotoo.feature."""

from pytest_bdd import scenarios

scenarios("memotoo.feature")
