"""A format-1 folder becomes format 2 in place: nothing is lost (``smtte check`` counts the same
records before and after), an interrupted migration is finished by the next start, a format-1
terminal meeting the new folder writes nothing, and format-1 files written late are picked up."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smtte_tui.demo import write_demo
from smtte_tui.models import Observation
from smtte_tui.store import Store, layout, legacy

from .conftest import data_files, observation_revision, records_in
from .format1 import format1_path, write_format1_folder


def smtte_check(data: Path, local: Path, *extra: str) -> dict:
    env = {**os.environ, "SMTTE_LOCAL_DIR": str(local)}
    result = subprocess.run([sys.executable, "-m", "smtte_tui", "check", "--data-dir", str(data), "--json", *extra], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def format1(tmp_path: Path):
    """A year-old house written by two terminals in format 1, and every revision in it."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    writers = [Store(scratch, local_dir=tmp_path / f"w{n}", create=True) for n in range(2)]
    write_demo(writers[0], borgere=3, days=70, seed=5, terminals=writers)
    for writer in writers:
        writer.close()
    everything = Store(scratch, local_dir=tmp_path / "collect", readonly=True)
    everything.load_everything()
    revisions = sorted(everything._revs.values(), key=lambda rev: rev.hlc)
    everything.close()
    data = tmp_path / "share"
    files = write_format1_folder(data, revisions)
    return {"data": data, "tmp": tmp_path, "revisions": revisions, "files": files}


def ids_seen(data: Path, local: Path) -> set[str]:
    with Store(data, local_dir=local, readonly=True) as store:
        store.load_everything()
        return set(store._revs)


def test_a_format1_folder_is_migrated_in_place_and_check_counts_the_same_records(format1):
    data, tmp = format1["data"], format1["tmp"]
    before = smtte_check(data, tmp / "check-before")
    assert before["ok"] is True and before["total"] == len(format1["revisions"])
    assert json.loads((data / layout.FORMAT_FILE).read_bytes())["version"] == 1  # a check writes nothing

    with Store(data, local_dir=tmp / "first-v2-pc") as store:  # the first updated terminal
        assert store.format_version == 2
        newest = max((r for r in format1["revisions"] if r.entity == "observation"), key=lambda r: r.hlc)
        assert store.get(Observation, newest.entity_id) is not None  # the recent months, as at any start

    info = json.loads((data / layout.FORMAT_FILE).read_bytes())
    assert info["version"] == 2 and info["migration"]["finished"] and info["personale"] is True
    assert info["migration"]["records"] == len(format1["revisions"])
    after = smtte_check(data, tmp / "check-after")
    assert after["ok"] is True
    assert after["records"] == before["records"] and after["total"] == before["total"]
    assert ids_seen(data, tmp / "reader") == {rev.id for rev in format1["revisions"]}
    for path, content in format1["files"].items():
        assert path.read_bytes() == content  # the format-1 files stay, untouched: the proof
    # a fresh format-2 terminal finds everything in the new files alone
    with Store(data, local_dir=tmp / "fresh-pc") as fresh:
        assert {o.id for o in fresh.all(Observation)} >= {
            r.entity_id for r in format1["revisions"] if r.entity == "observation" and r.written_at.date() >= dt.date.today().replace(day=1) - dt.timedelta(days=31)
        }


def test_an_interrupted_migration_is_finished_by_the_next_start_and_nothing_is_counted_twice(format1, monkeypatch):
    data, tmp = format1["data"], format1["tmp"]
    real_read = legacy.read_file
    done = []

    def failing_read(path):
        if len(done) == 3:
            raise OSError("the share went away in the middle of the migration")
        done.append(path)
        return real_read(path)

    monkeypatch.setattr(legacy, "read_file", failing_read)
    with pytest.raises(OSError):
        Store(data, local_dir=tmp / "interrupted-pc")
    monkeypatch.setattr(legacy, "read_file", real_read)
    info = json.loads((data / layout.FORMAT_FILE).read_bytes())
    assert info["version"] == 2 and "finished" not in info["migration"]
    # meanwhile every terminal still sees every record (format-1 files are read while unfinished)
    assert ids_seen(data, tmp / "meanwhile") == {rev.id for rev in format1["revisions"]}

    with Store(data, local_dir=tmp / "next-pc"):
        pass
    info = json.loads((data / layout.FORMAT_FILE).read_bytes())
    assert info["migration"]["finished"]
    after = smtte_check(data, tmp / "check")
    assert after["ok"] is True and after["total"] == len(format1["revisions"])


def test_records_a_format1_terminal_writes_after_the_migration_are_published_again(format1, monkeypatch):
    data, tmp = format1["data"], format1["tmp"]
    monkeypatch.setattr(Store, "LEGACY_SWEEP_EVERY_S", 0.0)
    watcher = Store(data, local_dir=tmp / "watcher")  # migrates, then keeps watching
    # a terminal not yet updated (it was running during the migration) saves in format 1
    plan = next(r for r in format1["revisions"] if r.entity == "plan" and r.op == "create")
    late = Observation(
        borger_id=plan.borger_id,
        plan_id=plan.entity_id,
        tegn_id=plan.data["tegn"][0]["id"],
        maaletype=plan.data["tegn"][0]["maaletype"],
        vaerdi=True if plan.data["tegn"][0]["maaletype"] == "ja_nej" else 1,
        dato=dt.date.today(),
        vagt="dag",
        forfatter="MA",
        terminal="t01d01d01d01d",
    )
    now = dt.datetime.now(dt.UTC)
    rev = observation_revision(late, "t01d01d01d01d", now).model_copy(update={"at": None})
    path = format1_path(data, rev, "t01d01d01d01d")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"observation": {"1": rev.model_dump(mode="json", exclude={"at"})}}), encoding="utf-8")

    watcher.poll()
    assert watcher.get(Observation, late.id) is not None
    watcher.close()
    with Store(data, local_dir=tmp / "fresh") as fresh:  # reads format 2 only: the record was republished
        assert fresh.get(Observation, late.id) is not None
    assert any(late.id in {doc["entity_id"] for doc in records_in(p)} for p in data_files(data))


def test_the_format1_reader_survives_damaged_and_hostile_files(tmp_path):
    month = tmp_path / "borgere" / "abc" / "2026-11"
    month.mkdir(parents=True)
    (month / "t111111111111.json").write_bytes(b"[" * 200_000)
    (month / "t222222222222.json").write_bytes(b'{"observation": {"1": {"id": "x"}}}')
    (month / "t333333333333.json").write_bytes(b"\xff\xfe")
    found = {p.name: legacy.read_file(p) for p in legacy.shard_files(tmp_path)}
    assert set(found) == {"t111111111111.json", "t222222222222.json", "t333333333333.json"}
    assert all(item.problem and not item.revisions for item in found.values())
