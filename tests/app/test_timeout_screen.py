"""The daily time-out through the real app: mark, agree an action, see it again the next day."""

from __future__ import annotations

import datetime as dt

from smtte_tui.models import Observation, TimeoutNote
from smtte_tui.store import Store

from .conftest import NOW, open_app, sign_in, wait_for

TOMORROW = NOW + dt.timedelta(days=1)


async def open_timeout(pilot):
    from smtte_tui.screens.overview.timeout import TimeoutScreen

    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TimeoutScreen) and pilot.app.screen.rows)
    return pilot.app.screen


async def test_marking_at_the_time_out_and_the_action_carried_to_the_next_day(house):
    anna = house["borgere"]["Anna"]
    plan = house["plans"][anna.id]
    with Store(house["data"], local_dir=house["tmp"] / "writer", clock=lambda: NOW) as store:
        ja = plan.tegn[0]
        store.create_many(
            [
                Observation(
                    borger_id=anna.id, plan_id=plan.id, tegn_id=ja.id, maaletype="ja_nej", vaerdi=day % 2 == 0, dato=NOW.date() - dt.timedelta(days=day), vagt="dag", forfatter="MA", terminal="pc1"
                )
                for day in range(0, 7, 2)
            ],
            author="MA",
        )

    app = open_app(house)
    async with app.run_test(size=(130, 34)) as pilot:
        await sign_in(pilot, "MA")  # every staff member takes part in the time-out
        screen = await open_timeout(pilot)
        assert [row.borger.navn for row in screen.rows] == ["Anna Jensen", "Bent Olsen", "Åse Møller"]
        table = screen.query_one("#timeout-table")
        first = table.get_row_at(0)
        # ja on day -6, -4, -2 and today (nothing on the odd days): full bars and dots, oldest first
        assert str(first[1]).startswith("█·█·█·█")
        assert str(first[2]) == "1 af 3 tegn"
        assert str(first[3]) == "P1 dag 4 af 14"  # the cycle started three days ago
        assert str(first[4]) == "ikke vurderet"
        await pilot.press("3")
        await pilot.press(*"Ville ikke op", "enter", *"Tøj frem aftenen før", "enter", "t", "h", "enter")
        await wait_for(pilot, lambda: str(table.get_row_at(0)[4]) == "ikke på rette vej")
        assert table.cursor_row == 1  # on to the next borger
        await pilot.press("up", "1", "enter", "enter", "enter")  # changed the same day: still one note
        await wait_for(pilot, lambda: str(table.get_row_at(0)[4]) == "på rette vej")

    with Store(house["data"], local_dir=house["tmp"] / "check", clock=lambda: NOW) as store:
        notes = store.all(TimeoutNote, anna.id)
        assert len(notes) == 1 and notes[0].status == "paa_rette_vej"
        # Enter kept what was written at the first mark; only the status changed
        assert (notes[0].note, notes[0].aftale, notes[0].ansvarlig, notes[0].forfatter) == ("Ville ikke op", "Tøj frem aftenen før", "TH", "MA")
        assert len(store.history(TimeoutNote, notes[0].id)) == 2  # the first mark stays in the history
    app = open_app(house)
    async with app.run_test(size=(130, 34)) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_timeout(pilot)
        await pilot.press("2")
        await pilot.press(*"Uro", "enter", *"Billedguide op igen", "enter", *"ma", "enter")
        await wait_for(pilot, lambda: str(screen.query_one("#timeout-table").get_row_at(0)[4]) == "usikker")

    app = open_app(house, clock=lambda: TOMORROW)
    async with app.run_test(size=(130, 34)) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_timeout(pilot)
        row = screen.query_one("#timeout-table").get_row_at(0)
        assert str(row[4]) == "ikke vurderet"  # a new day, a new time-out
        assert str(row[5]) == "Billedguide op igen (MA)"  # yesterday's agreed action, to follow up
        detail = str(screen.query_one("#timeout-detail").render())
        assert "Sidste time-out 25.11.2026: usikker. Note: Uro." in detail


async def test_dashboard_lists_what_needs_following_up_and_opens_a_borger(house):
    from smtte_tui.screens.evaluation.timeline import TimelineScreen
    from smtte_tui.screens.overview.overview import OverviewScreen
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(130, 34)) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press("f6")
        await pilot.pause(0.1)
        assert isinstance(pilot.app.screen, HomeScreen)  # the overview is for tovholder and leder

    app = open_app(house)
    async with app.run_test(size=(130, 34)) as pilot:
        await sign_in(pilot, "TH")
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, OverviewScreen) and pilot.app.screen.board is not None)
        screen = pilot.app.screen
        # nothing logged in the house: three quiet borgere, nine tegn never logged
        rules = [f.rule for f in screen.lines]
        assert rules.count("ingen_logning") == 3 and rules.count("tegn_ikke_logget") == 9
        summary = str(screen.query_one("#dash-summary").render())
        assert "Kræver opfølgning: 12 · Til orientering (nedtonet): " in summary and "Ingen logning: 3" in summary  # this terminal: informative
        await pilot.press("enter")  # the first line: Anna has not been logged
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TimelineScreen))
        assert pilot.app.screen.borger_id == house["borgere"]["Anna"].id
