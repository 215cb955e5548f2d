"""Several terminals on one shared folder: real processes logging at once, pulled plugs, two app
windows on one PC, and how fast one PC sees what another logged."""

from __future__ import annotations

import json
import os
import time

from smtte_tui.models import Observation, SmttePlan
from smtte_tui.store import Store, layout, sharereader

from .conftest import HEX_ID, Share, data_files, log_files, records_in


def assert_one_writer_per_file(share: Share) -> None:
    """Each record file is named after one writer, and every revision in it was written by it."""
    for path in data_files(share.data):
        assert layout.classify(layout.relative(share.data, path)).role == "shard", f"{path.name} is not named after a writer"
        terminals = {doc["terminal"] for doc in records_in(path)}
        assert terminals <= {path.stem}, f"{path} holds revisions of {terminals - {path.stem}}"
    for path in (share.data / layout.MANIFESTS).glob("*.json"):
        assert json.loads(path.read_bytes())["writer"] == path.stem


def test_three_terminals_logging_at_once_lose_nothing_and_never_share_a_file(share, terminals):
    pcs = [terminals(f"pc-{n}") for n in range(3)]
    assert len({pc.writer for pc in pcs}) == 3
    office = share.open("kontoret")  # a fourth PC, watching the folder while the three write
    for pc in pcs:
        pc.send("append 60")  # all three start logging at the same moment

    acknowledged: dict[str, list[str]] = {}
    first = []
    for _ in range(60):  # each time pc-0 acknowledges a record, the office looks at the folder
        first += pcs[0].acknowledged(1)
        office.poll()
        assert office.problems == {}, "a reader saw a half-written file"
        assert office.conflict_copies == set()
    pcs[0].expect("DONE")
    acknowledged[pcs[0].writer] = first
    for pc in pcs[1:]:
        acknowledged[pc.writer] = pc.acknowledged(60)
        pc.expect("DONE")
    for pc in pcs:
        assert pc.finish() == 0, pc.stderr()

    every_id = {i for ids in acknowledged.values() for i in ids}
    assert len(every_id) == 180
    fresh = share.reader()
    assert {o.id for o in fresh.all(Observation)} == every_id
    assert fresh.record_counts()["observation"] == 180
    assert fresh.problems == {} and fresh.conflict_copies == set()
    office.poll()
    assert {o.id for o in office.all(Observation)} == every_id

    assert_one_writer_per_file(share)
    for kind in (layout.LOG, layout.BORGERE):  # the month's log and the borger's year: the same records
        files = [p for p in data_files(share.data) if kind in p.relative_to(share.data).parts]
        assert {p.stem for p in files} == set(acknowledged)
        for path in files:  # each terminal's records are in its own file, and only there
            assert {doc["entity_id"] for doc in records_in(path)} == set(acknowledged[path.stem])


def test_pulling_the_plug_mid_logging_keeps_every_acknowledged_record_and_breaks_no_file(share, terminals):
    victims = [terminals(f"pc-{n}") for n in range(3)]
    for victim in victims:
        victim.send("loop")  # log as fast as possible until killed
    acknowledged: dict[str, list[str]] = {}
    for victim, before_kill in zip(victims, (3, 25, 60)):
        ids = victim.acknowledged(before_kill)
        victim.kill_9()
        ids += [line for line in victim.rest() if len(line) == HEX_ID]  # printed before the kill
        acknowledged[victim.writer] = ids
        assert victim.proc.returncode != 0

    # (a) the share alone holds every acknowledged record: another PC that never saw the
    # victims' journals reads them all
    other_pc = share.reader("other-pc")
    visible = {o.id for o in other_pc.all(Observation)}
    for writer, ids in acknowledged.items():
        assert set(ids) <= visible, f"{writer} lost acknowledged records"

    # (b) no record is broken and no temp file poses as data; an append the kill cut short can
    # only leave an unfinished last line, which readers leave alone until its writer finishes it
    assert other_pc.problems == {}
    assert other_pc.conflict_copies == set()
    for path in share.data.rglob("*"):
        if path.is_file():
            assert not (path.name.startswith(".") and path.name.endswith((".json", ".jsonl"))), path
            if path.name.endswith(".jsonl"):
                complete = path.read_bytes()
                for line in complete[: complete.rfind(b"\n") + 1].splitlines():
                    json.loads(line)  # every complete line is a whole record
    assert_one_writer_per_file(share)

    # the killed terminals start again as themselves, with nothing stuck in their journals
    for victim in victims:
        again = share.open(victim.name)
        assert again.writer == victim.writer
        assert again.pending_count == 0 and again.share_ok
        assert set(acknowledged[victim.writer]) <= {o.id for o in again.all(Observation)}
        again.create(share.observation(again.writer), "MA")  # and log on
        assert again.problems == {}
        again.close()
    for path in data_files(share.data):  # every file whole again: each writer finished its own
        assert path.read_bytes().endswith(b"\n"), path
    checker = share.reader("checker")  # a full check finds nothing to report
    assert checker.problems == {} and checker.conflict_copies == set()
    for month in {p.parent for p in data_files(share.data)}:
        assert [p.name for p in month.iterdir() if p.name.startswith(".")] == []  # crash leftovers removed


def test_two_app_windows_on_one_pc_write_as_two_writers_and_both_are_kept(share):
    first = share.open("pc")
    second = share.open("pc")  # same local folder: the same PC, a second smtte window
    assert first.writer != second.writer
    a = first.create(share.observation(first.writer), "MA")
    b = second.create(share.observation(second.writer, value=False), "LE")
    c = first.create(share.observation(first.writer), "MA")

    fresh = share.reader()
    assert {a.entity_id, b.entity_id, c.entity_id} <= {o.id for o in fresh.all(Observation)}
    first.poll(), second.poll()
    for window in (first, second):
        assert window.get(Observation, b.entity_id).vaerdi is False
    assert_one_writer_per_file(share)
    stems = {p.stem for p in log_files(share.data)}
    assert stems == {first.writer, second.writer}

    first.close()
    second.close()
    third = share.open("pc")  # the next start takes the PC's own terminal id again
    assert third.writer == third.identity.id == first.writer


def test_a_second_window_closed_while_the_share_was_away_is_shared_by_the_next_start(share):
    first = share.open("pc")
    second = share.open("pc")
    away = share.data.with_name("share-away")
    share.data.rename(away)
    left = [second.create(share.observation(second.writer), "MA").entity_id for _ in range(2)]
    assert second.pending_count == 2 and not second.share_ok
    second.close()
    first.close()
    away.rename(share.data)

    next_start = share.open("pc")
    assert next_start.pending_on_this_pc() == 0
    assert set(left) <= {o.id for o in share.reader().all(Observation)}
    assert_one_writer_per_file(share)  # written under the second window's id, not the adopter's


def test_a_second_pc_sees_a_new_observation_within_three_seconds(share, terminals):
    watcher = terminals("vagtstuen")  # polls like the running app
    writer = share.open("kontoret")
    observation = share.observation(writer.writer)
    watcher.send(f"watch {observation.id}")
    watcher.expect("WATCHING")

    start = time.monotonic()
    writer.create(observation, "MA")
    seen = watcher.expect("SEEN", timeout=10)
    elapsed = time.monotonic() - start

    assert seen == f"SEEN {observation.id}"
    assert elapsed < 3.0, f"the other PC saw the observation after {elapsed:.2f} s (the contract is 3 s)"
    assert watcher.finish() == 0


def test_a_poll_rereads_only_the_files_that_changed(share, monkeypatch):
    reads = []
    real_fetch = sharereader.fetch_one

    def counting_fetch(root, rel, seen, expect=None):
        reads.append((rel, seen.consumed if seen else 0))
        return real_fetch(root, rel, seen, expect)

    monkeypatch.setattr(sharereader, "fetch_one", counting_fetch)
    office = share.open("kontoret")
    other = share.open("vagtstuen")
    other.create(share.observation(other.writer), "MA")
    other.update(SmttePlan, share.plan.id, {"tovholder": "MA"}, "AA")
    office.poll()  # catch up with both

    reads.clear()
    quiet = office.poll()
    assert quiet.files == 0 and not quiet
    assert reads == [], "a poll without changes read record files"

    logged = other.create(share.observation(other.writer), "MA")
    reads.clear()
    changes = office.poll()
    assert changes.files == 1
    assert changes.kinds == {"observation"} and changes.borgere == {share.borger.id}
    [(rel, offset)] = reads  # one file: the month's log of the writer that logged
    assert rel == f"{layout.LOG}/{layout.month_of(logged.written_at)}/{other.writer}.jsonl"
    assert offset > 0, "the file was read from the start, not from where the last read stopped"
    assert office.get(Observation, logged.entity_id) is not None

    reads.clear()
    assert office.poll().files == 0 and reads == []


def test_one_share_reached_by_two_paths_is_one_folder_to_the_pc(share, tmp_path):
    """S:\\smtte and \\\\server\\share\\smtte: the same folder under two names. The PC's journal
    follows the folder (its id in FORMAT.json), and one installation never writes under one id
    from two processes at once."""
    alias = tmp_path / "mapped-drive"
    os.symlink(share.data, alias, target_is_directory=True)
    first = share.open("pc")
    second = Store(alias, local_dir=share.local("pc"))
    try:
        assert first.writer != second.writer  # two processes, two writers, whatever the path
        assert first._journal_dir() == second._journal_dir()
        first.create(share.observation(first.writer), "MA")
        second.create(share.observation(second.writer), "MA")
        assert_one_writer_per_file(share)
    finally:
        second.close()
        first.close()

    by_alias = Store(alias, local_dir=share.local("pc"))
    away = share.data.with_name("share-away")
    share.data.rename(away)  # the share drops away: the save waits in the journal
    waiting = by_alias.create(share.observation(by_alias.writer), "MA")
    assert by_alias.pending_count == 1
    by_alias.close()
    away.rename(share.data)
    by_name = share.open("pc")  # the next start reaches the share by its other name
    assert by_name.writer == by_alias.writer and by_name.pending_on_this_pc() == 0
    assert waiting.entity_id in {o.id for o in share.reader().all(Observation)}
