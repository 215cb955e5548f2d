"""A read Windows refuses for a moment is never taken for the file's state (issue W2).

On a Windows PC a read fails now and then for reasons that have nothing to do with the file: an
antivirus scan or the search indexer holds it (a sharing violation, winerror 32, which Python
raises as PermissionError), or the file is a OneDrive "online-only" file while OneDrive is not
running (winerror 362, HRESULT 0x8007016A, which Python raises as OSError with errno EINVAL).
Such a read must report nothing as damaged, ``--repair`` must never move a file because of it,
and the records are read at the next poll. The errors are injected where every read starts
(``os.open`` of that one file, for reading), with Windows' own numbers, into the real store.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from smtte_tui.models import Borger, Observation
from smtte_tui.store import Store, StoreError, layout, legacy
from smtte_tui.store.journal import Journal
from tests.people import house_staff

from .conftest import NOW, fixed_clock, log_files, published_ids, records_in
from .format1 import write_format1_folder


def sharing_violation(path: str) -> OSError:
    error = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process", path)
    error.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    return error


def onedrive_not_running(path: str) -> OSError:
    error = OSError(errno.EINVAL, "The cloud file provider is not running", path)
    error.winerror = 0x16A  # type: ignore[attr-defined]  # ERROR_CLOUD_FILE_PROVIDER_NOT_RUNNING (0x8007016A)
    return error


WINDOWS_READ_ERRORS = {"antivirus holds the file": sharing_violation, "OneDrive is not running": onedrive_not_running}


class HeldFiles:
    """Reads of the files named in ``held`` fail with ``error`` until they are let go; writes and
    every other file are left alone. Both ways a file is opened for reading are covered:
    ``os.open`` (the share's files) and ``io.open`` (``Path.read_bytes``, the PC's own files)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, error: Callable[[str], OSError]) -> None:
        self.held: set[Path] = set()
        self.refused = 0
        self.times: int | None = None
        real_os_open, real_io_open = os.open, io.open

        def refuse(path) -> None:
            if isinstance(path, (str, bytes, os.PathLike)) and Path(os.fsdecode(path)) in self.held:
                self.refused += 1
                if self.times is not None:
                    self.times -= 1
                    if self.times == 0:
                        self.let_go()
                raise error(os.fsdecode(path))

        def os_open(path, flags, *args, **kwargs):
            if not flags & (os.O_WRONLY | os.O_RDWR):
                refuse(path)
            return real_os_open(path, flags, *args, **kwargs)

        def io_open(file, mode="r", *args, **kwargs):
            if not any(c in mode for c in "wax+"):
                refuse(file)
            return real_io_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(os, "open", os_open)
        monkeypatch.setattr(io, "open", io_open)

    def hold(self, *paths: Path, times: int | None = None) -> None:
        """Refuse reads of ``paths`` until ``let_go`` (or for the first ``times`` reads)."""
        self.held |= set(paths)
        self.times = times

    def let_go(self) -> None:
        self.held.clear()
        self.times = None


@pytest.fixture(params=list(WINDOWS_READ_ERRORS), ids=list(WINDOWS_READ_ERRORS))
def held(request, monkeypatch) -> HeldFiles:
    return HeldFiles(monkeypatch, WINDOWS_READ_ERRORS[request.param])


def annes_observations(share, n: int = 2) -> tuple[list[str], Path]:
    anne = share.open("annes-pc", clock=fixed_clock(NOW))
    saved = [anne.create(share.observation(anne.writer), "MA").entity_id for _ in range(n)]
    anne.close()
    [month_file] = [p for p in log_files(share.data) if p.stem == anne.writer]
    return saved, month_file


def observation_ids(store: Store) -> set[str]:
    return {o.id for o in store.all(Observation)}


def test_a_record_file_held_at_start_up_is_not_damaged_and_is_read_at_the_next_poll(share, held):
    saved, month_file = annes_observations(share)
    held.hold(month_file)
    lene = share.open("lenes-pc", clock=fixed_clock(NOW))
    assert held.refused
    assert not set(saved) & observation_ids(lene)
    assert lene.problems == {} and lene.sync_state().problems == 0

    held.let_go()
    lene.poll()
    assert set(saved) <= observation_ids(lene)
    assert lene.problems == {}


def test_a_record_file_held_during_a_poll_is_read_at_the_next_one(share, held):
    lene = share.open("lenes-pc", clock=fixed_clock(NOW))
    saved, month_file = annes_observations(share)
    held.hold(month_file)
    lene.poll()
    assert held.refused and not set(saved) & observation_ids(lene)
    assert lene.problems == {}
    held.let_go()
    lene.poll()
    assert set(saved) <= observation_ids(lene)
    assert lene.problems == {}


def test_a_manifest_held_at_start_up_stops_nothing_and_is_read_at_the_next_poll(share, held):
    saved, _ = annes_observations(share)
    manifests = sorted((share.data / layout.MANIFESTS).glob("t*.json"))
    held.hold(*manifests)
    lene = share.open("lenes-pc", clock=fixed_clock(NOW))  # opens: a manifest is only a way to find changes
    assert held.refused
    assert lene.problems == {}
    lene.poll()
    assert lene.problems == {} and not lene.share_ok  # not read now: the sync bar says so, nothing is damaged
    held.let_go()
    lene.poll()
    assert lene.share_ok
    assert set(saved) <= observation_ids(lene)
    assert lene.problems == {}


def test_a_borger_timeline_with_a_held_year_file_is_complete_when_opened_again(share, held):
    saved, _ = annes_observations(share)
    [year_file] = [p for p in (share.data / layout.BORGERE / share.borger.id).glob("*/t*.jsonl") if p.stem != share.setup_writer]
    lene = share.open("lenes-pc", clock=fixed_clock(NOW + dt.timedelta(days=400)))  # Anne's month is long past
    assert not set(saved) & observation_ids(lene)
    held.hold(year_file)
    lene.load_borger_history(share.borger.id)
    assert lene.problems == {}
    held.let_go()
    lene.load_borger_history(share.borger.id)
    assert set(saved) <= observation_ids(lene)


def test_repair_never_moves_a_file_it_could_not_read(share, held):
    saved, month_file = annes_observations(share)
    content = month_file.read_bytes()
    held.hold(month_file)
    repairer = share.open("lenes-pc", clock=fixed_clock(NOW))
    repairer.load_everything()
    assert repairer.problems == {}
    assert repairer.repair() == (0, 0)
    held.let_go()
    assert month_file.read_bytes() == content
    assert repairer.quarantine_listing() == []
    assert [doc["entity_id"] for doc in records_in(month_file)] == saved


def test_a_format1_file_held_during_the_migration_is_not_damaged_and_the_migration_finishes_later(tmp_path, held):
    data, scratch_data = tmp_path / "share", tmp_path / "scratch"
    scratch_data.mkdir()
    borger = Borger(navn="Bent Olsen", kortnavn="BO")
    with Store(scratch_data, local_dir=tmp_path / "scratch-pc", create=True) as scratch:
        scratch.create_many([*house_staff(), borger], "LE")
        revisions = sorted(scratch._revs.values(), key=lambda rev: rev.hlc)
    files = write_format1_folder(data, revisions)
    core_file = next(path for path in files if "core" in path.parts)
    held.hold(core_file)
    with Store(data, local_dir=tmp_path / "pc") as first:
        assert first.problems == {}
        assert not first.get(Borger, borger.id)
    info = json.loads((data / layout.FORMAT_FILE).read_bytes())
    assert not info["migration"].get("finished")  # a file it could not read: not done yet
    held.let_go()
    assert core_file.read_bytes() == files[core_file]
    with Store(data, local_dir=tmp_path / "pc") as second:
        assert second.get(Borger, borger.id) == borger
        assert second.problems == {}
    assert json.loads((data / layout.FORMAT_FILE).read_bytes())["migration"]["finished"]


def test_the_format1_reader_says_could_not_read_now_rather_than_damaged(tmp_path, held):
    path = tmp_path / "core" / "2026" / "t0123456789ab.json"
    path.parent.mkdir(parents=True)
    path.write_text("{}", encoding="utf-8")
    held.hold(path)
    found = legacy.read_file(path)
    assert found.problem is None and isinstance(found.failed, OSError)


def test_a_journal_held_for_a_moment_opens_and_one_held_longer_is_never_taken_for_empty(share, monkeypatch):
    away = share.data.with_name("share-away")
    laptop = share.open("laptop")
    share.data.rename(away)
    saved = laptop.create(share.observation(laptop.writer), "MA")
    laptop.close()
    away.rename(share.data)
    journal = laptop.journal.path
    before = journal.read_bytes()

    scan = HeldFiles(monkeypatch, sharing_violation)  # the PC's own disk: an antivirus scan, not OneDrive
    scan.hold(journal)
    with pytest.raises(StoreError) as refused:
        share.open("laptop")
    assert "journal" in str(refused.value)
    scan.let_go()
    assert journal.read_bytes() == before  # never taken for empty, never emptied

    refused_before = scan.refused
    scan.hold(journal, times=2)  # a scan that lets go within a moment: the start just goes on
    again = share.open("laptop")
    assert scan.refused == refused_before + 2 and again.writer == laptop.writer and again.pending_count == 0
    assert saved.id in published_ids(share.data, laptop.writer)
    assert Journal(journal).pending == []


def test_a_share_file_held_while_this_pc_reconciles_it_is_never_set_aside(share, held):
    pc = share.open("pc", clock=fixed_clock(NOW))
    first = pc.create(share.observation(pc.writer), "MA")
    [mine] = [p for p in log_files(share.data) if p.stem == pc.writer]
    mine.write_bytes(mine.read_bytes()[:-5])  # cut short on the share: the next publish reconciles
    pc.own.forget_share()
    held.hold(mine)
    second = pc.create(share.observation(pc.writer), "MA")
    assert pc.pending_count == 1 and not pc.share_ok
    assert not (share.data / layout.QUARANTINE).exists()
    held.let_go()
    assert pc.flush() == 0
    assert {first.id, second.id} <= set(published_ids(share.data, pc.writer))


def test_a_format_file_held_at_start_asks_to_try_again_and_never_to_restore_it(share, held):
    from smtte_tui.i18n import t
    from smtte_tui.store import DataDirMissing

    format_file = share.data / layout.FORMAT_FILE
    held.hold(format_file)
    with pytest.raises(DataDirMissing) as refused:
        share.open("lenes-pc")
    assert str(refused.value) == t("store.error.format_busy", path=format_file)  # not "put it back from a backup"
    held.let_go()
    assert share.open("lenes-pc").staff_expected
