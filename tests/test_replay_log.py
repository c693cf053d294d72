"""Reading Z-Push debug logs: every request of the shared logs against their truth files.

The logs (../shared/reference/zpush-logs/) were recorded from a real Z-Push
2.7.1; each ``*.truth.json`` lists what the device sent and got. The parser
must find the same requests, in the same order, with the same commands,
HTTP statuses, SyncKeys, statuses and counts; a damaged log gets one
`LogError` naming its line.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eas import wbxml
from eas.tree import Element
from zpush_sim.replay.zlog import LogError, LoggedRequest, parse_log, read_log

LOGS = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "zpush-logs"
SESSIONS = ("ios-session", "android-session")

pytestmark = pytest.mark.skipif(not LOGS.exists(), reason=f"no shared logs at {LOGS}")


def truth(session: str) -> dict[str, Any]:
    return json.loads((LOGS / f"{session}.truth.json").read_text(encoding="utf-8"))


def tree(blob: Any) -> Element | None:
    return None if blob is None else wbxml.decode(blob.data)


def _collections(root: Element | None) -> dict[str, Element]:
    if root is None:
        return {}
    return {c.findtext("CollectionId") or "": c for c in root.findall("Collections/Collection")}


def _check_sync(request: LoggedRequest, expected: list[dict[str, Any]]) -> None:
    sent, answer = _collections(tree(request.request)), _collections(tree(request.response))
    assert list(sent) == [c["collection_id"] for c in expected]
    for want in expected:
        mine, got = sent[want["collection_id"]], answer[want["collection_id"]]
        assert mine.findtext("SyncKey") == want["sync_key_sent"]
        assert got.findtext("SyncKey") == want["sync_key_returned"]
        assert int(got.findtext("Status") or 0) == want["status"]
        if "window_size" in want:
            assert int(mine.findtext("WindowSize") or 0) == want["window_size"]
        commands = got.find("Commands")
        counted = Counter(c.name for c in ([] if commands is None else commands.children))
        assert dict(counted) == want.get("server_commands", {})
        device = mine.find("Commands")
        counted = Counter(c.name for c in ([] if device is None else device.children))
        assert dict(counted) == want.get("device_commands", {})
        answered = [
            {
                "op": r.name,
                "status": int(r.findtext("Status") or 0),
                "server_id": r.findtext("ServerId"),
            }
            for r in (got.find("Responses").children if got.find("Responses") is not None else [])  # type: ignore[union-attr]
        ]
        assert answered == want.get("responses", [])
        assert (got.find("MoreAvailable") is not None) == bool(want.get("more_available"))


@pytest.mark.parametrize("session", SESSIONS)
def test_every_request_of_the_log_is_found_as_the_truth_file_lists_it(session: str) -> None:
    requests = read_log(LOGS / f"{session}.log")
    expected = truth(session)["commands"]
    assert [r.command for r in requests] == [c["cmd"] for c in expected]
    for request, want in zip(requests, expected, strict=True):
        assert request.http_status == want["http"], f"#{request.n}"
        assert request.device_id == (want["device_id"] or "").lower()
        answer = tree(request.response)
        if want["cmd"] == "FolderSync" and want["http"] == 200:
            assert tree(request.request).findtext("SyncKey") == want["sync_key_sent"]  # type: ignore[union-attr]
            assert answer is not None and answer.findtext("SyncKey") == want["sync_key_returned"]
        if want["cmd"] == "Provision":
            assert answer is not None
            assert answer.findtext("Policies/Policy/PolicyKey") == want["policy_key_returned"]
        if want["cmd"] == "Ping":
            sent = tree(request.request)
            assert (
                sent is not None
                and int(sent.findtext("HeartbeatInterval") or 0) == want["heartbeat"]
            )
            assert answer is not None
            folders = [f.text for f in answer.findall("Folders/Folder")]
            assert folders == want["folders_returned"]
        if want["status"] is not None:
            assert answer is not None and int(answer.findtext("Status") or 0) == want["status"]
        if want["cmd"] == "Sync":
            _check_sync(request, want["collections"])


def test_the_log_notes_loop_detection_where_z_push_wrote_it() -> None:
    requests = read_log(LOGS / "android-session.log")
    looped = [r.n for r in requests if any("Mobile loop detected" in n for n in r.notes)]
    assert looped == list(range(29, 39))  # truth notes: #29-#38 one contact each


# -- damaged logs -------------------------------------------------------------------


def _head(lines: int) -> str:
    with open(LOGS / "ios-session.log", encoding="utf-8", newline="") as file:
        return "".join(next(file) for _ in range(lines))


def test_a_log_cut_inside_a_request_names_the_line_where_that_request_started() -> None:
    text = _head(100)  # request #3 (FolderSync, line 58) ends at 75; #4 starts at 76
    with pytest.raises(LogError, match=r"^line 76: .*Provision.* has no End"):
        parse_log(text)


def test_a_file_that_is_no_z_push_log_is_refused_at_its_first_line() -> None:
    with pytest.raises(LogError, match=r"^line 1: not a Z-Push log line"):
        parse_log("Hello\n" + _head(40))


def test_a_damaged_base64_blob_names_its_line() -> None:
    text = _head(335).replace("WBXML-IN : AwFq", "WBXML-IN : Aw*q", 1)
    with pytest.raises(LogError, match=r"^line 313: the WBXML blob is not valid base64"):
        parse_log(text)


def test_an_empty_log_has_no_request() -> None:
    with pytest.raises(LogError, match=r"^line 1: no request"):
        parse_log("")


def test_a_missing_file_is_one_line() -> None:
    with pytest.raises(LogError, match="cannot read"):
        read_log(LOGS / "no-such.log")
