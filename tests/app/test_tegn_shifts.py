"""The evening list does not flag a morning-only goal as missing (issue I, item 9), at 80×24."""

from __future__ import annotations

from smtte_tui.models import Observation, SmttePlan
from smtte_tui.store import Store

from .conftest import NOW, open_app, screen_text, sign_in, wait_for

EVENING = NOW.replace(hour=19, minute=5)


def plan_with_morning_sign(house, name: str = "Anna") -> SmttePlan:
    """The borger's first tegn ("Tager selv trøjen på") made a morning sign; the other two logged
    this evening."""
    borger = house["borgere"][name]
    plan = house["plans"][borger.id]
    with Store(house["data"], local_dir=house["tmp"] / "writer", clock=lambda: EVENING) as store:
        tegn = [plan.tegn[0].model_copy(update={"vagter": ["dag"]}), *plan.tegn[1:]]
        store.update(SmttePlan, plan.id, {"tegn": [x.model_dump(mode="json") for x in tegn]}, "TH")
        store.create_many(
            [
                Observation(borger_id=borger.id, plan_id=plan.id, tegn_id=plan.tegn[1].id, maaletype="skala_1_5", vaerdi=4, dato=EVENING.date(), vagt="aften", forfatter="MA", terminal="pc"),
                Observation(borger_id=borger.id, plan_id=plan.id, tegn_id=plan.tegn[2].id, maaletype="antal", vaerdi=1, dato=EVENING.date(), vagt="aften", forfatter="MA", terminal="pc"),
            ],
            "MA",
        )
    return plan


async def test_the_evening_list_and_f2_do_not_count_a_morning_sign_as_missing(house):
    from smtte_tui.screens.shift.missing import MissingScreen

    plan_with_morning_sign(house)
    app = open_app(house, clock=lambda: EVENING)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "MA")
        rows = {row.borger.navn: row.status for row in app.screen.rows}
        assert rows == {"Anna Jensen": "done", "Bent Olsen": "missing", "Åse Møller": "missing"}
        assert "2 mangler tegn denne vagt" in screen_text(app)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, MissingScreen))
        assert sorted(row.borger.navn for row in app.screen.rows) == ["Bent Olsen", "Åse Møller"]


async def test_the_tovholder_says_in_step_t_that_a_sign_is_seen_in_the_morning_only(house):
    from textual.widgets import Checkbox

    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen, TegnCard

    from .test_plan_screens import notices, open_plans

    bent = house["borgere"]["Bent"]
    plan_id = house["plans"][bent.id].id
    app = open_app(house)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "TH")
        await open_plans(pilot, *"bent")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        await pilot.press("f8", "f8")
        card = app.screen.query(TegnCard)[0]
        boxes = {box.label.plain: box for box in card.query(Checkbox) if box.has_class("tegn-vagt")}
        assert list(boxes) == ["dag", "aften", "nat"] and all(box.value for box in boxes.values())
        for name in ("aften", "nat"):
            app.screen.set_focus(boxes[name])
            await pilot.press("space")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Planen er gemt" in notices(app))
        for name in ("dag",):  # none chosen: refused, naming the tegn, the cursor on the shifts
            app.screen.set_focus(boxes[name])
            await pilot.press("space")
        await pilot.press("f8", "ctrl+s")
        await wait_for(pilot, lambda: "mindst én vagt" in notices(app))
        assert "«Tager selv trøjen på»" in notices(app)
        assert app.screen.step == 2 and app.focused is boxes["dag"]
    saved = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True).get(SmttePlan, plan_id)
    assert [x.vagter for x in saved.tegn] == [["dag"], ["dag", "aften", "nat"], ["dag", "aften", "nat"]]
