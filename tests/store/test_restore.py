"""The terminals heal the share: a folder restored from a backup, a file a sync client deleted, a file
replaced by an older copy. Every PC keeps what it wrote, so nothing it acknowledged is lost, and what
was withdrawn after the backup stays withdrawn."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from smtte_tui.features.overview import findings
from smtte_tui.i18n import t
from smtte_tui.models import Notat, Observation
from smtte_tui.store import Store, layout

from .conftest import HEX_ID, NOW, Share, log_files


def note(share: Share, text: str) -> Notat:
    return Notat(borger_id=share.borger.id, dato=NOW.date(), tekst=text, forfatter="MA")


def backup(share: Share) -> Path:
    """IT's copy of the folder, as last night's backup would hold it."""
    copy = share.tmp / "backup"
    shutil.copytree(share.data, copy)
    return copy


def restore(share: Share, copy: Path) -> None:
    """Put the backup in the folder's place (what IT's restore does; a PC may be writing meanwhile)."""
    replaced = share.tmp / f"replaced-{len(list(share.tmp.glob('replaced-*')))}"
    share.data.rename(replaced)
    shutil.copytree(copy, share.data)


def notes_on_share(share: Share) -> set[str]:
    return {n.id for n in share.reader().all(Notat)}


def check_json(share: Share, pc: str) -> dict:
    env = {**os.environ, "SMTTE_LOCAL_DIR": str(share.local(pc))}
    done = subprocess.run([sys.executable, "-m", "smtte_tui", "check", "--data-dir", str(share.data), "--json"], capture_output=True, text=True, env=env, timeout=120)
    return json.loads(done.stdout)


def test_a_folder_restored_from_last_nights_backup_gets_back_everything_the_pc_wrote_since(share, terminals):
    copy = backup(share)
    pc = terminals("stuen")
    pc.send("notes 20")
    written = pc.acknowledged(20)
    pc.expect("DONE")
    pc.send("state")
    assert pc.expect("STATE") == "STATE 0 1"  # acknowledged, nothing pending: all on the share
    assert pc.finish() == 0

    restore(share, copy)  # IT restores the folder; the 20 notes are gone from the share
    assert not set(written) & notes_on_share(share)

    again = terminals("stuen")  # the same PC runs smtte again and saves once more
    again.send("notes 1")
    written += again.acknowledged(1)
    again.expect("DONE")
    again.send("state")
    assert again.expect("STATE") == "STATE 0 1"
    assert again.finish() == 0
    assert set(written) <= notes_on_share(share)  # all 21: nothing the PC knew was lost
    assert check_json(share, "checker")["ok"] is True


def test_a_pc_that_only_starts_heals_the_share_and_says_how_much(share):
    copy = backup(share)
    with share.open("stuen") as pc:
        written = [pc.create(note(share, f"Notat {n}"), "MA").entity_id for n in range(7)]
    restore(share, copy)
    healed = share.open("stuen")  # nothing new to save: the start alone puts them back
    assert healed.rewritten == 7 and healed.sync_state().rewritten == 7
    assert healed.pending_count == 0 and healed.share_ok
    assert set(written) <= notes_on_share(share)
    # the sync bar and the overview say so
    assert t("sync.rewritten", n=7) == "7 poster skrevet igen efter en gendannelse"
    assert any(f.text == t("sync.rewritten.long", n=7) for f in findings.file_findings(healed))


def test_a_month_file_a_sync_client_deleted_is_written_again(share, monkeypatch):
    monkeypatch.setattr(Store, "SWEEP_EVERY_S", 0.0)  # the minute's sweep of the recent folders, now
    pc = share.open("stuen")
    written = [pc.create(note(share, f"Notat {n}"), "MA").entity_id for n in range(5)]
    [month_file] = [p for p in log_files(share.data) if p.stem == pc.writer]
    month_file.unlink()  # deleted on every PC by a sync client
    pc.poll()  # the running terminal notices at its next sweep ...
    pc.poll()  # ... and publishes the file again
    assert month_file.exists()
    assert pc.rewritten == 5
    assert set(written) <= notes_on_share(share)


def test_a_file_replaced_by_an_older_copy_is_completed_at_the_next_start(share):
    pc = share.open("stuen")
    first = [pc.create(note(share, f"Før {n}"), "MA").entity_id for n in range(3)]
    [month_file] = [p for p in log_files(share.data) if p.stem == pc.writer]
    older = month_file.read_bytes()
    later = [pc.create(note(share, f"Efter {n}"), "MA").entity_id for n in range(4)]
    pc.close()
    month_file.write_bytes(older)  # a sync client or a restore put back an older version
    assert not set(later) & {n.id for n in Store(share.data, local_dir=share.local("look"), readonly=True).all(Notat)}

    again = share.open("stuen")
    assert again.rewritten == 4
    assert set(first) | set(later) <= notes_on_share(share)


def test_a_record_withdrawn_after_the_backup_stays_withdrawn(share):
    with share.open("stuen") as pc:
        kept = pc.create(note(share, "Bliver"), "MA").entity_id
        withdrawn = pc.create(note(share, "Trækkes tilbage"), "MA").entity_id
    copy = backup(share)
    with share.open("stuen") as pc:
        pc.retract(Notat, withdrawn, "MA")
    restore(share, copy)  # the backup still shows the note
    assert withdrawn in notes_on_share(share)
    share.open("stuen").close()  # the PC that withdrew it starts again
    visible = notes_on_share(share)
    assert kept in visible and withdrawn not in visible


def test_a_new_pc_image_starts_from_the_share_and_drops_nothing(share):
    with share.open("stuen") as pc:
        before = [pc.create(note(share, f"Notat {n}"), "MA").entity_id for n in range(3)]
    shutil.rmtree(share.local("stuen"))  # the PC gets a new image: its local folder is gone
    with share.open("stuen") as fresh:
        fresh.create(note(share, "Efter den nye pc"), "MA")
    assert set(before) <= notes_on_share(share)


def test_check_shows_how_far_the_share_is_behind_before_a_pc_heals_it(share):
    pc = share.open("stuen")
    [pc.create(note(share, f"Notat {n}"), "MA") for n in range(6)]
    pc.close()
    # one month folder restored from an older copy (the manifests were not part of it)
    for path in log_files(share.data):
        if path.stem == pc.writer:
            lines = path.read_bytes().splitlines(keepends=True)
            path.write_bytes(b"".join(lines[:2]))
    for path in share.data.glob(f"{layout.BORGERE}/*/*/{pc.writer}.jsonl"):
        path.unlink()
    report = check_json(share, "it-pc")
    assert report["ok"] is False
    [behind] = report["behind"]
    assert (behind["writer"], behind["missing"]) == (pc.writer, 4)
    share.open("stuen").close()  # the PC starts: it heals the share
    assert check_json(share, "it-pc-later")["behind"] == []


def test_a_restore_while_another_pc_writes_loses_nothing_either_wrote(share, terminals):
    copy = backup(share)
    busy = terminals("vagtstuen")
    busy.send("loop")  # logs as fast as it can
    before = busy.acknowledged(10)
    with share.open("kontoret") as office:
        office_notes = [office.create(note(share, f"Kontor {n}"), "MA").entity_id for n in range(5)]
    restore(share, copy)  # in the middle of the other PC's logging
    after = busy.acknowledged(10)
    busy.kill_9()
    acknowledged = before + after + [line for line in busy.rest() if len(line) == HEX_ID]
    share.open("kontoret").close()  # both PCs run once more
    again = terminals("vagtstuen")
    again.send("state")
    again.expect("STATE")
    assert again.finish() == 0
    visible = {o.id for o in share.reader().all(Observation)}
    assert set(acknowledged) <= visible
    assert set(office_notes) <= notes_on_share(share)
