"""Everything a role needs is on screen in an 80×24 terminal (issue I, item 12): every key of
every screen in the keys line, the admin lists' columns, several borgere in the group picture."""

from __future__ import annotations

from smtte_tui.models import Borger
from smtte_tui.store import Store

from .conftest import NOW, make_plan, open_app, open_log, screen_text, sign_in, wait_for

SMALL = (80, 24)


def keys_shown(app) -> list[str]:
    """Every key of the screen on top, as its keys line writes it ("F7 Plan")."""
    from smtte_tui.screens.widgets.keybar import KeyBar

    return [f"{key} {word}" for key, word, _ in app.screen.query_one(KeyBar).keys()]


async def every_key_is_on_screen(pilot, *must: str) -> None:
    await pilot.pause(0.1)
    shown = screen_text(pilot.app)
    keys = keys_shown(pilot.app)
    assert set(must) <= set(keys), keys
    missing = [key for key in keys if key not in shown]
    assert not missing, f"{type(pilot.app.screen).__name__}: {missing}\n{shown}"


async def test_every_key_of_the_leders_screens_is_visible_at_80x24(house):
    from smtte_tui.screens.admin.admin import AdminScreen
    from smtte_tui.screens.evaluation.timeline import TimelineScreen
    from smtte_tui.screens.overview.overview import OverviewScreen
    from smtte_tui.screens.plans.plan import PlanScreen
    from smtte_tui.screens.shift.entries import EntriesScreen

    app = open_app(house)
    async with app.run_test(size=SMALL) as pilot:
        await every_key_is_on_screen(pilot, "Esc Ryd", "Ctrl+Q Afslut", "F1 Hjælp")  # the lock screen
        await sign_in(pilot, "LE")
        await every_key_is_on_screen(pilot, "F7 Plan", "F8 Prøvehandlinger", "F9 Opret", "Ctrl+Z Fortryd", "Ctrl+L Lås")
        await open_log(pilot, *"ann")
        await every_key_is_on_screen(pilot, "Ctrl+S Gem", "F5 Dagens poster")
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen))
        await every_key_is_on_screen(pilot, "r Ret", "t Træk tilbage")
        await pilot.press("escape", "escape")
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await every_key_is_on_screen(pilot, "m Møde", "x Rapport")
        for key in ("g", "m"):  # run charts, the meeting
            await step_in_and_back(pilot, key)
        await pilot.press("escape", "f7")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.plans)
        await every_key_is_on_screen(pilot, "p Prøvehandlinger", "h Historik")
        for key in ("h", "p", "e"):  # history, the prøvehandlinger, the editor
            await step_in_and_back(pilot, key)
        await pilot.press("escape", "f9")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen))
        await every_key_is_on_screen(pilot, "F4 Log", "F5 Sikkerhed")
        await pilot.press("f2")
        await every_key_is_on_screen(pilot, "u Lås op", "p Ny PIN")
        await pilot.press("escape", "f6")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await every_key_is_on_screen(pilot, "g Gruppen", "a Årshjul")
        for key in ("e", "t", "g", "a"):  # evaluations, time-out, group picture, annual wheel
            await step_in_and_back(pilot, key)


async def step_in_and_back(pilot, key: str) -> None:
    """Open the screen ``key`` leads to, check its keys, and go back."""
    app = pilot.app
    before = app.screen
    await pilot.press(key)
    await wait_for(pilot, lambda: app.screen is not before)
    await pilot.pause(0.2)
    await every_key_is_on_screen(pilot)
    await pilot.press("escape")
    await pilot.pause(0.2)
    if type(app.screen).__name__ == "ConfirmScreen":  # leave without saving what was opened
        await pilot.press("n")
    await wait_for(pilot, lambda: app.screen is before)


async def test_the_admin_staff_list_shows_aktiv_and_spaerret_til_without_scrolling(house):
    from smtte_tui.screens.admin.admin import AdminScreen

    app = open_app(house)
    async with app.run_test(size=SMALL) as pilot:
        await sign_in(pilot, "LE")
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen) and app.screen.staff_rows)
        shown = screen_text(app)
        assert "Kontaktperson" in shown and "Aktiv" in shown  # the borger list, whole
        await pilot.press("f2")
        await pilot.pause(0.1)
        shown = screen_text(app)
        for text in ("Initialer", "Rolle", "Aktiv", "Spærret til", "Mads Andersen", "medarbejder"):
            assert text in shown, text
        await pilot.press("f3")
        await pilot.pause(0.1)
        assert "Kontaktperson" in screen_text(app)


async def test_the_group_picture_shows_several_borgere_at_80x24(house):
    from smtte_tui.screens.group.group import GroupScreen
    from smtte_tui.screens.overview.overview import OverviewScreen

    with Store(house["data"], local_dir=house["tmp"] / "writer", clock=lambda: NOW) as store:
        more = [Borger(navn=f"Karen Nr{i}", kortnavn=f"K{i}", bolig=f"Lejl. {i + 4}") for i in range(5)]
        store.create_many([*more, *[make_plan(b) for b in more]], author="LE")
    app = open_app(house)
    async with app.run_test(size=SMALL) as pilot:
        await sign_in(pilot, "LE")
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GroupScreen) and app.screen.rows)
        await pilot.pause(0.1)
        shown = screen_text(app)
        visible = [row.borger.navn for row in app.screen.rows if row.borger.navn in shown]
        assert len(visible) >= 5, shown
        assert "Besluttet at justere" in shown and "F1 Hjælp" in shown  # the summary and the keys too


def test_keys_are_laid_out_whole_line_by_line():
    from smtte_tui.screens.widgets.keybar import lay_out

    assert lay_out([10, 10, 10], 34) == [[0, 1, 2]]  # 10 + 2 + 10 + 2 + 10
    assert lay_out([10, 10, 10], 33) == [[0, 1], [2]]
    assert lay_out([40, 5], 20) == [[0], [1]]  # too wide for a line: a line of its own
    assert lay_out([], 80) == []


def test_keys_are_written_as_staff_read_them():
    from textual.binding import Binding

    from smtte_tui.screens.widgets.keybar import key_text

    assert [key_text(Binding(key, "x")) for key in ("f7", "ctrl+z", "escape", "enter", "m", "f12")] == ["F7", "Ctrl+Z", "Esc", "Enter", "m", "F12"]
