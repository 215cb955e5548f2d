"""The app on the municipality's PostgreSQL: a new terminal fetches the house behind the lock
screen, staff sign in with their PIN, saves reach the database in the background, and while the
database is away the sync bar says so and the saves wait on this PC."""

from __future__ import annotations

import time

import psycopg

from smtte_tui.app import SmtteApp
from smtte_tui.demo import DEMO_PIN
from smtte_tui.features.shift.drafts import DraftStore
from smtte_tui.models import Observation
from smtte_tui.replicate import run_once
from smtte_tui.replicate.mirror import Mirror, parse
from smtte_tui.replicate.pgserver import PrivateServer
from tests.app.conftest import sign_in, wait_for

from .test_database_terminal import active_plan, address, sign_for


def in_database(url: str, revision_ids: list[str]) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM smtte.revisions WHERE id = ANY(%s)", (revision_ids,)).fetchone()[0]


async def test_a_shift_on_the_database_signs_in_saves_and_waits_out_an_outage(house, tmp_path):
    with PrivateServer() as server:
        url = server.create_database("kommune")
        house_id = run_once(url, house, local_dir=tmp_path / "server").house
        mirror = Mirror(parse(address(url, house_id)), tmp_path / "pc-stue")
        mirror.SYNC_EVERY_S = 0.5

        def open_store():
            mirror.open()  # the first start: the house is fetched behind the lock screen
            return mirror.open_store(terminal_name="stue")

        app = SmtteApp(open_store=open_store, database=mirror, drafts=DraftStore(tmp_path / "drafts"))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await sign_in(pilot, "MA", DEMO_PIN)
                assert app.user.rolle == "medarbejder"
                assert "hus " + house_id in app.sub_title and "hemmelig" not in app.sub_title

                def bar() -> str:
                    return str(app.screen.query_one("#sync").render())

                first = app.store.create(sign_for(app.store, active_plan(app.store))[0], author="MA")
                await wait_for(pilot, lambda: in_database(url, [first.id]) == 1, timeout=30)

                server.stop_server()
                await wait_for(pilot, lambda: "Databasen kan ikke nås" in bar(), timeout=30)
                while_away = app.store.create(sign_for(app.store, active_plan(app.store))[0], author="MA")
                assert app.store.get(Observation, while_away.entity_id) is not None  # saved ("Gemt") on this PC
                server.restart()
                await wait_for(pilot, lambda: in_database(url, [first.id, while_away.id]) == 2 and "Databasen" not in bar(), timeout=30)
        finally:
            if app.store is not None:
                app.store.close()
            mirror.close()
        with psycopg.connect(url) as conn:
            sign_ins = conn.execute(
                "SELECT count(*) FROM smtte.revisions WHERE house_id = %s AND entity = 'audit' AND data ->> 'handling' = 'login' AND from_folder IS DISTINCT FROM house_id", (house_id,)
            ).fetchone()[0]
        assert sign_ins == 1  # the sign-in is audited in the house's log, through the database


def test_the_installed_smtte_on_the_database_in_a_real_terminal_and_a_second_pc_sees_the_sign(tmp_path, database):
    """Two PCs as two OS processes: smtte in tmux signs in, logs a sign and quits; ``smtte check``
    on another PC (its own local folder) fetches the house and finds it. The address carries a
    password (the test server trusts local connections and ignores it): never on screen or in a log."""
    import json
    import os
    import shlex
    import shutil
    import subprocess
    import uuid

    from smtte_tui.auth import hash_pin
    from smtte_tui.models import Borger, Maal, Medarbejder, SmttePlan, Tegn
    from smtte_tui.store import Store
    from tests.e2e.test_terminal import SMTTE, type_keys, wait_for_screen

    assert shutil.which("tmux"), "tmux is required for the terminal test (.ci/run installs it)"
    folder = tmp_path / "hus"
    folder.mkdir()
    with Store(folder, local_dir=tmp_path / "setup", create=True) as store:
        borger = Borger(navn="Bent Olsen", kortnavn="BO")
        plan = SmttePlan(borger_id=borger.id, status="aktiv", maal=Maal(tekst="Bent går en tur"), tegn=[Tegn(tekst="Går med ud", maaletype="ja_nej")])
        store.create_many([Medarbejder(initialer="LE", navn="Lene", rolle="leder", pin_hash=hash_pin("246813")), borger, plan], "LE")
    house_id = run_once(database, folder, local_dir=tmp_path / "server").house
    secret_url = address(database.replace("smtte_admin@", "smtte_admin:hemmelig-kode@"), house_id)
    session = f"smtte-db-{uuid.uuid4().hex[:8]}"
    env = f"SMTTE_LOCAL_DIR={tmp_path / 'pc-stue'} SMTTE_CONFIG={tmp_path / 'none.toml'} TERM=xterm-256color"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", f"env {env} {SMTTE} --data-dir {shlex.quote(secret_url)}"], check=True)
    screens = []
    try:
        screens.append(wait_for_screen(session, "Gemt og delt", timeout=60))  # fetched, opened, polled
        type_keys(session, "L", "E", "Enter", "2", "4", "6", "8", "1", "3", "Enter")
        screens.append(wait_for_screen(session, "Bent går en tur"))
        type_keys(session, "b", "e", "Enter")
        screens.append(wait_for_screen(session, "Mål: Bent går en tur"))
        type_keys(session, "j", "C-s")
        screens.append(wait_for_screen(session, "logget"))
        type_keys(session, "C-q")
        deadline = time.monotonic() + 30
        while subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)

    check = subprocess.run(
        [str(SMTTE), "check", "--data-dir", secret_url, "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "SMTTE_LOCAL_DIR": str(tmp_path / "pc-kontor"), "SMTTE_CONFIG": str(tmp_path / "none.toml")},
    )
    report = json.loads(check.stdout)
    assert report["records"]["observation"] == 1, check.stderr
    assert report["database"]["house"] == house_id
    logs = [path.read_text(encoding="utf-8") for path in tmp_path.rglob("smtte.log")]
    assert len(logs) == 2
    for text in [*screens, *logs, check.stdout, check.stderr]:
        assert "hemmelig-kode" not in text


async def test_the_sync_bar_counts_saves_waiting_for_the_database_and_names_a_refusal(house, tmp_path):
    """The bar of a shift on the database: saves made while it is away are counted; a right IT
    takes away is named as a refusal, never as "cannot be reached"."""
    from smtte_tui.i18n import t

    from .test_database_sync import _terminal_role

    with PrivateServer() as server:
        url = server.create_database("kommune")
        house_id = run_once(url, house, local_dir=tmp_path / "server").house
        role_url = _terminal_role(url)
        mirror = Mirror(parse(address(role_url, house_id)), tmp_path / "pc-stue")
        mirror.SYNC_EVERY_S = 0.5

        def open_store():
            mirror.open()
            return mirror.open_store(terminal_name="stue")

        app = SmtteApp(open_store=open_store, database=mirror, drafts=DraftStore(tmp_path / "drafts"))
        try:
            async with app.run_test(size=(80, 30)) as pilot:
                await sign_in(pilot, "MA", DEMO_PIN)

                def bar() -> str:
                    return str(app.screen.query_one("#sync").render())

                await wait_for(pilot, lambda: bar() == t("sync.ok"), timeout=30)
                server.stop_server()
                await wait_for(pilot, lambda: "Databasen kan ikke nås" in bar(), timeout=30)
                app.store.create_many(sign_for(app.store, active_plan(app.store), 2), author="MA")
                await wait_for(pilot, lambda: bar() == "Databasen kan ikke nås – 2 gemt på denne pc og sendes senere", timeout=30)

                server.restart()
                await wait_for(pilot, lambda: bar() == t("sync.ok"), timeout=30)
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute("REVOKE INSERT ON smtte.revisions FROM " + role_url.split("://")[1].split("@")[0])
                app.store.create(sign_for(app.store, active_plan(app.store))[0], author="MA")
                await wait_for(pilot, lambda: bar() == "Databasen afviser: mangler rettigheder – 1 venter; spørg IT", timeout=30)
                assert app.screen.query_one("#sync").has_class("offline")
        finally:
            if app.store is not None:
                app.store.close()
            mirror.close()
