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
