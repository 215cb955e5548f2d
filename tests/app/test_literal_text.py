"""Brackets in what people type or sync are shown as typed on every screen: a goal with "[/link]"
neither stops the sign-in with a MarkupError nor loses "[dagligt]" from a tegn (issue S1)."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.models import Medarbejder, Notat, Observation, Opfoelgningsplan, PdsaCycle, PlanKommentar, SmttePlan, TimeoutNote
from smtte_tui.store import Store

from .conftest import NOW, PIN, open_app, screen_text, sign_in, type_text, wait_for

TODAY = NOW.date()
GOAL = "Se video [/link] hver morgen"
TEGN = "Mette går tur [dagligt] kl 10"
TILTAG = "Læg [b]tøj[/b] frem"
BENT = "Bent [/b] Olsen"
MADS = "Mads [/i] Andersen"
FORMAAL = "Prøv [/i] musik"
AFTALE = "Se [/x] her"
COMMENT = "Prøv [red]musik[/] om morgenen"
DO_NOTE = "Det gik [/godt] i dag"
SIZE = (200, 80)


@pytest.fixture
def brackets(house):
    """The test house with brackets in a goal, a tegn, a tiltag, a borger's and a colleague's name,
    a prøvehandling, a comment, a Do note and yesterday's agreed time-out action."""
    anna, bent = house["borgere"]["Anna"], house["borgere"]["Bent"]
    plan = house["plans"][anna.id]
    cycle = house["cycle"]
    staff = {}
    with Store(house["data"], local_dir=house["tmp"] / "writer", clock=lambda: NOW) as store:
        staff = {m.initialer: m for m in store.all(Medarbejder)}
        tegn = [item.model_dump(mode="json") for item in plan.tegn]
        tegn[0]["tekst"] = TEGN
        tiltag = [item.model_dump(mode="json") for item in plan.tiltag]
        tiltag[0]["hvad"] = TILTAG
        follow_up = Opfoelgningsplan(naeste_opfoelgning=TODAY + dt.timedelta(days=3)).model_dump(mode="json")
        store.update(SmttePlan, plan.id, {"maal": {"tekst": GOAL}, "tegn": tegn, "tiltag": tiltag, "evaluering": follow_up}, "LE")
        store.update(type(bent), bent.id, {"navn": BENT}, "LE")
        store.update(SmttePlan, house["plans"][bent.id].id, {"evaluering": follow_up}, "LE")
        store.update(Medarbejder, staff["MA"].id, {"navn": MADS}, "LE")
        store.update(PdsaCycle, cycle.id, {"formaal": FORMAAL, "slut": (TODAY - dt.timedelta(days=1)).isoformat(), "start": (TODAY - dt.timedelta(days=8)).isoformat()}, "LE")
        store.create_many(
            [
                PlanKommentar(borger_id=anna.id, plan_id=plan.id, tid=NOW, tekst=COMMENT, forfatter="MA"),
                Notat(borger_id=anna.id, dato=TODAY, vagt="dag", tekst=DO_NOTE, forfatter="MA", pdsa_id=cycle.id, plan_id=plan.id),
                TimeoutNote(borger_id=anna.id, dato=TODAY - dt.timedelta(days=1), status="usikker", note="Uro [i]", aftale=AFTALE, forfatter="MA"),
                Observation(borger_id=anna.id, plan_id=plan.id, tegn_id=plan.tegn[0].id, maaletype="ja_nej", vaerdi=True, dato=TODAY, vagt="dag", forfatter="MA", terminal="pc1"),
            ],
            "MA",
        )
    return house


def shows(app, *texts: str) -> bool:
    shown = screen_text(app)
    return all(text in shown for text in texts)


async def test_a_goal_with_a_closing_tag_signs_in_and_is_shown_as_typed_on_home_and_the_log_screen(brackets):
    from smtte_tui.screens.shift.entries import EntriesScreen
    from smtte_tui.screens.shift.log import LogScreen

    app = open_app(brackets)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "MA")
        await wait_for(pilot, lambda: shows(app, GOAL, BENT))
        await type_text(pilot, "anna")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
        await wait_for(pilot, lambda: shows(app, GOAL, TEGN, TILTAG))
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen) and app.screen.entries)
        await wait_for(pilot, lambda: shows(app, TEGN))


async def test_the_plan_its_history_comments_and_prøvehandlinger_show_brackets_as_typed(brackets):
    from smtte_tui.screens.kit.confirm import ConfirmScreen
    from smtte_tui.screens.pdsa.pdsa import PdsaScreen
    from smtte_tui.screens.pdsa.pdsa_list import PdsaRampScreen
    from smtte_tui.screens.plans.plan import PlanScreen
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen
    from smtte_tui.screens.plans.plan_history import PlanHistoryScreen

    app = open_app(brackets)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await type_text(pilot, "anna")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.plans)
        await wait_for(pilot, lambda: shows(app, GOAL, TEGN, TILTAG, FORMAAL, COMMENT))
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanHistoryScreen) and app.screen.versions)
        await wait_for(pilot, lambda: shows(app, GOAL))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
        await pilot.press("f8")
        await wait_for(pilot, lambda: shows(app, GOAL))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, (PlanScreen, ConfirmScreen)))
        if isinstance(app.screen, ConfirmScreen):  # the editor filled in the default evaluation dates
            await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaRampScreen) and app.screen.cycles)
        await wait_for(pilot, lambda: shows(app, FORMAAL))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaScreen))

        await wait_for(pilot, lambda: shows(app, TEGN))  # Plan: the tegn to take data from
        await pilot.press("f8")  # Do: the notes
        await wait_for(pilot, lambda: shows(app, DO_NOTE))


async def test_the_overdue_prøvehandlinger_the_timeline_charts_and_meeting_show_brackets_as_typed(brackets):
    from smtte_tui.screens.evaluation.charts import ChartsScreen
    from smtte_tui.screens.evaluation.meeting import MeetingScreen
    from smtte_tui.screens.evaluation.timeline import TimelineScreen
    from smtte_tui.screens.pdsa.pdsa_list import PdsaOverdueScreen

    app = open_app(brackets)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "TH")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, PdsaOverdueScreen) and app.screen.cycles)
        await wait_for(pilot, lambda: shows(app, FORMAAL))
        await pilot.press("escape")
        await type_text(pilot, "anna")
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen) and app.screen.data is not None)
        await wait_for(pilot, lambda: shows(app, TEGN, FORMAAL))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, ChartsScreen))
        await wait_for(pilot, lambda: shows(app, GOAL, TEGN))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen) and app.screen.steps)
        await wait_for(pilot, lambda: shows(app, GOAL, TEGN))


async def test_the_time_out_shows_the_agreed_action_as_typed_and_takes_a_new_one_with_brackets(brackets):
    from smtte_tui.screens.overview.timeout import MarkScreen, TimeoutScreen

    app = open_app(brackets)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # the notice names the borger
        await sign_in(pilot, "MA")
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, TimeoutScreen) and app.screen.rows)
        await wait_for(pilot, lambda: shows(app, AFTALE, GOAL, TEGN, BENT))
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, MarkScreen))
        await type_text(pilot, "Godt [/b]")
        await pilot.press("enter")
        await type_text(pilot, "Mere [dagligt]")
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TimeoutScreen) and app.screen.rows[0].today is not None)
        await pilot.press("2", "enter", "enter", "enter")  # Bent, whose name is in the notice
        await wait_for(pilot, lambda: app.screen.rows[1].today is not None and shows(app, f"{BENT}: usikker"))
        await pilot.press("up", "up")  # back to Anna: today's mark under the list
        await wait_for(pilot, lambda: shows(app, "Godt [/b]", "Mere [dagligt]"))


async def test_the_house_views_show_names_and_goals_as_typed(brackets):
    from smtte_tui.screens.evaluation.due import DueScreen
    from smtte_tui.screens.group.group import GroupScreen
    from smtte_tui.screens.group.yearwheel import YearWheelScreen
    from smtte_tui.screens.overview.overview import OverviewScreen

    app = open_app(brackets)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "LE")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, DueScreen) and app.screen.rows)
        await wait_for(pilot, lambda: shows(app, BENT))
        await pilot.press("escape")
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen) and app.screen.board is not None)
        await wait_for(pilot, lambda: shows(app, FORMAAL))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, GroupScreen) and app.screen.verdicts_done)
        await wait_for(pilot, lambda: shows(app, BENT, GOAL))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, YearWheelScreen) and app.screen.months)
        await wait_for(pilot, lambda: shows(app, BENT))


async def test_initials_with_brackets_typed_at_the_lock_screen_show_as_typed_in_the_audit_log(brackets):
    from smtte_tui.screens.admin.admin import AdminScreen
    from smtte_tui.screens.admin.audit import AuditScreen

    app = open_app(brackets)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#initials"))
        await type_text(pilot, "[/x]")
        await pilot.press("enter", *"9999", "enter")
        await wait_for(pilot, lambda: shows(app, "passer ikke"))
        await pilot.press("escape")
        await sign_in(pilot, "LE", PIN)
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen) and app.screen.staff_rows and app.screen.borgere)
        await wait_for(pilot, lambda: shows(app, BENT, MADS))
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen) and app.screen.events is not None)
        await wait_for(pilot, lambda: shows(app, "[/X]"))
