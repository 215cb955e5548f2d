"""Evaluations: the next follow-up by cadence, which meeting is due, the due list of the house, and
saving a held meeting (the plan's E dates move on, "afslut" closes the plan, roles are enforced)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from smtte_tui.features.evaluation.evaluation import cycles_since, last_evaluation, record
from smtte_tui.followup import Due, cadence_date, due_list, level_text, planned, suggest_art
from smtte_tui.models import Borger, Evaluering, Maal, Medarbejder, Observation, Opfoelgningsplan, PdsaCycle, SmttePlan, Tegn
from smtte_tui.store import NotAllowed, Store
from tests.people import acting, house_staff

from .conftest import TODAY

D = dt.date  # TODAY is Wednesday 25 November 2026


def e_plan(**dates: object) -> SmttePlan:
    """A plan with only its E section set (pure functions need nothing more)."""
    return SmttePlan(borger_id="b1", evaluering=Opfoelgningsplan(**dates))


def active_plan(borger: Borger, **dates: object) -> SmttePlan:
    return SmttePlan(
        borger_id=borger.id,
        status="aktiv",
        maal=Maal(tekst=f"{borger.kortnavn} tager selv tøj på"),
        tegn=[Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")],
        evaluering=Opfoelgningsplan(**dates),
        tovholder="AA",
    )


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "held", "next_date"),
    [
        ("ugentlig", D(2026, 11, 25), D(2026, 12, 2)),
        ("ugentlig", D(2026, 12, 29), D(2027, 1, 5)),  # across new year
        ("maanedlig", D(2026, 11, 25), D(2026, 12, 25)),
        ("maanedlig", D(2026, 12, 15), D(2027, 1, 15)),
        ("maanedlig", D(2027, 1, 31), D(2027, 2, 28)),  # no 31 February: the month's last day
        ("maanedlig", D(2028, 1, 31), D(2028, 2, 29)),  # a leap year
        ("maanedlig", D(2027, 3, 31), D(2027, 4, 30)),
        ("kvartalsvis", D(2026, 11, 25), D(2027, 2, 25)),
        ("kvartalsvis", D(2026, 11, 30), D(2027, 2, 28)),
        ("kvartalsvis", D(2027, 11, 30), D(2028, 2, 29)),
        ("kvartalsvis", D(2027, 1, 15), D(2027, 4, 15)),
    ],
)
def test_the_next_follow_up_follows_the_plans_cadence(cadence, held, next_date):
    assert cadence_date(e_plan(opfoelgning=cadence), held) == next_date


def test_monthly_is_the_default_cadence():
    assert cadence_date(SmttePlan(borger_id="b1"), D(2027, 1, 31)) == D(2027, 2, 28)


def test_planned_meetings_are_listed_soonest_first_and_the_bigger_first_on_the_same_day():
    plan = e_plan(naeste_opfoelgning=D(2026, 12, 9), status_dato=D(2026, 12, 9), langsigtet_evaluering=D(2026, 12, 1))
    assert planned(plan) == [("evaluering", D(2026, 12, 1)), ("status", D(2026, 12, 9)), ("opfoelgning", D(2026, 12, 9))]
    assert planned(e_plan(naeste_opfoelgning=D(2026, 12, 25))) == [("opfoelgning", D(2026, 12, 25))]
    assert planned(SmttePlan(borger_id="b1")) == []


@pytest.mark.parametrize(
    ("dates", "art"),
    [
        # the status meeting is exactly 14 days away: it is the meeting to hold
        ({"naeste_opfoelgning": D(2026, 12, 1), "status_dato": D(2026, 12, 9)}, "status"),
        # 15 days away is too far: this is the follow-up
        ({"naeste_opfoelgning": D(2026, 12, 1), "status_dato": D(2026, 12, 10)}, "opfoelgning"),
        # an overdue long-term evaluation outweighs both
        ({"naeste_opfoelgning": D(2026, 11, 27), "status_dato": D(2026, 12, 2), "langsigtet_evaluering": D(2026, 11, 1)}, "evaluering"),
        # nothing due soon, or nothing set: a follow-up
        ({"naeste_opfoelgning": D(2027, 1, 25), "langsigtet_evaluering": D(2027, 11, 1)}, "opfoelgning"),
        ({}, "opfoelgning"),
    ],
)
def test_suggest_the_biggest_meeting_due_within_two_weeks(dates, art):
    assert suggest_art(e_plan(**dates), TODAY) == art


@pytest.mark.parametrize("cadence", ["ugentlig", "maanedlig", "kvartalsvis"])
def test_the_next_follow_up_after_the_last_day_python_knows_stops_there_instead_of_crashing(cadence):
    assert cadence_date(e_plan(opfoelgning=cadence), dt.date.max) == dt.date.max
    assert cadence_date(e_plan(opfoelgning=cadence), D(2199, 12, 31)) > D(2199, 12, 31)  # beyond the range: only a suggestion


def test_what_is_due_on_the_last_day_python_knows_is_still_worked_out():
    assert suggest_art(e_plan(naeste_opfoelgning=D(2199, 12, 31)), dt.date.max) == "opfoelgning"


# --- the house --------------------------------------------------------------------------------------


@dataclass
class House:
    store: Store
    staff: dict[str, Medarbejder]
    anna: Borger
    erik: Borger
    plan: SmttePlan  # Anna's
    erik_plan: SmttePlan

    def __getitem__(self, initialer: str) -> Medarbejder:
        return self.staff[initialer]


@pytest.fixture
def house(store: Store) -> House:
    """Anna and Erik have active plans with meetings coming up; Bent's plan is a draft, Cecilie has
    moved out (inactive) and Dorte's plan is closed: all three with overdue dates nobody should see."""
    staff = {m.initialer: m for m in house_staff()}
    anna = Borger(navn="Anna Jensen", kortnavn="AJ")
    erik = Borger(navn="Erik Berg", kortnavn="EB")
    bent = Borger(navn="Bent Olsen", kortnavn="BO")
    cecilie = Borger(navn="Cecilie Dam", kortnavn="CD", aktiv=False)
    dorte = Borger(navn="Dorte Holm", kortnavn="DH")
    overdue = {"naeste_opfoelgning": D(2026, 11, 1)}
    plan = active_plan(anna, naeste_opfoelgning=D(2026, 11, 20), status_dato=D(2026, 12, 9), langsigtet_evaluering=D(2026, 12, 10))
    erik_plan = active_plan(erik, naeste_opfoelgning=D(2026, 11, 25), status_dato=D(2026, 12, 9), langsigtet_evaluering=D(2026, 12, 9))
    draft = active_plan(bent, **overdue).model_copy(update={"status": "kladde"})
    moved_out = active_plan(cecilie, **overdue)
    closed = active_plan(dorte, **overdue).model_copy(update={"status": "afsluttet"})
    store.create_many([*staff.values(), anna, erik, bent, cecilie, dorte], "LE")
    store.create_many([plan, erik_plan, draft, moved_out, closed], "AA")
    troeje = plan.tegn[0]
    store.create_many(
        [
            Observation(borger_id=anna.id, plan_id=plan.id, tegn_id=troeje.id, maaletype="ja_nej", vaerdi=value, dato=day, vagt="dag", forfatter="MA", terminal="pc1")
            for day, value in ((D(2026, 11, 24), True), (D(2026, 11, 23), False))
        ],
        "MA",
    )
    return House(store, staff, anna, erik, plan, erik_plan)


def listed(due: list[Due]) -> list[tuple[str, str, dt.date, int]]:
    return [(d.borger.kortnavn, d.art, d.dato, d.days) for d in due]


def test_the_due_list_holds_active_plans_of_active_borgere_overdue_or_within_two_weeks(house):
    due = due_list(house.store, TODAY)
    assert listed(due) == [
        ("AJ", "opfoelgning", D(2026, 11, 20), -5),  # five days overdue
        ("EB", "opfoelgning", D(2026, 11, 25), 0),  # today
        ("AJ", "status", D(2026, 12, 9), 14),  # same day: by name
        ("EB", "evaluering", D(2026, 12, 9), 14),  # Else's status meeting the same day is held with it: listed once
        # Anna's long-term evaluation on 10 December is 15 days away: not yet
    ]
    assert [d.also for d in due] == [(), (), (), ("status",)]
    assert [d.overdue for d in due] == [True, False, False, False]
    assert [d.last_logged for d in due] == [D(2026, 11, 24), None, D(2026, 11, 24), None]
    assert due[0].plan == house.plan and due[0].borger == house.anna


def test_the_horizon_can_be_narrowed_or_widened(house):
    assert listed(due_list(house.store, TODAY, horizon=0)) == [("AJ", "opfoelgning", D(2026, 11, 20), -5), ("EB", "opfoelgning", D(2026, 11, 25), 0)]
    assert ("AJ", "evaluering", D(2026, 12, 10), 15) in listed(due_list(house.store, TODAY, horizon=15))


# --- holding a meeting ------------------------------------------------------------------------------


NEXT_MEETING = D(2026, 12, 25)


def meeting(house: House, art: str = "opfoelgning", beslutning: str = "fortsaet", naeste: dt.date | None = NEXT_MEETING, **fields: object) -> Evaluering:
    return Evaluering(borger_id=house.anna.id, plan_id=house.plan.id, dato=TODAY, art=art, beslutning=beslutning, naeste_dato=naeste, forfatter="AA", **fields)


def test_a_follow_up_is_saved_and_moves_the_next_follow_up_to_the_chosen_date(house):
    held = meeting(house, maalopfyldelse=1, deltagere=["AA", "MA", "Anna"], borgerens_syn="Jeg kan selv")
    plan = record(acting(house.store, house["AA"]), held)
    assert house.store.all(Evaluering, house.anna.id) == [held]
    assert plan == house.store.get(SmttePlan, house.plan.id)
    assert plan.evaluering == Opfoelgningsplan(naeste_opfoelgning=D(2026, 12, 25), status_dato=D(2026, 12, 9), langsigtet_evaluering=D(2026, 12, 10))
    assert plan.status == "aktiv"
    last = house.store.history(SmttePlan, plan.id)[-1]
    assert (last.op, last.author, set(last.data)) == ("update", "AA", {"evaluering"})
    # Anna's overdue follow-up is gone from the list; her status meeting is still coming up
    assert [(d.art, d.dato) for d in due_list(house.store, TODAY) if d.borger == house.anna] == [("status", D(2026, 12, 9))]


def test_a_status_meeting_clears_its_own_date_and_sets_the_next_follow_up(house):
    plan = record(acting(house.store, house["AA"]), meeting(house, art="status", naeste=D(2027, 1, 6)))
    assert plan.evaluering == Opfoelgningsplan(naeste_opfoelgning=D(2027, 1, 6), status_dato=None, langsigtet_evaluering=D(2026, 12, 10))
    assert plan.status == "aktiv"


def test_the_long_term_evaluation_that_closes_the_plan(house):
    plan = record(acting(house.store, house["LE"]), meeting(house, art="evaluering", beslutning="afslut", naeste=None, maalopfyldelse=2))
    assert plan.status == "afsluttet"
    assert plan.evaluering == Opfoelgningsplan(naeste_opfoelgning=None, status_dato=D(2026, 12, 9), langsigtet_evaluering=None)
    assert [d.borger for d in due_list(house.store, TODAY)] == [house.erik, house.erik]  # a closed plan is never due; Erik twice: today and 9.12 (two meetings that day, one row)
    [closing] = [rev for rev in house.store.history(SmttePlan, plan.id) if rev.op == "update"]
    assert (closing.author, closing.data["status"]) == ("LE", "afsluttet")  # one revision for dates and status


@pytest.mark.parametrize("beslutning", ["juster", "revisitation", "fortsaet"])
def test_deciding_to_adjust_or_ask_for_a_new_bestilling_keeps_the_plan_active(house, beslutning):
    plan = record(acting(house.store, house["AA"]), meeting(house, beslutning=beslutning))
    assert plan.status == "aktiv"
    assert plan.evaluering.naeste_opfoelgning == D(2026, 12, 25)


def test_a_medarbejder_cannot_save_an_evaluation_and_nothing_changes(house):
    before = house.store.history(SmttePlan, house.plan.id)
    with pytest.raises(NotAllowed):
        record(acting(house.store, house["MA"]), meeting(house, beslutning="afslut"))
    assert house.store.all(Evaluering) == []
    assert house.store.history(SmttePlan, house.plan.id) == before
    assert house.store.get(SmttePlan, house.plan.id) == house.plan


def test_a_meeting_that_changes_no_date_writes_no_empty_plan_revision(house):
    before = len(house.store.history(SmttePlan, house.plan.id))
    plan = record(acting(house.store, house["AA"]), meeting(house, naeste=D(2026, 11, 20)))  # the date already set
    assert plan == house.plan
    assert len(house.store.history(SmttePlan, house.plan.id)) == before
    assert len(house.store.all(Evaluering)) == 1


def test_the_last_evaluation_of_a_plan_is_the_newest_by_date(house):
    older = meeting(house).model_copy(update={"dato": D(2026, 10, 20)})
    newer = meeting(house)
    of_erik = Evaluering(borger_id=house.erik.id, plan_id=house.erik_plan.id, dato=D(2026, 11, 26), beslutning="fortsaet", forfatter="AA")
    assert last_evaluation(house.store, house.plan.id, house.anna.id) is None
    house.store.create_many([newer, older, of_erik], "AA")
    assert last_evaluation(house.store, house.plan.id, house.anna.id) == newer


# --- what the meeting looks back on -----------------------------------------------------------------


def cycle(house: House, nummer: int, start: dt.date, slut: dt.date, plan: SmttePlan | None = None, **fields: object) -> PdsaCycle:
    plan = plan or house.plan
    return PdsaCycle(borger_id=plan.borger_id, plan_id=plan.id, rampe_id="toej", nummer=nummer, formaal=f"Forsøg {nummer}", start=start, slut=slut, **fields)


def test_prøvehandlinger_since_the_last_meeting_are_those_ended_since_or_still_open(house):
    closed_long_ago = cycle(house, 1, D(2026, 9, 1), D(2026, 9, 14), status="afsluttet", act="adapt", study="Delvist")
    open_but_overdue = cycle(house, 2, D(2026, 10, 1), D(2026, 10, 14))
    closed_on_the_day = cycle(house, 3, D(2026, 10, 20), D(2026, 11, 2), status="afsluttet", act="abandon", study="Virkede ikke", act_begrundelse="Anna blev ked af det")
    running = cycle(house, 4, D(2026, 11, 16), D(2026, 11, 29))
    other_plan = SmttePlan(borger_id=house.anna.id, maal=Maal(tekst="Anna går tur"))
    of_another_plan = cycle(house, 1, D(2026, 11, 1), D(2026, 11, 14), plan=other_plan)
    # created out of order on purpose
    house.store.create_many([other_plan, running, of_another_plan, closed_on_the_day, closed_long_ago, open_but_overdue], "AA")

    since = D(2026, 11, 2)  # the last meeting; a cycle that ended that very day still counts
    assert [c.nummer for c in cycles_since(house.store, house.plan, since)] == [2, 3, 4]
    assert [c.nummer for c in cycles_since(house.store, house.plan, None)] == [1, 2, 3, 4]
    assert [c.id for c in cycles_since(house.store, house.plan, D(2026, 11, 3))] == [open_but_overdue.id, running.id]


def test_goal_levels_read_the_plans_own_words_else_the_scale():
    plan = SmttePlan(borger_id="b1", maalopfyldelse_niveauer={"0": "Anna tager trøjen på 4 af 7 dage", "1": "   "})
    assert level_text(plan, 0) == "Anna tager trøjen på 4 af 7 dage"
    assert level_text(plan, 1) == "Mere end forventet"  # left blank in the plan
    assert level_text(plan, -2) == "Meget mindre end forventet"
    assert level_text(plan, 2) == "Meget mere end forventet"
    assert level_text(SmttePlan(borger_id="b1"), -1) == "Mindre end forventet"
