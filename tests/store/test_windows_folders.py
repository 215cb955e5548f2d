"""What the store makes on a Windows PC, decided without one (issue W1).

No Windows machine runs these tests, so each gives the code a Windows PC (``files.IS_WINDOWS``)
and checks the decision where it is visible on this machine: a folder made "without a mode"
comes out with the umask's default mode here, where on Windows it inherits the share's ACL; a
folder made owner-only comes out 0700 here, where on Windows (Python 3.12.4+) it gets the
creator-only ACL.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from smtte_tui import locations
from smtte_tui.cli import check_report
from smtte_tui.features.overview import findings
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Borger, Notat
from smtte_tui.report.files import export_folder
from smtte_tui.store import Store, files, layout
from tests.people import house_staff

from .conftest import NOW

UMASK = 0o022
NO_MODE = 0o777 & ~UMASK  # what mkdir without a mode gives here: on Windows, the parent's ACL


@pytest.fixture
def windows_pc(monkeypatch):
    """The code believes it runs on Windows (only the decisions; the files are this machine's)."""
    monkeypatch.setattr(files, "IS_WINDOWS", True)
    old = os.umask(UMASK)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_deciding_function_gives_share_folders_no_mode_on_windows_and_owner_only_elsewhere():
    assert files.folder_mode(windows=True) is None  # inherits the ACL of the folder it is made in
    assert files.folder_mode(private=True, windows=True) == 0o700  # a person's own: creator-only ACL
    assert files.folder_mode(windows=False) == files.folder_mode(private=True, windows=False) == 0o700


def test_on_a_windows_pc_every_folder_the_store_makes_on_the_share_inherits_the_shares_rights(tmp_path, windows_pc):
    data = tmp_path / "S" / "smtte"
    data.parent.mkdir()
    from smtte_tui.cli import _open_store

    with _open_store(str(data), create=True) as store:  # `smtte demo`/first start makes the data folder itself
        borger = Borger(navn="Anna Jensen", kortnavn="AJ")
        store.create_many([*house_staff(), borger], "LE")
        store.create(AuditEvent(tid=NOW, medarbejder="LE", terminal=store.writer, handling="login", maal="lås"), "LE")
        store.create(Notat(borger_id=borger.id, dato=NOW.date(), vagt="dag", tekst="Godt humør", forfatter="LE"), "LE")
        bad = data / layout.LOG / "2026-01" / "t111111111111.jsonl"
        bad.parent.mkdir(mode=0o700)  # a folder another (old) PC made owner-only: not ours to change
        bad.write_bytes(b"{not json\n")
        store.load_everything()
        assert store.repair() == (0, 1)
        export_folder(store.root)

    made = [data, *(p for p in data.rglob("*") if p.is_dir() and p != bad.parent)]
    names = {p.relative_to(data).as_posix() for p in made}
    assert {".", "core", "manifests", "log", "borgere", "audit", "quarantine", "eksport"} <= names
    assert any(n.startswith("log/") for n in names) and any(n.startswith("audit/") for n in names)
    assert any(n.count("/") == 2 and n.startswith("borgere/") for n in names)  # borgere/<id>/<year>
    assert {p.relative_to(data).as_posix(): oct(mode(p)) for p in made if mode(p) != NO_MODE} == {}


def test_on_a_windows_pc_the_persons_own_folder_stays_owner_only(tmp_path, windows_pc):
    own = tmp_path / "LocalAppData" / "smtte"
    locations.private_dir(own)  # the log's folder, made at every start
    files.ensure_dir(own / "drafts", private=True)
    assert mode(own) == mode(own / "drafts") == 0o700


def test_a_folder_this_pc_may_not_list_is_named_once_and_is_never_an_empty_house(share, monkeypatch):
    core = share.data / layout.CORE
    real_scandir = os.scandir

    def denied(path=".", *args):
        if Path(os.fsdecode(path)) == core:
            error = PermissionError(13, "Access is denied", os.fsdecode(path))
            error.winerror = 5  # type: ignore[attr-defined]  # ERROR_ACCESS_DENIED
            raise error
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", denied)
    with Store(share.data, local_dir=share.local("lenes-pc"), readonly=True) as store:
        assert store.unlistable == ["core"]
        assert store.staff_expected  # no first start: the folder has had staff
        sentence = t("store.unlistable", folders="core")
        assert sentence in [f.text for f in findings.file_findings(store)]
        report = check_report(store)
        assert report["unlistable"] == ["core"] and report["ok"] is False
    monkeypatch.undo()
    with Store(share.data, local_dir=share.local("lenes-pc"), readonly=True) as store:
        assert store.unlistable == []
