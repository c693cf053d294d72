"""pytest-bdd step definitions in the user's words, grouped by topic; no protocol code."""

import pytest

# Plain asserts in steps should report like test asserts when loaded as a plugin.
pytest.register_assert_rewrite("steps")
