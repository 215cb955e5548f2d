"""The app on the municipality's PostgreSQL: a new terminal fetches the house behind the lock
screen, staff sign in with their PIN, saves reach the database in the background, and while the
database is away the sync bar says so and the saves wait on this PC."""

from __future__ import annotations

import psycopg

from smtte_tui.app import SmtteApp
from smtte_tui.demo import DEMO_PIN
from smtte_tui.drafts import DraftStore
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
