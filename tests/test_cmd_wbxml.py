"""Tests of ``zpush-sim wbxml``: the handler run in-process through its own parser."""

from __future__ import annotations

import argparse
import base64
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from zpush_sim import cmd_wbxml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wbxml"
FOLDERSYNC_XML = (FIXTURES / "foldersync-initial.xml").read_text()
CONTACT_XML = (FIXTURES / "sync-add-contact.xml").read_text()
CONTACT_WBXML = (FIXTURES / "sync-add-contact.wbxml").read_bytes()


@dataclass
class Outcome:
    status: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8")


Run = Callable[..., Outcome]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Run:
    """``cli(argv, stdin)`` runs ``zpush-sim wbxml *argv`` on replaced stdin/stdout/stderr."""

    def run(argv: list[str], stdin: bytes = b"") -> Outcome:
        parser = argparse.ArgumentParser(prog="zpush-sim")
        cmd_wbxml.add_parser(parser.add_subparsers(dest="command", required=True))
        args = parser.parse_args(["wbxml", *argv])
        raw_out = io.BytesIO()
        stderr = io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw_out, encoding="utf-8"))
        monkeypatch.setattr(sys, "stderr", stderr)
        status = args.func(args)
        sys.stdout.flush()
        return Outcome(status, raw_out.getvalue(), stderr.getvalue())

    return run


def test_decode_hex_from_stdin_prints_the_foldersync(cli: Run) -> None:
    out = cli(["decode", "--hex"], b"03016a000007565203300001 01")
    assert (out.status, out.stderr) == (0, "")
    assert '<FolderSync xmlns="FolderHierarchy:">' in out.text
    assert "<SyncKey>0</SyncKey>" in out.text
    assert out.text == FOLDERSYNC_XML


def test_decode_hex_tolerates_whitespace_and_upper_case(cli: Run) -> None:
    spaced = b" 03 01 6A 00\n00 07 56 52\t03 30 00 01 01\n"
    assert cli(["decode", "--hex", "-"], spaced).text == FOLDERSYNC_XML


def test_decode_raw_file_and_base64_file(cli: Run, tmp_path: Path) -> None:
    assert cli(["decode", str(FIXTURES / "sync-add-contact.wbxml")]).text == CONTACT_XML
    encoded = tmp_path / "body.b64"
    encoded.write_bytes(base64.encodebytes(CONTACT_WBXML))  # with line breaks
    assert cli(["decode", "--base64", str(encoded)]).text == CONTACT_XML


def test_encode_xml_to_raw_hex_and_base64(cli: Run) -> None:
    raw = cli(["encode"], CONTACT_XML.encode())
    assert (raw.status, raw.stdout, raw.stderr) == (0, CONTACT_WBXML, "")
    assert cli(["encode", "--hex"], CONTACT_XML.encode()).text == CONTACT_WBXML.hex() + "\n"
    assert base64.b64decode(cli(["encode", "--base64"], CONTACT_XML.encode()).text) == (
        CONTACT_WBXML
    )


def test_decode_then_encode_round_trips(cli: Run, tmp_path: Path) -> None:
    view = tmp_path / "view.xml"
    view.write_bytes(cli(["decode", str(FIXTURES / "sync-add-contact.wbxml")]).stdout)
    assert cli(["encode", str(view)]).stdout == CONTACT_WBXML


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["decode", "--hex"], b"03016a000007565203300001",
         "malformed WBXML at byte 12: missing END of FolderHierarchy:FolderSync"),
        (["decode", "--hex"], b"03016a00 45 51 01 01",
         "malformed WBXML at byte 5: unknown token 0x11 in page AirSync"),
        (["decode"], b"", "malformed WBXML at byte 0: empty document"),
        (["decode", "--hex"], b"03016a0g", "input is not valid hex"),
        (["decode", "--hex"], b"03016a0", "input is not valid hex"),
        (["decode", "--hex"], "03é".encode(), "input is not valid hex"),
        (["decode", "--base64"], b"A*==", "input is not valid base64"),
        (["encode"], b"<Sync/>", "malformed XML: element <Sync> has no namespace"),
        (["encode"], b"<Sync xmlns='AirSync:'>", "malformed XML: not well-formed"),
        (["encode"], b"\xff<a/>", "XML input is not UTF-8"),
        (["encode"], b'<Sync xmlns="AirSync:" text="base64">YQBi</Sync>',
         "AirSync:Sync: an inline string cannot hold NUL"),
    ],
)  # fmt: skip
def test_bad_input_gets_one_line_and_status_2(
    cli: Run, argv: list[str], stdin: bytes, message: str
) -> None:
    out = cli(argv, stdin)
    assert out.status == 2
    assert out.stdout == b""
    assert out.stderr.startswith(f"zpush-sim wbxml {argv[0]}: {message}")
    assert out.stderr.count("\n") == 1


def test_missing_file_is_reported(cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.wbxml"
    out = cli(["decode", str(missing)])
    assert out.status == 2
    assert out.stderr.startswith(f"zpush-sim wbxml decode: cannot read {missing}: ")


def test_hex_and_base64_exclude_each_other(cli: Run) -> None:
    with pytest.raises(SystemExit) as info:
        cli(["decode", "--hex", "--base64"])
    assert info.value.code == 2
