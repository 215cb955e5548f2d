"""A house's folder in the municipality's PostgreSQL: pushed whole, then only what grew; resumed
after kill -9; several houses in one database; what is written in the database reaches the house's
terminals; the house works on while the database is away."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from smtte_tui import cli
from smtte_tui.models import Borger, Evaluering, Maal, Observation, PdsaCycle, SmttePlan
from smtte_tui.replicate import DatabaseUnavailable, FolderRefused, run_every, run_once
from smtte_tui.replicate.pgserver import PrivateServer
from smtte_tui.replicate.push import insert_revisions
from smtte_tui.store import Revision, Store
from smtte_tui.store.hlc import encode

from .conftest import folder_fingerprint

CHILD = Path(__file__).with_name("replicate_child.py")


def everything_in(root: Path, local: Path) -> dict[str, Revision]:
    """Every revision the folder holds, by id (a terminal reading it all, as ``smtte check`` does)."""
    with Store(root, local_dir=local, readonly=True) as store:
        store.load_everything()
        return store._revs


def count(url: str, sql: str, *params) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchone()[0]


def test_a_house_is_pushed_whole_and_the_views_fold_it_as_the_store_does(house, database, tmp_path):
    result = run_once(database, house, local_dir=tmp_path / "server", house_name="Lindely")
    revisions = everything_in(house, tmp_path / "reader")

    assert result.pushed.inserted == len(revisions) > 300
    assert count(database, "SELECT count(*) FROM smtte.revisions") == len(revisions)
    assert count(database, "SELECT count(*) FROM smtte.revisions WHERE from_folder = house_id") == len(revisions)
    with Store(house, local_dir=tmp_path / "reader", readonly=True) as store, psycopg.connect(database) as conn:
        store.load_everything()
        for model, kind in ((Borger, "borger"), (SmttePlan, "plan"), (Evaluering, "evaluering"), (PdsaCycle, "pdsa"), (Observation, "observation")):
            expected = {entity.id: entity.model_dump(mode="json") for entity in store.all(model)}
            found = dict(conn.execute("SELECT entity_id, state FROM smtte.entity_state WHERE entity = %s AND state IS NOT NULL", (kind,)).fetchall())
            assert found == expected, kind
        assert conn.execute("SELECT name FROM smtte.houses").fetchall() == [("Lindely",)]

    again = run_once(database, house, local_dir=tmp_path / "server")
    assert (again.pushed.files, again.pushed.inserted) == (0, 0)


def test_a_days_work_is_read_from_the_files_that_grew_and_nothing_else(house, database, tmp_path):
    run_once(database, house, local_dir=tmp_path / "server")
    with Store(house, local_dir=tmp_path / "pc-stue") as terminal:
        plan = next(p for p in terminal.all(SmttePlan) if p.status == "aktiv")
        tegn = plan.tegn[0]
        value = True if tegn.maaletype == "ja_nej" else 1
        signs = [
            Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=dt.date.today(), vagt="dag", forfatter="MA", terminal="stue")
            for _ in range(5)
        ]
        written = terminal.create_many(signs, author="DEMO")
        corrected = terminal.update(Observation, signs[0].id, {"note": "rettet"}, author="DEMO")

    result = run_once(database, house, local_dir=tmp_path / "server")

    assert result.pushed.inserted == len(written) + 1
    # the new terminal's log and borger files, its core file (none) and its manifest's files only
    assert result.pushed.files <= 4
    with psycopg.connect(database) as conn:
        note = conn.execute("SELECT note FROM smtte_navne.observationer WHERE id = %s", (signs[0].id,)).fetchone()[0]
        assert note == "rettet"
        assert conn.execute("SELECT count(*) FROM smtte.revisions WHERE id = %s", (corrected.id,)).fetchone()[0] == 1


def test_a_replicator_killed_in_the_middle_of_a_transaction_resumes_from_its_marks(house, database, tmp_path):
    total = len(everything_in(house, tmp_path / "reader"))
    env = {**os.environ, "SMTTE_LOCAL_DIR": str(tmp_path / "server")}
    child = subprocess.Popen([sys.executable, str(CHILD), database, str(house)], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == b"PAUSED\n", child.stderr.read().decode()
        os.kill(child.pid, signal.SIGKILL)  # mid-transaction: the second batch is inserted, not committed
    finally:
        child.wait(timeout=30)
    committed = count(database, "SELECT count(*) FROM smtte.revisions")
    marked = count(database, "SELECT sum(records) FROM smtte.replication_marks")
    assert 100 <= committed < total  # the first batch (100 or more), the second gone with its marks

    result = run_once(database, house, local_dir=tmp_path / "server")

    assert result.pushed.inserted == total - committed
    assert count(database, "SELECT count(*) FROM smtte.revisions") == total
    assert marked < count(database, "SELECT sum(records) FROM smtte.replication_marks")


def test_two_houses_live_side_by_side_in_one_database(house, second_house, database, tmp_path):
    first = run_once(database, house, local_dir=tmp_path / "server-1", house_name="Lindely")
    second = run_once(database, second_house, local_dir=tmp_path / "server-2", house_name="Bakkehuset")

    assert first.house != second.house
    with psycopg.connect(database) as conn:
        houses = conn.execute("SELECT navn, nummer FROM smtte_analyse.huse ORDER BY nummer").fetchall()
        assert houses == [("Lindely", 1), ("Bakkehuset", 2)]
        per_house = dict(conn.execute("SELECT hus, count(*) FROM smtte_analyse.borgere GROUP BY hus").fetchall())
        assert per_house == {first.house: 3, second.house: 2}
        assert conn.execute("SELECT count(*) FROM smtte.revisions").fetchone()[0] == first.pushed.inserted + second.pushed.inserted


def _office_update(house_root: Path, tmp_path: Path, model: type, entity_id: str, changes: dict, *, seen: Store | None = None) -> Revision:
    """A revision made at the municipality's office: an update on the heads the house had."""
    with Store(house_root, local_dir=tmp_path / "office-view", readonly=True) as store:
        store.load_everything()
        heads = store.heads(model, entity_id)
        kind = {SmttePlan: "plan", Borger: "borger"}[model]
        stamp = encode(int(dt.datetime.now(dt.UTC).timestamp() * 1000) + 1, 0, "t0ff1ce000001")
        current = store.get(model, entity_id)
    borger_id = entity_id if model is Borger else current.borger_id
    return Revision(entity=kind, entity_id=entity_id, op="update", parents=heads, hlc=stamp, author="AA", terminal="t0ff1ce000001", borger_id=borger_id, data=changes, at=dt.datetime.now(dt.UTC))


def test_a_change_written_in_the_database_reaches_every_terminal_of_the_house(house, database, tmp_path):
    first = run_once(database, house, local_dir=tmp_path / "server")
    with Store(house, local_dir=tmp_path / "pc-stue") as terminal:
        plan = next(p for p in terminal.all(SmttePlan) if p.status == "aktiv")
    office = _office_update(house, tmp_path, SmttePlan, plan.id, {"maal": Maal(tekst="Går selv i bad om morgenen").model_dump(mode="json")})
    with psycopg.connect(database, autocommit=True) as conn:
        assert insert_revisions(conn, first.house, [office]) == 1

    result = run_once(database, house, local_dir=tmp_path / "server")

    assert (result.pulled.waiting, result.pulled.imported) == (1, 1)
    with Store(house, local_dir=tmp_path / "pc-kontor") as fresh:  # a terminal that starts now
        assert fresh.get(SmttePlan, plan.id).maal.tekst == "Går selv i bad om morgenen"
        assert fresh.history(SmttePlan, plan.id)[-1].author == "AA"
    again = run_once(database, house, local_dir=tmp_path / "server")
    assert (again.pulled.waiting, again.pulled.imported, again.pushed.inserted) == (0, 0, 0)
    with psycopg.connect(database) as conn:
        assert conn.execute("SELECT from_folder FROM smtte.revisions WHERE id = %s", (office.id,)).fetchall() == [(None,)]


def test_a_field_changed_in_the_database_and_on_a_terminal_at_once_is_a_conflict_in_the_house(house, database, tmp_path):
    first = run_once(database, house, local_dir=tmp_path / "server")
    with Store(house, local_dir=tmp_path / "pc-stue") as terminal:
        plan = next(p for p in terminal.all(SmttePlan) if p.status == "aktiv")
        office = _office_update(house, tmp_path, SmttePlan, plan.id, {"tovholder": "AA"})
        terminal.update(SmttePlan, plan.id, {"tovholder": "BB"}, author="DEMO", parents=office.parents)
    with psycopg.connect(database, autocommit=True) as conn:
        insert_revisions(conn, first.house, [office])

    run_once(database, house, local_dir=tmp_path / "server")

    with Store(house, local_dir=tmp_path / "pc-kontor") as fresh:
        conflicts = [c for c in fresh.conflicts() if c.entity_id == plan.id]
        assert [(c.field, sorted(c.values)) for c in conflicts] == [("tovholder", ["AA", "BB"])]


def test_the_house_works_on_while_the_database_is_away_and_catches_up_after(house, tmp_path, capsys):
    with PrivateServer() as server:
        url = server.create_database("kommune")
        first = run_once(url, house, local_dir=tmp_path / "server")
        server.stop_server()
        with Store(house, local_dir=tmp_path / "pc-stue") as terminal:  # the house works on
            plan = next(p for p in terminal.all(SmttePlan) if p.status == "aktiv")
            terminal.update(SmttePlan, plan.id, {"tovholder": "BB"}, author="DEMO")
        before = folder_fingerprint(house)

        code = cli.main(["replicate", "--data-dir", str(house), "--to", url, "--once"])

        assert code == cli.EXIT_UNAVAILABLE
        assert "kan ikke nås lige nu" in capsys.readouterr().err
        assert folder_fingerprint(house) == before
        said: list[str] = []
        warned: list[str] = []
        run_every(url, house, 60, local_dir=tmp_path / "server", house_name=None, say=said.append, warn=warned.append, runs=2, sleep=lambda _s: server.restart())
        assert len(warned) == 1 and "kan ikke nås" in warned[0] and "igen om 60 sekunder" in warned[0]
        assert said[0] == "Forbindelsen er tilbage." and "1 nye i databasen" in said[1]
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT state ->> 'tovholder' FROM smtte.entity_state WHERE house_id = %s AND entity_id = %s", (first.house, plan.id)).fetchone()[0] == "BB"


def test_a_folder_without_an_id_is_refused_with_a_sentence(house, database, tmp_path, capsys):
    format_file = house / "FORMAT.json"
    info = json.loads(format_file.read_text())
    del info["id"]
    format_file.write_text(json.dumps(info))

    code = cli.main(["replicate", "--data-dir", str(house), "--to", database])

    assert code == cli.EXIT_USAGE
    assert "intet id" in capsys.readouterr().err
    with pytest.raises(FolderRefused):
        run_once(database, house, local_dir=tmp_path / "server")


def test_an_unreachable_database_is_one_sentence_and_never_shows_the_password(house, tmp_path, capsys):
    url = f"postgresql://smtte:hemmelig-kode@/kommune?host={tmp_path / 'ingen-server'}"

    code = cli.main(["replicate", "--data-dir", str(house), "--to", url])

    err = capsys.readouterr().err
    assert code == cli.EXIT_UNAVAILABLE
    assert "kan ikke nås" in err and "hemmelig-kode" not in err
    with pytest.raises(DatabaseUnavailable):
        run_once(url, house, local_dir=tmp_path / "server")


def test_a_file_replaced_by_a_shorter_copy_is_pushed_again_whole(house, database, tmp_path):
    from smtte_tui.store import records

    first = run_once(database, house, local_dir=tmp_path / "server")
    log_file = max((path for path in (house / "log").rglob("t*.jsonl")), key=lambda path: path.stat().st_size)
    lines = log_file.read_bytes().splitlines(keepends=True)
    known = Revision.model_validate_json(lines[0])
    only_in_the_copy = known.model_copy(update={"id": "0" * 31 + "1", "entity_id": "0" * 31 + "2", "data": {**known.data, "id": "0" * 31 + "2"}})
    log_file.write_bytes(records.line(only_in_the_copy) + lines[0])  # a restored, different, shorter copy

    result = run_once(database, house, local_dir=tmp_path / "server")

    assert result.pushed.inserted == 1
    assert count(database, "SELECT count(*) FROM smtte.revisions WHERE id = %s", only_in_the_copy.id) == 1
    assert first.pushed.inserted + 1 == count(database, "SELECT count(*) FROM smtte.revisions")


def test_after_a_batch_fails_no_later_batch_is_committed(house, database, tmp_path, monkeypatch):
    # a later batch leaves out lines whose ids came in the failed one: committing it (with its
    # files' marks) would lose those lines for good
    from smtte_tui.replicate import push

    monkeypatch.setattr(push, "BATCH_LINES", 100)
    real_write = push.Pusher._write
    calls: list[int] = []

    def failing_first(self, batch):
        calls.append(len(batch))
        if len(calls) == 1:
            raise RuntimeError("the database refused this batch")
        return real_write(self, batch)

    monkeypatch.setattr(push.Pusher, "_write", failing_first)
    with pytest.raises(RuntimeError):
        run_once(database, house, local_dir=tmp_path / "server")

    assert count(database, "SELECT count(*) FROM smtte.replication_marks") == 0
    assert count(database, "SELECT count(*) FROM smtte.revisions") == 0
    monkeypatch.setattr(push.Pusher, "_write", real_write)
    assert run_once(database, house, local_dir=tmp_path / "server").pushed.inserted == len(everything_in(house, tmp_path / "reader"))


def test_a_run_gives_its_house_back_before_it_closes(house, database, tmp_path, monkeypatch):
    # A closed connection's server process lets go of its locks only once it has exited; on a
    # loaded server the next run came before that and found the house "busy". Here the first
    # run's server process is kept alive on purpose (close does nothing): the lock must already
    # be given back.
    kept: list = []
    real_close = psycopg.Connection.close
    monkeypatch.setattr(psycopg.Connection, "close", lambda self: kept.append(self))
    try:
        run_once(database, house, local_dir=tmp_path / "server")
        assert kept, "the run never closed its connection: the test proves nothing"
        monkeypatch.setattr(psycopg.Connection, "close", real_close)
        assert run_once(database, house, local_dir=tmp_path / "server").pushed.inserted == 0
    finally:
        for conn in kept:
            real_close(conn)
