"""F6 opens only web addresses and files of known media and document types, never a program."""

from __future__ import annotations

import pytest

from smtte_tui.medialinks import OpenCall, open_call, open_target
from tests.refusals import refused


@pytest.mark.parametrize("link", ["https://example.org/video.mp4", "http://intra.kommune.dk/guide", "HTTPS://EXAMPLE.ORG/x?y=1#z"])
def test_web_addresses_are_opened_as_they_are(link):
    assert open_target(link) == link


@pytest.mark.parametrize("name", ["tandbørstning.mp4", "Tøj.JPG", "guide.pdf", "dagsplan.png", "lyd.mp3", "instruks.docx"])
def test_files_of_known_media_and_document_types_are_opened_by_their_path(tmp_path, name):
    assert open_target(str(tmp_path / name)) == (tmp_path / name).resolve().as_uri()


def test_a_file_address_of_a_picture_is_opened():
    assert open_target("file:///srv/billeder/tand.png") == "file:///srv/billeder/tand.png"


@pytest.mark.parametrize(
    "link",
    [
        "C:\\Users\\Public\\x.exe",
        "\\\\server\\share\\installer.bat",
        "/tmp/run.sh",
        "film.mp4.exe",
        "video.cmd",
        "script.ps1",
        "genvej.lnk",
        "side.hta",
        "makro.docm",
        "gammel.xls",
        "film.mp4.",  # Windows strips the dot: the real extension is another one
        "film.mp4 \\x.exe",
        "mappe",
        "file:///C:/Windows/System32/calc.exe",
        "file:///tmp/x.sh",
    ],
)
def test_programs_scripts_and_unknown_files_are_refused_in_danish(link):
    with refused("media.error.kind"):
        open_target(link)


@pytest.mark.parametrize("link", ["A://[", "https://[::1", "javascript://alert(1)", "ftp://server/x.mp4", "smb://server/x.mp4", "ms-settings://x", "mailto://a@b.dk", "https:/mangler-vaert"])
def test_other_kinds_of_address_are_refused_in_danish(link):
    with refused("media.error.scheme"):
        open_target(link)


@pytest.mark.parametrize("link", ["", "   ", "film\n.mp4", "https://x.dk/\x00"])
def test_empty_links_and_control_characters_are_refused(link):
    with refused("media.error.kind"):
        open_target(link)


def test_a_windows_drive_letter_is_a_path_not_an_address():
    assert open_target("C:\\Billeder\\tand.png").startswith("file://")  # not refused as the scheme "c"


def test_a_path_under_an_unknown_home_folder_is_refused_not_a_crash():
    with refused("media.error.kind"):
        open_target("~ingen-saadan-bruger-findes/billede.png")


# --- how an allowed link is opened (issue W 12) ------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "call"),
    [
        ("S:\\Bofællesskab\\Instrukser\\tandbørstning.mp4", OpenCall("startfile", "S:\\Bofællesskab\\Instrukser\\tandbørstning.mp4")),
        ("S:/Bofællesskab/tand.png", OpenCall("startfile", "S:\\Bofællesskab\\tand.png")),
        ("file:///S:/Bof%C3%A6llesskab/tand.png", OpenCall("startfile", "S:\\Bofællesskab\\tand.png")),
        ("file://server/share/Bof%C3%A6llesskab/tand.png", OpenCall("startfile", "\\\\server\\share\\Bofællesskab\\tand.png")),
        ("\\\\server\\share\\Bofællesskab\\guide.pdf", OpenCall("startfile", "\\\\server\\share\\Bofællesskab\\guide.pdf")),
        ("https://example.org/video.mp4", OpenCall("startfile", "https://example.org/video.mp4")),
    ],
)
def test_on_windows_the_plain_path_goes_to_startfile(link, call):
    assert open_call(link, "win32") == call


def test_elsewhere_the_browser_gets_a_file_address(tmp_path):
    assert open_call(str(tmp_path / "tand.png"), "linux") == OpenCall("browser", (tmp_path / "tand.png").as_uri())
    assert open_call("https://example.org/x.mp4", "linux") == OpenCall("browser", "https://example.org/x.mp4")


def test_a_program_is_refused_on_windows_too():
    with refused("media.error.kind"):
        open_call("file://server/share/install.exe", "win32")


def test_deciding_touches_no_file(monkeypatch):
    import pathlib

    def no_io(self, *args, **kwargs):
        raise AssertionError("the decision runs on the UI thread and must not ask the share")

    monkeypatch.setattr(pathlib.Path, "resolve", no_io)
    monkeypatch.setattr(pathlib.Path, "exists", no_io)
    assert open_call("S:\\Bofællesskab\\tand.png", "win32").target == "S:\\Bofællesskab\\tand.png"
    assert open_call("/srv/Bofællesskab/tand.png", "linux").target == "file:///srv/Bof%C3%A6llesskab/tand.png"


def test_startfile_gets_the_plain_path_and_a_failure_is_false(monkeypatch):
    import os

    from smtte_tui.screens.widgets.media import start

    started = []
    monkeypatch.setattr(os, "startfile", started.append, raising=False)
    assert start(OpenCall("startfile", "S:\\Bofællesskab\\tand.png"))
    assert started == ["S:\\Bofællesskab\\tand.png"]

    def gone(target):
        raise FileNotFoundError(2, "not found", target)

    monkeypatch.setattr(os, "startfile", gone, raising=False)
    assert not start(OpenCall("startfile", "S:\\Bofællesskab\\tand.png"))
