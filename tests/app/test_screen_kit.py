"""The screen kit (screens/kit/base.py, tablescreen.py): a new list screen written on the table base
gets the frame, reads in a worker, and keeps its cursor on the same record when another
terminal's change sorts a new row in above it."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

from smtte_tui.i18n import t
from smtte_tui.models import Borger
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.store import Store

from .conftest import NOW, open_app, sign_in, wait_for


class BorgerList(TableScreen[Borger]):
    """What a new list screen is: columns, a fetch, a key and cells per row, and Enter."""

    BINDINGS = [Binding("escape", "back", t("app.key.back"), id="kit.back")]
    TABLE_ID = "kit-table"

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    def columns(self) -> list[Column]:
        return [Column("navn", t("admin.col.navn")), Column("kortnavn", t("admin.col.kortnavn"))]

    def fetch(self) -> Callable[[Store], list[Borger]]:
        return lambda store: sorted(store.all(Borger), key=lambda b: b.navn)

    def row_key(self, borger: Borger) -> str:
        return borger.id

    def cells(self, borger: Borger) -> list[str]:
        return [borger.navn, borger.kortnavn]

    def row_selected(self, borger: Borger) -> None:
        self.opened.append(borger.navn)


async def test_a_list_on_the_table_base_keeps_its_cursor_on_bent_when_a_colleague_adds_a_borger_above(house):
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "LE")
        screen = BorgerList()
        app.push_screen(screen)
        await wait_for(pilot, lambda: screen.loaded)
        assert screen.query("#main") and screen.query("#sync")  # the frame comes from AppScreen
        assert [b.navn for b in screen.rows] == ["Anna Jensen", "Bent Olsen", "Åse Møller"]
        await pilot.press("down")
        assert screen.current().navn == "Bent Olsen"

        other = Store(house["data"], local_dir=house["tmp"] / "other-pc", clock=lambda: NOW)
        other.create(Borger(navn="Aage Andersen", kortnavn="AA"), author="LE")
        other.close()
        await wait_for(pilot, lambda: len(screen.rows) == 4, timeout=15)  # the App's poll, then refresh_data

        assert [b.navn for b in screen.rows][:2] == ["Aage Andersen", "Anna Jensen"]
        assert screen.current().navn == "Bent Olsen" and screen.table.cursor_row == 2
        await pilot.press("enter")
        assert screen.opened == ["Bent Olsen"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not screen)
