"""pytest-bdd step definitions in the user's words, grouped by topic; no protocol code."""

import pytest

STEP_MODULES = (
    "steps.target",
    "steps.time",
    "steps.onoffice",
    "steps.devices",
    "steps.accounts",
    "steps.addresses",
    "steps.contacts",
    "steps.appointments",
    "steps.calendar",
    "steps.limits",
    "steps.paging",
    "steps.tasks",
    "steps.maintenance",
    "steps.memotoo",
    "steps.mail",
    "steps.settings_page",
    "steps.wire",
    "steps.bugs",
    "steps.versions",
)

# Plain asserts in steps should report like test asserts when loaded as a plugin.
pytest.register_assert_rewrite(*STEP_MODULES)
