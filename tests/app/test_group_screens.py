"""The group picture and the annual wheel through the real app (pushed directly: the overview
that leads to them is wired elsewhere)."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.models import AuditEvent, Evaluering, Observation, Opfoelgningsplan, SmttePlan
from smtte_tui.store import Store

from .conftest import NOW, open_app, sign_in, wait_for

TODAY = NOW.date()  # Wednesday 25 November 2026, ISO week 48
D = dt.date


def obs(plan: SmttePlan, index: int, day: dt.date, value) -> Observation:
    item = plan.tegn[index]
    return Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=item.id, maaletype=item.maaletype, vaerdi=value, dato=day, vagt="dag", forfatter="MA", terminal="pc1")


@pytest.fixture
def group_house(house):
    """Anna: ten Mondays of nej then ten of ja on her first tegn, all three tegn every day since
    16 November, +1 on 2 November after 0 in October. Bent: -1 and "juster" on 10 November."""
    anna, bent = house["borgere"]["Anna"], house["borgere"]["Bent"]
    anna_plan, bent_plan = house["plans"][anna.id], house["plans"][bent.id]
    mondays = [D(2026, 7, 13) + dt.timedelta(weeks=n) for n in range(20)]  # the last is 23 November
    daily = [TODAY - dt.timedelta(days=n) for n in range(10)]  # 16-25 November
    with Store(house["data"], local_dir=house["tmp"] / "writer", clock=lambda: NOW) as store:
        store.create_many([obs(anna_plan, 0, day, n >= 10) for n, day in enumerate(mondays)], author="MA")
        store.create_many([obs(anna_plan, index, day, value) for day in daily for index, value in ((0, True), (1, 4), (2, 1))], author="MA")
        store.create_many(
            [
                Evaluering(borger_id=anna.id, plan_id=anna_plan.id, dato=D(2026, 10, 1), maalopfyldelse=0, beslutning="fortsaet", forfatter="TH"),
                Evaluering(borger_id=anna.id, plan_id=anna_plan.id, dato=D(2026, 11, 2), maalopfyldelse=1, beslutning="fortsaet", forfatter="TH"),
                Evaluering(borger_id=bent.id, plan_id=bent_plan.id, dato=D(2026, 11, 10), maalopfyldelse=-1, beslutning="juster", forfatter="TH"),
            ],
            author="TH",
        )
        dates = Opfoelgningsplan(naeste_opfoelgning=D(2026, 11, 20), status_dato=D(2026, 12, 3), langsigtet_evaluering=D(2027, 2, 1))
        store.update(SmttePlan, anna_plan.id, {"evaluering": dates.model_dump(mode="json")}, "TH")
    return house


async def open_group(pilot):
    from smtte_tui.screens.group.group import GroupScreen

    pilot.app.push_screen(GroupScreen())
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, GroupScreen) and pilot.app.screen.verdicts_done)
    return pilot.app.screen


async def test_the_group_picture_shows_each_borgers_score_verdicts_and_logging_and_writes_the_report(group_house, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda target: opened.append(target) or True)
    app = open_app(group_house)
    async with app.run_test(size=(160, 40)) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_group(pilot)
        table = screen.query_one("#group-table")
        assert [str(column.label) for column in table.columns.values()][3:] == ["Tegnene", "Uge 45", "Uge 46", "Uge 47", "Uge 48"]
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "Anna Jensen (AJ)",
            "+1 ↑ (02.11.2026)",
            "højere end sidst",
            "↑ bedre  · for få punkter  · for få punkter",
            "0 %",
            "0 %",
            "100 %",
            "100 %",
        ]
        assert [str(cell) for cell in table.get_row_at(1)][:3] == ["Bent Olsen (BO)", "-1 (10.11.2026)", "ingen tidligere score"]
        assert [str(cell) for cell in table.get_row_at(2)][1:] == ["ingen score", "ingen tidligere score", "· for få punkter  · for få punkter  · for få punkter", "0 %", "0 %", "0 %", "0 %"]
        detail = str(screen.query_one("#group-detail").render())
        assert "Anna tager selv tøj på" in detail and "Tager selv trøjen på: Tegn på reel ændring – i den gode retning" in detail
        summary = str(screen.query_one("#group-summary").render())
        assert "Seneste målopfyldelse i gruppen: -2: 0 · -1: 1 · 0: 0 · +1: 1 · +2: 0 · ingen score: 1" in summary
        assert "Møder holdt i november 2026: 3" not in summary and "Møder holdt i november 2026: 2" in summary
        assert "Besluttet at justere i november 2026: 1 – fulgt op 0, venter 1, ikke fulgt op 0" in summary

        await pilot.press("down")
        assert "Ingen målopfyldelse" not in str(screen.query_one("#group-detail").render())
        await pilot.press("r")
        await wait_for(pilot, lambda: opened, timeout=10)
        path = group_house["data"] / "eksport" / "smtte-gruppe-2026-11.html"
        assert opened[0].endswith(path.name)
        page = path.read_text(encoding="utf-8")
        assert "Gruppebillede november 2026" in page and "Borger 1" in page and "Anna" not in page and "<svg" in page
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, type(screen))

    with Store(group_house["data"], local_dir=group_house["tmp"] / "check", clock=lambda: NOW) as store:
        store.load_audit()
        events = [(e.handling, e.maal, e.medarbejder) for e in store.all(AuditEvent) if e.handling in ("laes_gruppe", "rapport")]
        assert sorted(events) == [("laes_gruppe", "gruppe", "TH"), ("rapport", "gruppe:2026-11:html", "TH")]


async def test_f1_lists_the_group_keys(group_house):
    from smtte_tui.screens.kit.help import HelpScreen

    app = open_app(group_house)
    async with app.run_test(size=(160, 40)) as pilot:
        await sign_in(pilot, "MA")
        await open_group(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        keys = dict(pilot.app.screen.keys)
        assert keys["R"] == "Rapport uden navne" and keys["N"] == "Rapport med navne" and keys["ESC"] == "Tilbage"


async def test_the_year_wheel_counts_meetings_per_month_and_changes_year_with_the_arrows(group_house):
    from smtte_tui.screens.group.yearwheel import YearWheelScreen

    app = open_app(group_house)
    async with app.run_test(size=(140, 40)) as pilot:
        await sign_in(pilot, "TH")
        pilot.app.push_screen(YearWheelScreen())
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, YearWheelScreen) and pilot.app.screen.months)
        screen = pilot.app.screen
        table = screen.query_one("#wheel-table")
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(12)]
        # columns: month, follow-up, status, evaluation (set in the plans), expected by cadence, held
        assert rows[9] == ["oktober", "0", "0", "0", "0", "1"]
        # Anna's follow-up on 20 November (overdue), Bent's meeting and Anna's held on 2 November
        assert rows[10] == ["november", "1", "0", "0", "0", "2"]
        # Anna's status meeting and the follow-up her monthly cadence expects on 20 December
        assert rows[11] == ["december", "0", "1", "0", "1", "0"]
        assert table.cursor_row == 10  # this month
        detail = str(screen.query_one("#wheel-detail").render())
        assert "02.11.2026  Anna Jensen – Opfølgning: holdt (+1, Fortsæt)" in detail
        assert "10.11.2026  Bent Olsen – Opfølgning: holdt (-1, Justér inden for rammen)" in detail
        assert "20.11.2026  Anna Jensen – Opfølgning: overskredet" in detail

        await pilot.press("right")
        await wait_for(pilot, lambda: screen.year == 2027 and "2027" in str(screen.query_one("#wheel-title").render()))
        await wait_for(pilot, lambda: str(table.get_row_at(1)[3]) == "1")  # the long-term evaluation, 1 February
        assert [str(table.get_row_at(n)[4]) for n in range(12)] == ["1"] * 12  # 20 January ... 20 December
        await pilot.press("left", "left")
        await wait_for(pilot, lambda: screen.year == 2025)
        await wait_for(pilot, lambda: all(str(table.get_row_at(n)[5]) == "0" for n in range(12)))
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, YearWheelScreen)


async def test_the_year_wheel_stops_at_the_last_and_first_year_a_date_can_be_kept_in(group_house):
    from smtte_tui.screens.group.yearwheel import YearWheelScreen

    app = open_app(group_house)
    async with app.run_test(size=(140, 40)) as pilot:
        await sign_in(pilot, "TH")
        pilot.app.push_screen(YearWheelScreen())
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, YearWheelScreen) and pilot.app.screen.months)
        screen = pilot.app.screen
        screen.year = 2198
        await pilot.press("right", "right", "right")  # 2199 is the last year: no year 10000 to crash on
        await wait_for(pilot, lambda: "2199" in str(screen.query_one("#wheel-title").render()))
        assert screen.year == 2199 and len(screen.months) == 12
        screen.year = 1901
        await pilot.press("left", "left")
        await wait_for(pilot, lambda: "1900" in str(screen.query_one("#wheel-title").render()))
        assert screen.year == 1900
