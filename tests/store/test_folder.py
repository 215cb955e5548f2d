"""Which folders the store agrees to open, and how private the files it writes are."""

from __future__ import annotations

import json
import os
import stat

import pytest

from smtte_tui.models import Borger, Observation, SmttePlan
from smtte_tui.store import DataDirMissing, NotSmtteFolder, ReadOnlyStore, Store, layout
from tests.people import house_staff

from .conftest import data_files


def snapshot(root):
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_folder_written_by_a_newer_version_opens_read_only(share):
    with share.open("before") as store:
        logged = store.create(share.observation(store.writer), "MA")
    (share.data / layout.FORMAT_FILE).write_text(json.dumps({"format": layout.FORMAT_NAME, "version": layout.FORMAT_VERSION + 1}))
    before = snapshot(share.data)

    store = share.open("old-version")
    assert store.readonly is True
    assert store.get(Observation, logged.entity_id) is not None  # reading still works
    with pytest.raises(ReadOnlyStore):
        store.create(share.observation(store.writer), "MA")
    with pytest.raises(ReadOnlyStore):
        store.update(SmttePlan, share.plan.id, {"tovholder": "MA"}, "AA")
    with pytest.raises(ReadOnlyStore):
        store.retract(Observation, logged.entity_id, "MA")
    with pytest.raises(ReadOnlyStore):
        store.repair()
    store.poll()
    assert store.pending_count == 0
    assert snapshot(share.data) == before  # not a byte written to the newer folder


def test_a_folder_that_is_not_an_smtte_folder_is_refused(tmp_path):
    foreign = tmp_path / "budget"
    foreign.mkdir()
    (foreign / "budget-2026.xlsx").write_bytes(b"PK")
    for create in (False, True):
        with pytest.raises(NotSmtteFolder) as refused:
            Store(foreign, local_dir=tmp_path / "pc", create=create)
        assert str(foreign) in str(refused.value)
    assert sorted(p.name for p in foreign.iterdir()) == ["budget-2026.xlsx"]  # untouched

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NotSmtteFolder):
        Store(empty, local_dir=tmp_path / "pc")  # an empty folder is only set up when asked to
    assert list(empty.iterdir()) == []

    other_format = tmp_path / "other"
    other_format.mkdir()
    (other_format / layout.FORMAT_FILE).write_text(json.dumps({"format": "something-else", "version": 1}))
    with pytest.raises(NotSmtteFolder):
        Store(other_format, local_dir=tmp_path / "pc")


def test_a_missing_data_folder_is_refused_and_not_created(tmp_path):
    missing = tmp_path / "share-not-mounted"
    for create in (False, True):
        with pytest.raises(DataDirMissing) as refused:
            Store(missing, local_dir=tmp_path / "pc", create=create)
        assert str(missing) in str(refused.value)
    assert not missing.exists()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    with pytest.raises(DataDirMissing):
        Store(a_file, local_dir=tmp_path / "pc")


def test_an_empty_folder_is_set_up_when_asked_to(tmp_path):
    data = tmp_path / "new-share"
    data.mkdir()
    with Store(data, local_dir=tmp_path / "pc", create=True) as store:
        borger = Borger(navn="Bent Olsen", kortnavn="BO")
        store.create_many([*house_staff(), borger], "LE")
    info = json.loads((data / layout.FORMAT_FILE).read_bytes())
    assert (info["format"], info["version"]) == (layout.FORMAT_NAME, layout.FORMAT_VERSION)
    with Store(data, local_dir=tmp_path / "other-pc", readonly=True) as again:
        assert again.get(Borger, borger.id) == borger


def test_files_and_folders_the_store_writes_are_private_on_posix(share):
    if os.name == "nt":
        return  # Windows: the share's ACLs decide (chmod cannot express them)
    old_umask = os.umask(0)  # the most permissive umask: the store must not rely on it
    try:
        pc = share.open("pc")
        pc.create(share.observation(pc.writer), "MA")
        pc.update(SmttePlan, share.plan.id, {"tovholder": "MA"}, "AA")
        bad = share.data / layout.LOG / "2026-01" / "t111111111111.jsonl"
        os.makedirs(bad.parent, mode=0o700)
        os.close(os.open(bad, os.O_WRONLY | os.O_CREAT, 0o600))
        bad.write_bytes(b"{not json\n")
        pc.load_everything()
        assert pc.repair() == (0, 1)  # quarantine/ and the reason file are the store's too
    finally:
        os.umask(old_umask)

    checked = 0
    for path in share.data.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.is_dir():
            assert mode == 0o700, f"{path}: {oct(mode)}"
        else:
            assert mode == 0o600, f"{path}: {oct(mode)}"
        checked += 1
    assert (share.data / layout.QUARANTINE).is_dir() and (share.data / layout.MANIFESTS).is_dir()
    assert len(data_files(share.data)) >= 3 and checked > 10
    assert stat.S_IMODE((share.data / layout.FORMAT_FILE).stat().st_mode) == 0o600

    local = share.local("pc")  # this PC's journal and identity are personal too
    for path in [local, *local.rglob("*")]:
        if path.suffix == ".lock":
            continue  # an empty lock file, only ever opened, never read
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
