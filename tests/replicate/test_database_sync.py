"""What a terminal on the database says and keeps while it syncs: revisions the store refused are
tried again, a refusal by the database is named, saves waiting for it are counted, the houses row
is kept, and a lost ``pulled.json`` writes nothing twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest

from smtte_tui.i18n import t
from smtte_tui.models import Observation
from smtte_tui.replicate.db import DatabaseRefused, DatabaseUnavailable
from smtte_tui.replicate.mirror import STATE_FILE
from smtte_tui.replicate.push import insert_revisions
from smtte_tui.store import InvalidData, Store

from .test_database_terminal import Terminal, active_plan, office_sign, on_database, sign_for  # noqa: F401  (fixture)


def lines_holding(root: Path, text: str) -> int:
    return sum(path.read_bytes().count(text.encode()) for path in root.rglob("*.jsonl"))


def test_a_revision_the_store_refused_is_taken_in_at_a_later_pull(on_database, database, monkeypatch):
    # an older smtte refuses what a newer one wrote (here: a store told to refuse it); once this
    # terminal's smtte takes it, the next pull brings it in, as the folder replicator's next run does
    start, house_id = on_database
    stue = start("pc-stue")
    written = office_sign(stue.store, house_id, "fra kontoret")
    real_import = Store.import_revisions

    def refusing(store: Store, revisions):
        revisions = list(revisions)
        if any(rev.id == written.id for rev in revisions):
            raise InvalidData("store.error.invalid", detail="not for this version")
        return real_import(store, revisions)

    monkeypatch.setattr(Store, "import_revisions", refusing)
    with psycopg.connect(database, autocommit=True) as conn:
        insert_revisions(conn, house_id, [written])
    stue.sync()
    stue.sync()  # still refused
    assert stue.store.get(Observation, written.entity_id) is None

    monkeypatch.undo()  # the update
    stue.sync()

    assert stue.store.get(Observation, written.entity_id).note == "fra kontoret"
    assert stue.mirror.status()["refused"] == []


def test_a_revision_that_is_no_valid_revision_stays_refused_and_waits(on_database, database):
    start, house_id = on_database
    stue = start("pc-stue")
    forged = office_sign(stue.store, house_id, "håndskrevet")
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO smtte.revisions (id, house_id, writer, hlc, at, entity, entity_id, borger_id, op, parents, author, data) VALUES (%s, %s, %s, %s, now(), 'observation', %s, %s, 'create', '{}', 'DEMO', '{\"vaerdi\": \"meget\"}')",
            (forged.id, house_id, forged.terminal, forged.hlc, forged.entity_id, forged.borger_id),
        )
    for _ in range(2):
        stue.sync()
        assert stue.mirror.refused == [forged.id]
    assert stue.store.get(Observation, forged.entity_id) is None


def _terminal_role(database: str) -> str:
    """A login with the rights docs/database.md gives terminals; its address."""
    with psycopg.connect(database, autocommit=True) as conn:
        dbname = conn.execute("SELECT current_database()").fetchone()[0]
        role = f"terminal_{dbname}"  # roles belong to the whole server: one per test's database
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT USAGE, CREATE ON SCHEMA smtte TO {role}")
        conn.execute(f"GRANT SELECT, INSERT ON smtte.revisions TO {role}")
        conn.execute(f"GRANT SELECT, INSERT, UPDATE ON smtte.houses, smtte.replication_marks, smtte.entity_state TO {role}")
        conn.execute(f"GRANT SELECT ON smtte.schema_version TO {role}")
        conn.execute(f'GRANT CREATE, TEMPORARY ON DATABASE "{dbname}" TO {role}')
    return database.replace("smtte_admin@", f"{role}@")


def role_of(terminal: Terminal) -> str:
    return terminal.mirror.target.url.split("://", 1)[1].split("@", 1)[0]


def test_a_right_taken_away_is_named_in_the_sync_bar_not_called_unreachable(on_database, database, tmp_path):
    _start, house_id = on_database
    stue = Terminal(_terminal_role(database), house_id, tmp_path / "pc-stue")
    try:
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"REVOKE INSERT ON smtte.revisions FROM {role_of(stue)}")
        stue.store.create(sign_for(stue.store, active_plan(stue.store))[0], author="DEMO")

        with pytest.raises(DatabaseRefused):
            stue.sync()

        said = stue.mirror.sync_text(0)
        assert said == t("mirror.sync.refused", reason=t("db.reason.rights"), n=1)
        assert "kan ikke nås" not in said
    finally:
        stue.close()


def test_a_login_the_database_refuses_is_named_in_the_sync_bar(on_database, database, tmp_path):
    _start, house_id = on_database
    stue = Terminal(_terminal_role(database), house_id, tmp_path / "pc-stue")
    try:
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"ALTER ROLE {role_of(stue)} NOLOGIN")  # IT closed the account
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role_of(stue),))
        with pytest.raises(DatabaseUnavailable):
            stue.sync()  # finds its connection gone
        with pytest.raises(DatabaseRefused):
            stue.sync()  # logs in again: refused, not "cannot be reached"

        assert stue.mirror.reachable is False
        assert stue.mirror.sync_text(0) == t("mirror.sync.refused.none", reason=t("db.reason.login"))
    finally:
        stue.close()


def test_saves_waiting_for_the_database_are_counted_and_survive_a_restart(house, tmp_path):
    from smtte_tui.replicate import run_once
    from smtte_tui.replicate.pgserver import PrivateServer

    with PrivateServer() as server:
        url = server.create_database("kommune")
        house_id = run_once(url, house, local_dir=tmp_path / "server").house
        stue = Terminal(url, house_id, tmp_path / "pc-stue")
        try:
            stue.sync()
            assert stue.mirror.sync_text(0) is None  # everything is there
            server.stop_server()
            stue.store.create_many(sign_for(stue.store, active_plan(stue.store), 3), author="DEMO")
            with pytest.raises(DatabaseUnavailable):
                stue.mirror.sync()
            assert stue.mirror.unsent == 3
            said = stue.mirror.sync_text(0)
            assert said == t("mirror.sync.offline", n=3) and len(said + " · 99 at se på") <= 80
        finally:
            stue.close()
        again = Terminal(url, house_id, tmp_path / "pc-stue")  # the next morning, still without it
        try:
            assert again.mirror.sync_text(0) == t("mirror.sync.offline", n=3)
            server.restart()
            again.sync()
            assert again.mirror.unsent == 0 and again.mirror.sync_text(0) is None
        finally:
            again.close()


def test_the_sync_bar_texts_fit_in_80_columns():
    # with a four-digit count and the conflicts' note after them ("· 99 at se på")
    longest = max((t(f"db.reason.{key}") for key in ("password", "host", "rights", "login", "unknown", "schema")), key=len)
    for text in (t("mirror.sync.refused", reason=longest, n=9999), t("mirror.sync.offline", n=9999), t("mirror.sync.pending", n=9999), t("mirror.sync.offline.none")):
        assert len(text + " · " + t("sync.conflicts", n=99)) <= 80, text
    assert len(t("mirror.sync.refused", reason=t("db.reason.other", detail="UndefinedTable"), n=9999)) <= 80


def test_terminals_note_their_syncs_in_the_houses_row_at_most_once_a_minute(database, tmp_path):
    from smtte_tui.features.admin.staffadmin import create_first_leder
    from smtte_tui.models import Medarbejder

    kontor = Terminal(database, "nyt-hus", tmp_path / "pc-kontor")
    try:
        create_first_leder(kontor.store, "LE", "Lene Leder", "246813", "246813", now=dt.datetime.now().astimezone())
        kontor.mirror.NOTE_HOUSE_EVERY_S = 0.0
        kontor.sync()
        with psycopg.connect(database) as conn:
            first, writer = conn.execute("SELECT last_push, replicator FROM smtte.houses WHERE id = 'nyt-hus'").fetchone()
        assert first is not None and writer == kontor.store.writer

        kontor.mirror.NOTE_HOUSE_EVERY_S = 3600.0  # a save and its sync within the hour: the row waits
        leder = kontor.store.all(Medarbejder)[0]
        kontor.store.update(Medarbejder, leder.id, {"navn": "Lene L. Leder"}, author="LE")
        kontor.sync()
        with psycopg.connect(database) as conn:
            assert conn.execute("SELECT last_push FROM smtte.houses WHERE id = 'nyt-hus'").fetchone()[0] == first
    finally:
        kontor.close()  # the end: what it sent since is noted
    with psycopg.connect(database) as conn:
        assert conn.execute("SELECT last_push FROM smtte.houses WHERE id = 'nyt-hus'").fetchone()[0] > first


def test_a_lost_pulled_json_fetches_the_house_but_writes_nothing_twice(on_database, database, tmp_path):
    start, house_id = on_database
    stue = start("pc-stue")
    old = office_sign(stue.store, house_id, "for længe siden")
    stamp = f"{int(dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC).timestamp() * 1000):013d}" + old.hlc[13:]
    old = old.model_copy(update={"hlc": stamp, "at": dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC)})  # outside the months a store reads at start
    with psycopg.connect(database, autocommit=True) as conn:
        insert_revisions(conn, house_id, [old])
    stue.sync()
    mirror = stue.mirror.root
    copies = lines_holding(mirror, old.id)  # its month's log and its borger's year
    before = lines_holding(mirror, '"id":')
    stue.close()
    (stue.mirror.base / STATE_FILE).unlink()

    again = start("pc-stue")

    assert again.mirror.opened_with[1] == 0
    assert lines_holding(mirror, old.id) == copies
    assert lines_holding(mirror, '"id":') == before


def test_a_password_changed_by_it_is_named_in_the_sync_bar_and_never_shown(house, tmp_path, caplog):
    import time

    from smtte_tui.replicate import run_once
    from smtte_tui.replicate.pgserver import PrivateServer

    with PrivateServer() as server:
        url = server.create_database("kommune")
        house_id = run_once(url, house, local_dir=tmp_path / "server").house
        role_url = _terminal_role(url)
        role = role_url.split("://")[1].split("@")[0]
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"ALTER ROLE {role} PASSWORD 'gammel-kode'")
        server.require_passwords()
        secret_url = role_url.replace(f"{role}@", f"{role}:gammel-kode@")
        deadline = time.monotonic() + 30
        while True:  # the reload takes effect for new connections within a moment
            try:
                psycopg.connect(role_url.replace(f"{role}@", f"{role}:forkert@"), connect_timeout=5).close()
            except psycopg.OperationalError:
                break
            assert time.monotonic() < deadline, "the server kept trusting the terminal's user"
        stue = Terminal(secret_url, house_id, tmp_path / "pc-stue")
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f"ALTER ROLE {role} PASSWORD 'ny-kode'")  # IT changed it; this PC still has the old one
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))
            with pytest.raises(DatabaseUnavailable):
                stue.sync()  # finds its connection gone
            with pytest.raises(DatabaseRefused) as refused:
                stue.sync()

            said = stue.mirror.sync_text(0)
            assert said == t("mirror.sync.refused.none", reason=t("db.reason.password"))
            for text in (said, str(refused.value), stue.mirror.problem or "", caplog.text):
                assert "gammel-kode" not in text and "ny-kode" not in text
        finally:
            stue.close()
