"""What every subcommand's arguments share: one-line errors, defaults in the help, URL checks.

`Parser` makes argparse's errors one line naming the command (``zpush-sim
run: argument --server: ...``) with exit status 2, instead of the usage
block followed by the message; `show_defaults` gives every option's help
its default (argparse's ArgumentDefaultsHelpFormatter); `http_url` checks
a server URL before anything is sent.

Must not: know any subcommand.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import NoReturn
from urllib.parse import urlsplit


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: ``PROG: MESSAGE (see PROG --help)``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


class DefaultsFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """argparse's defaults in the help, except where there is none to tell (None, off)
    or the help already says it in words."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default in (None, False, [], argparse.SUPPRESS) or "default" in text:
            return text
        return super()._get_help_string(action)


def show_defaults(parser: argparse.ArgumentParser) -> None:
    """Give PARSER and every subcommand under it a help that shows each option's default."""
    parser.formatter_class = DefaultsFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                show_defaults(sub)


def http_url(text: str) -> str:
    """An http:// or https:// URL with a host (and a valid port): the server to talk to."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"not an http:// or https:// URL: {text!r}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a valid port in {text!r}") from None
    return text.rstrip("/")


def listen_address(text: str) -> str:
    """An address to listen on: an IPv4 or IPv6 address, or a host name."""
    try:
        ipaddress.ip_address(text)
        return text
    except ValueError:
        pass
    labels = text.rstrip(".").split(".")
    if all(label.isdigit() for label in labels):  # looks like IPv4, but is not one
        raise argparse.ArgumentTypeError(f"not an IP address: {text!r}")
    if not text or any(not label or len(label) > 63 for label in labels):
        raise argparse.ArgumentTypeError(f"not a host name or address: {text!r}")
    if not all(c.isalnum() or c in "-." for c in text):
        raise argparse.ArgumentTypeError(f"not a host name or address: {text!r}")
    return text


def fail(command: str, message: str, status: int = 2) -> int:
    """Print COMMAND: MESSAGE on stderr and return STATUS (a usage error by default)."""
    print(f"{command}: {message}", file=sys.stderr)
    return status
