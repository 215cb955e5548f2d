"""Issue S: nothing typed, synced or planted in the data folder may crash the house, lose a record
or open a door. Each test replays one of the original attacks (or everyday faults: a half-synced
file, a PC clock that is wrong, two PCs given the same name by a rolled-out config) against the
format-2 store, with real files, real ``smtte`` processes and real terminal processes.

The ``smtte`` command runs as its own OS process (``python -m smtte_tui``) with its own local folder,
as on another PC; its peak memory is taken from the kernel's accounting of that child
(``os.wait4``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from smtte_tui.features.signin.signin import sign_in
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Borger, Medarbejder, Notat
from smtte_tui.store import NotAllowed, Revision, Store, StoreError, layout, records
from smtte_tui.store.hlc import encode
from tests.people import PIN, house_staff

from .conftest import Share, data_files, log_files, records_in, write_shard

UTC = dt.UTC
ALL_IN_ORDER = "Alt er i orden"  # the start of cli.check.ok in Danish
GHOST = "t0a0a0a0a0a0a"  # a writer that no longer runs (its PC is gone); its files stay on the share


# --- helpers -------------------------------------------------------------------------------------


def now() -> dt.datetime:
    return dt.datetime.now(UTC)


def month() -> str:
    """The month folder a terminal with a correct clock writes to now (UTC, like the store)."""
    return f"{now():%Y-%m}"


def reason_prefix(key: str, **params: object) -> str:
    """The catalog sentence for ``key`` up to its ``detail`` placeholder."""
    return t(key, detail="\x00", **params).split("\x00")[0]


def note(share: Share, text: str = "Anna var glad i dag") -> Notat:
    return Notat(borger_id=share.borger.id, dato=now().date(), tekst=text, forfatter="MA")


def note_revision(entity: Notat, writer: str, *, hlc: str | None = None, borger_id: str | None = None, at: dt.datetime | None = None) -> Revision:
    """The create revision terminal ``writer`` would have written for ``entity`` (built without
    validation: a planted record need not be one the model accepts)."""
    at = at or now()
    return Revision.model_construct(
        parents=[],
        entity="notat",
        entity_id=entity.id,
        op="create",
        hlc=hlc or encode(int(at.timestamp() * 1000), 0, writer),
        author="MA",
        terminal=writer,
        borger_id=borger_id or entity.borger_id,
        data=entity.model_dump(mode="json"),
        at=at,
    )


def ghost_file(share: Share, writer: str = GHOST) -> Path:
    return share.data / layout.log_file(month(), writer)


def note_ids(store: Store) -> set[str]:
    return {n.id for n in store.all(Notat)}


def tree(folder: Path, *, leave_out: tuple[Path, ...] = ()) -> dict[str, bytes | str]:
    """Every file, folder and link below ``folder`` (content for files, target for links)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        if any(path == skip or skip in path.parents for skip in leave_out):
            continue
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[key] = "<folder>"
        else:
            found[key] = path.read_bytes()
    return found


@dataclass
class Run:
    rc: int
    out: str
    err: str
    peak_mb: float | None  # the child's peak resident memory (VmHWM), where the OS reports it

    def report(self) -> dict[str, Any]:
        assert self.out.strip(), f"no report on stdout (rc={self.rc}); stderr: {self.err}"
        return json.loads(self.out)

    def named(self, path: Path) -> list[str]:
        """The reasons ``check --json`` gives for ``path`` (still in place)."""
        return [item["reason"] for item in self.report()["quarantined"] if item["in_place"] and item["path"] == str(path)]


def smtte(pc: Path, *args: str, stdin: str = "", timeout: float = 180.0) -> Run:
    """``python -m smtte_tui ARGS`` as a separate process on another PC (local folder ``pc``)."""
    env = {**os.environ, "SMTTE_LOCAL_DIR": str(pc), "SMTTE_LANG": "da"}
    proc = subprocess.Popen([sys.executable, "-m", "smtte_tui", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    output: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda name=name, stream=stream: output.__setitem__(name, stream.read())) for name, stream in (("out", proc.stdout), ("err", proc.stderr))]
    for reader in readers:
        reader.start()
    assert proc.stdin is not None
    proc.stdin.write(stdin.encode("utf-8"))
    proc.stdin.close()
    watchdog = threading.Timer(timeout, proc.kill)  # a hang fails the test instead of blocking the suite
    watchdog.start()
    try:
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            peak: float | None = usage.ru_maxrss / 1024  # KiB on Linux
        else:
            proc.wait()
            peak = None
    finally:
        watchdog.cancel()
    for reader in readers:
        reader.join(timeout=30)
    assert proc.returncode != -9, f"smtte {' '.join(args)} did not finish within {timeout} s"
    return Run(proc.returncode, output.get("out", b"").decode("utf-8", "replace"), output.get("err", b"").decode("utf-8", "replace"), peak)


def check(share: Share, pc: str, *extra: str, data: Path | None = None) -> Run:
    return smtte(share.local(pc), "check", "--data-dir", str(data or share.data), *extra)


def no_crash(run: Run) -> None:
    """Finished with a report or a Danish sentence: no traceback, no 'unexpected error'."""
    unexpected = t("cli.error.unexpected", detail="\x00", log="\x00").split("\x00")[0]
    assert "Traceback" not in run.err + run.out, run.err
    assert unexpected not in run.err + run.out, run.err
    assert "RecursionError" not in run.err and "MemoryError" not in run.err, run.err


# --- S2: two PCs rolled out with the same terminal name ------------------------------------------


def test_two_pcs_rolled_out_as_stuen_hus_a_each_saving_100_notes_at_once_keep_all_200(share, terminals):
    first = terminals("stue-pc-1", "Stuen Hus A")
    second = terminals("stue-pc-2", "Stuen Hus A")
    assert first.writer != second.writer

    for pc in (first, second):
        pc.send("notes 100")  # both save at the same time
    acknowledged = {pc.name: pc.acknowledged(100) for pc in (first, second)}
    for pc in (first, second):
        pc.expect("DONE")
        pc.send("state")
        assert pc.expect("STATE") == "STATE 0 1"  # nothing pending, share reachable

    saved = set(acknowledged["stue-pc-1"]) | set(acknowledged["stue-pc-2"])
    assert len(saved) == 200
    reader = share.reader()
    assert note_ids(reader) == saved
    assert reader.problems == {} and reader.conflict_copies == set()
    for pc in (first, second):
        [own_log] = [p for p in log_files(share.data) if p.stem == pc.writer]
        assert {doc["entity_id"] for doc in records_in(own_log)} == set(acknowledged[pc.name])
    shown = {state.writer: state.navn for state in reader.terminals()}
    assert shown[first.writer] == shown[second.writer] == "Stuen Hus A"  # the name is only what people read


def test_a_pc_whose_local_folder_was_cloned_from_another_writes_as_its_own_writer(share):
    original = share.open("stue-pc-1", terminal_name="Stuen Hus A")
    before = [original.create(note(share, f"Før kloning {n}"), "MA").entity_id for n in range(3)]
    original.close()
    shutil.copytree(share.local("stue-pc-1"), share.local("stue-pc-2"))  # a disk image rolled out to a second PC

    original = share.open("stue-pc-1", terminal_name="Stuen Hus A")
    clone = share.open("stue-pc-2", terminal_name="Stuen Hus A")
    assert clone.writer != original.writer
    after = []
    for number in range(5):  # interleaved, as two PCs saving through the same evening
        for pc in (original, clone):
            after.append(pc.create(note(share, f"Efter kloning {number} på {pc.writer}"), "MA").entity_id)
    assert original.pending_count == clone.pending_count == 0
    reader = share.reader()
    assert note_ids(reader) == set(before) | set(after)
    assert reader.problems == {}


# --- S3: check --repair while the file's writer is running ---------------------------------------


def cut_mid_line(path: Path, line: int) -> None:
    """A half-synced file: the first ``line - 1`` lines and half of the next."""
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[: line - 1]) + lines[line - 1][: len(lines[line - 1]) // 2])


def damage_text_byte(path: Path, entity_id: str) -> None:
    """One 0xFF byte inside the text of one note (a bad sector, a broken sync)."""
    content = path.read_bytes()
    start = content.index(entity_id.encode())
    text_at = content.index(b'"tekst":"', start) + len(b'"tekst":"') + 2
    path.write_bytes(content[:text_at] + b"\xff" + content[text_at + 1 :])


@pytest.mark.parametrize("damage", ["cut in the middle of a line", "one byte of one line damaged"])
def test_check_repair_while_the_writer_runs_loses_none_of_its_21_acknowledged_notes(share, terminals, damage):
    writer = terminals("stue-pc")
    writer.send("notes 20")
    acknowledged = writer.acknowledged(20)
    writer.expect("DONE")
    own = sorted(p for p in data_files(share.data) if p.stem == writer.writer)  # its log month and Anna's year
    assert len(own) == 2
    for path in own:
        if damage.startswith("cut"):
            cut_mid_line(path, 11)
        else:
            damage_text_byte(path, acknowledged[10])

    run = check(share, "kontor-pc", "--repair", "--json")  # on another PC, while the writer runs
    no_crash(run)
    report = run.report()
    assert report["ok"] is False and report["repaired"]["quarantined"] == 2
    assert not any(path.exists() for path in own)  # both set aside

    writer.send("notes 1")  # the writer's next save
    acknowledged += writer.acknowledged(1)
    writer.expect("DONE")
    writer.send("state")
    assert writer.expect("STATE") == "STATE 0 1"
    for path in own:  # the writer put its files back whole: every note it ever acknowledged
        assert {doc["entity_id"] for doc in records_in(path)} == set(acknowledged)
    reader = share.reader()
    assert note_ids(reader) == set(acknowledged)
    assert len(acknowledged) == 21
    assert reader.problems == {}


# --- S4: one damaged record costs one record, a truncated core file none that can be parsed ----


def hand_written_notes(share: Share, pc: str, count: int) -> tuple[list[str], list[Path]]:
    """``count`` notes saved on ``pc`` (then closed: the PC is away); their ids and its two files."""
    store = share.open(pc)
    ids = [store.create(note(share, f"Notat nummer {n}"), "MA").entity_id for n in range(count)]
    store.close()
    return ids, sorted(p for p in data_files(share.data) if p.stem == store.writer)


def put_huge_number(path: Path, entity_id: str) -> None:
    """A 5000-digit number in one note (where ``false`` was)."""
    content = path.read_bytes()
    start = content.index(entity_id.encode())
    field = content.index(b'"overraskelse":false', start)
    path.write_bytes(content[:field] + b'"overraskelse":' + b"7" * 5000 + content[field + len(b'"overraskelse":false') :])


@pytest.mark.parametrize("damage", ["a 0xFF byte in a note's text", "a 5000-digit number in a note"])
def test_one_damaged_note_costs_that_note_only_and_repair_rescues_the_other_29(share, damage):
    ids, files = hand_written_notes(share, "stue-pc", 30)
    broken = ids[17]
    others = {path: {doc["id"] for doc in records_in(path) if doc["entity_id"] != broken} for path in files}
    for path in files:  # the same note damaged in both copies: only that note is gone
        if damage.startswith("a 0xFF"):
            damage_text_byte(path, broken)
        else:
            put_huge_number(path, broken)
    rest = set(ids) - {broken}

    reader = share.reader()
    assert note_ids(reader) == rest
    for path in files:  # every other record of each file is read
        assert reader.problems[path].startswith(reason_prefix("store.reason.invalid_records", n=1))
        assert len(others[path]) == 29 and reader.files[path].ids == others[path]

    looked = check(share, "kontor-pc", "--json")
    no_crash(looked)
    assert looked.rc == 1 and looked.report()["ok"] is False
    for path in files:
        [reason] = looked.named(path)
        assert reason.startswith(reason_prefix("store.reason.invalid_records", n=1))

    twin = share.tmp / "share-twin"  # the same folder twice: one repair shown as text, one as JSON
    shutil.copytree(share.data, twin, symlinks=True)
    as_text = check(share, "kontor-pc", "--repair")
    no_crash(as_text)
    assert ALL_IN_ORDER not in as_text.out
    assert t("cli.check.repaired", merged=0, quarantined=2) in as_text.out
    assert as_text.rc == 1
    as_json = check(share, "kontor-pc-2", "--repair", "--json", data=twin)
    no_crash(as_json)
    assert as_json.report()["ok"] is False and as_json.report()["repaired"] == {"merged": 0, "quarantined": 2}

    for folder in (share.data, twin):
        after = Store(folder, local_dir=share.local(f"fresh-{folder.name}"), readonly=True)
        after.load_everything()
        assert note_ids(after) == rest  # all 29 rescued into the repairer's files
        assert after.problems == {}
        after.close()


def test_a_core_file_cut_in_its_last_line_gives_its_18_whole_records_and_repair_rescues_all_18(share):
    office = share.open("kontoret")  # the set-up PC: its core file
    office.create_many([Borger(navn=f"Borger nummer {n}", kortnavn=f"B{n}") for n in range(13)], "LE")
    office.close()
    core = share.data / layout.core_file(share.setup_writer)
    lines = core.read_bytes().splitlines(keepends=True)
    assert len(lines) == 19  # 4 staff, Anna, her plan and 13 more borgere
    core.write_bytes(b"".join(lines[:-1]) + lines[-1][:-40])  # half-synced: the last record cut short
    whole = [json.loads(line) for line in lines[:-1]]
    expected = Counter(doc["entity"] for doc in whole)

    reader = share.reader()
    assert reader.record_counts() == expected  # all 18 whole records are read
    assert reader.problems[core] == t("store.reason.cut_short")

    looked = check(share, "kontor-pc", "--json")
    no_crash(looked)
    assert looked.report()["ok"] is False and looked.named(core) == [t("store.reason.cut_short")]

    twin = share.tmp / "share-twin"
    shutil.copytree(share.data, twin, symlinks=True)
    as_text = check(share, "kontor-pc", "--repair")
    no_crash(as_text)
    assert ALL_IN_ORDER not in as_text.out
    assert t("cli.check.repaired", merged=0, quarantined=1) in as_text.out
    as_json = check(share, "kontor-pc-2", "--repair", "--json", data=twin)
    no_crash(as_json)
    assert as_json.report()["ok"] is False and as_json.report()["repaired"] == {"merged": 0, "quarantined": 1}

    for folder in (share.data, twin):
        after = Store(folder, local_dir=share.local(f"fresh-{folder.name}"), readonly=True)
        after.load_everything()
        assert after.record_counts() == expected  # 18 of 18 rescued
        assert {m.initialer for m in after.all(Medarbejder)} == {"LE", "MA", "AA", "BB"}
        assert {b.id for b in after.all(Borger)} == {doc["entity_id"] for doc in whole if doc["entity"] == "borger"}
        assert after.problems == {}
        after.close()


# --- S5: nesting and sizes -----------------------------------------------------------------------


def test_a_note_of_3000_brackets_is_just_text_and_comes_back_whole(share):
    brackets = "[" * 3000
    stue = share.open("stue-pc")
    saved = stue.create(note(share, brackets), "MA").entity_id
    reader = share.reader()
    assert reader.get(Notat, saved).tekst == brackets
    assert reader.problems == {}
    again = share.open("kontor-pc")  # a terminal starting afterwards
    assert again.get(Notat, saved).tekst == brackets and again.problems == {}


def deep_note_line(share: Share, writer: str, depth: int) -> bytes:
    """A note whose text is a list nested ``depth`` levels deep (written by hand: no model makes it)."""
    rev = note_revision(note(share), writer)
    return records.line(rev).replace(json.dumps(rev.data["tekst"]).encode(), b"[" * depth + b"]" * depth)


def write_big_file(path: Path, share: Share, writer: str, size: int) -> int:
    """Valid-looking note records (each line a whole revision) up to ``size`` bytes; returns how many."""
    text = "Anna gik en lang tur og snakkede om sin familie. " * 20
    template = records.line(note_revision(note(share, text), writer, hlc=encode(int(now().timestamp() * 1000), 0, writer)))
    rev_id, entity_id = json.loads(template)["id"].encode(), json.loads(template)["entity_id"].encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    count = written = 0
    with open(path, "wb") as handle:
        while written < size:
            block = b"".join(template.replace(rev_id, f"{count + n:032x}".encode()).replace(entity_id, f"e{count + n:031x}".encode()) for n in range(2000))
            handle.write(block)
            written += len(block)
            count += 2000
    return count


def test_nesting_and_size_bombs_in_the_folder_cost_one_reason_each_and_nothing_crashes(share):
    brackets_note = share.open("stue-pc").create(note(share, "[" * 3000), "MA").entity_id
    deep = share.data / layout.log_file(month(), "t0d0d0d0d0d0d")
    survivor = note_revision(note(share, "Skrevet før den dybe post"), "t0d0d0d0d0d0d")
    deep.parent.mkdir(parents=True, exist_ok=True)
    deep.write_bytes(records.line(survivor) + deep_note_line(share, "t0d0d0d0d0d0d", 3000))
    bracket_file = share.data / layout.log_file(month(), "t0c0c0c0c0c0c")
    bracket_file.write_bytes(b"[" * 200_000 + b"\n")
    big = share.data / layout.log_file(month(), "t0b0b0b0b0b0b")
    big_count = write_big_file(big, share, "t0b0b0b0b0b0b", 100 * 1024 * 1024)
    hostile = {deep, bracket_file, big}

    opened = share.open("kontor-pc")  # the app's start: the store opens and shows what it can
    assert set(opened.problems) == hostile
    assert opened.problems[big] == t("store.reason.too_large", limit=records.MAX_FILE_BYTES // (1024 * 1024))
    assert {brackets_note, survivor.entity_id} <= note_ids(opened)
    opened.create(note(share, "Skrevet trods alt"), "MA")
    opened.close()

    looked = check(share, "check-pc", "--json")
    no_crash(looked)
    assert looked.rc == 1
    assert looked.named(big) == [t("store.reason.too_large", limit=records.MAX_FILE_BYTES // (1024 * 1024))]
    assert looked.named(deep)[0].startswith(reason_prefix("store.reason.invalid_records", n=1))
    assert looked.named(bracket_file)[0].startswith(reason_prefix("store.reason.invalid_records", n=1))

    exported = smtte(share.local("eksport-pc"), "export", "--data-dir", str(share.data), "--borger", "AJ", "--as", "MA", "--format", "html", stdin=PIN + "\n")
    no_crash(exported)
    assert exported.rc == 0, exported.err
    assert "[" * 3000 in exported.out
    reported = smtte(share.local("rapport-pc"), "report", "--data-dir", str(share.data), "--period", month(), "--as", "LE", "--format", "md", stdin=PIN + "\n")
    no_crash(reported)
    assert reported.rc == 0, reported.err

    repaired = check(share, "check-pc", "--repair", "--json")
    no_crash(repaired)
    report = repaired.report()
    assert report["ok"] is False and report["repaired"]["quarantined"] == 3
    assert not any(path.exists() for path in hostile)
    kept = {path.name: reason for path, reason in share.open("quarantine-reader", readonly=True).quarantine_listing()}
    [big_reason] = [reason for name, reason in kept.items() if name.endswith(big.name)]
    assert big_reason == t("store.reason.too_large", limit=records.MAX_FILE_BYTES // (1024 * 1024))

    peaks = ", ".join(f"{name} {run.peak_mb:.0f} MB" if run.peak_mb else f"{name} ?" for name, run in (("check", looked), ("export", exported), ("report", reported), ("check --repair", repaired)))
    print(f"\nS5: {big_count} records in the 100 MB file; peak memory of the smtte process: {peaks}")  # measured, not asserted (pytest -s)

    after = share.reader()
    assert after.problems == {}  # the repair left nothing in the folder that cannot be read
    assert {brackets_note, survivor.entity_id} <= note_ids(after)


# --- S6: clock values ----------------------------------------------------------------------------


def test_a_stamp_of_all_nines_blocks_no_later_write_or_sign_in_and_check_names_it(share):
    stue = share.open("stue-pc")
    first = stue.create(note(share, "Før den forfalskede post"), "MA").entity_id
    forged = note_revision(note(share, "Fra år 2286"), GHOST, hlc=f"9999999999999.99999.{GHOST}")
    planted = ghost_file(share)
    write_shard(planted, [forged])
    own_log = share.data / layout.log_file(month(), stue.writer)
    with open(own_log, "ab") as handle:  # and the same record planted in a running writer's file
        handle.write(records.line(forged))

    kontor = share.open("kontor-pc")
    stue.poll()
    written = [first]
    for store in (stue, kontor):  # every terminal keeps signing in and writing
        result = sign_in(store, "MA", PIN, now=now(), terminal=store.writer)
        assert result.ok, result.message
        written.append(store.create(note(share, f"Efter den forfalskede post på {store.writer}"), "MA").entity_id)
        assert store.pending_count == 0 and store.share_ok
    assert planted in kontor.clock_notices

    reader = share.reader()
    assert note_ids(reader) == set(written) | {forged.entity_id}
    assert reader.problems == {}
    looked = check(share, "check-pc", "--json")
    no_crash(looked)
    report = looked.report()
    assert report["ok"] is False
    assert str(planted) in {item["path"] for item in report["clocks"]}


def test_a_pc_ten_years_ahead_writes_and_the_others_keep_writing_into_their_own_month(share):
    stue = share.open("stue-pc")  # running before the fast PC writes
    ahead = now() + dt.timedelta(days=3653)  # ten years ahead
    fast = share.open("hurtig-pc", clock=lambda: ahead)
    assert sign_in(fast, "MA", PIN, now=ahead, terminal=fast.writer).ok
    fast_note = fast.create(note(share, "Skrevet på pc'en med forkert ur"), "MA").entity_id
    assert fast.pending_count == 0 and fast.share_ok

    stue.poll()
    kontor = share.open("kontor-pc")  # starting after it
    for store in (stue, kontor):
        store.load_borger_history(share.borger.id)  # Anna's timeline: her whole history, any year
        assert fast_note in note_ids(store)
        assert sign_in(store, "MA", PIN, now=now(), terminal=store.writer).ok
        store.create(note(share, f"Skrevet på {store.writer}"), "MA")
        assert store.pending_count == 0 and store.share_ok
        mine = sorted(p.relative_to(share.data).as_posix() for p in data_files(share.data) if p.stem == store.writer)
        assert mine == sorted(
            [
                layout.log_file(month(), store.writer),
                layout.audit_file(month(), store.writer),
                f"{layout.BORGERE}/{share.borger.id}/{now():%Y}/{store.writer}{layout.SUFFIX}",
            ]
        )  # its own correct month (and year), not the fast PC's
    assert fast_note in note_ids(share.reader())


def test_the_notes_and_sign_in_attempts_of_a_pc_ten_years_ahead_are_seen_by_the_others(share):
    stue = share.open("stue-pc")  # running before the fast PC writes
    ahead = now() + dt.timedelta(days=3653)  # ten years ahead
    fast = share.open("hurtig-pc", clock=lambda: ahead)
    assert not sign_in(fast, "MA", "999999", now=ahead, terminal=fast.writer).ok  # a failed attempt counts
    fast_note = fast.create(note(share, "Skrevet på pc'en med forkert ur"), "MA").entity_id
    fast_events = {e.id for e in fast.all(AuditEvent)}
    assert fast_events

    stue.poll()  # the app's poll
    kontor = share.open("kontor-pc")  # a terminal starting after it
    for store in (stue, kontor):
        assert fast_note in note_ids(store)  # the house-wide views (the shift's notes, F2, ...)
        store.load_recent_audit()  # what a sign-in reads to count failed attempts
        assert fast_events <= {e.id for e in store.all(AuditEvent)}


# --- S7: a damaged core file never looks like an empty folder -------------------------------------


def test_a_folder_whose_only_core_file_is_cut_short_still_expects_staff(share):
    core = share.data / layout.core_file(share.setup_writer)
    core.write_bytes(core.read_bytes()[:200])  # not one whole record left
    stue = share.open("stue-pc")
    assert stue.all(Medarbejder) == []
    assert stue.staff_expected  # the lock screen must not offer a first start
    assert share.reader().staff_expected


def test_the_store_refuses_a_first_leder_in_a_folder_whose_staff_cannot_be_read(share):
    core = share.data / layout.core_file(share.setup_writer)
    core.write_bytes(core.read_bytes()[:200])
    stue = share.open("stue-pc")
    intruder = Medarbejder(initialer="XX", navn="Ny Leder", rolle="leder", pin_hash=house_staff()[0].pin_hash)
    with pytest.raises((NotAllowed, StoreError)):
        stue.create(intruder, "XX")  # what a first start writes (the new leder is its own author)
    assert not any(m.initialer == "XX" for m in share.reader().all(Medarbejder))


def test_a_brand_new_folder_offers_a_first_start_and_expects_staff_once_it_has_them(tmp_path):
    folder = tmp_path / "nyt-hus"
    folder.mkdir()
    with Store(folder, local_dir=tmp_path / "pc", create=True) as store:
        assert store.staff_expected is False
        store.create_many(house_staff(), "LE")  # the first start: the leder is the author
        assert store.staff_expected is True
    with Store(folder, local_dir=tmp_path / "other-pc", readonly=True) as other:
        assert other.staff_expected is True


# --- S14: ids that would lead outside the data folder ---------------------------------------------


@pytest.mark.parametrize("where", ["../../x", "absolute"])
def test_a_record_whose_borger_id_leads_outside_the_folder_is_refused_and_nothing_is_written_outside(share, terminals, where):
    bad_id = str(share.tmp / "abs" / "x") if where == "absolute" else where
    good = note_revision(note(share, "Et helt almindeligt notat"), GHOST)
    # the id in both places, and only in the revision (its data names Anna, which validates)
    both = note_revision(Notat.model_construct(**{**note(share).model_dump(), "borger_id": bad_id}), GHOST, borger_id=bad_id)
    routed = note_revision(note(share, "Kun ruten er forkert"), GHOST, borger_id=bad_id)
    planted = ghost_file(share)
    write_shard(planted, [good, both, routed])
    leave_out = (share.data, share.tmp / "pcs")
    before = {k: v for k, v in tree(share.tmp, leave_out=leave_out).items() if not k.endswith(".stderr.txt")}

    stue = terminals("stue-pc")  # a running terminal that read the planted file at start
    stue.send("notes 2")
    stue.acknowledged(2)
    stue.expect("DONE")
    stue.send("poll")
    stue.expect("POLLED")

    reader = share.reader()
    assert planted in reader.problems  # refused and reported
    assert reader.get(Notat, routed.entity_id) is None and reader.get(Notat, both.entity_id) is None
    assert reader.get(Notat, good.entity_id) is not None
    assert reader.revisions_about(bad_id) == []

    repaired = check(share, "kontor-pc", "--repair", "--json")
    no_crash(repaired)
    assert repaired.report()["repaired"]["quarantined"] == 1
    again = check(share, "kontor-pc", "--repair", "--json")  # the repairing PC still opens the folder for writing
    no_crash(again)
    assert again.report()["pending_journal"] == 0 and again.report()["repaired"]["quarantined"] == 0

    stue.send("notes 1")
    stue.acknowledged(1)
    stue.expect("DONE")
    stue.send("state")
    assert stue.expect("STATE") == "STATE 0 1"
    after = {k: v for k, v in tree(share.tmp, leave_out=leave_out).items() if not k.endswith(".stderr.txt")}
    assert after == before  # nothing created or changed outside the data folder
    assert not (share.tmp / "x").exists() and not (share.tmp / "abs").exists()
    fresh = share.reader()
    assert fresh.get(Notat, good.entity_id) is not None and fresh.get(Notat, routed.entity_id) is None


# --- S15: links inside the data folder ------------------------------------------------------------


def test_a_link_planted_at_a_writers_file_is_reported_and_never_written_through(share, terminals):
    outside = share.tmp / "udenfor"
    outside.mkdir()
    target = outside / "noget-andet.jsonl"
    forged = note_revision(note(share, "Læst gennem et link"), GHOST)
    target.write_bytes(records.line(forged))
    untouched = tree(outside)

    stue = terminals("stue-pc")
    stue.send("notes 2")
    acknowledged = stue.acknowledged(2)
    stue.expect("DONE")
    own_log = share.data / layout.log_file(month(), stue.writer)
    own_log.unlink()
    os.symlink(target, own_log)

    looked = check(share, "check-pc", "--json")
    no_crash(looked)
    assert looked.named(own_log) == [t("store.reason.link")]  # reported
    assert share.reader().get(Notat, forged.entity_id) is None  # never read through

    stue.send("notes 1")  # the writer's next save
    acknowledged += stue.acknowledged(1)
    stue.expect("DONE")
    stue.send("state")
    assert stue.expect("STATE") == "STATE 0 1"
    assert tree(outside) == untouched  # nothing written through the link
    assert not own_log.is_symlink() and {doc["entity_id"] for doc in records_in(own_log)} == set(acknowledged)
    assert set(acknowledged) <= note_ids(share.reader())


def test_a_link_planted_at_a_manifest_stops_no_terminal_and_is_never_written_through(share, terminals):
    outside = share.tmp / "udenfor"
    outside.mkdir()
    (outside / "manifest.json").write_bytes(b"{}")
    untouched = tree(outside)
    stue = terminals("stue-pc")
    office_manifest = share.data / layout.manifest_file(share.setup_writer)  # the office PC is switched off
    office_manifest.unlink()
    os.symlink(outside / "manifest.json", office_manifest)

    kontor = share.open("kontor-pc")  # a terminal starting now
    assert kontor.problems.get(office_manifest) == t("store.reason.link")
    assert {m.initialer for m in kontor.all(Medarbejder)} == {"LE", "MA", "AA", "BB"}
    stue.send("poll")  # a terminal that was running
    stue.expect("POLLED")
    stue.send("notes 1")
    stue.acknowledged(1)
    stue.expect("DONE")
    stue.send("state")
    assert stue.expect("STATE") == "STATE 0 1"
    looked = check(share, "check-pc", "--json")
    no_crash(looked)
    assert looked.named(office_manifest) == [t("store.reason.link")]

    share.open("kontoret").close()  # the office PC starts: it writes its own manifest again
    assert tree(outside) == untouched
    assert not office_manifest.is_symlink()


def test_a_linked_borger_folder_is_reported_never_read_written_or_emptied_through(share, terminals):
    outside = share.tmp / "udenfor-anna"
    year = outside / f"{now():%Y}"
    year.mkdir(parents=True)
    forged = note_revision(note(share, "Læst gennem et link"), GHOST)
    (year / f"{GHOST}.jsonl").write_bytes(records.line(forged))
    (year / "t0b0b0b0b0b0b.jsonl").write_bytes(b'{"id": "broken\n')  # a damaged file over there
    untouched = tree(outside)
    anna = share.data / layout.BORGERE / share.borger.id
    anna.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, anna, target_is_directory=True)

    stue = terminals("stue-pc")
    stue.send("notes 3")
    acknowledged = stue.acknowledged(3)
    stue.expect("DONE")
    assert tree(outside) == untouched  # the writer did not write through the link

    reader = share.reader()
    reader.load_borger_history(share.borger.id)
    assert set(acknowledged) <= note_ids(reader)  # the notes reached the share all the same
    assert reader.get(Notat, forged.entity_id) is None  # never read through

    looked = check(share, "check-pc", "--json")
    no_crash(looked)
    report = looked.report()
    assert report["ok"] is False
    assert any(item["path"] == str(anna) and item["reason"] == t("store.reason.link") for item in report["quarantined"])

    repaired = check(share, "check-pc", "--repair", "--json")
    no_crash(repaired)
    assert tree(outside) == untouched  # repair moved nothing out of the link's target
    assert set(acknowledged) <= note_ids(share.reader())


def test_repair_never_moves_files_through_a_linked_quarantine_folder(share):
    outside = share.tmp / "udenfor-karantaene"
    outside.mkdir()
    os.symlink(outside, share.data / layout.QUARANTINE, target_is_directory=True)
    good = note_revision(note(share, "Skal reddes"), GHOST)
    planted = ghost_file(share)
    write_shard(planted, [good])
    with open(planted, "ab") as handle:
        handle.write(b'{"id": "broken"}\n')
    damaged = planted.read_bytes()

    repaired = check(share, "kontor-pc", "--repair", "--json")
    no_crash(repaired)
    report = repaired.report()
    assert report["ok"] is False
    assert str(share.data / layout.QUARANTINE) in repaired.out  # the link is named
    assert list(outside.iterdir()) == []  # nothing moved through it
    assert planted.read_bytes() == damaged  # and nothing lost: the file stays where it was
    assert share.reader().get(Notat, good.entity_id) is not None


# --- S16: one revision id, two contents -----------------------------------------------------------


def test_two_files_with_one_revision_id_and_different_content_are_reported_and_the_first_read_is_kept(share):
    original = note_revision(note(share, "Det der faktisk skete"), "t0a0a0a0a0a01")
    twin = original.model_copy(update={"terminal": "t0a0a0a0a0a02", "data": {**original.data, "tekst": "Forfalsket"}})
    first, second = ghost_file(share, "t0a0a0a0a0a01"), ghost_file(share, "t0a0a0a0a0a02")
    write_shard(first, [original])
    write_shard(second, [twin])

    reader = share.reader()
    assert reader.get(Notat, original.entity_id).tekst == "Det der faktisk skete"
    assert reader.problems == {second: t("store.reason.duplicate_id", n=1)}
    stue = share.open("stue-pc")  # a terminal starting normally
    assert stue.get(Notat, original.entity_id).tekst == "Det der faktisk skete"
    assert second in stue.problems

    looked = check(share, "check-pc", "--json")
    no_crash(looked)
    assert looked.rc == 1 and looked.report()["ok"] is False
    assert looked.named(second) == [t("store.reason.duplicate_id", n=1)]
