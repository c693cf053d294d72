"""pytest-bdd step definitions in the user's words, grouped by topic; no protocol code."""

import pytest

STEP_MODULES = (
    "steps.target",
    "steps.time",
    "steps.onoffice",
    "steps.devices",
    "steps.accounts",
    "steps.contacts",
)

# Plain asserts in steps should report like test asserts when loaded as a plugin.
pytest.register_assert_rewrite(*STEP_MODULES)
