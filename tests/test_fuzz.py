"""Mutation fuzzing in the default run: a few seconds, seeded, both modes (issue 13).

`fuzzer.Fuzzer` sends value-level, structural and byte-level mutations of
valid requests from a provisioned device with live sync keys, over every
command, plus odd query strings and headers. A finding is an unhandled
exception or, in strict mode, any 500. The long run is ``tox -e fuzz``.

`test_the_fuzzer_finds_planted_raises` shows what the fuzzer reaches: a
``raise`` planted in each of 15 handlers and mapping functions, most of them
reachable only past provisioning with a live sync key and a server id, is
found in a short run (the issue's older fuzz test found 7 of 15).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from fuzzer import Stats, fuzz

SEED = 13
REQUESTS = 1000  # per mode; a few seconds each


def _report(stats: Stats) -> str:
    lines = [f"{stats.requests} requests, statuses {dict(stats.statuses)}"]
    lines += [f"{f.what}: {f.error} <- {f.request[:300]}" for f in stats.findings[:10]]
    return "\n".join(lines)


@pytest.mark.parametrize("strict", [False, True], ids=["zpush", "strict"])
def test_no_input_gives_an_unhandled_error_or_a_strict_500(strict: bool) -> None:
    stats = fuzz(strict, SEED, REQUESTS)
    assert (stats.unhandled, stats.strict_500) == (0, 0), _report(stats)
    # The run got past authentication and provisioning: most answers are documents.
    assert stats.statuses[200] > REQUESTS // 5, _report(stats)


# (module, attribute): a function that a planted raise replaces, where it is looked up.
PLANTED = [
    ("server.commands.syncclient", "_add"),  # a device's Add
    ("server.commands.syncclient", "server_wins"),  # a device's Change to an item sent
    ("server.mapping.sources", "address_from_contact"),  # a contact changed on the device
    ("server.mapping.appointments", "apply_item"),  # an appointment from the device
    ("server.mapping.tasks", "apply_item"),  # a task from the device
    ("server.mapping.appointments", "repeat_from"),  # a series from the device
    ("server.mapping.appointments", "round_up_reminder"),  # a reminder from the device
    ("server.commands.getitemestimate", "_estimate"),
    ("server.commands.ping", "_changes"),
    ("server.commands.provision", "_answer"),
    ("server.commands.settings", "_user_information"),
    ("eas.commands.meetingresponse.MeetingResponseRequest", "from_tree"),
    ("eas.commands.sendmail.ComposeMailRequest", "from_tree"),
    ("server.commands.sync", "_would_send"),  # only a Sync that waits
    ("server.commands.foldersync", "_folder"),
]


def _planted(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("planted")


@pytest.mark.parametrize(("module", "name"), PLANTED, ids=[f"{m}.{n}" for m, n in PLANTED])
def test_the_fuzzer_finds_planted_raises(
    module: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, _, cls = module.rpartition(".")
    target = (
        getattr(importlib.import_module(home), cls) if cls[0].isupper()
        else importlib.import_module(module)
    )  # fmt: skip
    original: Callable[..., Any] = getattr(target, name)
    assert callable(original)
    monkeypatch.setattr(target, name, _planted)
    stats = fuzz(True, SEED, 600, stop_early=True)
    assert any("planted" in f.error for f in stats.findings), _report(stats)
