"""The command line speaks one language: Danish unless ``--lang en`` says otherwise, wherever on
the line it stands, argparse's own words included (issue I, item 14)."""

from __future__ import annotations

import pytest

from smtte_tui import cli

ENGLISH_ARGPARSE = ("usage:", "the following arguments are required", "show this help message", "unrecognized arguments", "invalid int value", "options:")


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # --help
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


def test_lang_en_before_the_command_answers_a_missing_data_dir_in_english(capsys):
    code, text = run(capsys, "--lang", "en", "check")
    assert code == 2
    assert text.startswith("Wrong usage: these must be given: --data-dir.")
    assert "Forkert" not in text and "Skriv" not in text


def test_lang_en_before_the_command_is_not_undone_by_the_command(capsys, tmp_path):
    code, text = run(capsys, "--lang", "en", "check", "--data-dir", str(tmp_path / "missing"))
    assert code == 2
    assert "The data folder does not exist" in text and "Datamappen" not in text
    code, text = run(capsys, "--lang=en", "demo", "--data-dir", str(tmp_path / "x"), "--days", "-3")
    assert code == 2 and text.startswith("Wrong usage: --days must be 0 or more")


@pytest.mark.parametrize("argv", [("check",), ("--bogus",), ("demo", "--data-dir", "x", "--borgere", "tre"), ("export", "--data-dir", "x")])
def test_a_danish_usage_error_holds_no_english(capsys, argv):
    code, text = run(capsys, *argv)
    assert code == 2 and text.startswith("Forkert brug: ")
    assert not [words for words in ENGLISH_ARGPARSE if words in text], text


def test_help_is_danish_and_english_on_request(capsys):
    code, text = run(capsys, "check", "--help")
    assert code == 0
    assert text.startswith("brug: smtte check") and "vis denne hjælp og afslut" in text and "--data-dir MAPPE" in text
    assert not [words for words in ENGLISH_ARGPARSE if words in text], text
    code, text = run(capsys, "--lang", "en", "--help")
    assert code == 0 and text.startswith("usage: smtte") and "add fictional demo data" in text
    assert "tilføj" not in text and "datamappen" not in text


def test_argparse_is_left_as_it_was_after_the_command_line_is_read(capsys):
    import argparse

    before = argparse._
    run(capsys, "check")
    assert argparse._ is before
