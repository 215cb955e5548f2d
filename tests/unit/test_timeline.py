"""One borger's timeline on a real store: Anna's November, written day by day with the clock moved
forward, then read back as weekly and daily rows, chart markers, filters and date jumps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from smtte_tui.features.evaluation import evaluation
from smtte_tui.features.evaluation.timeline import Event, Filter, Timeline, build, format_score, jump_index, period_label, select
from smtte_tui.features.pdsa import pdsa
from smtte_tui.features.plans import plans
from smtte_tui.features.shift.shiftlog import add_do_note
from smtte_tui.models import Borger, Evaluering, Maal, Medarbejder, Notat, Observation, Opfoelgningsplan, PdsaCycle, SmttePlan, Tegn, Tiltag
from smtte_tui.store import Store
from tests.people import acting, house_staff

from .conftest import CET, StoreFactory

D = dt.date


class Clock:
    """The store's clock, moved on by the test from one working day to the next."""

    def __init__(self, day: dt.date) -> None:
        self.moment = dt.datetime(day.year, day.month, day.day, 10, tzinfo=CET)

    def __call__(self) -> dt.datetime:
        return self.moment

    def go_to(self, day: dt.date) -> None:
        self.moment = dt.datetime(day.year, day.month, day.day, 10, tzinfo=CET)


@dataclass
class Autumn:
    store: Store
    staff: dict[str, Medarbejder]
    anna: Borger
    plan: SmttePlan
    cycle: PdsaCycle
    timeline: Timeline

    @property
    def troeje(self) -> Tegn:
        return self.plan.tegn[0]

    @property
    def humoer(self) -> Tegn:
        return self.plan.tegn[1]

    @property
    def paamindelser(self) -> Tegn:
        return self.plan.tegn[2]


def observe(store: Store, plan: SmttePlan, tegn: Tegn, *entries: tuple[dt.date, bool | int]) -> None:
    store.create_many(
        [
            Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=day, vagt="dag", forfatter="MA", terminal="pc1")
            for day, value in entries
        ],
        "MA",
    )


def note(store: Store, borger: Borger, day: dt.date, tekst: str, vagt: str | None = "dag") -> Notat:
    notat = Notat(borger_id=borger.id, dato=day, vagt=vagt, tekst=tekst, forfatter="MA")
    store.create(notat, "MA")
    return notat


@pytest.fixture
def autumn(tmp_path: Path) -> Autumn:
    """Anna's November 2026:

    * Mon 2 Nov: AA drafts the plan (v1), fills it in (v2) and activates it (v3); the first week's signs.
    * 9-12 Nov: signs, notes; Wed 11 Nov AA starts prøvehandling 1 (to 24 Nov); a Do note on 12 Nov.
    * Wed 25 Nov: AA adopts the prøvehandling (plan v4: tiltag) and holds the follow-up (plan v5: dates).
    """
    clock = Clock(D(2026, 11, 2))
    (tmp_path / "data").mkdir()
    store = Store(tmp_path / "data", local_dir=tmp_path / "pc1", create=True, clock=clock)
    staff = {m.initialer: m for m in house_staff()}
    anna = Borger(navn="Anna Jensen", kortnavn="AJ", bolig="Lejl. 1")
    store.create_many([*staff.values(), anna], "LE")
    aa = staff["AA"]

    draft = plans.new_plan(acting(store, aa), anna.id)
    tegn = [
        Tegn(tekst="Anna tager selv trøjen på", maaletype="ja_nej"),
        Tegn(tekst="Humør", maaletype="skala_1_5"),
        Tegn(tekst="Antal påmindelser", maaletype="antal", bedre_retning="ned"),
    ]
    tiltag = [Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften")]
    store.update(
        SmttePlan,
        draft.id,
        {
            "maal": Maal(tekst="Anna tager selv tøj på").model_dump(mode="json"),
            "tegn": [x.model_dump(mode="json") for x in tegn],
            "tiltag": [x.model_dump(mode="json") for x in tiltag],
            "evaluering": Opfoelgningsplan(naeste_opfoelgning=D(2026, 11, 25)).model_dump(mode="json"),
        },
        "AA",
    )
    plans.activate(acting(store, aa), draft.id)
    plan = store.get(SmttePlan, draft.id)
    troeje, humoer, paamindelser = plan.tegn

    observe(store, plan, troeje, (D(2026, 11, 2), True), (D(2026, 11, 3), False), (D(2026, 11, 4), True))
    observe(store, plan, humoer, (D(2026, 11, 2), 3), (D(2026, 11, 4), 4))
    observe(store, plan, paamindelser, (D(2026, 11, 2), 2), (D(2026, 11, 3), 3))

    clock.go_to(D(2026, 11, 9))
    observe(store, plan, troeje, (D(2026, 11, 9), True), (D(2026, 11, 10), True))
    note(store, anna, D(2026, 11, 9), "Anna valgte selv trøjen")

    clock.go_to(D(2026, 11, 11))
    cycle = pdsa.start(acting(store, aa), pdsa.draft_from_tiltag(plan, plan.tiltag[0].id, D(2026, 11, 11)))
    observe(store, plan, troeje, (D(2026, 11, 11), True))
    # written evening first: the day's notes are still shown in shift order
    note(store, anna, D(2026, 11, 11), "Tøjet lå klar på stolen", vagt="aften")
    note(store, anna, D(2026, 11, 11), "Morgenen gik roligt", vagt="dag")

    clock.go_to(D(2026, 11, 12))
    add_do_note(acting(store, "MA"), pdsa=cycle, tekst="Anna ville have den røde trøje", dato=D(2026, 11, 12), vagt="aften", overraskelse=True)
    observe(store, plan, troeje, (D(2026, 11, 12), False))

    clock.go_to(D(2026, 11, 24))
    pdsa.save(acting(store, aa), cycle.id, {"study": "Anna tog trøjen på 3 af 4 dage"})

    clock.go_to(D(2026, 11, 25))
    pdsa.adopt(acting(store, aa), cycle.id, hvad="Tøjet lægges frem på stolen", hvem="Aftenvagt", hvor_ofte="Hver aften", begrundelse="Det virker")
    observe(store, plan, troeje, (D(2026, 11, 25), True))
    note(store, anna, D(2026, 11, 25), "Anna fortalte selv om trøjen", vagt=None)
    evaluation.record(acting(store, aa), Evaluering(borger_id=anna.id, plan_id=plan.id, dato=D(2026, 11, 25), maalopfyldelse=1, beslutning="fortsaet", naeste_dato=D(2026, 12, 23), forfatter="AA"))
    return Autumn(store, staff, anna, store.get(SmttePlan, plan.id), store.get(PdsaCycle, cycle.id), build(store, anna.id))


def rows(events: list[Event]) -> list[tuple[dt.date, str, str, str]]:
    return [(e.dato, e.kind, e.title, e.text) for e in events]


def nov(day: int) -> dt.date:
    return D(2026, 11, day)


# --- the rows ---------------------------------------------------------------------------------------


def test_annas_november_week_by_week(autumn):
    events = autumn.timeline.events("uge")
    plan_v1 = events[0]
    assert (plan_v1.dato, plan_v1.kind, plan_v1.title) == (nov(2), "plan", "Plan, version 1 (AA)")
    assert plan_v1.text == "oprettet som kladde; udfyldt: Evaluering, Tovholder"  # created, not "changed"
    assert rows(events[1:]) == [
        (nov(2), "plan", "Plan, version 2 (AA)", "ændret: Mål, Tegn, Tiltag, Evaluering"),
        (nov(2), "plan", "Plan, version 3 (AA)", "status: aktiv"),
        # one row per tegn and week, in the plan's order of tegn
        (nov(2), "observationer", "Anna tager selv trøjen på", "2 af 3 ja (67 %)"),
        (nov(2), "observationer", "Humør", "gennemsnit 3,5 (2 registreringer)"),
        (nov(2), "observationer", "Antal påmindelser", "i alt 5 (2 registreringer)"),
        (nov(9), "observationer", "Anna tager selv trøjen på", "3 af 4 ja (75 %)"),  # 9, 10, 11 ja; 12 nej
        (nov(9), "notat", "Notat (MA, dag)", "Anna valgte selv trøjen"),
        (nov(11), "pdsa", "Prøvehandling 1 startet", "Tøjet lægges frem (til 24.11.2026)"),
        (nov(11), "notat", "Notat (MA, dag)", "Morgenen gik roligt"),
        (nov(11), "notat", "Notat (MA, aften)", "Tøjet lå klar på stolen"),
        (nov(12), "notat", "Do-notat, prøvehandling 1 (MA, aften)", "[Overraskelse] Anna ville have den røde trøje"),
        (nov(23), "observationer", "Anna tager selv trøjen på", "1 af 1 ja (100 %)"),  # logged Wednesday 25th
        (nov(25), "plan", "Plan, version 4 (AA)", "ændret: Tiltag"),
        (nov(25), "plan", "Plan, version 5 (AA)", "ændret: Evaluering"),
        (nov(25), "notat", "Notat (MA)", "Anna fortalte selv om trøjen"),
        # decided on the 25th, the day the Act was saved, not on the cycle's last day (the 24th)
        (nov(25), "pdsa", "Prøvehandling 1 afsluttet", "Taget i brug – Det virker"),
        (nov(25), "evaluering", "Opfølgning", "målopfyldelse +1; Fortsæt; næste 23.12.2026"),
    ]


def test_a_day_holds_plan_then_prøvehandling_then_signs_then_notes_then_decisions(autumn):
    per_day = autumn.timeline.events("dag")
    assert [(e.kind, e.title) for e in per_day if e.dato == nov(11)] == [
        ("pdsa", "Prøvehandling 1 startet"),
        ("observationer", "Anna tager selv trøjen på"),
        ("notat", "Notat (MA, dag)"),
        ("notat", "Notat (MA, aften)"),
    ]
    assert [(e.kind, e.title, e.text) for e in per_day if e.dato == nov(25)] == [
        ("plan", "Plan, version 4 (AA)", "ændret: Tiltag"),
        ("plan", "Plan, version 5 (AA)", "ændret: Evaluering"),
        ("observationer", "Anna tager selv trøjen på", "1 af 1 ja (100 %)"),
        ("notat", "Notat (MA)", "Anna fortalte selv om trøjen"),
        ("pdsa", "Prøvehandling 1 afsluttet", "Taget i brug – Det virker"),
        ("evaluering", "Opfølgning", "målopfyldelse +1; Fortsæt; næste 23.12.2026"),
    ]


def test_per_day_a_week_of_signs_is_one_row_per_day_with_data(autumn):
    troeje = [(e.dato, e.text) for e in autumn.timeline.events("dag") if e.tegn_id == autumn.troeje.id]
    assert troeje == [
        (nov(2), "1 af 1 ja (100 %)"),
        (nov(3), "0 af 1 ja (0 %)"),
        (nov(4), "1 af 1 ja (100 %)"),
        (nov(9), "1 af 1 ja (100 %)"),
        (nov(10), "1 af 1 ja (100 %)"),
        (nov(11), "1 af 1 ja (100 %)"),
        (nov(12), "0 af 1 ja (0 %)"),
        (nov(25), "1 af 1 ja (100 %)"),
    ]


def test_the_timeline_holds_what_the_charts_need(autumn):
    timeline = autumn.timeline
    assert [p.id for p in timeline.plans] == [autumn.plan.id]
    assert set(timeline.tegn) == {t.id for t in autumn.plan.tegn}
    assert len(timeline.observations) == 3 + 2 + 2 + 2 + 1 + 1 + 1
    assert len(timeline.notes) == 5  # four notes and the Do note
    assert [c.id for c in timeline.cycles] == [autumn.cycle.id]
    assert [(e.dato, e.maalopfyldelse) for e in timeline.evaluations] == [(nov(25), 1)]
    assert timeline.decided == {autumn.cycle.id: nov(25)}


def test_activation_and_changes_to_what_is_measured_or_done_become_chart_markers(autumn):
    # v1, v2: a draft, no marker; v3: activated; v4: the adopted tiltag; v5: only the E dates, no marker
    assert [(m.dato, m.kind, m.label) for m in autumn.timeline.markers] == [
        (nov(2), "plan", "v3"),
        (nov(11), "pdsa", "P1"),
        (nov(25), "plan", "v4"),
    ]


def test_a_plan_made_active_at_once_is_marked_from_its_first_version(store):
    staff = {m.initialer: m for m in house_staff()}
    bo = Borger(navn="Bo Bach", kortnavn="BB")
    store.create_many([*staff.values(), bo], "LE")
    plan = SmttePlan(
        borger_id=bo.id,
        status="aktiv",
        maal=Maal(tekst="Bo går selv til bussen"),
        tegn=[Tegn(tekst="Går selv", maaletype="ja_nej")],
        tovholder="BB",
    )
    store.create(plan, "BB")
    store.update(SmttePlan, plan.id, {"tovholder": "AA"}, "BB")  # who holds the plan: no marker
    timeline = build(store, bo.id)
    assert [(m.kind, m.label) for m in timeline.markers] == [("plan", "v1")]
    assert [(e.title, e.text) for e in timeline.events()] == [
        ("Plan, version 1 (BB)", "oprettet som aktiv; udfyldt: Mål, Tegn, Evaluering, Tovholder"),
        ("Plan, version 2 (BB)", "ændret: Tovholder"),
    ]


def test_a_borger_without_anything_has_an_empty_timeline(store):
    staff = house_staff()
    nobody = Borger(navn="Ny Borger", kortnavn="NB")
    store.create_many([*staff, nobody], "LE")
    timeline = build(store, nobody.id)
    assert (timeline.events(), timeline.markers, timeline.plans) == ([], [], [])


@pytest.mark.parametrize(("score", "shown"), [(2, "+2"), (1, "+1"), (0, "0"), (-1, "-1"), (-2, "-2")])
def test_a_goal_score_is_shown_with_its_sign(score, shown):
    assert format_score(score) == shown


@pytest.mark.parametrize(
    ("period", "shown"),
    [("dag", "25.11.2026"), ("uge", "uge 48 · 23.11.2026"), ("maaned", "november 2026")],
)
def test_period_label(period, shown):
    day = {"dag": nov(25), "uge": nov(23), "maaned": nov(1)}[period]
    assert period_label(day, period) == shown


# --- filters ----------------------------------------------------------------------------------------


def test_only_notes_newest_first(autumn):
    shown = select(autumn.timeline.events(), Filter(kinds=frozenset({"notat"})))
    assert [(e.dato, e.title) for e in shown] == [
        (nov(25), "Notat (MA)"),
        (nov(12), "Do-notat, prøvehandling 1 (MA, aften)"),
        (nov(11), "Notat (MA, aften)"),
        (nov(11), "Notat (MA, dag)"),
        (nov(9), "Notat (MA, dag)"),
    ]


def test_choosing_a_tegn_hides_the_other_tegns_rows_but_keeps_everything_else(autumn):
    events = autumn.timeline.events()
    shown = select(events, Filter(tegn_id=autumn.humoer.id, newest_first=False))
    assert [e.title for e in shown if e.kind == "observationer"] == ["Humør"]
    # every row that is not a sign stays
    assert [e for e in shown if e.kind != "observationer"] == [e for e in events if e.kind != "observationer"]


def test_a_date_range_oldest_first_includes_both_ends(autumn):
    shown = select(autumn.timeline.events("dag"), Filter(start=nov(11), end=nov(12), newest_first=False))
    assert [(e.dato, e.kind) for e in shown] == [
        (nov(11), "pdsa"),
        (nov(11), "observationer"),
        (nov(11), "notat"),
        (nov(11), "notat"),
        (nov(12), "observationer"),
        (nov(12), "notat"),
    ]


def test_kinds_tegn_and_range_together(autumn):
    chosen = Filter(kinds=frozenset({"observationer", "pdsa"}), tegn_id=autumn.troeje.id, start=nov(9), end=nov(30))
    shown = select(autumn.timeline.events("uge"), chosen)
    assert [(e.dato, e.kind, e.text) for e in shown] == [
        (nov(25), "pdsa", "Taget i brug – Det virker"),
        (nov(23), "observationer", "1 af 1 ja (100 %)"),
        (nov(11), "pdsa", "Tøjet lægges frem (til 24.11.2026)"),
        (nov(9), "observationer", "3 af 4 ja (75 %)"),
    ]


def test_nothing_chosen_shows_nothing(autumn):
    assert select(autumn.timeline.events(), Filter(kinds=frozenset())) == []


# --- jumping to a date ------------------------------------------------------------------------------


def event(day: dt.date, title: str) -> Event:
    return Event(day, "notat", title, "")


OLDEST_FIRST = [event(nov(2), "a"), event(nov(9), "b"), event(nov(9), "c"), event(nov(16), "d")]
NEWEST_FIRST = OLDEST_FIRST[::-1]  # d c b a


@pytest.mark.parametrize(
    ("day", "index"),
    [
        (nov(9), 1),  # the first row of that day when reading down: c
        (nov(12), 1),  # no row that day: the next older one, c
        (nov(16), 0),
        (nov(30), 0),  # newer than everything: the top
        (D(2026, 10, 1), 3),  # older than everything: the last row
    ],
)
def test_jump_newest_first_goes_to_the_first_row_on_or_before_the_day(day, index):
    assert jump_index(NEWEST_FIRST, day, newest_first=True) == index


@pytest.mark.parametrize(
    ("day", "index"),
    [
        (nov(9), 1),  # b
        (nov(12), 3),  # no row that day: the next newer one, d
        (D(2026, 10, 1), 0),  # older than everything: the top
        (nov(30), 3),  # past the end: the last row
    ],
)
def test_jump_oldest_first_goes_to_the_first_row_on_or_after_the_day(day, index):
    assert jump_index(OLDEST_FIRST, day, newest_first=False) == index


def test_jump_in_an_empty_list_goes_nowhere():
    assert jump_index([], nov(9), newest_first=True) is None
    assert jump_index([], nov(9), newest_first=False) is None


def test_jump_on_annas_timeline(autumn):
    shown = select(autumn.timeline.events(), Filter())
    index = jump_index(shown, nov(11), newest_first=True)
    assert (shown[index].dato, shown[index].kind) == (nov(11), "notat")
    assert all(e.dato > nov(11) for e in shown[:index])


# --- older months -----------------------------------------------------------------------------------


def test_the_timeline_reads_months_a_new_terminal_has_not_loaded(open_store: StoreFactory):
    store = open_store("pc1")  # the clock says 25 November 2026
    staff = house_staff()
    anna = Borger(navn="Anna Jensen", kortnavn="AJ")
    troeje = Tegn(tekst="Anna tager selv trøjen på", maaletype="ja_nej")
    plan = SmttePlan(borger_id=anna.id, status="aktiv", maal=Maal(tekst="Anna tager selv tøj på"), tegn=[troeje], tovholder="AA")
    store.create_many([*staff, anna, plan], "LE")

    def logged(day: dt.date, value: bool) -> Observation:
        return Observation(borger_id=anna.id, plan_id=plan.id, tegn_id=troeje.id, maaletype="ja_nej", vaerdi=value, dato=day, vagt="dag", forfatter="MA", terminal="pc1")

    august = [logged(D(2026, 8, 3), True), logged(D(2026, 8, 4), False), logged(D(2026, 8, 5), False)]
    summer_note = Notat(borger_id=anna.id, dato=D(2026, 8, 4), tekst="Anna var på sommerferie-tur", forfatter="MA")
    store.create_many([*august, summer_note], "MA", at=[dt.datetime(2026, 8, d, 20, tzinfo=CET) for d in (3, 4, 5, 4)])
    store.create(logged(D(2026, 11, 24), True), "MA")

    fresh = open_store("pc2")
    # start-up reads only the recent months (October to December): August is not there yet
    assert [o.dato for o in fresh.all(Observation, anna.id)] == [D(2026, 11, 24)]
    assert fresh.all(Notat, anna.id) == []

    timeline = build(fresh, anna.id)
    assert sorted(o.dato for o in timeline.observations) == [D(2026, 8, 3), D(2026, 8, 4), D(2026, 8, 5), D(2026, 11, 24)]
    assert [(e.dato, e.kind, e.text) for e in timeline.events("uge") if e.kind != "plan"] == [
        (D(2026, 8, 3), "observationer", "1 af 3 ja (33 %)"),
        (D(2026, 8, 4), "notat", "Anna var på sommerferie-tur"),
        (D(2026, 11, 23), "observationer", "1 af 1 ja (100 %)"),
    ]


def test_pdsa_labels_name_the_ramp_only_when_a_plan_has_several():
    from smtte_tui.features.evaluation.timeline import pdsa_labels
    from smtte_tui.models import PdsaCycle

    day = dt.date(2026, 11, 2)
    first = PdsaCycle(borger_id="b", plan_id="p", formaal="Tøj frem", start=day, slut=day + dt.timedelta(days=7), rampe_id="r1", nummer=1)
    second = first.model_copy(update={"id": "c2", "nummer": 2, "start": day + dt.timedelta(days=8), "slut": day + dt.timedelta(days=14)})
    assert [label for _, label in pdsa_labels([first, second])] == ["P1", "P2"]
    other_ramp = first.model_copy(update={"id": "c3", "rampe_id": "r2", "start": day + dt.timedelta(days=3), "slut": day + dt.timedelta(days=9)})
    other_plan = first.model_copy(update={"id": "c4", "plan_id": "q", "rampe_id": "r9"})
    labels = dict((c.id, label) for c, label in pdsa_labels([second, other_ramp, first, other_plan]))
    assert labels == {first.id: "P1.1", second.id: "P1.2", "c3": "P2.1", "c4": "P1"}
