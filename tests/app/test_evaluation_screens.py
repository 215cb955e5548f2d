"""Timeline, run charts, meeting mode and the due list, driven through the real app with Pilot."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.features.plans.plans import add_months
from smtte_tui.models import AuditEvent, Evaluering, Interessent, Notat, Observation, Opfoelgningsplan, SmttePlan
from smtte_tui.store import Store

from .conftest import NOW, open_app, screen_text, sign_in, wait_for

TODAY = NOW.date()
WEEKS = 20


def week_start(weeks_ago: int) -> dt.date:
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    return monday - dt.timedelta(weeks=weeks_ago)


@pytest.fixture
def history(house):
    """Anna: 20 weeks of her ja/nej tegn, 2 of 5 ja for the first 10 weeks, 4 of 5 after (a clear
    shift up), written in the months they happened; a note; Anna's plan due for follow-up 3 days
    ago, Bent's in 5 days, Åse's in two months."""
    store = Store(house["data"], local_dir=house["tmp"] / "writer", clock=lambda: NOW)
    anna = house["borgere"]["Anna"]
    plan = house["plans"][anna.id]
    tegn = plan.tegn[0]
    entities, times = [], []
    for weeks_ago in range(WEEKS, 0, -1):
        ja = 2 if weeks_ago > WEEKS // 2 else 4
        for day in range(5):
            dato = week_start(weeks_ago) + dt.timedelta(days=day)
            entities.append(Observation(borger_id=anna.id, plan_id=plan.id, tegn_id=tegn.id, maaletype="ja_nej", vaerdi=day < ja, dato=dato, vagt="dag", forfatter="MA", terminal="pc1"))
            times.append(dt.datetime.combine(dato, dt.time(14), tzinfo=dt.UTC))
    note_day = week_start(6) + dt.timedelta(days=2)
    entities.append(Notat(borger_id=anna.id, dato=note_day, vagt="aften", tekst="Tog trøjen på uden hjælp og var stolt", forfatter="MA", plan_id=plan.id))
    times.append(dt.datetime.combine(note_day, dt.time(20), tzinfo=dt.UTC))
    store.create_many(entities, author="MA", at=times)
    dates = {"Anna": TODAY - dt.timedelta(days=3), "Bent": TODAY + dt.timedelta(days=5), "Åse": add_months(TODAY, 2)}
    for name, borger in house["borgere"].items():
        follow_up = Opfoelgningsplan(opfoelgning="maanedlig", naeste_opfoelgning=dates[name]).model_dump(mode="json")
        store.update(SmttePlan, house["plans"][borger.id].id, {"evaluering": follow_up}, "TH")
    relative = Interessent(type="paaroerende", navn="Karin Jensen").model_dump(mode="json")
    store.update(SmttePlan, plan.id, {"interessenter": [relative], "tovholder": "TH"}, "TH")
    store.close()
    return {**house, "anna": anna, "plan": plan, "tegn": tegn, "note_day": note_day}


async def open_timeline(pilot, letters: str = "anna"):
    from smtte_tui.screens.evaluation.timeline import TimelineScreen

    await pilot.press(*letters)
    await pilot.press("f3")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TimelineScreen) and pilot.app.screen.data is not None)
    return pilot.app.screen


def reopen(house) -> Store:
    return Store(house["data"], local_dir=house["tmp"] / "check", clock=lambda: NOW)


async def test_timeline_reads_the_whole_history_and_filters_orders_and_jumps(history):
    app = open_app(history)
    async with app.run_test(size=(110, 34)) as pilot:
        await sign_in(pilot, "TH")
        screen = await open_timeline(pilot)
        kinds = {e.kind for e in screen.shown}
        assert {"observationer", "notat", "plan", "pdsa"} <= kinds
        # newest first, and observations are weekly lines, the oldest five months back (older
        # months than start-up reads, so the history was loaded from the share)
        assert screen.shown[0].dato >= screen.shown[-1].dato
        weekly = [e for e in screen.shown if e.kind == "observationer"]
        assert len(weekly) == WEEKS
        assert min(e.dato for e in weekly) == week_start(WEEKS)
        assert weekly[0].text == "4 af 5 ja (80 %)" and weekly[-1].text == "2 af 5 ja (40 %)"

        await pilot.press("a")  # only signs
        assert {e.kind for e in screen.shown} == {"observationer"}
        await pilot.press("a")  # only notes
        assert [e.text for e in screen.shown] == ["Tog trøjen på uden hjælp og var stolt"]
        for _ in range(4):  # pdsa, plan, evaluering, back to everything
            await pilot.press("a")
        assert {e.kind for e in screen.shown} >= {"observationer", "notat"}

        await pilot.press("t")  # the first tegn only: other tegn have no data, so same rows
        assert screen.filter.tegn_id == history["tegn"].id
        assert all(e.tegn_id == history["tegn"].id for e in screen.shown if e.kind == "observationer")

        await pilot.press("o")  # oldest first
        assert screen.shown[0].dato <= screen.shown[-1].dato
        assert "ældste først" in str(screen.query_one("#timeline-filter").render())

        await pilot.press("d", *history["note_day"].strftime("%d.%m.%Y"), "enter")
        row = screen.query_one("#timeline-table").cursor_row
        assert screen.shown[row].dato == history["note_day"] and screen.shown[row].kind == "notat"
        assert "stolt" in str(screen.query_one("#timeline-detail").render())

        await pilot.press("u")  # per day: a line per day with signs
        assert len([e for e in screen.shown if e.kind == "observationer"]) == WEEKS * 5

        start, end = week_start(4), week_start(2) - dt.timedelta(days=1)
        await pilot.press("r", *f"{start:%d.%m.%Y}-{end:%d.%m.%Y}", "enter")
        assert screen.shown and all(start <= e.dato <= end for e in screen.shown)

        await pilot.press("r", "x", "y", "enter")  # not a period: a Danish message, filter kept
        assert screen.filter.start == start

    store = reopen(history)
    store.load_audit()
    reads = [a for a in store.all(AuditEvent) if a.handling == "laes_tidslinje"]
    assert [(a.medarbejder, a.borger_id) for a in reads] == [("TH", history["anna"].id)]


async def test_charts_show_the_shift_in_words_and_switch_period_and_baseline(history):
    from smtte_tui.screens.evaluation.charts import ChartPanel, ChartsScreen
    from smtte_tui.screens.widgets.runchart import RunChartPlot

    app = open_app(history)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "MA")  # every role may read the charts
        await open_timeline(pilot)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChartsScreen) and pilot.app.screen.query(ChartPanel))
        screen = pilot.app.screen
        panels = list(screen.query(ChartPanel))
        assert len(panels) == 3  # one per tegn, the empty ones say so
        first = screen.charts[0]
        assert [round(p.value, 2) for p in first.points] == [0.4] * 10 + [0.8] * 10
        words = str(panels[0].query_one(".chart-words").render())
        # median 0.6: 10 under then 10 over, a run of 10 > 7 (limit for 20 points)
        assert "Tegn på reel ændring – i den gode retning" in words
        assert "Længste serie på samme side af midterlinjen: 10 (mere end 7" in words
        assert "For få punkter" in str(panels[1].query_one(".chart-words").render())
        assert panels[0].query_one(RunChartPlot).chart is first
        drawn = screen_text(pilot.app)
        assert all(f"{share} %" in drawn for share in (0, 25, 50, 75, 100))  # the ja/nej axis, as the words say it
        assert "100.0" not in drawn and "83.3" not in drawn  # plotext's own marks are gone

        await pilot.press("u")
        assert screen.charts[0].period == "maaned"  # week -> month -> day
        await pilot.press("u")
        assert screen.charts[0].period == "dag" and len(screen.charts[0].points) == WEEKS * 5
        await pilot.press("u")
        await pilot.press("b")  # frozen before the first PDSA (three days ago): the old median
        assert screen.charts[0].baseline.count is not None and screen.charts[0].centre == pytest.approx(0.6)
        assert "før første prøvehandling" in str(screen.query_one("#charts-title").render())


async def test_a_full_meeting_saves_an_evaluation_and_moves_the_next_date(history):
    from smtte_tui.screens.evaluation.meeting import MeetingScreen
    from smtte_tui.screens.evaluation.timeline import TimelineScreen

    app = open_app(history)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "TH")
        await open_timeline(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MeetingScreen) and pilot.app.screen.steps)
        screen = pilot.app.screen
        assert screen.steps == ["goal", "tegn:0", "tegn:1", "tegn:2", "pdsa", "views", "score", "decision", "date", "who"]
        assert screen.art == "opfoelgning"  # the follow-up three days ago is what is due
        assert "Anna tager selv tøj på" in str(screen.query_one("#step-goal .meeting-text").render())
        await pilot.press("f8")
        assert "Tegn på reel ændring – i den gode retning" in str(screen.query_one("#step-tegn-0 .chart-words").render())
        await pilot.press("f8", "f8", "f8")
        assert "Tøj lagt frem i rækkefølge" in str(screen.query_one("#step-pdsa .meeting-text").render())
        await pilot.press("f8")
        await pilot.press(*"Glad for at klare det selv", "tab", *"Mor ser fremskridt")
        await pilot.press("f8")
        assert pilot.app.focused.id == "meeting-score"
        await pilot.press("down", "enter")  # options run +2 .. -2: the second is +1
        assert screen.score == 1 and screen.steps[screen.index] == "decision"
        await pilot.press("enter")  # the first decision: fortsæt
        assert screen.decision == "fortsaet" and screen.steps[screen.index] == "date"
        suggested = screen.query_one("#meeting-next").value
        assert suggested == add_months(TODAY, 1).strftime("%d.%m.%Y")  # monthly cadence
        await pilot.press("f8")
        assert screen.steps[screen.index] == "who"
        await pilot.press("down", "space")  # also the relative (the borger and TH are preselected)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TimelineScreen))  # back where it began
        # the timeline reloads with the meeting on it
        await wait_for(pilot, lambda: any(e.kind == "evaluering" for e in pilot.app.screen.shown))

    store = reopen(history)
    held = store.all(Evaluering, history["anna"].id)
    assert len(held) == 1
    meeting = held[0]
    assert (meeting.dato, meeting.art, meeting.maalopfyldelse, meeting.beslutning, meeting.forfatter) == (TODAY, "opfoelgning", 1, "fortsaet", "TH")
    assert meeting.borgerens_syn == "Glad for at klare det selv" and meeting.paaroerendes_syn == "Mor ser fremskridt"
    assert meeting.naeste_dato == add_months(TODAY, 1)
    assert meeting.deltagere == ["Anna Jensen", "Karin Jensen", "TH"]
    assert store.get(SmttePlan, history["plan"].id).evaluering.naeste_opfoelgning == add_months(TODAY, 1)


async def test_meeting_refuses_to_save_without_a_decision_and_a_medarbejder_cannot_open_it(history):
    from smtte_tui.screens.evaluation.meeting import MeetingScreen
    from smtte_tui.screens.evaluation.timeline import TimelineScreen

    app = open_app(history)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "MA")
        await open_timeline(pilot)
        await pilot.press("m")
        await pilot.pause(0.1)
        assert isinstance(pilot.app.screen, TimelineScreen)  # a medarbejder reads, does not hold meetings

    app = open_app(history)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "LE")
        await open_timeline(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MeetingScreen) and pilot.app.screen.steps)
        screen = pilot.app.screen
        await pilot.press("ctrl+s")
        assert screen.steps[screen.index] == "decision"  # sent to what is missing
        assert isinstance(pilot.app.screen, MeetingScreen)
    assert reopen(history).all(Evaluering) == []


async def test_due_list_shows_overdue_and_coming_meetings_and_enter_holds_one(history):
    from smtte_tui.screens.evaluation.due import DueScreen
    from smtte_tui.screens.evaluation.meeting import MeetingScreen

    app = open_app(history)
    async with app.run_test(size=(110, 34)) as pilot:
        await sign_in(pilot, "TH")
        assert "1 forfaldne, 1 inden for 14 dage" in str(pilot.app.screen.query_one("#home-due").render())
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DueScreen) and pilot.app.screen.rows)
        screen = pilot.app.screen
        assert [(d.borger.navn, d.days) for d in screen.rows] == [("Anna Jensen", -3), ("Bent Olsen", 5)]
        table = screen.query_one("#due-table")
        assert str(table.get_row_at(0)[3]) == "forfalden for 3 dage siden"
        assert str(table.get_row_at(1)[3]) == "om 5 dage"
        assert str(table.get_row_at(0)[4]).startswith("sidst for")  # Anna's signs; Bent has none
        assert str(table.get_row_at(1)[4]) == "intet de sidste to måneder"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, MeetingScreen))
        assert pilot.app.screen.borger_id == history["anna"].id


async def test_report_key_writes_the_html_next_to_the_data_and_audits_it(history, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda target: opened.append(target) or True)
    app = open_app(history)
    async with app.run_test(size=(110, 34)) as pilot:
        await sign_in(pilot, "MA")
        await open_timeline(pilot)
        await pilot.press("x")
        folder = history["data"] / "eksport"
        await wait_for(pilot, lambda: opened)
        files = list(folder.glob("*.html"))
        name = f"smtte-AJ-{history['anna'].id[:8]}-{TODAY:%Y-%m-%d}"  # the id: two "AJ" never share a file
        assert [f.name for f in files] == [f"{name}.html"]
        page = files[0].read_text(encoding="utf-8")
        assert "Anna Jensen" in page and "<svg" in page and "Tegn på reel ændring" in page
        assert opened[0].endswith(files[0].name)
        await pilot.press("x")  # a second report the same day is a new file; the first stays
        await wait_for(pilot, lambda: len(opened) == 2)
        assert opened[1].endswith(f"{name}-2.html") and sorted(f.name for f in folder.glob("*.html")) == [f"{name}-2.html", f"{name}.html"]
        assert files[0].read_text(encoding="utf-8") == page

    store = reopen(history)
    store.load_audit()
    exports = [a for a in store.all(AuditEvent) if a.handling == "eksport"]
    assert [(a.medarbejder, a.borger_id) for a in exports] == [("MA", history["anna"].id)] * 2
