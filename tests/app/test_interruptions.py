"""Interruptions are normal: locking, drafts, another terminal, a share that goes away, first start."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from smtte_tui.models import Medarbejder, Observation
from smtte_tui.store import Store

from .conftest import NOW, PIN, open_app, open_log, save_and_return, sign_in, wait_for


async def test_draft_survives_auto_lock_and_only_its_author_gets_it_back(house):
    from smtte_tui.screens.shift.log import LogScreen
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "LE")
        await open_log(pilot, "b", "e")
        await pilot.press("j")
        # five idle minutes pass
        app._last_activity -= app.lock_after_minutes() * 60 + 1
        app._check_idle()
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        assert app.user is None
        # the next person sees no draft
        await sign_in(pilot, "MA")
        assert not isinstance(app.screen, LogScreen)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        # the author signs in again and gets the draft back
        await pilot.press("L", "E", "enter", *PIN, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
        assert app.screen.borger.navn == "Bent Olsen"
        assert app.screen.collect()["values"] == {house["plans"][app.screen.borger.id].tegn[0].id: "j"}
    assert Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True).all(Observation) == []


async def test_one_key_locks_at_once(house):
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        assert app.user is None
        assert not app.screen.query("#borgere")  # nothing about borgere on the lock screen


async def test_another_terminals_entries_appear_within_three_seconds(house):
    from smtte_tui.screens.shift.home import HomeScreen

    bent = house["borgere"]["Bent"]
    plan = house["plans"][bent.id]
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        script = textwrap.dedent(
            f"""
            import datetime as dt, sys
            from pathlib import Path
            from smtte_tui.models import Observation, SmttePlan
            from smtte_tui.store import Store
            store = Store(Path({str(house["data"])!r}), local_dir=Path({str(house["tmp"] / "other")!r}))
            plan = store.get(SmttePlan, {plan.id!r})
            values = {{"ja_nej": True, "skala_1_5": 3, "antal": 1, "minutter": 5}}
            store.create_many([Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=t.id, maaletype=t.maaletype,
                vaerdi=values[t.maaletype], dato=dt.date({NOW.year}, {NOW.month}, {NOW.day}), vagt="dag", forfatter="MA",
                terminal=store.writer) for t in plan.tegn], "MA")
            print("written", flush=True)
            """
        )
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert "written" in result.stdout, result.stderr
        written_at = time.monotonic()

        def bent_done() -> bool:
            screen = app.screen
            return isinstance(screen, HomeScreen) and any(r.borger.id == bent.id and r.status == "done" for r in screen.rows)

        await wait_for(pilot, bent_done, timeout=5)
        assert time.monotonic() - written_at < 3.0


async def test_share_that_disappears_mid_shift_keeps_logging_locally_and_shares_later(house):

    data = house["data"]
    away = data.with_name("data-away")
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        data.rename(away)  # the network drive is gone
        await open_log(pilot, "b", "e")
        await save_and_return(pilot, "j")
        await wait_for(pilot, lambda: "kan ikke nås" in str(app.screen.query_one("#sync").render()))
        assert app.store.pending_count >= 1
        away.rename(data)  # back again
        await wait_for(pilot, lambda: app.store.pending_count == 0 and "Gemt og delt" in str(app.screen.query_one("#sync").render()))
    saved = Store(data, local_dir=house["tmp"] / "reader", readonly=True).all(Observation, house["borgere"]["Bent"].id)
    assert [o.vaerdi for o in saved] == [True]


async def test_first_start_on_an_empty_folder_creates_the_leder(tmp_path):
    from smtte_tui.app import SmtteApp
    from smtte_tui.features.shift.drafts import DraftStore
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.signin.setup import FirstRunScreen

    data = tmp_path / "tom"
    data.mkdir()
    store = Store(data, local_dir=tmp_path / "local", create=True, clock=lambda: NOW)
    app = SmtteApp(store, clock=lambda: NOW, drafts=DraftStore(tmp_path / "drafts"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FirstRunScreen))
        await pilot.press("K", "M", "enter", *"Karen Mortensen", "enter", *"135791", "enter", *"135791", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.user.initialer == "KM"
    staff = Store(data, local_dir=tmp_path / "reader", readonly=True).all(Medarbejder)
    assert [(m.initialer, m.rolle) for m in staff] == [("KM", "leder")]


async def test_a_leder_adds_a_borger_and_a_colleague_and_a_medarbejder_cannot(house):
    from smtte_tui.screens.admin.admin import AdminScreen
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "LE")
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen))
        await pilot.press(*"Dorte Holm", "enter", "D", "H", "enter", *"Lejl. 9", "enter")
        await wait_for(pilot, lambda: "Dorte Holm" in str(app.screen.query_one("#admin-message").render()))
        for _ in range(3):
            await pilot.press("tab")
        await pilot.press("j", "k", "enter", *"Jonas Kirk", "enter", "t", "enter", *"975311", "enter")
        await wait_for(pilot, lambda: "JK" in str(app.screen.query_one("#admin-message").render()))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and any(r.borger.navn == "Dorte Holm" for r in app.screen.rows))
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await sign_in(pilot, "MA")
        await pilot.press("f9")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, AdminScreen)
    staff = {m.initialer: m.rolle for m in Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True).all(Medarbejder)}
    assert staff["JK"] == "tovholder"


async def test_a_folder_that_is_not_smtte_data_closes_the_app_with_one_danish_sentence(tmp_path):
    from smtte_tui.app import SmtteApp
    from smtte_tui.features.shift.drafts import DraftStore

    foreign = tmp_path / "regnskab"
    foreign.mkdir()
    (foreign / "budget.xlsx").write_text("x")
    app = SmtteApp(open_store=lambda: Store(foreign, local_dir=tmp_path / "local", create=True), drafts=DraftStore(tmp_path / "drafts"))
    messages = []
    real_exit = app.exit
    app.exit = lambda result=None, return_code=0, message=None: (messages.append(message), real_exit(result, return_code, message))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert len(messages) == 1 and "ikke en smtte-datamappe" in messages[0]
