"""The app in a Windows console (issue W 6): with the ASCII glyph set (conhost, Consolas) the
screens draw ASCII marks, arrows, sparklines and chart markers, and everything else that reaches
the terminal is folded to characters Consolas has."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui import glyphs
from smtte_tui.models import Observation, Tegn

from .conftest import open_app, screen_text, sign_in
from .test_group_screens import group_house, open_group  # noqa: F401  (fixture)

# The Unicode set's symbols: conhost with Consolas lacks most of them, and the ASCII set replaces
# them all (æ ø å, – and · are Danish text and stay).
NOT_IN_CONSOLAS = set("✓•→←↑↓▶⚠−▁▂▃▄▅▆▇█") | {chr(code) for code in range(0x2800, 0x2900)}


@pytest.fixture
def ascii_console():
    """The glyph set :func:`smtte_tui.winconsole.ascii_symbols` chooses in conhost."""
    yield glyphs.use(True)
    glyphs.use(False)


async def test_the_home_list_marks_borgere_in_ascii_in_conhost(house, ascii_console):
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        rows = [line for line in screen_text(app).splitlines() if "Lejl." in line]
        assert [name for name in ("* Anna Jensen (AJ)", "* Bent Olsen (BO)", "* Åse Møller (ÅM)") if any(name in row for row in rows)] == [
            "* Anna Jensen (AJ)",
            "* Bent Olsen (BO)",
            "* Åse Møller (ÅM)",
        ]
        assert not NOT_IN_CONSOLAS & set("".join(rows))


async def test_the_group_picture_shows_its_arrows_in_ascii(group_house, ascii_console):  # noqa: F811
    app = open_app(group_house)
    async with app.run_test(size=(160, 40)) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_group(pilot)
        row = [str(cell) for cell in screen.query_one("#group-table").get_row_at(0)]
        assert row[1] == "+1 ^ (02.11.2026)" and row[3] == "^ bedre  . for få punkter  . for få punkter"
        assert "Tager selv trøjen på" in str(screen.query_one("#group-detail").render())
        assert not NOT_IN_CONSOLAS & set(str(screen.query_one("#group-detail").render()))


def test_a_weeks_sparkline_in_ascii_has_eight_levels_and_a_dot_for_no_sign(ascii_console):
    from smtte_tui.features.overview.timeout import sparkline

    assert sparkline([0, None, 0.5, 1, None, 0.25, 0.75], 0, 1) == "_.*@.=%"


async def test_the_run_chart_draws_its_line_and_points_in_ascii(ascii_console):
    from textual.app import App

    from smtte_tui.analysis.charts import tegn_chart
    from smtte_tui.screens.widgets.runchart import RunChartPlot

    tegn = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    start = dt.date(2026, 9, 7)
    signs = [
        Observation(borger_id="b" * 8, plan_id="p" * 8, tegn_id=tegn.id, maaletype="ja_nej", vaerdi=(day * 7) % 3 != 0, dato=start + dt.timedelta(days=day), vagt="dag", forfatter="MA", terminal="pc")
        for day in range(70)
    ]
    chart = tegn_chart(tegn, signs)

    class ChartApp(App[None]):
        def compose(self):
            yield RunChartPlot(chart)

    async with ChartApp().run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        drawn = pilot.app.query_one(RunChartPlot).render().plain
    assert "o" in drawn and "." in drawn
    assert not NOT_IN_CONSOLAS & set(drawn)


def test_everything_else_is_folded_on_its_way_to_the_terminal_one_cell_for_one():
    from rich.cells import cell_len

    from smtte_tui.screens.asciidriver import folding_driver

    written = []

    class TerminalDriver:  # stands in for Textual's WindowsDriver: what reaches the console
        def write(self, data: str) -> None:
            written.append(data)

    driver = folding_driver(TerminalDriver)()  # type: ignore[arg-type]
    sent = "╭──╮\x1b[1m• Spørg jer selv → ⚠ ⣿⠀▁▔▊\x1b[0m Åse ✓ – · …"
    driver.write(sent)
    assert written == ["┌──┐\x1b[1m* Spørg jer selv > ! . ▄▀█\x1b[0m Åse x – · …"]
    assert cell_len(written[0]) == cell_len(sent)
    for symbol, folded in glyphs._FOLD.items():
        assert cell_len(symbol) == cell_len(folded) == 1, symbol


def test_the_app_picks_the_folding_driver_and_spelled_out_keys_only_in_ascii(house, ascii_console):
    from textual.binding import Binding

    app = open_app(house)
    assert app.driver_class.__name__.startswith("Folding")
    assert app.get_key_display(Binding("up", "x")) == "Up" and app.get_key_display(Binding("ctrl+enter", "x")) == "^Enter"
    glyphs.use(False)
    assert not open_app(house).driver_class.__name__.startswith("Folding")
