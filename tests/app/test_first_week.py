"""What a first week on the floor would hit (issue I), key by key at 80×24 through the real app
and store: the picker, corrections, quitting with a draft, partial saves, stray drafts."""

from __future__ import annotations

from smtte_tui.models import Borger, SmttePlan
from smtte_tui.store import Store

from .conftest import NOW, make_plan, open_app, sign_in, wait_for

SIZE = (80, 24)


def add_borgere(house, *borgere: Borger) -> dict[str, SmttePlan]:
    """Move more borgere (each with an active plan) into the house; their plans by first name."""
    store = Store(house["data"], local_dir=house["tmp"] / "admin", clock=lambda: NOW)
    plans = [make_plan(b) for b in borgere]
    store.create_many([*borgere, *plans], author="LE")
    store.close()
    return {b.navn.split()[0]: p for b, p in zip(borgere, plans)}


async def test_ni_then_f7_opens_niels_plans_not_dennis_whose_name_only_contains_ni(house):
    from smtte_tui.screens.plan import PlanScreen

    dennis, niels = Borger(navn="Dennis Holm", kortnavn="DH", bolig="Lejl. 4"), Borger(navn="Niels Kragh", kortnavn="NK", bolig="Lejl. 5")
    add_borgere(house, dennis, niels)
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await pilot.press("n", "i")
        await wait_for(pilot, lambda: app.screen.query_one("#filter").value == "ni")
        assert [row.borger.navn for row in app.screen.shown][:2] == ["Niels Kragh", "Dennis Holm"]
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert app.screen.borger_id == niels.id


def log_entries(house, author: str, first_name: str, vagt: str, values: dict[int, object]) -> list[str]:
    """Observations ``author`` logged for the borger today in ``vagt``: tegn index -> value."""
    from smtte_tui.models import Observation

    borger = house["borgere"][first_name]
    plan = house["plans"][borger.id]
    store = Store(house["data"], local_dir=house["tmp"] / f"pc-{author}", clock=lambda: NOW)
    made = [Observation(borger_id=borger.id, plan_id=plan.id, tegn_id=plan.tegn[i].id, maaletype=plan.tegn[i].maaletype, vaerdi=v, dato=NOW.date(), vagt=vagt, forfatter=author, terminal="t") for i, v in values.items()]
    store.create_many(made, author=author)
    store.close()
    return [o.id for o in made]


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def open_entries(pilot, *letters: str) -> None:
    from smtte_tui.screens.entries import EntriesScreen

    from .conftest import open_log

    await open_log(pilot, *letters)
    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EntriesScreen) and pilot.app.screen.entries)


async def test_a_correction_keeps_the_cursor_on_its_row_and_a_colleagues_entry_is_not_mine_to_change(house):
    from smtte_tui.models import Observation
    from smtte_tui.screens.confirm import ConfirmScreen
    from smtte_tui.screens.prompt import PromptScreen

    lenes = log_entries(house, "LE", "Anna", "dag", {0: True, 1: 3, 2: 2})  # a colleague's day shift
    [mine] = log_entries(house, "MA", "Anna", "aften", {2: 2})
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await open_entries(pilot, "a", "n")
        await pilot.press("down", "down", "down")  # my evening entry, below the day shift's three
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        prompt = app.screen
        assert "logget af MA" in str(prompt.question) and prompt.query_one("#prompt-input").value == "2"  # prefilled
        await pilot.press("5", "enter")
        await wait_for(pilot, lambda: "Rettet" in notices(app))
        entries = app.screen
        await wait_for(pilot, lambda: str(entries.query_one("#entries").get_cell_at((3, 4))) == "2")  # read again: two versions
        assert entries._selected().id == mine  # the cursor stayed on my entry, not row 1
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one("#prompt-input").value == "5"
        await pilot.press("escape", "up")  # a colleague's day-shift entry
        await wait_for(pilot, lambda: not isinstance(app.screen, PromptScreen))
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, PromptScreen) and "logget af LE" in notices(app)
        await pilot.press("t")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("down", "t")  # my own: asked first, and "n" keeps it
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "logget af MA" in str(app.screen.question)
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
    store = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    assert store.get(Observation, mine).vaerdi == 5
    assert [store.get(Observation, i).vaerdi for i in lenes] == [True, 3, 2]
    assert all(len(store.history(Observation, i)) == 1 for i in lenes)


async def test_correcting_a_ja_nej_sign_takes_nej_and_refuses_maybe(house):
    from smtte_tui.models import Observation
    from smtte_tui.screens.prompt import PromptScreen

    [entry] = log_entries(house, "MA", "Anna", "dag", {0: True})
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "LE")  # a leder may correct a colleague's entry
        await open_entries(pilot, "a", "n")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one("#prompt-input").value == "ja"
        await pilot.press(*"maybe", "enter")
        await wait_for(pilot, lambda: "skal være j (ja) eller n (nej)" in notices(app) and isinstance(app.screen, PromptScreen))
        assert app.screen.query_one("#prompt-input").value == "maybe"  # what was typed comes back
        await pilot.press("ctrl+a", "ctrl+k", *"nej", "enter")
        await wait_for(pilot, lambda: "Rettet" in notices(app))
    store = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    assert store.get(Observation, entry).vaerdi is False
    assert [rev.author for rev in store.history(Observation, entry)] == ["MA", "LE"]


async def test_f4_lists_a_borger_once_when_two_meetings_fall_on_one_day_and_the_overview_counts_every_row(house):
    import datetime as dt
    import re

    from smtte_tui.screens.dashboard import DashboardScreen
    from smtte_tui.screens.due import DueScreen

    anna = house["borgere"]["Anna"]
    plan = house["plans"][anna.id]
    day = NOW.date() + dt.timedelta(days=5)
    store = Store(house["data"], local_dir=house["tmp"] / "admin", clock=lambda: NOW)
    store.update(SmttePlan, plan.id, {"evaluering": plan.evaluering.model_copy(update={"naeste_opfoelgning": day, "status_dato": day}).model_dump(mode="json")}, "LE")
    store.close()
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        assert "0 forfaldne, 1 inden for 14 dage" in str(app.screen.query_one("#home-due").render())  # one meeting, not two
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, DueScreen) and app.screen.rows)
        assert [(d.borger.navn, d.art, d.also) for d in app.screen.rows] == [("Anna Jensen", "status", ("opfoelgning",))]
        assert "Statusmøde + Opfølgning" in str(app.screen.query_one("#due-table").get_row_at(0)[1])
        await pilot.press("escape", "f6")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.board is not None)
        summary = str(app.screen.query_one("#dash-summary").render())
        serious, info = (int(n) for n in re.findall(r": (\d+)", summary)[:2])
        assert serious + info == app.screen.query_one("#dash-table").row_count  # every row is counted, the dimmed ones too
        assert info == sum(not f.serious for f in app.screen.lines) >= 1  # the coming meeting (once) and this terminal
        assert sum(f.rule == "evaluering" for f in app.screen.lines) == 1
