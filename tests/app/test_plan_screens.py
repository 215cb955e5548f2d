"""Writing a SMTTE plan with the method's guidance, key by key, through the real app and store."""

from __future__ import annotations

from smtte_tui.models import PlanKommentar, SmttePlan
from smtte_tui.store import Store

from .conftest import open_app, sign_in, wait_for


def reader(house, name: str = "reader") -> Store:
    return Store(house["data"], local_dir=house["tmp"] / name, readonly=True)


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_plans(pilot, *letters: str) -> None:
    from smtte_tui.screens.plans.plan import PlanScreen

    await pilot.press(*letters, "f7")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlanScreen) and pilot.app.screen.plans)


async def test_a_tovholder_writes_a_new_plan_step_by_step_and_activating_it_closes_the_old_goal(house):
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen, TegnCard

    aase = house["borgere"]["Åse"]
    old_plan = house["plans"][aase.id]
    app = open_app(house)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"møl")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        editor = app.screen
        assert "borgeren selv" in static_text(editor, "#plan-guide")  # the S questions beside the fields
        await pilot.press(*"Vil gerne selv", "f8")  # S: the borger's wish, on to M
        assert "ét mål" in static_text(editor, "#plan-guide")
        await pilot.press(*"Åse smører selv sin mad", "f9")  # activating now must list what is missing
        await wait_for(pilot, lambda: "kan ikke aktiveres" in notices(app))
        assert "mindst ét tegn" in notices(app) and "mindst ét tiltag" in notices(app)
        assert "næste opfølgning" not in notices(app)  # offered by default: monthly review
        await pilot.press("f8", "ctrl+n", *"Åse er gladere")  # T: a vague sign gets a hint
        await pilot.pause()
        card = editor.query_one(TegnCard)
        assert "«gladere»" in static_text(card, ".tegn-hint")
        await pilot.press(*["backspace"] * len("er gladere"), *"smører selv")
        await pilot.pause()
        assert static_text(card, ".tegn-hint") == ""
        await pilot.press("f8", "ctrl+n", *"Brødet lægges frem", "tab", *"Dagvagt", "tab", *"Hver morgen")
        await pilot.press("f9")  # a second goal: the old plan must be closed first
        from smtte_tui.screens.kit.confirm import ConfirmScreen

        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: "Planen er aktiv" in notices(app))
    store = reader(house)
    mine = [p for p in store.all(SmttePlan, aase.id) if p.id != old_plan.id]
    assert len(mine) == 1
    plan = mine[0]
    assert (plan.status, plan.maal.tekst, plan.sammenhaeng.borgerens_oenske, plan.tovholder) == ("aktiv", "Åse smører selv sin mad", "Vil gerne selv", "TH")
    assert [(t.tekst, t.maaletype) for t in plan.tegn] == [("Åse smører selv", "ja_nej")]
    assert [(x.hvad, x.hvem, x.hvor_ofte) for x in plan.tiltag] == [("Brødet lægges frem", "Dagvagt", "Hver morgen")]
    assert plan.evaluering.naeste_opfoelgning is not None and plan.evaluering.langsigtet_evaluering is not None
    assert store.get(SmttePlan, old_plan.id).status == "afsluttet"
    assert [p.id for p in store.all(SmttePlan, aase.id) if p.status == "aktiv"] == [plan.id]


async def test_a_medarbejder_reads_the_plan_and_leaves_a_proposal_but_cannot_edit(house):
    from smtte_tui.screens.kit.prompt import PromptScreen
    from smtte_tui.screens.plans.plan import PlanScreen

    anna = house["borgere"]["Anna"]
    app = open_app(house)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "MA")
        await open_plans(pilot, *"anna")
        assert "tager selv tøj på" in static_text(app.screen, "#planhub-plan")
        await pilot.press("e")
        await wait_for(pilot, lambda: "Kun tovholder og leder" in notices(app))
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"Prøv med musik om morgenen", "enter")
        await wait_for(pilot, lambda: "Kommentaren er gemt" in notices(app))
        assert "Prøv med musik" in static_text(app.screen, "#planhub-comments")
    [comment] = reader(house).all(PlanKommentar, anna.id)
    assert (comment.tekst, comment.forfatter, comment.behandlet) == ("Prøv med musik om morgenen", "MA", False)


async def test_history_lists_every_version_with_what_changed_field_by_field(house):
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen
    from smtte_tui.screens.plans.plan_history import PlanHistoryScreen

    bent = house["borgere"]["Bent"]
    app = open_app(house)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"bent")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        await pilot.press("f8", *" hver morgen", "ctrl+s")
        await wait_for(pilot, lambda: "Planen er gemt" in notices(app))
        await pilot.press("escape")
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanHistoryScreen) and app.screen.versions)
        history = app.screen
        assert [v.author for v in history.versions] == ["LE", "TH"]
        detail = static_text(history, "#history-detail")
        assert "Version 2" in detail and "Tove Holm" in detail
        assert "− Bent tager selv tøj på" in detail and "+ Bent tager selv tøj på hver morgen" in detail
        await pilot.press("w")  # the whole version
        assert "Tager selv trøjen på" in static_text(history, "#history-detail")
        await pilot.press("down", "w")  # version 1, changes: everything was added then
        assert "Version 1" in static_text(history, "#history-detail")
    assert reader(house).get(SmttePlan, house["plans"][bent.id].id).maal.tekst == "Bent tager selv tøj på hver morgen"


async def test_the_same_field_changed_on_two_terminals_shows_both_and_the_tovholder_picks_without_loss(house):
    from smtte_tui.screens.plans.plan import PlanScreen
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen
    from smtte_tui.screens.plans.plan_history import ConflictScreen

    bent = house["borgere"]["Bent"]
    plan_id = house["plans"][bent.id].id
    other = Store(house["data"], local_dir=house["tmp"] / "kontoret")  # a second terminal
    app = open_app(house)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"bent")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        # meanwhile the leder changes the goal at the office
        other.update(SmttePlan, plan_id, {"maal": {"tekst": "Bent tager selv strømper på"}}, "LE")
        await pilot.press("f8", *" og sko", "ctrl+s")
        await wait_for(pilot, lambda: "Planen er gemt" in notices(app))
        await wait_for(pilot, lambda: any(c.entity_id == plan_id for c in app.store.conflicts()), timeout=8)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert "to skærme samtidig" in static_text(app.screen, "#planhub-plan")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictScreen) and app.screen.sides)
        sides = [static_text(app.screen, f"#conflict-side-{n}") for n in range(2)]
        assert any("strømper" in side for side in sides) and any("og sko" in side for side in sides)
        pick = next(n for n, side in enumerate(sides) if "og sko" in side)
        await pilot.press(str(pick + 1))
        await wait_for(pilot, lambda: "Ingen konflikter tilbage" in static_text(app.screen, "#conflict-title"))
    other.close()
    store = reader(house)
    assert store.get(SmttePlan, plan_id).maal.tekst == "Bent tager selv tøj på og sko"
    assert store.conflicts() == []
    goals = {rev.data["maal"]["tekst"] for rev in store.history(SmttePlan, plan_id) if "maal" in rev.data}
    assert {"Bent tager selv strømper på", "Bent tager selv tøj på og sko"} <= goals  # nothing lost


async def test_from_home_f7_then_p_shows_the_plans_prøvehandlinger_and_f8_lists_overdue_ones(house):
    from smtte_tui.screens.pdsa.pdsa_list import PdsaOverdueScreen, PdsaRampScreen

    app = open_app(house)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"anna")
        assert "Tøj lagt frem i rækkefølge" in static_text(app.screen, "#planhub-pdsa")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaRampScreen))
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, PdsaRampScreen) and app.screen.__class__.__name__ == "HomeScreen")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaOverdueScreen))


async def test_f1_in_the_editor_lists_the_editors_keys_in_danish_and_nothing_in_english(house):
    from smtte_tui.screens.kit.help import HelpScreen
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen

    app = open_app(house)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"bent")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        texts = [text for _, text in app.screen.keys]
        assert {"Forrige trin", "Næste trin", "Gem kladde", "Aktivér", "Tilføj"} <= set(texts)
        assert not any("cursor" in text.lower() for text in texts)


async def test_inf_typed_as_a_target_is_refused_in_danish_and_nothing_is_saved(house):
    from textual.widgets import Input

    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen, TegnCard

    bent = house["borgere"]["Bent"]
    plan_id = house["plans"][bent.id].id
    app = open_app(house)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"bent")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        await pilot.press("f8", "f8")  # S → M → T1 (tegn)
        target = app.screen.query(TegnCard)[2].query_one(".tegn-maalvaerdi", Input)  # "Antal påmindelser"
        app.screen.set_focus(target)
        await pilot.press(*"inf", "ctrl+s")
        await wait_for(pilot, lambda: "er ikke et tal" in notices(app))
        assert "Målværdi: «inf»" in notices(app) and "Planen er gemt" not in notices(app)
    saved = reader(house)
    assert [r.op for r in saved.history(SmttePlan, plan_id)] == ["create"]
    assert saved.get(SmttePlan, plan_id).tegn[2].maalvaerdi is None


async def _editor_on_tegn(pilot, house, name: str = "bent"):
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen

    await sign_in(pilot, "TH")
    await open_plans(pilot, *name)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlanEditorScreen))
    await pilot.press("f8", "f8")  # S → M → T1 (tegn)
    return pilot.app.screen


async def test_a_ja_nej_target_typed_as_80_percent_80_or_0_8_is_saved_as_the_share_shown(house):
    from textual.widgets import Input

    from smtte_tui.screens.plans.plan_editor import TegnCard

    bent = house["borgere"]["Bent"]
    plan_id = house["plans"][bent.id].id
    for typed in ("80 %", "80", "0,8"):
        app = open_app(house)
        async with app.run_test(size=(80, 24)) as pilot:
            editor = await _editor_on_tegn(pilot, house)
            target = editor.query(TegnCard)[0].query_one(".tegn-maalvaerdi", Input)  # "Tager selv trøjen på": ja/nej
            editor.set_focus(target)
            await pilot.press(*["backspace"] * 10, *[("space" if c == " " else "percent_sign" if c == "%" else c) for c in typed], "ctrl+s")
            await wait_for(pilot, lambda: "Planen er gemt" in notices(app) or "Intet er ændret" in notices(app) or "kan ikke" in notices(app))
            assert "kan ikke" not in notices(app), notices(app)
        assert reader(house).get(SmttePlan, plan_id).tegn[0].maalvaerdi == 0.8, typed
    app = open_app(house)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _editor_on_tegn(pilot, house)
        assert editor.query(TegnCard)[0].query_one(".tegn-maalvaerdi", Input).value == "80 %"  # shown as everywhere else


async def test_a_wrong_percent_names_the_tegn_and_step_and_puts_the_cursor_in_that_field(house):
    from textual.widgets import Input

    from smtte_tui.screens.plans.plan_editor import TegnCard

    bent = house["borgere"]["Bent"]
    plan_id = house["plans"][bent.id].id
    app = open_app(house)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _editor_on_tegn(pilot, house)
        baseline = editor.query(TegnCard)[0].query_one(".tegn-baseline", Input)
        editor.set_focus(baseline)
        await pilot.press(*"150", "f8", "f8")  # on to the E step, then save from there
        assert editor.step == 4
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "procent" in notices(app))
        message = notices(app)
        assert "Tegn" in message and "«Tager selv trøjen på»" in message and "Udgangspunkt: «150»" in message
        assert "baseline" not in message.lower()
        await wait_for(pilot, lambda: app.focused is baseline)
        assert editor.step == 2  # back on the Tegn step, the cursor in the field to fix
    assert [r.op for r in reader(house).history(SmttePlan, plan_id)] == ["create"]
