"""Where a Windows PC keeps the terminal and where it keeps a person's drafts (issue W3, W13).

Decided without a Windows machine: the precedence is a pure function given the platform, the
machine-wide folder, the person's folder and whether this person can write in the machine-wide
folder (``locations.choose_local_dir``); the rest runs the real code on real folders.
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

import pytest

from smtte_tui import locations
from smtte_tui.features.shift.drafts import DraftStore

DRAFT = {"values": {"tegn-1": "j"}, "note": "Anna var glad – æøå"}


def choose(tmp_path: Path, *, override: str | None = None, windows: bool = True, usable: bool = True) -> locations.LocalChoice:
    return locations.choose_local_dir(
        override=override,
        windows=windows,
        machine=lambda: tmp_path / "ProgramData" / "smtte",
        user=lambda: tmp_path / "Users" / "mads" / "AppData" / "Local" / "smtte",
        usable=lambda folder: usable,
    )


def test_a_windows_pc_whose_it_made_programdata_smtte_is_one_terminal_for_every_user(tmp_path):
    (tmp_path / "ProgramData" / "smtte").mkdir(parents=True)
    choice = choose(tmp_path)
    assert choice == locations.LocalChoice(tmp_path / "ProgramData" / "smtte", machine_wide=True)


def test_without_the_machine_wide_folder_each_windows_user_keeps_their_own_as_before(tmp_path):
    assert choose(tmp_path) == locations.LocalChoice(tmp_path / "Users" / "mads" / "AppData" / "Local" / "smtte", machine_wide=False)
    assert not (tmp_path / "ProgramData" / "smtte").exists()  # smtte never makes it: only IT can give it the staff group's rights


def test_a_machine_wide_folder_this_user_cannot_write_in_is_passed_over_with_a_line_in_the_log(tmp_path, caplog):
    (tmp_path / "ProgramData" / "smtte").mkdir(parents=True)
    with caplog.at_level(logging.WARNING):
        choice = choose(tmp_path, usable=False)
    assert choice.machine_wide is False and "cannot write" in caplog.text


def test_smtte_local_dir_overrides_everything_and_linux_and_macos_keep_the_users_folder(tmp_path):
    (tmp_path / "ProgramData" / "smtte").mkdir(parents=True)
    assert choose(tmp_path, override=str(tmp_path / "test")) == locations.LocalChoice(tmp_path / "test", machine_wide=False)
    assert choose(tmp_path, windows=False).machine_wide is False


def test_the_real_probe_tells_a_writable_folder_from_one_that_is_not(tmp_path):
    assert locations.can_write_in(tmp_path) and list(tmp_path.iterdir()) == []
    assert not locations.can_write_in(tmp_path / "missing")


def test_drafts_and_the_log_stay_in_the_persons_own_folder_when_the_pc_folder_is_machine_wide(tmp_path, monkeypatch):
    monkeypatch.delenv(locations.ENV_LOCAL_DIR)
    monkeypatch.setattr(locations, "IS_WINDOWS", True)
    machine = tmp_path / "ProgramData" / "smtte"
    machine.mkdir(parents=True)
    own = tmp_path / "LocalAppData" / "smtte"
    monkeypatch.setattr(locations, "_platform_machine_dir", lambda: machine)
    monkeypatch.setattr(locations, "_platform_user_dir", lambda: own)
    assert locations.local_dir() == machine
    assert DraftStore().folder == own / "drafts" and locations.log_file() == own / "smtte.log"


# --- a draft file an antivirus scan holds -----------------------------------------------------


def held_by_antivirus(monkeypatch, *paths: Path) -> None:
    """Removing or replacing these files fails as Windows fails it while a scan has them open."""
    real_unlink, real_replace = Path.unlink, os.replace

    def error(path) -> OSError:
        refused = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process", str(path))
        refused.winerror = 32  # type: ignore[attr-defined]
        return refused

    def unlink(self, missing_ok=False):
        if self in paths:
            raise error(self)
        return real_unlink(self, missing_ok=missing_ok)

    def replace(src, dst, *args, **kwargs):
        if Path(dst) in paths:
            raise error(dst)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr("smtte_tui.store.files.time.sleep", lambda seconds: None)  # the replace's own retries


def test_a_saved_shift_whose_draft_file_is_held_by_antivirus_is_not_offered_again(tmp_path, monkeypatch, caplog):
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save("mads", "anna", DRAFT)
    held_by_antivirus(monkeypatch, tmp_path / "drafts" / "mads.json")
    with caplog.at_level(logging.WARNING):
        assert drafts.discard("mads", "anna") is False
    assert "could not be removed" in caplog.text
    assert drafts.load("mads") == {}  # saved: this session never offers it again
    monkeypatch.undo()
    drafts.save("mads", "bent", DRAFT)  # the next write drops it from the file as well
    assert DraftStore(tmp_path / "drafts").load("mads") == {"bent": DRAFT}


def test_a_draft_the_disk_will_not_take_is_kept_in_memory_for_the_session(tmp_path, monkeypatch):
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save("mads", "anna", {"note": "først"})
    held_by_antivirus(monkeypatch, tmp_path / "drafts" / "mads.json")
    assert drafts.save("mads", "anna", DRAFT) is False
    assert drafts.load("mads") == {"anna": DRAFT}
    monkeypatch.undo()
    assert drafts.save("mads", "bent", {"note": "anden"}) is True
    assert DraftStore(tmp_path / "drafts").load("mads") == {"anna": DRAFT, "bent": {"note": "anden"}}


@pytest.mark.parametrize("windows", [True, False])
def test_the_persons_own_drafts_folder_is_owner_only(tmp_path, monkeypatch, windows):
    from smtte_tui.store import files

    monkeypatch.setattr(files, "IS_WINDOWS", windows)
    DraftStore(tmp_path / "drafts").save("mads", "anna", DRAFT)
    assert (tmp_path / "drafts").stat().st_mode & 0o777 == 0o700
