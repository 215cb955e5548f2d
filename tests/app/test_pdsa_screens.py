"""Prøvehandlinger through the real app: start, plan, do, study, act, ramps and the overdue list."""

from __future__ import annotations

import datetime as dt

from smtte_tui.models import AuditEvent, Notat, Observation, PdsaCycle, SmttePlan
from smtte_tui.store import Store

from .conftest import NOW, open_app, sign_in, wait_for

TODAY = NOW.date()
SIZE = (100, 40)


def reader(house) -> Store:
    """A fresh store on the same folder: what another PC would read."""
    return Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)


def seed(house, records, author: str = "LE") -> None:
    store = Store(house["data"], local_dir=house["tmp"] / "seed", clock=lambda: NOW)
    store.create_many(records, author)
    store.close()


def anna(house):
    borger = house["borgere"]["Anna"]
    return borger, house["plans"][borger.id]


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def fill(pilot, selector: str, text: str) -> None:
    """Put the cursor in a field, empty it and type ``text`` key by key."""
    from smtte_tui.screens.widgets.fields import focus_now

    field = pilot.app.screen.query_one(selector)
    focus_now(field)
    await pilot.pause()
    field.value = ""
    await type_text(pilot, text)


async def open_cycle(pilot, cycle, plan, **kwargs):
    from smtte_tui.screens.pdsa.pdsa import PdsaScreen

    screen = PdsaScreen(cycle, plan, **kwargs)
    pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: pilot.app.screen is screen and screen.is_mounted)
    await pilot.pause()
    return screen


async def go_to_step(pilot, screen, step: str) -> None:
    from smtte_tui.screens.pdsa.pdsa import STEPS

    while screen.step != step:
        await pilot.press("f8" if STEPS.index(step) > STEPS.index(screen.step) else "f7")
    await pilot.pause()


def study_rows(screen) -> dict[str, list[str]]:
    table = screen.study_table
    return {str(table.get_row_at(i)[0]): [str(cell) for cell in table.get_row_at(i)[1:]] for i in range(table.row_count)}


# --- Plan ----------------------------------------------------------------------------------------


async def test_tovholder_starts_a_cycle_from_a_tiltag_and_saves_the_plan_step(house):
    from smtte_tui.screens.pdsa.pdsa import PdsaScreen
    from smtte_tui.screens.pdsa.pdsa_list import PdsaRampScreen, PickTiltagScreen

    borger, plan = anna(house)
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        ramps = PdsaRampScreen(borger.id, plan)
        app.push_screen(ramps)
        await wait_for(pilot, lambda: ramps.loaded and len(ramps.cycles) == 1)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, PickTiltagScreen))
        await pilot.press("enter")  # the plan's one tiltag is highlighted first
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaScreen))
        screen = app.screen
        assert screen.new and screen.cycle.tiltag_id == plan.tiltag[0].id
        assert screen.query_one("#f-formaal").value == "Tøjet lægges frem"
        assert "Prøvehandling 1 i rækken" in str(screen.query_one("#pdsa-head").render())
        # the cursor starts in Formål; Enter moves on field by field
        await pilot.press("end")
        await type_text(pilot, " i rækkefølge")
        await pilot.press("enter", "end")  # a field entered is all selected: End keeps its text
        await type_text(pilot, " om aftenen")
        await pilot.press("enter")
        await type_text(pilot, "Tager Anna trøjen på selv?")
        await pilot.press("enter")
        await type_text(pilot, "Ja, 3 af 4 dage")
        await pilot.press("ctrl+n")
        await type_text(pilot, "Bliver hun sur?")
        await fill(pilot, "#f-hvor", "Soveværelset")
        await fill(pilot, "#f-slut", "8.12.2026")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.new and not screen.busy)
        assert "Prøvehandlingen er startet og gemt." in messages(app)
        await pilot.press("escape")  # nothing unsaved: straight back to the list
        await wait_for(pilot, lambda: app.screen is ramps and len(ramps.cycles) == 2)
    saved = reader(house).get(PdsaCycle, screen.cycle.id)
    assert saved.formaal == "Tøjet lægges frem i rækkefølge"
    assert saved.aendring == "Tøjet lægges frem om aftenen"
    assert [(q.spoergsmaal, q.forudsigelse) for q in saved.spoergsmaal] == [("Tager Anna trøjen på selv?", "Ja, 3 af 4 dage"), ("Bliver hun sur?", "")]
    assert saved.hvor == "Soveværelset" and saved.hvem == "Aftenvagt"
    assert (saved.start, saved.slut) == (TODAY, dt.date(2026, 12, 8))
    assert saved.data_tegn == [x.id for x in plan.tegn]
    assert saved.tiltag_id == plan.tiltag[0].id and saved.nummer == 1


async def test_editing_an_existing_cycle_saves_only_the_changed_fields(house):
    _, plan = anna(house)
    cycle = house["cycle"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, cycle, plan)
        await fill(pilot, "#f-hvem", "Tove og Mads")
        # untick the last tegn in the list (space toggles the highlighted one)
        tegn_list = screen.query_one("#f-tegn")
        tegn_list.focus()
        await pilot.pause()
        tegn_list.highlighted = 2
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, lambda: screen.cycle.hvem == "Tove og Mads")
    store = reader(house)
    saved = store.get(PdsaCycle, cycle.id)
    assert saved.hvem == "Tove og Mads"
    assert saved.data_tegn == [plan.tegn[0].id, plan.tegn[1].id]
    update = store.history(PdsaCycle, cycle.id)[-1]
    assert update.op == "update" and set(update.data) == {"hvem", "data_tegn"}
    store.load_audit()
    assert any(e.handling == "laes_pdsa" and e.maal == f"pdsa:{cycle.id}" for e in store.all(AuditEvent))


async def test_a_bad_end_date_is_refused_in_danish_and_nothing_is_saved(house):
    _, plan = anna(house)
    cycle = house["cycle"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, cycle, plan)
        await fill(pilot, "#f-slut", "31.02.2026")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("31.02.2026" in m for m in messages(app)))
        assert "er ikke en dato" in next(m for m in messages(app) if "31.02.2026" in m)
        await fill(pilot, "#f-slut", "1.11.2026")  # before the start
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Slutdatoen ligger før startdatoen. Ret en af dem." in messages(app))
        assert screen.query_one("#f-slut").value == "1.11.2026"  # the form keeps what was typed
    assert len(reader(house).history(PdsaCycle, cycle.id)) == 1


async def test_escape_with_unsaved_edits_asks_and_j_saves_before_leaving(house):
    from smtte_tui.screens.kit.confirm import ConfirmScreen
    from smtte_tui.screens.shift.home import HomeScreen

    _, plan = anna(house)
    cycle = house["cycle"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, cycle, plan)
        await fill(pilot, "#f-hvor", "Badeværelset")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")  # stay
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.query_one("#f-hvor").value == "Badeværelset"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert reader(house).get(PdsaCycle, cycle.id).hvor == "Badeværelset"


async def test_escape_and_n_discards_the_edits(house):
    from smtte_tui.screens.kit.confirm import ConfirmScreen
    from smtte_tui.screens.shift.home import HomeScreen

    _, plan = anna(house)
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await open_cycle(pilot, house["cycle"], plan)
        await fill(pilot, "#f-formaal", "Noget helt andet")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert reader(house).get(PdsaCycle, house["cycle"].id).formaal == "Tøj lagt frem i rækkefølge"


# --- Do ------------------------------------------------------------------------------------------


async def test_a_do_note_is_saved_as_the_signed_in_person_with_the_surprise_mark(house):
    borger, plan = anna(house)
    cycle = house["cycle"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, cycle, plan)
        await pilot.press("f8")
        assert screen.step == "do" and app.focused is screen.query_one("#do-text")
        await type_text(pilot, "Anna lo og tog trøjen selv")
        await pilot.press("f6", "enter")
        await wait_for(pilot, lambda: len(screen.notes) == 1)
        shown = str(screen.query_one("#do-list").render())
        assert "TH" in shown and "⚠" in shown and "Anna lo og tog trøjen selv" in shown and "25.11.2026" in shown
        assert screen.query_one("#do-text").value == "" and screen.query_one("#do-surprise").value is False
    notes = [n for n in reader(house).all(Notat, borger.id) if n.pdsa_id == cycle.id]
    assert [(n.tekst, n.forfatter, n.overraskelse, n.dato, n.vagt, n.tiltag_id) for n in notes] == [("Anna lo og tog trøjen selv", "TH", True, TODAY, "dag", cycle.tiltag_id)]


# --- Study ---------------------------------------------------------------------------------------


def observations(house) -> list[Observation]:
    """Anna's signs: 4 days before the cycle (started 22.11) and its 4 days so far."""
    borger, plan = anna(house)
    trøje, _, påmindelser = plan.tegn
    start = house["cycle"].start
    records = []
    for offset, (ja, antal) in enumerate([(False, 4), (True, 5), (False, 3), (False, 4)]):
        day = start - dt.timedelta(days=4 - offset)
        records.append(Observation(borger_id=borger.id, plan_id=plan.id, tegn_id=trøje.id, maaletype="ja_nej", vaerdi=ja, dato=day, vagt="dag", forfatter="MA", terminal="seed"))
        records.append(Observation(borger_id=borger.id, plan_id=plan.id, tegn_id=påmindelser.id, maaletype="antal", vaerdi=antal, dato=day, vagt="dag", forfatter="MA", terminal="seed"))
    for offset, (ja, antal) in enumerate([(True, 2), (True, 1), (False, 3), (True, 2)]):
        day = start + dt.timedelta(days=offset)
        records.append(Observation(borger_id=borger.id, plan_id=plan.id, tegn_id=trøje.id, maaletype="ja_nej", vaerdi=ja, dato=day, vagt="dag", forfatter="MA", terminal="seed"))
        records.append(Observation(borger_id=borger.id, plan_id=plan.id, tegn_id=påmindelser.id, maaletype="antal", vaerdi=antal, dato=day, vagt="dag", forfatter="MA", terminal="seed"))
    return records


async def test_study_shows_before_and_during_beside_the_predictions(house):
    from smtte_tui.models import Forudsigelse

    _, plan = anna(house)
    seed(house, observations(house), author="MA")
    cycle = house["cycle"].model_copy(update={"spoergsmaal": [Forudsigelse(spoergsmaal="Tager hun trøjen selv?", forudsigelse="Ja, 3 af 4 dage")]})
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, cycle, plan)
        await go_to_step(pilot, screen, "study")
        await wait_for(pilot, lambda: screen.study_table.row_count == 3)
        rows = study_rows(screen)
        few = "for få\nobservationer"  # four days each: no verdict on them
        assert rows["Tager selv trøjen på"] == ["25 % ja\n4 gange", "75 % ja\n4 gange", "+50 %-point", few]
        assert rows["Antal påmindelser"] == ["median 4\n4 gange", "median 2\n4 gange", "-2", few]
        assert rows["Humør"] == ["ingen data", "ingen data", "–", few]
        assert "Før: 18.11.2026–21.11.2026 · Under: 22.11.2026–25.11.2026" in str(screen.query_one("#study-windows").render())
        assert "Tager hun trøjen selv? → Ja, 3 af 4 dage" in str(screen.query_one("#study-predictions").render())


def ja_signs(house, before: list[bool], during: list[bool]) -> list[Observation]:
    """Anna's trøje sign: ``before`` spread over the four days before the cycle, ``during`` over
    its four days so far (several a day, one per shift in turn)."""
    borger, plan = anna(house)
    start = house["cycle"].start
    records = []
    for first, values in ((start - dt.timedelta(days=4), before), (start, during)):
        for number, value in enumerate(values):
            day = first + dt.timedelta(days=number % 4)
            records.append(
                Observation(
                    borger_id=borger.id,
                    plan_id=plan.id,
                    tegn_id=plan.tegn[0].id,
                    maaletype="ja_nej",
                    vaerdi=value,
                    dato=day,
                    vagt=("dag", "aften", "nat")[number // 4 % 3],
                    forfatter="MA",
                    terminal="seed",
                )
            )
    return records


async def test_25_percent_on_4_then_27_on_15_is_not_called_better_and_says_on_how_few_at_80x24(house):
    from .conftest import screen_text

    _, plan = anna(house)
    seed(house, ja_signs(house, [True, False, False, False], [True] * 4 + [False] * 11), author="MA")
    app = open_app(house)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, house["cycle"], plan)
        await go_to_step(pilot, screen, "study")
        await wait_for(pilot, lambda: screen.study_table.row_count == 3)
        row = study_rows(screen)["Tager selv trøjen på"]
        assert row == ["25 % ja\n4 gange", "27 % ja\n15 gange", "+2 %-point", "for få\nobservationer"]
        shown = screen_text(app)
        assert "for få " in shown and "observationer " in shown and "bedre " not in shown
        assert "med under 10 observationer før eller under er der for få" in shown


async def test_a_small_difference_on_enough_observations_is_no_clear_change(house):
    _, plan = anna(house)
    seed(house, ja_signs(house, [True] * 3 + [False] * 9, [True] * 5 + [False] * 9), author="MA")
    app = open_app(house)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, house["cycle"], plan)
        await go_to_step(pilot, screen, "study")
        await wait_for(pilot, lambda: screen.study_table.row_count == 3)
        assert study_rows(screen)["Tager selv trøjen på"] == ["25 % ja\n12 gange", "36 % ja\n14 gange", "+11 %-point", "ingen klar ændring"]


async def test_the_teams_study_text_is_saved_with_ctrl_s(house):
    _, plan = anna(house)
    cycle = house["cycle"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, cycle, plan)
        await go_to_step(pilot, screen, "study")
        assert app.focused is screen.query_one("#study-text")
        await type_text(pilot, "Bedre end vi troede")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.cycle.study == "Bedre end vi troede")
        await go_to_step(pilot, screen, "act")
        await pilot.press("f7", "f7", "f7")  # back to Plan: nothing typed is lost on the way
        assert screen.step == "plan" and app.focused is screen.query_one("#f-formaal")
    assert reader(house).get(PdsaCycle, cycle.id).study == "Bedre end vi troede"


# --- Act -----------------------------------------------------------------------------------------


async def test_adapt_opens_the_next_cycle_prefilled_and_adopt_on_it_updates_the_plans_tiltag(house):
    from smtte_tui.screens.pdsa.pdsa import PdsaScreen

    borger, plan = anna(house)
    cycle = house["cycle"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        first = await open_cycle(pilot, cycle, plan)
        await go_to_step(pilot, first, "study")
        await type_text(pilot, "Hun tog trøjen selv 3 dage")
        await go_to_step(pilot, first, "act")
        await pilot.press("2")
        assert first.choice == "adapt" and app.focused is first.query_one("#act-reason")
        await type_text(pilot, "Bukserne driller")
        await pilot.press("enter")
        await type_text(pilot, "Bukser lægges frem først")
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaScreen) and app.screen is not first)
        second = app.screen
        assert second.new and second.cycle.nummer == 2 and second.cycle.rampe_id == cycle.rampe_id
        assert second.query_one("#f-aendring").value == "Bukser lægges frem først"
        assert second.query_one("#f-formaal").value == cycle.formaal
        assert "Prøvehandling 2 i rækken" in str(second.query_one("#pdsa-head").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not second.new and not second.busy)
        # cycle 2: study, then adopt with the tiltag fields pre-filled from the plan
        await go_to_step(pilot, second, "study")
        await type_text(pilot, "Nu klarer hun det hver dag")
        await go_to_step(pilot, second, "act")
        await pilot.press("1")
        assert second.query_one("#t-hvad").value == "Tøjet lægges frem"
        assert second.query_one("#t-instruktion").value == "I rækkefølge"
        await fill(pilot, "#t-hvad", "Bukser og trøje lægges frem i rækkefølge")
        await pilot.press("f9")
        await wait_for(pilot, lambda: second.cycle.status == "afsluttet")
        assert "Besluttet: taget i brug" in str(second.query_one("#act-closed").render())
    store = reader(house)
    from smtte_tui.features.pdsa import pdsa

    ramp = pdsa.ramps(pdsa.cycles_of(store, borger.id, plan.id))
    assert [[(c.nummer, c.act) for c in r] for r in ramp] == [[(1, "adapt"), (2, "adopt")]]
    assert ramp[0][0].act_begrundelse == "Bukserne driller" and ramp[0][0].study == "Hun tog trøjen selv 3 dage"
    tiltag = store.get(SmttePlan, plan.id).tiltag
    assert len(tiltag) == 1 and tiltag[0].id == plan.tiltag[0].id
    assert (tiltag[0].hvad, tiltag[0].hvem, tiltag[0].hvor_ofte, tiltag[0].fra_pdsa) == ("Bukser og trøje lægges frem i rækkefølge", "Aftenvagt", "Hver aften", ramp[0][1].id)


async def test_abandon_without_a_reason_is_refused_and_the_form_is_kept(house):
    _, plan = anna(house)
    cycle = house["cycle"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_cycle(pilot, cycle, plan, step="study")
        await type_text(pilot, "Det gav ikke noget")
        await go_to_step(pilot, screen, "act")
        await pilot.press("3", "f9")
        await wait_for(pilot, lambda: "Skriv hvorfor prøvehandlingen opgives, så teamet kan huske det." in messages(app))
        assert screen.cycle.status == "aktiv" and screen.choice == "abandon"
        assert screen.query_one("#study-text").text == "Det gav ikke noget"
        await type_text(pilot, "Anna ville ikke")
        await pilot.press("f9")
        await wait_for(pilot, lambda: screen.cycle.status == "afsluttet")
    saved = reader(house).get(PdsaCycle, cycle.id)
    assert (saved.act, saved.act_begrundelse, saved.study) == ("abandon", "Anna ville ikke", "Det gav ikke noget")


# --- roles ---------------------------------------------------------------------------------------


async def test_a_medarbejder_cannot_edit_the_cycle_but_can_add_a_do_note(house):
    borger, plan = anna(house)
    cycle = house["cycle"]
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        screen = await open_cycle(pilot, cycle, plan)
        assert screen.step == "do"  # the step a medarbejder can add to
        for selector in ("#f-formaal", "#f-slut", "#q-0", "#f-tegn", "#study-text", "#act-choice", "#act-reason", "#t-hvad"):
            assert screen.query_one(selector).disabled, selector
        assert not screen.query_one("#do-text").disabled
        await pilot.press("f7")
        assert screen.step == "plan" and app.focused is None  # nothing to type into on Plan
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Kun tovholder eller leder" in m for m in messages(app)))
        await pilot.press("f8")
        assert app.focused is screen.query_one("#do-text")
        await type_text(pilot, "Anna ville selv vælge trøje")
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(screen.notes) == 1)
    store = reader(house)
    assert len(store.history(PdsaCycle, cycle.id)) == 1
    assert [(n.tekst, n.forfatter) for n in store.all(Notat, borger.id) if n.pdsa_id == cycle.id] == [("Anna ville selv vælge trøje", "MA")]


async def test_a_medarbejder_cannot_start_a_cycle_from_the_ramp_list(house):
    from smtte_tui.screens.pdsa.pdsa_list import PdsaRampScreen

    borger, plan = anna(house)
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        ramps = PdsaRampScreen(borger.id, plan)
        app.push_screen(ramps)
        await wait_for(pilot, lambda: ramps.loaded)
        await pilot.press("n")
        await wait_for(pilot, lambda: "Kun tovholder eller leder kan starte en prøvehandling." in messages(app))
        assert app.screen is ramps


# --- lists ---------------------------------------------------------------------------------------


async def test_overdue_list_shows_a_cycle_past_its_end_and_enter_opens_it(house):
    from smtte_tui.screens.pdsa.pdsa import PdsaScreen
    from smtte_tui.screens.pdsa.pdsa_list import PdsaOverdueScreen

    bent = house["borgere"]["Bent"]
    plan = house["plans"][bent.id]
    late = PdsaCycle(borger_id=bent.id, plan_id=plan.id, tiltag_id=plan.tiltag[0].id, formaal="Bent vælger selv tøj", start=TODAY - dt.timedelta(days=20), slut=TODAY - dt.timedelta(days=6))
    seed(house, [late])
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        overdue = PdsaOverdueScreen()
        app.push_screen(overdue)
        await wait_for(pilot, lambda: overdue.loaded)
        table = overdue.query_one("#pdsa-list")
        assert [c.id for c in overdue.cycles] == [late.id]  # Anna's running cycle is not overdue
        assert [str(cell) for cell in table.get_row_at(0)] == ["Bent Olsen", "19.11.2026", "6", "1. Bent vælger selv tøj"]  # the free text last
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaScreen))
        assert app.screen.cycle.id == late.id and app.screen.step == "study"
        assert "over tid (6 dage)" in str(app.screen.query_one("#pdsa-head").render())


async def test_ramp_list_shows_each_cycle_with_its_outcome(house):
    from smtte_tui.screens.pdsa.pdsa_list import PdsaRampScreen

    borger, plan = anna(house)
    cycle = house["cycle"]
    adapted = cycle.model_copy(update={"id": "a" * 32, "slut": TODAY - dt.timedelta(days=1), "start": TODAY - dt.timedelta(days=14), "study": "ok", "act": "adapt", "status": "afsluttet"})
    running = cycle.model_copy(update={"id": "b" * 32, "nummer": 2})
    other = cycle.model_copy(update={"id": "c" * 32, "rampe_id": "d" * 32, "formaal": "Ny idé", "tiltag_id": None, "start": TODAY - dt.timedelta(days=10), "slut": TODAY - dt.timedelta(days=2)})
    store = Store(house["data"], local_dir=house["tmp"] / "seed", clock=lambda: NOW)
    store.retract(PdsaCycle, cycle.id, "LE")
    store.create_many([adapted, running, other], "LE")
    store.close()
    app = open_app(house)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        ramps = PdsaRampScreen(borger.id, plan)
        app.push_screen(ramps)
        await wait_for(pilot, lambda: ramps.loaded and len(ramps.cycles) == 3)
        table = ramps.query_one("#pdsa-list")
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [(r[0], r[1], r[3]) for r in rows] == [("1", "1", "justeret"), ("", "2", "i gang"), ("2", "1", "over tid (2 dage) – mangler beslutning")]
        assert rows[0][2] == "11.11.2026–24.11.2026"
        assert rows[2][4] == "Ny idé"  # the objective, free text of any length, last
