"""The store on a slow, caching, faulty share (issue 12, F items 2 and 5).

Every test runs real files through the project's share simulator (``smtte_tui.sharesim``): each
``slow_share(backing=house.data)`` is one PC's connection to the same file server folder, with
5 ms a call and the Windows SMB client's caches (attributes and listings 10 s, "not found" 5 s).
What a test saves through a mount lands in ``house.data``; a fresh reader opened on that folder
is "another PC that knows only what the server holds".

* Correct under client caching: another terminal's save is seen within 3 s (the contract), and
  the first save of a terminal nobody has seen before is measured.
* Faults (EIO and ENOSPC on write, a rename failing with EIO or EACCES, EIO on read, the share
  vanishing in the middle of a series of saves), each with a terminal that publishes at once
  (write-through) and one that publishes in the background (write-behind, what the app uses):
  nothing acknowledged is lost, no file on the share is left broken, the terminal keeps working
  and its sync state tells the truth, and the journal drains when the share works again.
* Cost: share calls of an idle terminal and of a cold start, counted by the simulator.

Figures are printed (``pytest -s`` shows them). Timing is asserted only where the issue states a
contract (3 s to see another terminal's save); counts are asserted, they are not timing.

Decisions: a terminal the reader has never seen is only found through the listing of
``manifests/``, which the client may serve 10 s stale, so its first save is measured and held to
10 s plus a few polls, not to the 3 s. "No file left broken" also means no half-written temp file
left behind after recovery (readers skip dot-files, but nothing else ever removes them). EIO on
read is tried on every read and on record files only (the manifests read fine, the files they
name do not), because the two fail in different places of a poll.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smtte_tui.bench import build_house
from smtte_tui.models import Borger, Maal, Observation, SmttePlan, Tegn
from smtte_tui.sharesim import SlowShare
from smtte_tui.store import Revision, Store, SyncState, layout
from smtte_tui.store.journal import Journal
from tests.people import house_staff
from tests.sharefs.waiting import eventually
from tests.store.conftest import Share, Terminal

APP_POLL_S = 2.0  # smtte_tui.app.POLL_SECONDS (not imported: that would load Textual)
VISIBLE_WITHIN_S = 3.0  # issue 12: another terminal's save is visible within 3 s
ALL_CLEAR = SyncState(pending=0, share_ok=True, conflicts=0, problems=0)


# --- the house and its PCs ------------------------------------------------------------------------


@pytest.fixture
def house(tmp_path: Path) -> Iterator[Share]:
    """The file server's folder (plain disk: what the server holds) with the staff, Anna and her
    plan, written by the office PC; ``on(pc)`` gives the same house seen through a PC's mount."""
    server = tmp_path / "server"
    server.mkdir()
    borger = Borger(navn="Anna Jensen", kortnavn="AJ")
    plan = SmttePlan(
        borger_id=borger.id,
        status="aktiv",
        maal=Maal(tekst="Anna går en tur hver dag"),
        tegn=[Tegn(tekst="Går med ud", maaletype="ja_nej"), Tegn(tekst="Humør", maaletype="skala_1_5")],
    )
    with Store(server, local_dir=tmp_path / "pcs" / "kontoret", create=True) as setup:
        setup.create_many([*house_staff(), borger, plan], "LE")
        writer = setup.writer
    bench = Share(server, tmp_path, borger, plan, writer)
    yield bench
    bench.close_all()


def on(house: Share, pc: SlowShare) -> Share:
    """The house as one PC sees it: ``open``/``reader`` go through that PC's mount (stores opened
    this way are closed with the house's)."""
    return dataclasses.replace(house, data=pc.mount)


def log_one(store: Store, house: Share, number: int = 0) -> Revision:
    return store.create(house.observation(store.writer, value=number % 2 == 0), "MA")


def poll_like_the_app(store: Store, done: Callable[[], bool], timeout_s: float, every_s: float = APP_POLL_S) -> float:
    """Poll every ``every_s`` (the app's interval) until ``done()``; the seconds that took.
    Fails after ``timeout_s``."""
    tick = threading.Event()
    start = time.monotonic()
    while True:
        store.poll()
        if done():
            return time.monotonic() - start
        if time.monotonic() - start > timeout_s:
            raise AssertionError(f"not done within {timeout_s:g} s of polling; sync state {store.sync_state()}")
        tick.wait(every_s)


def published(store: Store) -> None:
    """Wait until the store says everything is on the share (write-behind publishes in the background)."""
    eventually(store.sync_state, lambda state: state.pending == 0 and state.share_ok, what="the journal draining")


# --- what the server holds ------------------------------------------------------------------------


def revision_ids_on(server: Path) -> set[str]:
    """Every revision id in a complete line of a record file on the server, read with plain json."""
    found: set[str] = set()
    for path in server.rglob(f"*{layout.SUFFIX}"):
        if path.name.startswith(".") or layout.QUARANTINE in path.relative_to(server).parts:
            continue
        raw = path.read_bytes()
        found |= {json.loads(line)["id"] for line in raw[: raw.rfind(b"\n") + 1].splitlines() if line.strip()}
    return found


def temp_files_on(server: Path) -> list[str]:
    return sorted(path.relative_to(server).as_posix() for path in server.rglob("*") if path.name.endswith(".tmp"))


def assert_nothing_lost_and_nothing_broken(house: Share, acknowledged: list[Revision]) -> None:
    """(a) and (b): a PC that knows only the server sees every acknowledged record, a full read
    of the folder finds nothing damaged, cut short or duplicated, and no half-written file is left."""
    checker = house.reader()  # readonly Store on the server folder + load_everything()
    missing = {rev.entity_id for rev in acknowledged} - {o.id for o in checker.all(Observation)}
    assert not missing, f"{len(missing)} acknowledged observations are not on the share"
    assert checker.problems == {}, checker.problems
    assert checker.conflict_copies == set()
    for path in house.data.rglob(f"*{layout.SUFFIX}"):
        if not path.name.startswith("."):
            assert path.read_bytes().endswith(b"\n"), f"{path} ends in the middle of a record"
    for path in (house.data / layout.MANIFESTS).glob("*.json"):
        json.loads(path.read_bytes())  # every manifest whole
    # a write the share refused half-way must not stay behind as a file either (readers skip
    # dot-files, but nobody else removes a writer's temp files, and they pile up fault by fault)
    assert temp_files_on(house.data) == [], "half-written temp files left on the share"


def assert_kept_on_this_pc(store: Store, server: Path, acknowledged: list[Revision]) -> None:
    """(a) during a fault: every acknowledged revision is on the server already or in this PC's
    journal file (read afresh from disk, as after a crash)."""
    in_journal = {rev.id for rev in Journal(store.journal.path).pending}
    nowhere = {rev.id for rev in acknowledged} - in_journal - revision_ids_on(server)
    assert not nowhere, f"{len(nowhere)} acknowledged revisions are neither on the share nor in the journal"


# --- 1. correct under client caching --------------------------------------------------------------


def test_another_pcs_save_is_seen_within_three_seconds_though_its_client_caches_for_ten(house, slow_share):
    office_pc = slow_share(backing=house.data)
    night_pc = slow_share(backing=house.data)
    office = on(house, office_pc).open("office", write_behind=True)
    log_one(office, house)  # the file the next saves append to exists, and the night PC will cache it
    published(office)
    night = Terminal(on(house, night_pc), "night")  # its own OS process, polling every second
    try:
        figures = []
        for number in range(1, 4):
            observation = house.observation(office.writer, value=number % 2 == 0)
            night.send(f"watch {observation.id}")
            night.expect("WATCHING")
            start = time.monotonic()
            office.create(observation, "MA")
            seen = night.expect("SEEN", timeout=15)
            figures.append(time.monotonic() - start)
            assert seen == f"SEEN {observation.id}"
        print(f"\n  another PC's save seen after {', '.join(f'{s:.2f}' for s in figures)} s (10 s attribute/listing cache)")
        assert max(figures) < VISIBLE_WITHIN_S, f"seen after {max(figures):.2f} s (the contract is {VISIBLE_WITHIN_S:g} s)"
        assert night_pc.stats().cache_hits, "the night PC's client cache was never used: the test proves nothing"
        assert night.finish() == 0, night.stderr()
    finally:
        night.cleanup()


def test_the_first_save_of_a_terminal_nobody_has_seen_is_found_when_the_listing_cache_expires(house, slow_share):
    night_pc = slow_share(backing=house.data)
    new_pc = slow_share(backing=house.data)
    night = on(house, night_pc).open("night", write_behind=True)
    night.poll()
    # The worst moment: the night PC has just listed manifests/ afresh, so it holds that listing,
    # without the new terminal's manifest, for the whole 10 s.
    night_pc.drop_caches()
    night.poll()

    newcomer = on(house, new_pc).open("brand-new-pc", write_behind=True)
    first = log_one(newcomer, house)
    saved = time.monotonic()
    published(newcomer)
    poll_like_the_app(night, lambda: night.get(Observation, first.entity_id) is not None, timeout_s=10 + 3 * APP_POLL_S)
    took = time.monotonic() - saved
    print(f"\n  a brand-new terminal's first save seen after {took:.2f} s (listing cache 10 s, polls every {APP_POLL_S:g} s)")
    assert night.problems == {}


# --- 2. faults ------------------------------------------------------------------------------------

WRITE_BEHIND = pytest.mark.parametrize("write_behind", [False, True], ids=["write-through", "write-behind"])


@WRITE_BEHIND
@pytest.mark.parametrize(
    "kind, errno_name, path_glob",
    [("write", "EIO", "*"), ("write", "ENOSPC", "*"), ("write", "ENOSPC", "manifests/*"), ("rename", "EIO", "*"), ("rename", "EACCES", "*")],
    # a full share refuses every write; with a few bytes left the appends fit and the manifest not
    ids=["write-EIO", "write-ENOSPC", "manifest-write-ENOSPC", "rename-EIO", "rename-EACCES"],
)
def test_a_share_that_refuses_writes_loses_nothing_and_the_journal_drains_when_it_takes_them_again(house, slow_share, kind, errno_name, path_glob, write_behind):
    pc = slow_share(backing=house.data)
    laptop = on(house, pc).open("laptop", write_behind=write_behind)
    acknowledged = [log_one(laptop, house, n) for n in range(2)]
    published(laptop)

    pc.fail(kind, errno_name, path_glob)
    # EACCES makes every replace retry for ~2.6 s (what Windows needs when a reader holds the file)
    during = [log_one(laptop, house, n) for n in range(2 if errno_name == "EACCES" else 3)]
    acknowledged += during
    eventually(laptop.sync_state, lambda state: not state.share_ok, what="the sync state saying the share fails")
    laptop.poll()  # the app goes on polling while the share fails
    during.append(log_one(laptop, house, 9))  # and saving
    acknowledged.append(during[-1])
    eventually(laptop.sync_state, lambda state: state.pending == len(during), timeout_s=5, what=f"{len(during)} pending")
    assert laptop.sync_state() == SyncState(pending=len(during), share_ok=False, conflicts=0, problems=0)
    assert pc.stats().faults.get(kind), "the fault never fired: the test proves nothing"
    assert {rev.id for rev in during} <= {rev.id for rev in Journal(laptop.journal.path).pending}
    assert_kept_on_this_pc(laptop, house.data, acknowledged)
    assert all(laptop.get(Observation, rev.entity_id) is not None for rev in acknowledged), "the app shows what it saved"

    pc.clear_faults()
    poll_like_the_app(laptop, lambda: laptop.sync_state() == ALL_CLEAR, timeout_s=10, every_s=0.5)
    assert Journal(laptop.journal.path).pending == []
    assert laptop.problems == {}
    assert_nothing_lost_and_nothing_broken(house, acknowledged)


@WRITE_BEHIND
@pytest.mark.parametrize("errno_name", ["ENOENT", "ENOTCONN"], ids=["like-windows", "like-linux-cifs"])
def test_the_share_vanishing_in_the_middle_of_a_series_of_saves_and_coming_back_loses_nothing(house, slow_share, errno_name, write_behind):
    pc = slow_share(backing=house.data)
    laptop = on(house, pc).open("laptop", write_behind=write_behind)
    acknowledged = [log_one(laptop, house)]
    published(laptop)

    pull_the_cable = threading.Event()
    gone = threading.Event()

    def vanish_when_told() -> None:
        pull_the_cable.wait(30)
        pc.vanish(errno_name)
        gone.set()

    cable = threading.Thread(target=vanish_when_told, daemon=True)
    cable.start()
    for number in range(12):
        acknowledged.append(log_one(laptop, house, number))
        if number == 5:
            pull_the_cable.set()  # the share goes while the next saves (or their publishing) run
    cable.join(30)
    assert gone.is_set()
    after = [log_one(laptop, house, n) for n in range(3)]  # saved while it is surely gone
    acknowledged += after
    eventually(laptop.sync_state, lambda state: not state.share_ok, what="the sync state saying the share is gone")
    laptop.poll()
    state = laptop.sync_state()
    on_share = revision_ids_on(house.data)
    print(f"\n  {sum(rev.id in on_share for rev in acknowledged)} of {len(acknowledged)} saves reached the share before it went; pending {state.pending}")
    assert not state.share_ok and state.pending >= len(after) and state.problems == 0, state
    assert {rev.id for rev in after} <= {rev.id for rev in Journal(laptop.journal.path).pending}
    assert_kept_on_this_pc(laptop, house.data, acknowledged)

    pc.come_back()
    poll_like_the_app(laptop, lambda: laptop.sync_state() == ALL_CLEAR, timeout_s=10, every_s=0.5)
    assert Journal(laptop.journal.path).pending == []
    assert laptop.problems == {}
    assert_nothing_lost_and_nothing_broken(house, acknowledged)


def a_known_colleague_and(house: Share, pc: SlowShare, write_behind: bool) -> tuple[Store, Store]:
    """Another PC whose connection is fine (on the server folder itself), which has logged before,
    and the laptop on ``pc``, started after it: the laptop knows the office's manifest and files
    from its start (a terminal it has never seen is the first test's business)."""
    office = house.open("office")
    log_one(office, house)
    laptop = on(house, pc).open("laptop", write_behind=write_behind)
    laptop.poll()
    return office, laptop


READS = pytest.mark.parametrize("path_glob", ["*", f"*{layout.SUFFIX}"], ids=["every-read", "record-file-reads"])


@WRITE_BEHIND
@READS
def test_a_share_that_fails_reads_is_no_damage_and_the_terminal_keeps_working(house, slow_share, path_glob, write_behind):
    pc = slow_share(backing=house.data)
    office, laptop = a_known_colleague_and(house, pc, write_behind)

    pc.fail("read", "EIO", path_glob=path_glob)
    theirs = log_one(office, house)
    mine = [log_one(laptop, house, n) for n in range(2)]  # saving needs no reading
    published(laptop)
    laptop.poll()  # must not raise: the app's poll worker would die with it
    assert pc.stats().faults.get("read"), "no read failed: the test proves nothing"
    assert laptop.sync_state() == SyncState(pending=0, share_ok=False, conflicts=0, problems=0), "a read error is no damaged file, and the share is not ok"
    assert all(laptop.get(Observation, rev.entity_id) is not None for rev in mine)

    pc.clear_faults()
    poll_like_the_app(laptop, lambda: laptop.get(Observation, theirs.entity_id) is not None, timeout_s=VISIBLE_WITHIN_S)
    assert laptop.sync_state() == ALL_CLEAR
    assert_nothing_lost_and_nothing_broken(house, [theirs, *mine])


@WRITE_BEHIND
@READS
def test_a_record_a_failed_read_missed_is_read_once_the_share_reads_again(house, slow_share, path_glob, write_behind):
    pc = slow_share(backing=house.data)
    office, laptop = a_known_colleague_and(house, pc, write_behind)

    pc.fail("read", "EIO", path_glob=path_glob)
    theirs = log_one(office, house)
    with contextlib.suppress(OSError):  # whether a poll may raise is the test above's business
        laptop.poll()
    assert pc.stats().faults.get("read"), "no read failed: the test proves nothing"

    pc.clear_faults()
    took = poll_like_the_app(laptop, lambda: laptop.get(Observation, theirs.entity_id) is not None, timeout_s=VISIBLE_WITHIN_S)
    print(f"\n  seen {took:.2f} s after the share read again")


# --- 3. and 4. what being idle and starting cost --------------------------------------------------


@pytest.fixture
def bench_house(tmp_path: Path) -> tuple[Path, int, int]:
    """Four writers, eight borgere, two years of history on the server: (folder, writers, record files)."""
    server = tmp_path / "bench-server"
    build_house(server, tmp_path / "builders", borgere=8, terminals=4, days=730)
    writers = len(list((server / layout.MANIFESTS).glob("*.json")))
    files = len([p for p in server.rglob(f"*{layout.SUFFIX}") if not p.name.startswith(".")])
    return server, writers, files


def round_trips(calls: dict[str, int]) -> int:
    return sum(calls.values())


def test_an_idle_terminal_costs_at_most_twenty_share_calls_a_second(bench_house, slow_share, tmp_path):
    server, writers, files = bench_house
    pc = slow_share(backing=server, latency_ms=5)
    with Store(pc.mount, local_dir=tmp_path / "pc", write_behind=True) as store:
        store.poll()  # the first poll after start may still catch up
        pc.reset_calls()
        store.poll()
        one_poll = pc.calls()

        pc.reset_calls()
        tick = threading.Event()
        start = time.monotonic()
        for number in range(5):  # 10 s of the home screen, polling every 2 s
            store.poll()
            tick.wait(max(0.0, start + 2.0 * (number + 1) - time.monotonic()))
        seconds = time.monotonic() - start
        window = pc.calls()
    per_second = round_trips(window) / seconds
    print(
        f"\n  {writers} writers, {files} record files: one idle poll {round_trips(one_poll)} calls {one_poll};"
        f" {seconds:.1f} s polling every 2 s: {round_trips(window)} calls ({per_second:.1f}/s) {window}"
    )
    assert per_second <= 20, f"{per_second:.1f} share calls a second while idle (the contract is 20)"


def test_a_cold_start_costs_share_calls_per_writer_not_per_borger_and_month(bench_house, slow_share, tmp_path):
    server, writers, files = bench_house
    pc = slow_share(backing=server, latency_ms=5)
    pc.reset_calls()
    started = time.monotonic()
    Store(pc.mount, local_dir=tmp_path / "new-pc", write_behind=True).close()  # this PC's very first start
    first_s = time.monotonic() - started
    first = pc.calls()

    pc.drop_caches()
    pc.reset_calls()
    started = time.monotonic()
    Store(pc.mount, local_dir=tmp_path / "new-pc", write_behind=True).close()  # the next morning
    again_s = time.monotonic() - started
    again = pc.calls()
    print(f"\n  {writers} writers, {files} record files: first start {round_trips(first)} calls ({first_s:.2f} s) {first}; next start {round_trips(again)} calls ({again_s:.2f} s) {again}")
    for label, calls in (("first start", first), ("next start", again)):
        assert round_trips(calls) < 40 * writers, f"{label}: {round_trips(calls)} share calls for {writers} writers ({files} record files)"
