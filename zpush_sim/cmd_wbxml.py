"""``zpush-sim wbxml``: decode a WBXML body to readable XML, or encode XML to WBXML.

    zpush-sim wbxml decode [FILE|-] [--hex|--base64]   WBXML in, XML (eas.xmlview) out
    zpush-sim wbxml encode [FILE|-] [--hex|--base64]   XML in, WBXML out

``--hex`` and ``--base64`` name the text form of the WBXML side (whitespace in
it is ignored); without them the WBXML is raw bytes. ``decode --zpush-log
FILE`` decodes every WBXML blob of a Z-Push debug log (`zpush_sim.replay.zlog`),
each headed by its time, request number, command and direction. Malformed
input gets a one-line message on stderr and exit status 2.

Must not: know the format; it only moves bytes between files and ``eas``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import sys
from typing import Any

from eas import wbxml
from eas.xmlview import XMLViewError, from_xml, to_xml
from zpush_sim.replay.zlog import LogError, read_log


class _InputError(Exception):
    """Input this command cannot use; the message is the line to print."""


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "wbxml",
        help="decode WBXML to XML or encode XML to WBXML",
        description="Convert between an EAS WBXML body and its XML form.",
    )
    actions = parser.add_subparsers(dest="wbxml_action", metavar="ACTION", required=True)
    for action, help_text in (
        ("decode", "read WBXML, print XML"),
        ("encode", "read XML, write WBXML"),
    ):
        sub = actions.add_parser(action, help=help_text, description=help_text)
        sub.add_argument("file", nargs="?", default="-", metavar="FILE", help="input (- = stdin)")
        form = sub.add_mutually_exclusive_group()
        form.add_argument("--hex", action="store_true", help="the WBXML is hex text")
        form.add_argument("--base64", action="store_true", help="the WBXML is base64 text")
        if action == "decode":
            form.add_argument(
                "--zpush-log", metavar="LOG",
                help="decode every WBXML-IN/WBXML-OUT blob of a Z-Push debug log",
            )  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    action: str = args.wbxml_action
    if getattr(args, "zpush_log", None):
        return _zpush_log(args.zpush_log)
    try:
        data = _read(args.file)
        if action == "decode":
            sys.stdout.write(to_xml(wbxml.decode(_unwrap(data, args))))
        else:
            _write(wbxml.encode(from_xml(_text(data))), args)
    except wbxml.WBXMLError as exc:
        return _fail(action, f"malformed WBXML at byte {exc.offset}: {exc.message}")
    except XMLViewError as exc:
        return _fail(action, f"malformed XML: {exc}")
    except (_InputError, ValueError, TypeError) as exc:
        return _fail(action, str(exc))
    return 0


def _zpush_log(path: str) -> int:
    try:
        requests = read_log(path)
    except LogError as exc:
        return _fail("decode", f"{path}: {exc}")
    for request in requests:
        sides = (
            ("IN (request)", request.request, request.dump_in),
            ("OUT (answer)", request.response, request.dump_out),
        )
        for direction, blob, dump in sides:
            head = f"== {request.time:%Y-%m-%d %H:%M:%S} #{request.n} {request.command} {direction}"
            if (blob is None or blob.truncated) and dump:
                # No blob, or one cut at 4 KB: Z-Push's own decoded dump says more.
                print(f"{head}, Z-Push's decoded dump")
                print("\n".join(line.rstrip() for line in dump))
                continue
            if blob is None:
                continue
            print(f"{head}, log line {blob.line}")
            try:
                sys.stdout.write(to_xml(wbxml.decode(blob.data)))
            except wbxml.WBXMLError as exc:
                cut = " (Z-Push logs only the first 4 KB)" if blob.truncated else ""
                print(f"(not decodable at byte {exc.offset}: {exc.message}{cut})")
    return 0


def _fail(action: str, message: str) -> int:
    print(f"zpush-sim wbxml {action}: {message}", file=sys.stderr)
    return 2


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        with open(name, "rb") as file:
            return file.read()
    except OSError as exc:
        raise _InputError(f"cannot read {name}: {exc.strerror or exc}") from None


def _unwrap(data: bytes, args: argparse.Namespace) -> bytes:
    """The WBXML bytes of the input, from hex or base64 text if asked."""
    if not (args.hex or args.base64):
        return data
    try:
        compact = "".join(data.decode("ascii").split())
        if args.hex:
            return bytes.fromhex(compact)
        return base64.b64decode(compact, validate=True)
    except (UnicodeDecodeError, ValueError, binascii.Error):
        raise _InputError(f"input is not valid {'hex' if args.hex else 'base64'}") from None


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _InputError(f"XML input is not UTF-8 (byte {exc.start})") from None


def _write(body: bytes, args: argparse.Namespace) -> None:
    if args.hex:
        sys.stdout.write(body.hex() + "\n")
    elif args.base64:
        sys.stdout.write(base64.b64encode(body).decode("ascii") + "\n")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
