"""Feature files as pytest modules: any ``.feature`` runs as it is, with no binding module.

pytest asks every plugin whether a file is a test module (``pytest_collect_file``);
for a ``.feature`` file this module answers with a `FeatureModule` whose
module object is made here, holding one pytest-bdd scenario function per
scenario (pytest-bdd's own ``scenario()`` builds them, so outlines, tags and
the cucumber report work as in a hand-written binding module). Tags need no
registration: every tag of the file (feature, rule, scenario, Examples) is
registered as a marker before the scenarios are built, so ``--strict-markers``
keeps catching misspelt marks in Python tests only.

Another project that installs zpush-sim and binds its feature files with
pytest-bdd's ``scenarios()`` itself sets ``zpush_sim_collect_features = false``
so that they are not collected twice.

It must not run anything: it builds the test functions, pytest runs them.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import scenario as bdd_scenario
from pytest_bdd.exceptions import GherkinParseError
from pytest_bdd.feature import get_feature
from pytest_bdd.parser import Feature
from pytest_bdd.scenario import get_python_name_generator

FEATURE_SUFFIX = ".feature"
COLLECT_INI = "zpush_sim_collect_features"
TAG_MARKER_NOTE = "a scenario tag of a feature file (registered by steps.collect)"


def feature_tags(feature: Feature) -> set[str]:
    """Every tag the file carries: on the feature, its rules, scenarios and Examples."""
    tags = set(feature.tags)
    for template in feature.scenarios.values():
        tags |= template.tags
        if template.rule is not None:
            tags |= template.rule.tags
        for examples in template.examples:
            tags |= examples.tags or set()
    return tags


def register_tags(config: pytest.Config, tags: set[str]) -> None:
    """Make each tag a known marker (once), so that --strict-markers accepts it."""
    known = {line.split(":")[0].strip() for line in config.getini("markers")}
    for tag in sorted(tags - known):
        config.addinivalue_line("markers", f"{tag}: {TAG_MARKER_NOTE}")


class FeatureModule(pytest.Module):
    """A .feature file, collected as a module of scenario functions."""

    def collect(self) -> Any:
        """The scenarios; a file that is not valid Gherkin is one clear line, no traceback."""
        try:
            self.obj  # noqa: B018 - building the module parses the file
        except GherkinParseError as exc:
            what = exc.message.splitlines()[0]
            line = exc.line_content.strip()
            raise self.CollectError(
                f"{self.path}:{exc.line}: not valid Gherkin: {what} | {line}"
            ) from None
        return super().collect()

    def _getobj(self) -> types.ModuleType:
        path = Path(self.path)
        feature = get_feature(str(path.parent), path.name)
        register_tags(self.config, feature_tags(feature))
        module = types.ModuleType(f"feature_{path.stem}")
        module.__file__ = str(path)
        for name in feature.scenarios:
            test = bdd_scenario(path.name, name, features_base_dir=str(path.parent))(_noop)
            for python_name in get_python_name_generator(name):
                if not hasattr(module, python_name):
                    setattr(module, python_name, test)
                    break
        return module

    def _register_setup_module_fixture(self) -> None:
        """A feature file has no setup_module."""

    def _register_setup_function_fixture(self) -> None:
        """A feature file has no setup_function."""


def _noop() -> None:
    """The scenario's own body: all the work is in its steps."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        COLLECT_INI,
        "collect every .feature file as a module of scenarios (off for a suite that binds "
        "its feature files with pytest-bdd's scenarios() itself)",
        type="bool",
        default=True,
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """A .feature file given or found under a collected folder is a module of scenarios."""
    if file_path.suffix != FEATURE_SUFFIX or not parent.config.getini(COLLECT_INI):
        return None
    module: FeatureModule = FeatureModule.from_parent(parent, path=file_path)
    return module
