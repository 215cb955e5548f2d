"""The commands as a Windows PC runs them (issue W 5, 7, 8, 10, 11): stdout redirected in cp1252,
a config.toml written by PowerShell, a PIN piped from cmd, a window that closes with smtte, and
QuickEdit put back after a crash. Windows is given as an injected stdout, file bytes and fake
console answers; the code under test is the same that runs there."""

from __future__ import annotations

import codecs
import io
import re

import pytest

from smtte_tui import cli, winconsole
from smtte_tui.cli import EXIT_OK, EXIT_USAGE, main, pin_from_line
from smtte_tui.config import load_settings
from smtte_tui.configfile import ConfigError, decode, read_config
from smtte_tui.i18n import t
from tests.cli.test_export import audit as export_audit
from tests.cli.test_export import data  # noqa: F401  (fixture)
from tests.cli.test_group_report import audit as report_audit
from tests.cli.test_group_report import house  # noqa: F401  (fixture)
from tests.people import PIN


class Cp1252Stdout(io.TextIOWrapper):
    """What ``sys.stdout`` is on a Windows PC when ``smtte … > fil.html`` redirects it."""

    def __init__(self) -> None:
        self.raw_bytes = io.BytesIO()
        super().__init__(self.raw_bytes, encoding="cp1252", errors="strict")

    def written(self) -> bytes:
        self.flush()
        return self.raw_bytes.getvalue()


class FullDisk(io.RawIOBase):
    """A redirected stdout on a disk that is full."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(28, "No space left on device")


# --- 8: export and report to a redirected stdout ---------------------------------------------------


def test_the_group_report_redirected_on_windows_is_utf8_and_keeps_the_minus_sign(monkeypatch, house):  # noqa: F811
    stdout = Cp1252Stdout()
    monkeypatch.setattr("sys.stdout", stdout)
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["report", "--data-dir", str(house["folder"]), "--as", "aa", "--period", "2025-10"]) == EXIT_OK
    page = stdout.written().decode("utf-8")  # UTF-8 bytes, as the page's <meta charset> says
    assert '<meta charset="utf-8">' in page and "Målopfyldelse (−2 til +2)" in page


def test_an_export_redirected_on_windows_is_utf8(monkeypatch, data):  # noqa: F811
    stdout = Cp1252Stdout()
    monkeypatch.setattr("sys.stdout", stdout)
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["export", "--data-dir", str(data["folder"]), "--as", "ma", "--borger", "AJ", "--format", "md"]) == EXIT_OK
    assert "Tager selv tøj på om morgenen" in stdout.written().decode("utf-8")


def test_a_report_that_cannot_be_written_is_not_audited_as_handed_out(monkeypatch, house, tmp_path, capsys):  # noqa: F811
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(io.BufferedWriter(FullDisk()), encoding="utf-8"))
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["report", "--data-dir", str(house["folder"]), "--as", "aa", "--period", "2025-10"]) == EXIT_USAGE
    assert "--out" in capsys.readouterr().err
    assert [e.handling for e in report_audit(house, tmp_path)] == ["login"]


def test_an_export_that_cannot_be_written_is_not_audited(monkeypatch, data, tmp_path, capsys):  # noqa: F811
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(io.BufferedWriter(FullDisk()), encoding="utf-8"))
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["export", "--data-dir", str(data["folder"]), "--as", "ma", "--borger", "AJ", "--format", "csv"]) == EXIT_USAGE
    assert "ikke registreret" in capsys.readouterr().err
    assert [e.handling for e in export_audit(data, tmp_path)] == ["login"]


# --- 11: a PIN from a script ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sent",
    [
        b"123456 \r\n",  # cmd: echo 123456 | smtte ...
        b"\xef\xbb\xbf123456\r\n",  # a file saved as UTF-8 by Notepad or Set-Content
        codecs.BOM_UTF16_LE + "123456\r\n".encode("utf-16-le"),  # PowerShell 5.1's Out-File
        b"  123456\t\n",
    ],
)
def test_a_pin_from_cmd_or_a_file_with_a_bom_is_the_pin(sent):
    assert pin_from_line(sent) == "123456"


def test_a_pin_typed_or_piped_as_text_loses_its_spaces_and_bom():
    assert pin_from_line("\ufeff123456 \r\n") == "123456"


def test_mads_pipes_his_pin_from_cmd_and_the_export_is_made(monkeypatch, data, capsysbinary):  # noqa: F811
    stdin = io.TextIOWrapper(io.BytesIO(f"{PIN} \r\n".encode("ascii")), encoding="cp1252")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["export", "--data-dir", str(data["folder"]), "--as", "ma", "--borger", "AJ", "--format", "md"]) == EXIT_OK
    assert "Tager selv tøj på" in capsysbinary.readouterr().out.decode("utf-8")


# --- 10: config.toml as PowerShell writes it --------------------------------------------------------


SETTINGS = "data_dir = '\\\\server\\share\\smtte'\nshift_day_starts = \"06:30\"\n"


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + SETTINGS.encode("utf-8"),  # Set-Content -Encoding UTF8
        codecs.BOM_UTF16_LE + SETTINGS.encode("utf-16-le"),  # Out-File, or > in PowerShell 5.1
        codecs.BOM_UTF16_BE + SETTINGS.encode("utf-16-be"),
        SETTINGS.encode("utf-8"),
    ],
)
def test_a_config_written_by_powershell_is_read(tmp_path, encoded):
    path = tmp_path / "config.toml"
    path.write_bytes(encoded)
    settings = load_settings(path)
    assert settings.data_dir == "\\\\server\\share\\smtte" and settings.shift_day_starts == "06:30"
    assert read_config(path)["data_dir"] == "\\\\server\\share\\smtte"


def test_a_unc_path_in_double_quotes_is_refused_with_line_column_and_the_single_quote_advice(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('lang = "da"\ndata_dir = "\\\\server\\share\\smtte"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    sentence = str(error.value)
    assert str(path) in sentence and "linje 2, kolonne" in sentence
    assert "dobbelte anførselstegn" in sentence and "data_dir = '\\\\server\\share\\smtte'" in sentence


def test_a_text_without_quotes_is_named_with_its_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("lang = da\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="linje 1, kolonne 8: værdien er ugyldig"):
        read_config(path)


def test_a_mistyped_shift_names_the_setting(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('shift_day_starts = "7:00"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"shift_day_starts: {t('config.error.clock')}")):
        load_settings(path)


def test_a_file_in_another_encoding_says_so(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes("data_dir = 'S:\\Bofællesskab'\n".encode("cp1252"))
    with pytest.raises(ConfigError, match="hverken UTF-8 eller UTF-16"):
        read_config(path)


def test_decode_follows_the_bom():
    assert decode(codecs.BOM_UTF32_LE + "a = 1".encode("utf-32-le")) == "a = 1"
    assert decode(codecs.BOM_UTF8 + b"a = 1") == "a = 1"


def test_the_app_path_says_what_is_wrong_in_the_config(isolated_locations, capsys):
    (isolated_locations / "config.toml").write_text('data_dir = "\\\\server\\share"\n', encoding="utf-8")
    assert main([]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "linje 1, kolonne" in err and "enkelte anførselstegn" in err


# --- 7: a window that closes with smtte waits for Enter after a failure ------------------------------


class Console(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_failed_start_in_a_window_of_its_own_waits_for_enter(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(winconsole, "console_closes_with_smtte", lambda: True)
    monkeypatch.setattr("sys.stdin", Console("\n"))
    assert main(["--data-dir", str(tmp_path / "ikke-her")]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert "Datamappen findes ikke" in captured.err and "Tryk Enter for at lukke vinduet." in captured.out


def test_a_failed_start_from_a_shell_does_not_wait(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(winconsole, "console_closes_with_smtte", lambda: False)
    monkeypatch.setattr("sys.stdin", Console(""))
    assert main(["--data-dir", str(tmp_path / "ikke-her")]) == EXIT_USAGE
    assert "Tryk Enter" not in capsys.readouterr().out


def test_a_missing_drive_letter_recommends_the_unc_path(monkeypatch, capsys):
    monkeypatch.setattr(winconsole, "mapped_drive", lambda path: True)
    assert main(["--data-dir", "S:\\smtte-findes-ikke"]) == EXIT_USAGE
    assert "\\\\server\\share\\mappe i config.toml" in capsys.readouterr().err


# --- 5: QuickEdit is put back even when the app crashes ------------------------------------------


def test_quick_edit_is_restored_when_the_app_crashes(monkeypatch, tmp_path, capsys):
    from smtte_tui.app import SmtteApp
    from tests.unit.test_winconsole import FakeKernel32

    kernel32 = FakeKernel32(mode=0x01F7)  # conhost's default input mode: QuickEdit on
    turn_off = winconsole.turn_off_quick_edit
    monkeypatch.setattr(winconsole, "turn_off_quick_edit", lambda: turn_off("win32", kernel32))
    monkeypatch.setattr(SmtteApp, "run", lambda self: (_ for _ in ()).throw(RuntimeError("boom")))
    (tmp_path / "data").mkdir()
    assert main(["--data-dir", str(tmp_path / "data")]) == cli.EXIT_ATTENTION
    assert kernel32.set_modes == [0x01B7, 0x01F7]  # off for the app, and back after the crash
