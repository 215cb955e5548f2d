"""The database for SQL users: applied once per version, revisions immutable, and analysts who see
no names unless granted."""

from __future__ import annotations

import psycopg
import pytest

from smtte_tui.replicate import db, run_once


def test_the_schema_is_applied_once_and_says_its_version(database):
    with db.connect(database) as conn:
        assert db.ensure_schema(conn) is True
        assert db.ensure_schema(conn) is False
        assert conn.execute("SELECT array_agg(version) FROM smtte.schema_version").fetchone()[0] == [db.SCHEMA_VERSION]


def test_a_database_of_a_newer_schema_is_refused_with_a_sentence(database):
    with db.connect(database) as conn:
        db.ensure_schema(conn)
        conn.execute("INSERT INTO smtte.schema_version (version) VALUES (%s)", (db.SCHEMA_VERSION + 1,))
        with pytest.raises(db.DatabaseRefused, match="Opdatér smtte"):
            db.ensure_schema(conn)


def test_revisions_are_never_changed_or_deleted(house, database, tmp_path):
    run_once(database, house, local_dir=tmp_path / "server")
    with psycopg.connect(database) as conn:
        with pytest.raises(psycopg.errors.RaiseException, match="never changed or deleted"):
            conn.execute("UPDATE smtte.revisions SET author = 'XX'")
        conn.rollback()
        with pytest.raises(psycopg.errors.RaiseException):
            conn.execute("DELETE FROM smtte.revisions")


def _login(pg_server, database: str, name: str, role: str) -> str:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {name}")
        conn.execute(f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    return database.replace("smtte_admin@", f"{name}@")


def test_an_analyst_reads_the_views_without_names_and_nothing_else(house, database, pg_server, tmp_path):
    run_once(database, house, local_dir=tmp_path / "server")
    analyst = _login(pg_server, database, "alma", "smtte_analyst")

    with psycopg.connect(analyst) as conn:
        columns = [c.name for c in conn.execute("SELECT * FROM smtte_analyse.borgere").description]
        assert "navn" not in columns and "kortnavn" not in columns
        assert conn.execute("SELECT count(*) FROM smtte_analyse.observationer").fetchone()[0] > 100
        for table in ("smtte_navne.borgere", "smtte.revisions", "smtte.entity_state"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")
            conn.rollback()


def test_an_analyst_granted_names_sees_them(house, database, pg_server, tmp_path):
    run_once(database, house, local_dir=tmp_path / "server")
    named = _login(pg_server, database, "nanna", "smtte_analyst_named")

    with psycopg.connect(named) as conn:
        names = [row[0] for row in conn.execute("SELECT navn FROM smtte_navne.borgere ORDER BY navn")]
        assert len(names) == 3 and all(names)
        assert conn.execute("SELECT count(*) FROM smtte_analyse.planer").fetchone()[0] >= 3
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT data FROM smtte.revisions")  # PIN hashes live there: never for analysts


def test_a_version_1_database_gets_version_2s_transaction_column_without_losing_a_row(house, database, tmp_path):
    first = run_once(database, house, local_dir=tmp_path / "server")
    with db.connect(database) as conn:  # as version 1 left it: no txid, version 1 only
        conn.execute("DROP INDEX smtte.revisions_txid")
        conn.execute("ALTER TABLE smtte.revisions DROP COLUMN txid")
        conn.execute("DELETE FROM smtte.schema_version")
        conn.execute("INSERT INTO smtte.schema_version (version) VALUES (1)")

        assert db.ensure_schema(conn) is True

        assert conn.execute("SELECT array_agg(version ORDER BY version) FROM smtte.schema_version").fetchone()[0] == [1, 2]
        assert conn.execute("SELECT count(*), count(txid) FROM smtte.revisions").fetchone() == (first.pushed.inserted, 0)
    again = run_once(database, house, local_dir=tmp_path / "server", full_scan=True)
    assert again.pushed.inserted == 0
