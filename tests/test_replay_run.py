"""``zpush-sim replay`` and ``wbxml decode --zpush-log`` on the shared Z-Push logs.

Each log replays against a fresh embedded reference server; the keys the
target hands out replace the log's (a Sync never meets Status 3, no request
after Provision meets 449), the answers are set side by side and the known
differences between Z-Push 2.7.1 with Radicale and the reference server
show as divergences at the right requests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zpush_sim.cli import main
from zpush_sim.replay.gherkin import skeleton
from zpush_sim.replay.html import render, text_lines
from zpush_sim.replay.replayer import Replayer, ReplayResult
from zpush_sim.replay.targets import EmbeddedTarget
from zpush_sim.replay.zlog import read_log

LOGS = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "zpush-logs"
pytestmark = pytest.mark.skipif(not LOGS.exists(), reason=f"no shared logs at {LOGS}")
_RESULTS: dict[str, ReplayResult] = {}


def replayed(session: str) -> ReplayResult:
    if session not in _RESULTS:
        requests = read_log(LOGS / f"{session}.log")
        target = EmbeddedTarget(requests[0].user, requests[0].time)
        try:
            _RESULTS[session] = Replayer(requests, target).run()
        finally:
            target.close()
    return _RESULTS[session]


def _statuses(root: object) -> list[str]:
    return [] if root is None else [e.text or "" for e in root.iter() if e.name == "Status"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("session", ["ios-session", "android-session"])
def test_every_logged_request_is_replayed_with_the_targets_own_keys(session: str) -> None:
    result = replayed(session)
    expected = json.loads((LOGS / f"{session}.truth.json").read_text(encoding="utf-8"))["commands"]
    assert len(result.exchanges) == len(expected)
    assert all(e.skipped is None and e.target_http is not None for e in result.exchanges)
    provisioned = False
    for exchange in result.exchanges:
        cmd = exchange.logged.command
        if cmd == "OPTIONS":
            provisioned = False
        if cmd == "Sync":
            assert "3" not in _statuses(exchange.target_root), f"#{exchange.logged.n} Status 3"
        if provisioned:
            assert exchange.target_http == 200, f"#{exchange.logged.n}: HTTP {exchange.target_http}"
        if (
            cmd == "Provision"
            and exchange.sent is not None
            and exchange.sent.find("Policies/Policy/PolicyKey") is not None
        ):
            provisioned = True
        if exchange.logged.http_status == 449:
            assert exchange.target_http == 449  # the reference server provisions as Z-Push does


def test_the_ios_replay_marks_z_pushs_status_8_on_a_delete_as_a_divergence() -> None:
    # README: Radicale answers DELETE with 200 and Z-Push expects 204, so #14 got Status 8.
    exchange = replayed("ios-session").exchanges[13]
    assert exchange.logged.n == 14
    assert "Delete=8" in exchange.log_summary.statuses
    assert "Delete=8" not in exchange.target_summary.statuses
    assert any("Status" in d for d in exchange.differences)


def test_the_android_replay_shows_z_pushs_loop_mode_as_one_contact_per_answer() -> None:
    result = replayed("android-session")
    looped = [e for e in result.exchanges if 29 <= e.logged.n <= 38]
    assert all(dict(e.log_summary.counts).get("Command Add") == 1 for e in looped)
    # The reference server saw no loop (the device never resent a key): a full window.
    assert dict(looped[0].target_summary.counts).get("Command Add") == 10
    assert looped[0].diverges


def test_the_first_divergence_is_marked_in_the_text_and_the_html_report() -> None:
    result = replayed("ios-session")
    first = result.first_divergence
    assert first is not None
    assert all(not e.diverges for e in result.exchanges[: first - 1])
    lines = text_lines(result)
    marked = [line for line in lines if "first divergence" in line and line.startswith("#")]
    assert len(marked) == 1 and marked[0].startswith(f"#{first} ")
    page = render(result, "Replay")
    assert page.count('class="differs first"') == 1
    assert "&lt;Sync xmlns=&quot;AirSync:&quot;" in page  # the decoded conversation


def test_the_gherkin_skeleton_holds_the_users_actions_in_the_step_language() -> None:
    text = skeleton(read_log(LOGS / "ios-session.log"), "ios-session.log")
    assert "And Jane has an iPhone" in text
    assert 'And the address "Clara Wagner" is ticked for onOffice Sync' in text
    assert 'When she deletes the contact "Clara Wagner" on the phone' in text
    assert 'When she marks the task "Call back Anna Becker" as completed in her task app' in text
    assert "# the log's server answered the Delete with Status 8" in text
    assert 'Then her contacts app shows "Hannah Krause"' in text
    assert text.index("she deletes the contact") < text.index("the phone has sent her change")


# -- the command line -----------------------------------------------------------------


def test_replay_prints_a_line_per_request_and_writes_the_html_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "replay.html"
    assert main(["replay", str(LOGS / "ios-session.log"), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert sum(line.startswith("#") for line in out.splitlines()) == 19
    assert "first divergence" in out and report.read_text(encoding="utf-8").startswith("<!DOCTYPE")


def test_replay_as_a_profile_does_the_users_actions_with_our_device(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["replay", str(LOGS / "ios-session.log"), "--as", "ios"]) == 0
    out = capsys.readouterr().out
    assert "log #1: the device's set-up | ios: Account verified" in out
    edits = next(line for line in out.splitlines() if line.startswith("log #14:"))
    assert "Add 'Greta Neumann'; Delete 'Clara Wagner' -> Status 1, 1, 8" in edits
    assert edits.endswith("ios: sent add 1, delete 1")


def test_a_truncated_log_is_one_line_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(LOGS / "ios-session.log", encoding="utf-8", newline="") as file:
        cut = "".join(next(file) for _ in range(100))
    log = tmp_path / "cut.log"
    log.write_text(cut, encoding="utf-8", newline="")
    for argv in (["replay", str(log)], ["wbxml", "decode", "--zpush-log", str(log)]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "line 76" in err[0] and "Traceback" not in err[0]


def test_wbxml_decode_zpush_log_decodes_every_blob_with_time_command_and_direction(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["wbxml", "decode", "--zpush-log", str(LOGS / "ios-session.log")]) == 0
    heads = [line for line in capsys.readouterr().out.splitlines() if line.startswith("== ")]
    assert len(heads) == 32  # 16 requests with a WBXML-IN and a WBXML-OUT each
    assert heads[0].startswith("== 2026-12-06 18:19:20 #4 Provision IN (request)")
    assert any(h.startswith("== 2026-12-06 18:19:20 #17 Ping OUT (answer)") for h in heads)


def test_bad_replay_arguments_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    log = str(LOGS / "ios-session.log")
    assert main(["replay", log, "--server", "http://127.0.0.1:9"]) == 2
    assert main(["replay", log, "--as", "nokia"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 2


def test_replay_against_a_live_server_over_http(capsys: pytest.CaptureFixture[str]) -> None:
    from server_client import demo_app, serving

    from server.seed import DEMO_LOGIN, DEMO_PASSWORD

    app = demo_app(ping_real_limit=0.05, ping_poll_interval=0.01)
    with serving(app) as url:
        argv = ["replay", str(LOGS / "ios-session.log"), "--server", url]
        assert main([*argv, "--user", DEMO_LOGIN, "--password", DEMO_PASSWORD]) == 0
    lines = capsys.readouterr().out.splitlines()
    replayed_lines = [line for line in lines if line.startswith("#")]
    assert len(replayed_lines) == 19
    assert not any("did not answer" in line for line in lines)
    # The demo's own data (40 contacts, window 25): the first data Sync already differs.
    assert "#8 " in next(line for line in replayed_lines if "first divergence" in line)


def test_without_its_blob_a_request_is_shown_from_z_pushs_decoded_dump(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (LOGS / "ios-session.log").read_text(encoding="utf-8")
    blob = next(line for line in text.splitlines() if "WBXML-IN : " in line)  # #4, Provision
    log = tmp_path / "no-blob.log"
    log.write_text(text.replace(blob + "\n", ""), encoding="utf-8")
    assert main(["wbxml", "decode", "--zpush-log", str(log)]) == 0
    out = capsys.readouterr().out
    head = "== 2026-12-06 18:19:20 #4 Provision IN (request), Z-Push's decoded dump"
    assert head in out
    assert out.split(head)[1].lstrip().startswith("<Provision:Provision>")


def test_z_pushs_10k_debug_data_stands_for_a_missing_wbxml_in(tmp_path: Path) -> None:
    text = (LOGS / "ios-session.log").read_text(encoding="utf-8")
    blob = next(line for line in text.splitlines() if "WBXML-IN : " in line)  # #4, Provision
    debug = blob.replace("[WBXML]", "[FATAL]").replace("WBXML-IN : ", "WBXML 10K debug data: ")
    log = tmp_path / "fatal.log"
    log.write_text(text.replace(blob, debug), encoding="utf-8")
    request = read_log(log)[3]
    original = read_log(LOGS / "ios-session.log")[3]
    assert request.request is not None and original.request is not None
    assert request.request.data == original.request.data


def test_replay_strict_answers_as_the_specification_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["replay", str(LOGS / "ios-session.log"), "--strict"]) == 0
    out = capsys.readouterr().out.splitlines()
    # MS-ASPROV 14.x in strict mode: Status 142 in the command, not Z-Push's HTTP 449.
    assert out[1].startswith("#2 ") and "log: HTTP 449 | target: HTTP 200" in out[1]
