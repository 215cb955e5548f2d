"""Terminals that run on the municipality's PostgreSQL (``--data-dir postgresql://…?house=…``):
each works on its own mirror on its PC with the normal store, and the database carries every
revision between them."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from smtte_tui import cli
from smtte_tui.models import Observation, SmttePlan
from smtte_tui.replicate import run_once
from smtte_tui.replicate.mirror import Mirror, MirrorRefused, MirrorUnreachable, parse
from smtte_tui.replicate.pgserver import PrivateServer
from smtte_tui.store import NotAllowed, Store


def address(url: str, house: str) -> str:
    return f"{url}&house={house}"


def until(predicate: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


class Terminal:
    """One PC on the database: its mirror and its store, as the app holds them."""

    def __init__(self, url: str, house: str, local: Path, *, background: bool = False) -> None:
        self.mirror = Mirror(parse(address(url, house)), local)
        self.mirror.open(background=background)
        self.store = self.mirror.open_store(terminal_name=local.name, write_behind=False)

    def sync(self) -> None:
        self.mirror.sync()
        self.store.poll()

    def close(self) -> None:
        self.store.close()
        self.mirror.close()


@pytest.fixture
def on_database(house, database, tmp_path):
    """Lindely in the database (replicated from its folder) and a way to start terminals on it."""
    house_id = run_once(database, house, local_dir=tmp_path / "server").house
    started: list[Terminal] = []

    def start(name: str, **kwargs) -> Terminal:
        terminal = Terminal(database, house_id, tmp_path / name, **kwargs)
        started.append(terminal)
        return terminal

    yield start, house_id
    for terminal in started:
        terminal.close()


def sign_for(store: Store, plan: SmttePlan, n: int = 1) -> list[Observation]:
    tegn = plan.tegn[0]
    value = True if tegn.maaletype == "ja_nej" else 1
    return [
        Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=dt.date.today(), vagt="dag", forfatter="MA", terminal=store.writer)
        for _ in range(n)
    ]


def active_plan(store: Store) -> SmttePlan:
    return next(p for p in store.all(SmttePlan) if p.status == "aktiv")


def test_a_fresh_terminal_fetches_the_house_before_it_opens(on_database, house, tmp_path):
    start, _house_id = on_database
    with Store(house, local_dir=tmp_path / "reader", readonly=True) as folder:
        expected = {plan.id: plan for plan in folder.all(SmttePlan)}

    stue = start("pc-stue")

    assert {plan.id: plan for plan in stue.store.all(SmttePlan)} == expected
    assert stue.store.staff_expected  # a mirror of a house with staff never offers "first start"
    assert stue.mirror.opened_with[1] > 300


def test_two_terminals_on_the_database_see_each_others_entries(on_database):
    start, house_id = on_database
    stue, kontor = start("pc-stue"), start("pc-kontor")
    signs = sign_for(stue.store, active_plan(stue.store), 3)
    stue.store.create_many(signs, author="DEMO")

    stue.sync()
    kontor.sync()

    assert {o.id for o in kontor.store.all(Observation, signs[0].borger_id)} >= {s.id for s in signs}
    written = kontor.store.create(sign_for(kontor.store, active_plan(kontor.store))[0], author="DEMO")
    kontor.sync()
    stue.sync()
    assert stue.store.get(Observation, written.entity_id) is not None
    assert stue.store.history(Observation, written.entity_id)[-1].terminal == kontor.store.writer


def test_the_same_field_changed_on_two_terminals_at_once_is_a_field_conflict(on_database):
    start, _house_id = on_database
    stue, kontor = start("pc-stue"), start("pc-kontor")
    plan = active_plan(stue.store)
    stue.store.update(SmttePlan, plan.id, {"tovholder": "AA"}, author="DEMO")
    kontor.store.update(SmttePlan, plan.id, {"tovholder": "BB"}, author="DEMO")  # neither saw the other

    for terminal in (stue, kontor, stue):
        terminal.sync()

    for terminal in (stue, kontor):
        conflicts = [c for c in terminal.store.conflicts() if c.entity_id == plan.id]
        assert [(c.field, sorted(c.values)) for c in conflicts] == [("tovholder", ["AA", "BB"])]


def office_sign(store: Store, house_id: str, note: str):
    """An observation written in the database itself (at the office), not yet inserted."""
    from smtte_tui.store import Revision
    from smtte_tui.store.hlc import encode

    sign = sign_for(store, active_plan(store))[0].model_copy(update={"note": note})
    stamp = encode(int(dt.datetime.now(dt.UTC).timestamp() * 1000), 0, "t0ff1ce000001")
    return Revision(
        entity="observation",
        entity_id=sign.id,
        op="create",
        parents=[],
        hlc=stamp,
        author="DEMO",
        terminal="t0ff1ce000001",
        borger_id=sign.borger_id,
        data=sign.model_dump(mode="json"),
        at=dt.datetime.now(dt.UTC),
    )


def test_a_transaction_that_commits_after_a_later_one_is_still_pulled(on_database, database):
    # the long transaction began (and got its id) before the quick one, and writes after the
    # terminal's pull: "newer than the last id pulled" would skip it; the snapshot of the last
    # pull says it was still open then
    from smtte_tui.replicate.push import insert_revisions

    start, house_id = on_database
    stue = start("pc-stue")
    slow, quick = office_sign(stue.store, house_id, "langsom"), office_sign(stue.store, house_id, "hurtig")
    with psycopg.connect(database) as long_running:
        long_running.execute("SELECT pg_current_xact_id()")  # the transaction is open and has its id
        with psycopg.connect(database, autocommit=True) as other:
            insert_revisions(other, house_id, [quick])
        stue.sync()
        assert stue.store.get(Observation, quick.entity_id).note == "hurtig"
        insert_revisions(long_running, house_id, [slow])  # a savepoint inside the open transaction
    # the long transaction commits as its block ends

    stue.sync()

    assert stue.store.get(Observation, slow.entity_id).note == "langsom"


def test_a_terminal_started_again_opens_at_once_and_catches_up_in_the_background(on_database):
    start, _house_id = on_database
    stue, kontor = start("pc-stue"), start("pc-kontor")
    stue.close()
    written = kontor.store.create(sign_for(kontor.store, active_plan(kontor.store))[0], author="DEMO")
    kontor.sync()

    again = start("pc-stue", background=True)

    assert again.mirror.opened_with is None  # no sync before the store opened
    until(lambda: again.store.poll() is not None and again.store.get(Observation, written.entity_id) is not None)


def test_roles_and_the_pin_work_on_the_database_as_on_a_folder(on_database, database):
    from smtte_tui.demo import DEMO_PIN
    from smtte_tui.features.signin.signin import sign_in
    from smtte_tui.models import Medarbejder

    start, house_id = on_database
    stue = start("pc-stue")
    staff = next(m for m in stue.store.all(Medarbejder) if m.rolle == "medarbejder" and m.aktiv)
    now = dt.datetime.now().astimezone()

    assert sign_in(stue.store, staff.initialer, DEMO_PIN, now=now, terminal=stue.store.writer).ok
    assert not sign_in(stue.store, staff.initialer, "000000", now=now, terminal=stue.store.writer).ok
    with pytest.raises(NotAllowed):
        stue.store.update(SmttePlan, active_plan(stue.store).id, {"tovholder": staff.initialer}, author=staff.initialer)
    stue.sync()

    with psycopg.connect(database) as conn:
        events = conn.execute("SELECT data ->> 'handling' FROM smtte.revisions WHERE house_id = %s AND entity = 'audit' AND writer = %s ORDER BY hlc", (house_id, stue.store.writer)).fetchall()
    assert [e for (e,) in events] == ["login_forsoeg", "login", "login_forsoeg", "login_fejl"]


def test_the_database_stopped_while_a_terminal_saves_loses_nothing_and_drains_after(house, tmp_path):
    with PrivateServer() as server:
        url = server.create_database("kommune")
        house_id = run_once(url, house, local_dir=tmp_path / "server").house
        stue = Terminal(url, house_id, tmp_path / "pc-stue", background=True)
        try:
            stue.mirror.SYNC_EVERY_S = 0.5
            server.stop_server()
            signs = sign_for(stue.store, active_plan(stue.store), 4)
            for sign in signs[:2]:
                stue.store.create(sign, author="DEMO")  # acknowledged: durable on this PC
            until(lambda: stue.mirror.reachable is False)
            for sign in signs[2:]:
                stue.store.create(sign, author="DEMO")

            server.restart()
            until(lambda: stue.mirror.reachable)

            def in_database() -> int:
                with psycopg.connect(url) as conn:
                    return conn.execute("SELECT count(*) FROM smtte.revisions WHERE id = ANY(%s)", ([stue.store.history(Observation, s.id)[0].id for s in signs],)).fetchone()[0]

            until(lambda: in_database() == 4)
        finally:
            stue.close()
        kontor = Terminal(url, house_id, tmp_path / "pc-kontor")
        try:
            assert all(kontor.store.get(Observation, sign.id) is not None for sign in signs)
        finally:
            kontor.close()


def test_a_new_terminal_without_the_database_is_refused_and_an_old_one_works_on_and_sends_it_the_next_day(house, tmp_path):
    with PrivateServer() as server:
        url = server.create_database("kommune")
        house_id = run_once(url, house, local_dir=tmp_path / "server").house
        Terminal(url, house_id, tmp_path / "pc-stue").close()  # fetched once
        server.stop_server()

        with pytest.raises(MirrorUnreachable, match="endnu ikke hentet"):
            Terminal(url, house_id, tmp_path / "pc-ny")
        stue = Terminal(url, house_id, tmp_path / "pc-stue")
        try:
            assert stue.mirror.reachable is False and stue.mirror.opened_with is None
            saved = stue.store.create(sign_for(stue.store, active_plan(stue.store))[0], author="DEMO")
        finally:
            stue.close()  # switched off before the database came back

        server.restart()
        again = Terminal(url, house_id, tmp_path / "pc-stue", background=True)  # the next morning
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                until(lambda: conn.execute("SELECT count(*) FROM smtte.revisions WHERE id = %s", (saved.id,)).fetchone()[0] == 1)
        finally:
            again.close()


def test_an_address_without_a_house_is_refused_with_a_sentence(database):
    with pytest.raises(MirrorRefused, match="hvilket hus"):
        parse(database)
    assert parse(database, "lindely").house == "lindely"
    assert parse(address(database, "bakkehuset"), "lindely").house == "bakkehuset"
    with pytest.raises(MirrorRefused, match="kan ikke bruges"):
        parse(address(database, "../etc"))


def _smtte(args: list[str], local: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMTTE_LOCAL_DIR": str(local), "SMTTE_CONFIG": str(local / "config.toml")}
    return subprocess.run([sys.executable, "-m", "smtte_tui", *args], capture_output=True, text=True, env=env, timeout=300)


def test_check_on_the_database_fetches_the_house_in_a_fresh_process(on_database, database, house, tmp_path):
    _start, house_id = on_database
    with Store(house, local_dir=tmp_path / "reader", readonly=True) as folder:
        folder.load_everything()
        total = len(folder._revs)

    done = _smtte(["check", "--data-dir", address(database, house_id), "--json"], tmp_path / "pc-check")

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["total"] == total
    assert report["database"]["reachable"] is True and report["database"]["house"] == house_id


def test_the_password_in_the_address_is_never_shown_or_logged(house, tmp_path):
    url = f"postgresql://smtte:hemmelig-kode@/kommune?host={tmp_path / 'ingen-server'}&house=lindely"
    local = tmp_path / "pc"

    checked = _smtte(["check", "--data-dir", url], local)
    replicated = _smtte(["replicate", "--data-dir", url, "--to", url], local)

    assert checked.returncode == cli.EXIT_UNAVAILABLE
    assert "endnu ikke hentet" in checked.stderr
    assert replicated.returncode == cli.EXIT_USAGE
    logged = (local / "smtte.log").read_text(encoding="utf-8")
    for text in (checked.stdout, checked.stderr, replicated.stdout, replicated.stderr, logged):
        assert "hemmelig-kode" not in text
    assert not any("hemmelig" in path.name for path in local.rglob("*"))


def test_a_house_that_lives_only_in_the_database_starts_with_its_first_leder(database, tmp_path):
    from smtte_tui.features.admin.staffadmin import create_first_leder
    from smtte_tui.features.signin.signin import sign_in
    from smtte_tui.models import Medarbejder

    first = Terminal(database, "nyt-hus", tmp_path / "pc-kontor")
    try:
        assert not first.store.all(Medarbejder) and not first.store.staff_expected  # "first start" is offered
        now = dt.datetime.now().astimezone()
        create_first_leder(first.store, "LE", "Lene Leder", "246813", "246813", now=now)
        first.sync()
        second = Terminal(database, "nyt-hus", tmp_path / "pc-stue")
        try:
            assert second.store.staff_expected  # never "first start" again, on any PC
            with pytest.raises(ValueError):
                create_first_leder(second.store, "XX", "Xenia", "135792", "135792", now=now)
            assert sign_in(second.store, "LE", "246813", now=now, terminal=second.store.writer).ok
        finally:
            second.close()
    finally:
        first.close()
    with psycopg.connect(database) as conn:
        assert conn.execute("SELECT id FROM smtte.houses").fetchall() == [("nyt-hus",)]


def test_the_house_may_be_named_in_the_config_file(on_database, database, tmp_path):
    _start, house_id = on_database
    local = tmp_path / "pc-check"
    local.mkdir()
    (local / "config.toml").write_text(f'house = "{house_id}"\n', encoding="utf-8")

    done = _smtte(["check", "--data-dir", database, "--json"], local)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["database"]["house"] == house_id
