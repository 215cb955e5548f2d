"""``smtte report --db``: every house's group figures from the municipality's database, the same as
each house's own group report, anonymous unless the database user may see names, and audited in
every house it read."""

from __future__ import annotations

import datetime as dt

import psycopg

from smtte_tui import cli
from smtte_tui.features.group import group
from smtte_tui.models import AuditEvent, Borger
from smtte_tui.replicate import db, run_once
from smtte_tui.report import municipality
from smtte_tui.store import Store

TODAY = dt.date.today()
PERIOD = group.quarter_period(TODAY)


def _login(database: str, name: str, role: str) -> str:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {name}")
        conn.execute(f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    return database.replace("smtte_admin@", f"{name}@")


def test_each_houses_figures_are_those_of_its_own_group_report(house, second_house, database, tmp_path):
    for root in (house, second_house):
        run_once(database, root, local_dir=tmp_path / "server")
    with db.connect(database) as conn:
        report = municipality.gather(conn, PERIOD, today=TODAY)

    assert [h.label for h in report.houses] == ["Hus 1", "Hus 2"]
    for made, root in zip(report.houses, (house, second_house)):
        with Store(root, local_dir=tmp_path / "pc-leder") as store:
            own = group.picture(store, TODAY, PERIOD)
        mine = {row.borger.id: row for row in made.picture.rows}
        assert set(mine) == {row.borger.id for row in own.rows}
        for row in own.rows:
            other = mine[row.borger.id]
            assert other.score == row.score
            assert other.logging == row.logging
            assert [v.verdict for v in other.verdicts] == [v.verdict for v in row.verdicts]
            assert [v.tegn.id for v in other.verdicts] == [v.tegn.id for v in row.verdicts]
        assert (made.picture.latest, made.picture.held, made.picture.meetings_held, made.picture.over_time) == (own.latest, own.held, own.meetings_held, own.over_time)
        assert [(a.evaluation.id, a.changed, a.state) for a in made.picture.adjustments] == [(a.evaluation.id, a.changed, a.state) for a in own.adjustments]
        assert made.implementation.borgere == len(own.rows)
        assert made.implementation.with_plan == sum(1 for row in own.rows if row.plan is not None)


def test_an_analyst_gets_the_report_without_names_and_every_house_records_it(house, database, tmp_path, capsys):
    run_once(database, house, local_dir=tmp_path / "server")
    analyst = _login(database, "anton", "smtte_analyst")
    with Store(house, local_dir=tmp_path / "pc-leder") as store:
        names = [b.navn for b in store.all(Borger)]

    code = cli.main(["report", "--db", analyst, "--period", PERIOD.key, "--format", "md"])

    out = capsys.readouterr().out
    assert code == cli.EXIT_OK
    assert "Hus 1" in out and "Borger 1" in out and "Implementering pr. hus" in out
    assert not any(name in out for name in names)
    with psycopg.connect(database) as conn:
        recorded = conn.execute("SELECT medarbejder, maal FROM smtte_navne.audit WHERE handling = 'rapport'").fetchall()
    assert recorded == [(municipality.os_user(), f"kommune:{PERIOD.key}:md")]

    run_once(database, house, local_dir=tmp_path / "server")  # the house takes the event in
    with Store(house, local_dir=tmp_path / "pc-leder") as store:
        store.load_audit()
        events = [e for e in store.all(AuditEvent) if e.handling == "rapport"]
    assert [(e.medarbejder, e.maal) for e in events] == [(municipality.os_user(), f"kommune:{PERIOD.key}:md")]


def test_names_need_the_named_role(house, database, tmp_path, capsys):
    run_once(database, house, local_dir=tmp_path / "server", house_name="Lindely")
    analyst = _login(database, "anton", "smtte_analyst")
    named = _login(database, "nora", "smtte_analyst_named")
    with Store(house, local_dir=tmp_path / "pc-leder") as store:
        names = [b.navn for b in store.all(Borger) if b.aktiv]

    refused = cli.main(["report", "--db", analyst, "--period", PERIOD.key, "--with-names"])
    err = capsys.readouterr()
    shown = cli.main(["report", "--db", named, "--period", PERIOD.key, "--with-names", "--house", "Lindely"])
    out = capsys.readouterr().out

    assert refused == cli.EXIT_USAGE and "smtte_analyst_named" in err.err and not err.out
    assert shown == cli.EXIT_OK and "Lindely" in out and all(name in out for name in names)
    with psycopg.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM smtte_analyse.audit WHERE handling = 'rapport'").fetchone()[0] == 1  # only the report shown


def test_a_house_not_in_the_database_is_named_in_a_sentence(house, database, tmp_path, capsys):
    run_once(database, house, local_dir=tmp_path / "server", house_name="Lindely")

    code = cli.main(["report", "--db", database, "--period", PERIOD.key, "--house", "Solsikken"])

    assert code == cli.EXIT_USAGE
    assert "'Solsikken' findes ikke" in capsys.readouterr().err
