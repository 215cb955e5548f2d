"""The store on a shared drive, proven with real files in temp folders and real OS processes."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smtte_tui.models import Borger, Maal, Observation, SmttePlan, Tegn
from smtte_tui.store import DataDirMissing, NotSmtteFolder, ReadOnlyStore, Store, layout
from tests.people import house_staff

CHILD = Path(__file__).with_name("writer_child.py")
UTC = dt.UTC


@pytest.fixture
def shared(tmp_path: Path):
    data = tmp_path / "share"
    data.mkdir()
    with Store(data, local_dir=tmp_path / "setup", create=True) as store:
        borger = Borger(navn="Anna Jensen", kortnavn="AJ")
        plan = SmttePlan(borger_id=borger.id, status="aktiv", maal=Maal(tekst="Anna går en tur"), tegn=[Tegn(tekst="Går med ud", maaletype="ja_nej")])
        store.create_many([*house_staff(), borger, plan], "LE")
    return {"data": data, "tmp": tmp_path, "borger": borger, "plan": plan}


def lines_of(path: Path) -> list[dict]:
    """The records of one JSON Lines file, read with plain ``json``."""
    return [json.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def reader(shared, name: str = "reader", **kwargs) -> Store:
    store = Store(shared["data"], local_dir=shared["tmp"] / name, readonly=True, **kwargs)
    store.load_everything()
    return store


def observation(store: Store, shared, value: bool = True) -> Observation:
    plan = shared["plan"]
    return Observation(
        borger_id=plan.borger_id, plan_id=plan.id, tegn_id=plan.tegn[0].id, maaletype="ja_nej", vaerdi=value, dato=dt.date(2026, 11, 25), vagt="dag", forfatter="MA", terminal=store.writer
    )


def start_child(shared, name: str, count: int) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, str(CHILD), str(shared["data"]), str(shared["tmp"] / name), str(count)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().startswith("READY")
    return child


def test_three_terminals_logging_at_once_lose_nothing_and_never_share_a_file(shared):
    children = [start_child(shared, f"terminal-{n}", 60) for n in range(3)]
    acknowledged = set()
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        acknowledged |= set(out.split())
    assert len(acknowledged) == 180
    store = reader(shared)
    assert acknowledged <= {o.id for o in store.all(Observation)}
    assert store.problems == {}
    for path in store.files:
        assert {doc["terminal"] for doc in lines_of(path)} <= {path.stem}  # one writer per file


def test_kill_minus_9_while_writing_keeps_every_acknowledged_record_and_breaks_no_file(shared):
    child = start_child(shared, "victim", 0)
    acknowledged = []
    assert child.stdout is not None
    while len(acknowledged) < 40:
        acknowledged.append(child.stdout.readline().strip())
    child.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    rest, _ = child.communicate(timeout=30)
    acknowledged += [line for line in rest.split() if line]
    # (a) the share alone, read by another PC, holds every acknowledged record
    store = reader(shared, "other-pc")
    assert set(acknowledged) <= {o.id for o in store.all(Observation)}
    # (b) no file is broken and no temp file poses as data
    assert store.problems == {}
    assert not [p for p in shared["data"].rglob("*.json") if p.name.startswith(".")]


def test_sync_conflict_copies_are_merged_without_double_counting_and_repaired(shared):
    with Store(shared["data"], local_dir=shared["tmp"] / "writer") as store:
        first = [store.create(observation(store, shared), "MA") for _ in range(3)]
        writer = store.writer
    shard = next((shared["data"] / layout.LOG).glob(f"*/{writer}.jsonl"))
    original = lines_of(shard)
    extra = dict(original[0], id="e" * 32, entity_id="f" * 32)
    extra["data"] = dict(extra["data"], id="f" * 32)
    copy_content = "".join(json.dumps(doc) + "\n" for doc in [*original, extra])
    copies = [
        shard.with_name(f"{shard.stem}.sync-conflict-20261125-101010-ABCDEF7.jsonl"),
        shard.with_name(f"{shard.stem} (Anne's conflicted copy 2026-11-25).jsonl"),
        shard.with_name(f"{shard.stem}-KONTOR-PC.jsonl"),
    ]
    for copy in copies:
        copy.write_text(copy_content, encoding="utf-8")
    store = reader(shared)
    assert {p.name for p in store.conflict_copies} == {c.name for c in copies}
    assert store.record_counts()["observation"] == 4  # 3 shared + 1 extra, each once
    counts = store.record_counts()
    repairer = Store(shared["data"], local_dir=shared["tmp"] / "repairer")
    repairer.load_everything()
    merged, quarantined = repairer.repair()
    assert (merged, quarantined) == (3, 0)
    assert not any(c.exists() for c in copies)
    kept = list((shared["data"] / layout.QUARANTINE).glob("*.reason.txt"))
    assert len(kept) == 3
    own = [p for p in (shared["data"] / layout.LOG).glob(f"*/{repairer.writer}.jsonl")]
    assert any("e" * 32 in p.read_text() for p in own)  # the extra record now lives in the repairer's file
    assert reader(shared, "after").record_counts() == counts
    assert {r.id for r in first} <= set(reader(shared, "after2")._revs)


def test_a_corrupt_file_is_quarantined_with_the_rest_intact(shared):
    with Store(shared["data"], local_dir=shared["tmp"] / "writer") as store:
        good = [store.create(observation(store, shared), "MA").entity_id for _ in range(2)]
    month = next((shared["data"] / layout.LOG).iterdir())
    truncated = month / "t111111111111.jsonl"
    truncated.write_text('{"id": "abc', encoding="utf-8")
    partly = month / "t222222222222.jsonl"
    valid = Revision_dict(shared, "a" * 32)
    partly.write_text(json.dumps(valid) + "\n" + json.dumps({"id": "broken"}) + "\n", encoding="utf-8")
    store = reader(shared)
    assert set(store.problems) == {truncated, partly}
    assert all(reason for reason in store.problems.values())
    assert set(good) | {"a" * 32} <= {o.id for o in store.all(Observation)}
    repairer = Store(shared["data"], local_dir=shared["tmp"] / "repairer")
    repairer.load_everything()
    assert repairer.repair() == (0, 2)
    assert not truncated.exists() and not partly.exists()
    names = sorted(p.name for p in (shared["data"] / layout.QUARANTINE).iterdir())
    assert len(names) == 4 and sum(n.endswith(".reason.txt") for n in names) == 2
    after = reader(shared, "after")
    assert after.problems == {}
    assert set(good) | {"a" * 32} <= {o.id for o in after.all(Observation)}  # the valid record was rescued


def Revision_dict(shared, entity_id: str) -> dict:
    plan = shared["plan"]
    data = {
        "id": entity_id,
        "borger_id": plan.borger_id,
        "plan_id": plan.id,
        "tegn_id": plan.tegn[0].id,
        "maaletype": "ja_nej",
        "vaerdi": True,
        "dato": "2026-11-25",
        "vagt": "aften",
        "note": "",
        "forfatter": "MA",
        "terminal": "t222222222222",
    }
    return {
        "id": "b" * 32,
        "entity": "observation",
        "entity_id": entity_id,
        "op": "create",
        "parents": [],
        "hlc": "1764000000000.00000.t222222222222",
        "author": "MA",
        "terminal": "t222222222222",
        "borger_id": plan.borger_id,
        "data": data,
    }


def test_share_unavailable_keeps_working_from_the_journal_and_flushes_later(shared):
    data, away = shared["data"], shared["data"].with_name("share-away")
    store = Store(data, local_dir=shared["tmp"] / "laptop")
    data.rename(away)
    saved = [store.create(observation(store, shared), "MA").entity_id for _ in range(3)]
    assert store.share_ok is False and store.pending_count == 3
    away.rename(data)
    assert store.flush() == 0 and store.share_ok
    assert set(saved) <= {o.id for o in reader(shared).all(Observation)}
    # a process that wrote while the share was away and then exited: the next start flushes it
    data.rename(away)
    left = store.create(observation(store, shared), "MA").entity_id
    store.close()
    away.rename(data)
    Store(data, local_dir=shared["tmp"] / "laptop").close()
    assert left in {o.id for o in reader(shared, "r2").all(Observation)}


def test_clock_skew_between_terminals_keeps_edit_order(shared):
    # around the real time: the plan was created by the real clock, and a clock more than a day
    # off another PC's stamps is not followed (hlc.MAX_AHEAD)
    fast = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(minutes=30)
    a = Store(shared["data"], local_dir=shared["tmp"] / "a", clock=lambda: fast)
    b = Store(shared["data"], local_dir=shared["tmp"] / "b", clock=lambda: fast - dt.timedelta(hours=2))
    a.update(SmttePlan, shared["plan"].id, {"tovholder": "AA"}, "AA")
    b.poll()
    b.update(SmttePlan, shared["plan"].id, {"tovholder": "BB"}, "BB")
    a.poll()
    for store in (a, b, reader(shared)):
        assert store.get(SmttePlan, shared["plan"].id).tovholder == "BB"
        ops = [r.data.get("tovholder") for r in store.history(SmttePlan, shared["plan"].id)]
        assert ops[-2:] == ["AA", "BB"]
    assert a.conflicts() == []


def test_concurrent_edits_of_one_plan_field_become_a_visible_conflict_and_resolve(shared):
    a = Store(shared["data"], local_dir=shared["tmp"] / "a")
    b = Store(shared["data"], local_dir=shared["tmp"] / "b")
    a.update(SmttePlan, shared["plan"].id, {"tovholder": "AA"}, "AA")
    b.update(SmttePlan, shared["plan"].id, {"tovholder": "BB"}, "BB")
    a.update(SmttePlan, shared["plan"].id, {"sammenhaeng": {"baggrund": "fra A"}}, "AA")
    a.poll(), b.poll()
    for store in (a, b):
        [conflict] = store.conflicts()
        assert conflict.field == "tovholder" and sorted(conflict.values) == ["AA", "BB"]
    assert a.get(SmttePlan, shared["plan"].id).tovholder == b.get(SmttePlan, shared["plan"].id).tovholder
    assert b.get(SmttePlan, shared["plan"].id).sammenhaeng.baggrund == "fra A"  # other fields merge
    a.update(SmttePlan, shared["plan"].id, {"tovholder": "BB"}, "AA")  # the tovholder picks
    b.poll()
    assert a.conflicts() == [] and b.conflicts() == []
    assert {r.data.get("tovholder") for r in b.history(SmttePlan, shared["plan"].id)} >= {"AA", "BB"}  # nothing lost


def test_observations_corrected_concurrently_never_conflict(shared):
    a = Store(shared["data"], local_dir=shared["tmp"] / "a")
    b = Store(shared["data"], local_dir=shared["tmp"] / "b")
    obs = observation(a, shared)
    a.create(obs, "MA")
    b.poll()
    a.update(Observation, obs.id, {"vaerdi": False}, "MA")
    b.update(Observation, obs.id, {"note": "rettet"}, "LE")
    a.poll(), b.poll()
    assert a.conflicts() == [] and b.conflicts() == []


def test_a_second_process_sees_a_change_within_three_seconds(shared):
    script = (
        "import sys\nfrom pathlib import Path\nfrom smtte_tui.models import Observation\nfrom smtte_tui.store import Store\n"
        f"store = Store(Path({str(shared['data'])!r}), local_dir=Path({str(shared['tmp'] / 'watcher')!r}))\n"
        "print('READY', flush=True)\nwanted = sys.stdin.readline().strip()\n"
        "import threading\ntick = threading.Event()\n"
        "while store.get(Observation, wanted) is None:\n    store.poll()\n    tick.wait(0.2)\n"
        "print('SEEN', flush=True)\n"
    )
    watcher = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert watcher.stdout.readline().startswith("READY")
    writer = Store(shared["data"], local_dir=shared["tmp"] / "writer")
    obs = observation(writer, shared)
    watcher.stdin.write(obs.id + "\n")
    watcher.stdin.flush()
    start = time.monotonic()
    writer.create(obs, "MA")
    line = watcher.stdout.readline()
    elapsed = time.monotonic() - start
    watcher.wait(timeout=10)
    assert line.startswith("SEEN") and elapsed < 3.0


def test_a_poll_without_changes_rereads_nothing(shared):
    store = Store(shared["data"], local_dir=shared["tmp"] / "a")
    other = Store(shared["data"], local_dir=shared["tmp"] / "b")
    assert store.poll().files == 0
    other.create(observation(other, shared), "MA")
    assert store.poll().files == 1
    assert store.poll().files == 0


def test_newer_format_opens_read_only_and_foreign_or_missing_folders_are_refused(shared, tmp_path):
    (shared["data"] / "FORMAT.json").write_text(json.dumps({"format": "smtte-store", "version": 99}))
    store = Store(shared["data"], local_dir=tmp_path / "x")
    assert store.readonly
    with pytest.raises(ReadOnlyStore):
        store.create(observation(store, shared), "MA")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "budget.xlsx").write_text("x")
    with pytest.raises(NotSmtteFolder):
        Store(foreign, local_dir=tmp_path / "y", create=True)
    with pytest.raises(DataDirMissing):
        Store(tmp_path / "nowhere", local_dir=tmp_path / "z", create=True)


def test_files_are_private_on_posix(shared):
    if os.name == "nt":
        return  # Windows: the share's ACLs decide (README)
    with Store(shared["data"], local_dir=shared["tmp"] / "a") as store:
        store.create(observation(store, shared), "MA")
    for path in shared["data"].rglob("*"):
        mode = path.stat().st_mode & 0o777
        if path.is_dir() and path.parent != shared["tmp"]:
            assert mode == 0o700, path
        elif path.is_file() and path.parent.name not in ("share",):
            assert mode == 0o600, path


def test_two_windows_on_one_pc_write_as_two_writers(shared):
    one = Store(shared["data"], local_dir=shared["tmp"] / "pc")
    two = Store(shared["data"], local_dir=shared["tmp"] / "pc")
    assert one.writer != two.writer
    a, b = one.create(observation(one, shared), "MA"), two.create(observation(two, shared), "MA")
    assert {a.entity_id, b.entity_id} <= {o.id for o in reader(shared).all(Observation)}


def test_correction_and_withdrawal_keep_the_original_in_history(shared):
    store = Store(shared["data"], local_dir=shared["tmp"] / "a")
    obs = observation(store, shared, value=True)
    store.create(obs, "MA")
    store.update(Observation, obs.id, {"vaerdi": False}, "MA")
    store.retract(Observation, obs.id, "MA")
    other = reader(shared)
    history = other.history(Observation, obs.id)
    assert [r.op for r in history] == ["create", "update", "retract"]
    assert history[0].data["vaerdi"] is True
    assert other.get(Observation, obs.id) is None


def test_a_copied_local_folder_becomes_a_new_terminal(tmp_path):
    import shutil

    from smtte_tui.store.terminal import load_identity

    original = load_identity(tmp_path / "pc-1")
    assert load_identity(tmp_path / "pc-1").id == original.id  # stable across starts
    shutil.copytree(tmp_path / "pc-1", tmp_path / "cloned-image")
    clone = load_identity(tmp_path / "cloned-image")
    assert clone.id != original.id and clone.klonet_fra == original.id
