"""pytest-bdd step definitions in the user's words, grouped by topic; no protocol code."""
