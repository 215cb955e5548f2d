"""The journal is written by the saving thread and emptied by the write-behind thread at once.

Found on a loaded CI machine: the write-behind thread, finding nothing pending, emptied the file
just after a save had appended its line but before that save noted it as pending; the record was
acknowledged ("Gemt") and held in memory, yet gone from the PC's disk, so a crash then would have
lost it. Whatever the interleaving, every revision acknowledged and not yet flushed must be in
the file.
"""

from __future__ import annotations

import datetime as dt
import threading

from smtte_tui.models import Observation
from smtte_tui.store.journal import Journal

from .conftest import observation_revision


def _revision(n: int):
    observation = Observation(borger_id="b1", plan_id="p1", tegn_id="t1", maaletype="antal", vaerdi=n, dato=dt.date(2026, 11, 27), vagt="dag", forfatter="MA", terminal="pc")
    return observation_revision(observation, "pc", dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), n)


def test_a_save_while_the_journal_is_emptied_stays_on_disk(tmp_path):
    journal = Journal(tmp_path / "journal.jsonl")
    revisions = [_revision(n) for n in range(1000)]
    stop = threading.Event()

    def write_behind() -> None:  # flush whatever is pending, as fast as it can
        while not stop.is_set():
            pending = journal.pending
            if pending:
                journal.mark_flushed([rev.id for rev in pending])

    flusher = threading.Thread(target=write_behind)
    flusher.start()
    lost = []
    try:
        for rev in revisions:
            journal.append([rev])
            # read the disk first: only this thread adds to what is pending, so whatever is still
            # pending in memory afterwards was pending when the file was read, and must be in it
            on_disk = {r.id for r in Journal(journal.path).pending}
            lost += sorted({r.id for r in journal.pending} - on_disk)
            if lost:
                break
    finally:
        stop.set()
        flusher.join()
    assert lost == []
