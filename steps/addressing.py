"""Several phones, several people: a step may name the phone it is about.

Every step about "the phone" (or "it", or "her contacts app") may instead
name one: "her iPhone", "her Android phone", "Max's phone", "his phone".
A step so written matches no definition as it stands; before the scenario
runs, this plugin tries the step with the name put back into the words of
the step library ("her iPhone's contacts app" -> "her contacts app",
"on Max's phone" -> "on the phone" / "on it", "Max syncs his phone" ->
"she syncs") and keeps the first that some step definition matches. While
that step runs, ``phone`` is the named device and ``person`` its owner, and
``setup`` / ``sync_report`` are that device's own last set-up and sync;
afterwards the step shows its own words again in every report.

"her" / "his" is the person last named at the start of a step ("Max has an
iPhone", "Max syncs his phone"), else the scenario's first person; a kind
("iPhone") that only one person has needs no owner. "the phone" with no
name keeps meaning the only phone, and fails with the phones' names when
there are several (`steps.devices`).

Must not: act on devices, or rewrite a step that already matches.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_bdd.compat import inject_fixture
from pytest_bdd.scenario import get_step_function

from steps.devices import DEVICES, the_phone

# "iPhone", "Android phone", ...: the device names without their article, longest first.
KINDS = sorted({name.removeprefix("an ").removeprefix("a ") for name in DEVICES}, key=len)[::-1]
_KIND = "|".join(re.escape(k) for k in [*KINDS, "phone"])
REFERENCE = re.compile(rf"\b(?P<owner>her|his|[A-Z][a-z]+'s) (?P<kind>{_KIND})\b(?P<poss>'s)?")
LEADING_NAME = re.compile(r"^(?P<name>[A-Z][a-z]+) (?=[a-z])")
PRONOUNS = {"he": "she", "his": "her", "him": "her", "himself": "herself"}
NOT_NAMES = frozenset({"The", "She", "He", "Her", "His", "Memotoo", "Outlook", "Thunderbird"})

ADDRESSED_KEY = pytest.StashKey[dict[int, "Addressed"]]()


@dataclass
class Addressed:
    """A step rewritten into the library's words, and whom and what it is about."""

    original: str
    rewritten: str
    owner: str | None  # a first name, or None for "her" / "his"
    kind: str | None  # "iPhone", "phone", ...; None when only the owner is named


def _outside_quotes(text: str, change: Any) -> str:
    parts = text.split('"')
    return '"'.join(change(p) if i % 2 == 0 else p for i, p in enumerate(parts))


def _pronouns(text: str) -> str:
    def swap(part: str) -> str:
        return re.sub(r"\b(he|his|him|himself)\b", lambda m: PRONOUNS[m[1]], part)

    return _outside_quotes(text, swap)


def candidates(text: str) -> Iterator[tuple[str, str | None, str | None]]:
    """(rewritten text, owner name, device kind) to try, most literal first."""
    leading = LEADING_NAME.match(text)
    subject = leading["name"] if leading and leading["name"] not in NOT_NAMES else None
    match = REFERENCE.search(text)
    owner = kind = None
    bases = [text]
    if match:
        named = match["owner"]
        owner = named[:-2] if named.endswith("'s") else None
        kind = match["kind"]
        before, after = text[: match.start()], text[match.end() :]
        if match["poss"]:  # "her iPhone's contacts app", "in Max's phone's account settings"
            replacements = ["her ", "the phone's ", "the "]
            after = after.removeprefix(" ")
        elif before.lower() == "on " and after.startswith(", "):  # "On her iPhone, she ..."
            before, after, replacements = "", after.removeprefix(", "), [""]
        else:
            replacements = ["the phone", "it", ""]
        bases = [
            re.sub(r"\s+", " ", f"{before}{r}{after}").strip().replace(" ,", ",")
            for r in replacements
        ]
    subjects = [None, subject] if subject else [None]
    for base, who in itertools.product(bases, subjects):
        rewritten = _pronouns(base)
        if who:
            rewritten = "she " + rewritten[len(who) + 1 :]
        if rewritten != text:
            yield rewritten, owner or who, kind


def _matches(request: pytest.FixtureRequest, step: Any) -> bool:
    return get_step_function(request=request, step=step) is not None


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, scenario: Any, **_: Any) -> None:
    """Put each step that names a phone or a person into the library's words."""
    addressed: dict[int, Addressed] = request.node.stash.setdefault(ADDRESSED_KEY, {})
    for step in scenario.steps:
        if _matches(request, step):
            continue
        original = step.name
        for rewritten, owner, kind in candidates(original):
            step.name = rewritten
            if _matches(request, step):
                addressed[id(step)] = Addressed(original, rewritten, owner, kind)
                break
        else:
            step.name = original


_FOCUS_KEY = pytest.StashKey[str]()  # the person "her" / "his" means


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    """Point phone, person, setup and sync_report at the device the step names."""
    node = request.node
    found = node.stash.get(ADDRESSED_KEY, {}).get(id(step))
    leading = LEADING_NAME.match(found.original if found else step.name)
    people: dict[str, Any] = request.getfixturevalue("people")
    if leading and leading["name"] in people:
        node.stash[_FOCUS_KEY] = leading["name"]
    if found is None:
        return
    if found.owner and found.owner in people:
        node.stash[_FOCUS_KEY] = found.owner
    focus = found.owner or node.stash.get(_FOCUS_KEY, None)
    phone, owner = the_phone(node, owner=focus, kind=found.kind, explicit=found.owner is not None)
    inject_fixture(request, "phone", phone)
    if owner in people:
        inject_fixture(request, "person", people[owner])
    if phone.last_setup is not None:
        inject_fixture(request, "setup", phone.last_setup)
    if phone.history:
        inject_fixture(request, "sync_report", phone.history[-1])


def _restore(request: pytest.FixtureRequest, step: Any) -> None:
    found = request.node.stash.get(ADDRESSED_KEY, {}).get(id(step))
    if found is None:
        return
    step.name = found.original  # reports show the step as written
    people: dict[str, Any] = request.getfixturevalue("people")
    if people:
        inject_fixture(request, "person", next(iter(people.values())))
    inject_fixture(request, "phone", the_phone(request.node)[0])


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    _restore(request, step)


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, **_: Any) -> None:
    _restore(request, step)
