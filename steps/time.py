"""Time in scenarios: "Given today is 2026-03-02 09:00" pins the one clock."""

from __future__ import annotations

from datetime import datetime

import pytest
from freezegun import freeze_time
from pytest_bdd import given, parsers


@given(parsers.parse("today is {when}"))
def _(request: pytest.FixtureRequest, when: str) -> None:
    moment = datetime.strptime(when, "%Y-%m-%d %H:%M")
    freezer = freeze_time(moment)  # naive = UTC for datetime.now(UTC)
    freezer.start()
    request.addfinalizer(freezer.stop)
