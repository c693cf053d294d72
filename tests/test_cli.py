"""What every subcommand shares: one-line errors naming the command, exit 2, help with defaults."""

from __future__ import annotations

import argparse

import pytest

from zpush_sim import cli


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _parsers(sub)
    return found


def test_every_option_of_every_command_has_help_showing_its_default() -> None:
    for parser in _parsers(cli.build_parser()):
        assert issubclass(parser.formatter_class, argparse.ArgumentDefaultsHelpFormatter)
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            assert action.help, f"{parser.prog} {action.dest} has no help"
    page = cli.build_parser()._subparsers._group_actions[0].choices["serve"].format_help()  # type: ignore[union-attr]
    assert "(default: 127.0.0.1)" in page and "(default: 8080)" in page


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--host", "256.1.1.1"], "zpush-sim serve: argument --host: not an IP address"),
        (["serve", "--port", "99999"], "zpush-sim serve: argument --port: not a port number"),
        (
            ["device", "ios", "--server", "not-a-url", "--email", "a@b.de", "--password", "x"],
            "zpush-sim device: argument --server: not an http:// or https:// URL: 'not-a-url'",
        ),
        (["run", "--server", "ftp://x"], "zpush-sim run: argument --server: not an http://"),
        (["wbxml", "decode", "--nope"], "zpush-sim wbxml: unrecognized arguments: --nope"),
        (["report", "combine"], "zpush-sim report combine: the following arguments are required"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_command(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(message), err
    assert err.count("\n") == 1
