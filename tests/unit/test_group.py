"""The group picture, worked by hand: periods, latest score and trend, tegn verdicts, logging per
ISO week, "juster" followed up within 30 days, the annual wheel, and the whole picture of a house."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.features.group import group
from smtte_tui.models import Borger, Evaluering, Maal, Notat, Observation, Opfoelgningsplan, SmttePlan, Tegn, Tiltag
from smtte_tui.store import Store
from tests.people import house_staff
from tests.refusals import refused

from .conftest import CET, TODAY

D = dt.date  # TODAY is Wednesday 25 November 2026


def ev(plan: SmttePlan, day: dt.date, score: int | None, beslutning: str = "fortsaet") -> Evaluering:
    return Evaluering(borger_id=plan.borger_id, plan_id=plan.id, dato=day, maalopfyldelse=score, beslutning=beslutning, forfatter="AA")


def sign(tegn: Tegn, day: dt.date, value: bool | int = True, borger_id: str = "b1", plan_id: str = "p1") -> Observation:
    return Observation(borger_id=borger_id, plan_id=plan_id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=day, vagt="dag", forfatter="MA", terminal="pc1")


def plan_of(borger: Borger, *tegn: Tegn, status: str = "aktiv", **dates: object) -> SmttePlan:
    return SmttePlan(
        borger_id=borger.id,
        status=status,
        maal=Maal(tekst="Tager selv tøj på"),
        tegn=list(tegn) or [Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")],
        tiltag=[Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften")],
        evaluering=Opfoelgningsplan(**dates),
    )


# --- periods -------------------------------------------------------------------------------------


def test_a_month_and_a_quarter_are_read_from_what_staff_type():
    october = group.parse_period("2026-10")
    assert (october.start, october.end, october.kind, october.key) == (D(2026, 10, 1), D(2026, 10, 31), "maaned", "2026-10")
    assert october.label() == "oktober 2026"
    q3 = group.parse_period(" 2026-q3 ")
    assert (q3.start, q3.end, q3.key, q3.label()) == (D(2026, 7, 1), D(2026, 9, 30), "2026-Q3", "3. kvartal 2026")
    assert group.parse_period("2026-K4").end == D(2026, 12, 31)  # the Danish K for kvartal
    assert group.parse_period("2028-02").end == D(2028, 2, 29)
    assert [m.month for m in q3.months()] == [7, 8, 9]
    assert D(2026, 9, 30) in q3 and D(2026, 10, 1) not in q3


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "oktober", "26-10", ""])
def test_anything_else_is_refused_with_a_danish_sentence(text):
    with refused("group.error.period"):
        group.parse_period(text)


@pytest.mark.parametrize(
    ("text", "says"),
    [(text, "group.error.period_range") for text in ("0001-01", "9999-12", "9999-Q4", "0000-01", "1899-12", "2200-01")] + [("١٢٣٤-01", "group.error.period")],
)
def test_a_period_outside_the_kept_years_is_refused_with_a_danish_sentence_not_a_crash(text, says):
    # 0001-01 ended in "OverflowError" and 9999-12 in Python's English "year 10000 is out of range"
    with refused(says, text=text):
        group.parse_period(text)


def test_the_first_and_last_kept_periods_are_whole():
    first, last = group.parse_period("1900-01"), group.parse_period("2199-Q4")
    assert (first.start, last.end, [m.month for m in last.months()]) == (D(1900, 1, 1), D(2199, 12, 31), [10, 11, 12])
    assert len(group.periods_up_to(first, 12)) == 12
    assert group.month_period(D(9999, 12, 15)).end == D(9999, 12, 31)  # no overflow even past the range
    assert group.quarter_period(D(9999, 11, 1)).months() == [D(9999, 10, 1), D(9999, 11, 1), D(9999, 12, 1)]


def test_the_history_of_a_quarter_is_the_four_quarters_up_to_it():
    keys = [p.key for p in group.periods_up_to(group.parse_period("2026-Q1"), 4)]
    assert keys == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert [p.key for p in group.periods_up_to(group.parse_period("2026-02"), 3)] == ["2025-12", "2026-01", "2026-02"]


# --- score and trend -----------------------------------------------------------------------------


def test_the_latest_score_and_its_trend_against_the_score_before_it_of_the_same_plan():
    borger = Borger(navn="Anna Jensen", kortnavn="AJ")
    old, new = plan_of(borger), plan_of(borger)
    held = [ev(old, D(2026, 3, 1), 0), ev(old, D(2026, 4, 1), 1), ev(old, D(2026, 5, 1), None), ev(new, D(2026, 6, 1), -1)]
    # the new plan's first score has nothing of its own plan to compare with
    assert group.score_trend(held) == group.ScoreTrend(-1, D(2026, 6, 1), None, "ingen")
    # as of the end of May: +1 on 1 April (the May meeting gave no score) after 0 on 1 March
    assert group.score_trend(held, D(2026, 5, 31)) == group.ScoreTrend(1, D(2026, 4, 1), 0, "op")
    assert group.score_trend(held, D(2026, 3, 31)).trend == "ingen"
    assert group.score_trend(held, D(2026, 2, 28)) == group.ScoreTrend(None, None, None, "ingen")
    assert group.score_trend([ev(old, D(2026, 1, 1), 2), ev(old, D(2026, 2, 1), 1)]).trend == "ned"
    assert group.score_trend([ev(old, D(2026, 1, 1), 1), ev(old, D(2026, 2, 1), 1)]).trend == "uaendret"


def test_score_counts_hold_every_score_from_minus_two_to_two():
    assert group.score_counts([1, 1, -2, None, 0]) == {-2: 1, -1: 0, 0: 1, 1: 2, 2: 0}


# --- tegn verdicts -------------------------------------------------------------------------------


FIRST_MONDAY = D(2026, 1, 5)


def weekly(tegn: Tegn, values: list[bool]) -> list[Observation]:
    """One sign per week (on its Monday from 5 January), oldest first."""
    return [sign(tegn, FIRST_MONDAY + dt.timedelta(weeks=n), value) for n, value in enumerate(values)]


def test_ten_weeks_of_nej_then_ten_of_ja_is_better_for_a_tegn_that_should_go_up_and_worse_for_one_that_should_go_down():
    up = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    down = Tegn(tekst="Beder om hjælp", maaletype="ja_nej", bedre_retning="ned")
    retired = Tegn(tekst="Gammelt tegn", maaletype="ja_nej", aktiv=False)
    plan = SmttePlan(borger_id="b1", status="aktiv", maal=Maal(tekst="Mål"), tegn=[up, down, retired])
    values = [False] * 10 + [True] * 10  # median 0.5: a run of 10 on each side, limit round(log2(20)+3) = 7
    found = group.tegn_verdicts(plan, weekly(up, values) + weekly(down, values) + weekly(retired, values))
    assert [(v.tegn.tekst, v.verdict) for v in found] == [("Tager selv trøjen på", "bedre"), ("Beder om hjælp", "vaerre")]


def test_no_signal_too_few_points_and_the_end_of_the_period():
    item = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    plan = SmttePlan(borger_id="b1", status="aktiv", maal=Maal(tekst="Mål"), tegn=[item])
    alternating = weekly(item, [n % 2 == 0 for n in range(20)])  # 19 crossings, runs of one: nothing unusual
    assert group.tegn_verdicts(plan, alternating)[0].verdict == "ingen"
    assert group.tegn_verdicts(plan, weekly(item, [True, False] * 4))[0].verdict == "for_faa"  # 8 points
    rising = weekly(item, [False] * 10 + [True] * 10)
    # up to the end of the tenth week only the nej weeks count: all on the centre, no useful point
    assert group.tegn_verdicts(plan, rising, end=D(2026, 3, 15))[0].verdict == "for_faa"
    assert group.tegn_verdicts(None, rising) == []


def test_the_verdict_judges_the_last_26_weeks_not_the_whole_history():
    item = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    plan = SmttePlan(borger_id="b1", status="aktiv", maal=Maal(tekst="Mål"), tegn=[item])
    assert group.verdict_start(TODAY) == D(2026, 6, 1)  # the Monday 25 weeks before 23 November
    # 21 weeks of nej from January, then 26 weeks from 1 June that go up and down as usual
    history = weekly(item, [False] * 21 + [n % 2 == 0 for n in range(26)])
    assert history[21].dato == D(2026, 6, 1) and history[-1].dato == D(2026, 11, 23)
    assert group.tegn_verdicts(plan, history, TODAY)[0].verdict != "ingen"  # five months of nej stand out
    recent = group.tegn_verdicts(plan, history, TODAY, group.verdict_start(TODAY))[0]
    assert recent.verdict == "ingen" and len(recent.chart.points) == 26


def test_the_store_reads_one_borgers_months_from_a_day_on_and_not_before(staffed: Store, open_store):
    anna = Borger(navn="Anna Jensen", kortnavn="AJ")
    item = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    plan = plan_of(anna, item)
    staffed.create_many([anna, plan], author="LE")
    days = [D(2026, 1, 15), D(2026, 5, 31), D(2026, 6, 1), D(2026, 9, 10)]
    staffed.create_many([sign(item, day, True, anna.id, plan.id) for day in days], author="MA", at=[moment(day) for day in days])
    later = open_store("other-pc")  # a terminal that has read only the recent months
    assert later.all(Observation, anna.id) == []
    later.load_borger_since(anna.id, D(2026, 6, 1))
    # from 1 June: the June and September files, and May's too (a sign logged just after midnight
    # on 1 June is written on 31 May in UTC), which holds 31 May; January stays unread
    assert sorted(o.dato for o in later.all(Observation, anna.id)) == [D(2026, 5, 31), D(2026, 6, 1), D(2026, 9, 10)]
    later.load_borger_history(anna.id)
    assert len(later.all(Observation, anna.id)) == 4


# --- logging per ISO week ------------------------------------------------------------------------


def test_logging_counts_the_days_on_which_every_active_tegn_got_a_sign_week_by_week():
    a, b, other = (Tegn(tekst=name, maaletype="ja_nej") for name in ("a", "b", "other"))
    signs = [
        sign(a, D(2026, 9, 30)),
        sign(b, D(2026, 9, 30)),  # before October: not counted
        sign(a, D(2026, 10, 1)),
        sign(b, D(2026, 10, 1)),  # Thu: complete
        sign(a, D(2026, 10, 2)),
        sign(b, D(2026, 10, 2), False),  # Fri: complete (nej is a sign too)
        sign(a, D(2026, 10, 3)),  # Sat: b missing
        sign(other, D(2026, 10, 4)),  # Sun: only a tegn that is not asked for
        sign(b, D(2026, 10, 5)),
        sign(b, D(2026, 10, 5)),
        sign(a, D(2026, 10, 5)),  # Mon week 41: complete
        sign(a, D(2026, 10, 31)),
        sign(b, D(2026, 10, 31)),  # Sat week 44: complete
    ]
    weeks = group.logging_weeks([a.id, b.id], signs, D(2026, 10, 1), D(2026, 10, 31))
    # week 40 has 4 days in October (Thu-Sun), week 44 six (Mon 26 - Sat 31)
    assert [(w.week, w.days, w.complete) for w in weeks] == [(40, 4, 2), (41, 7, 1), (42, 7, 0), (43, 7, 0), (44, 6, 1)]
    assert weeks[0].share == 0.5
    this_week = group.logging_weeks([a.id, b.id], signs, D(2026, 10, 26), D(2026, 10, 28))  # up to a Wednesday
    assert [(w.week, w.days, w.complete, w.share) for w in this_week] == [(44, 3, 0, 0.0)]
    assert group.logging_weeks([], signs, D(2026, 10, 1), D(2026, 10, 31)) == []


# --- adjustments after a meeting -----------------------------------------------------------------


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=CET)


@pytest.fixture
def staffed(store: Store) -> Store:
    store.create_many(house_staff(), author="LE")
    return store


def test_a_juster_decision_is_followed_up_when_goal_tegn_or_tiltag_change_within_30_days(staffed: Store):
    store = staffed
    anna, bent, carl = Borger(navn="Anna Jensen", kortnavn="AJ"), Borger(navn="Bent Olsen", kortnavn="BO"), Borger(navn="Carl Berg", kortnavn="CB")
    plans = [plan_of(b) for b in (anna, bent, carl)]
    store.create_many([anna, bent, carl, *plans], author="LE", at=[moment(D(2026, 1, 5))] * 6)
    pa, pb, pc = plans
    meetings = [
        ev(pa, D(2026, 10, 5), 0, "juster"),  # tiltag changed 15 days later: followed up
        ev(pb, D(2026, 10, 10), 0, "juster"),  # only dates at once, tiltag after 36 days: not followed up
        ev(pc, D(2026, 11, 20), 1, "juster"),  # nothing yet, 5 days ago: waiting
        ev(pc, D(2026, 10, 1), 1, "fortsaet"),  # not a juster decision
    ]
    store.create_many(meetings, author="AA")
    new_tiltag = [Tiltag(hvad="Tøjet lægges frem i rækkefølge", hvem="Aftenvagt", hvor_ofte="Hver aften").model_dump(mode="json")]
    store.update(SmttePlan, pa.id, {"tiltag": new_tiltag}, "AA", at=moment(D(2026, 10, 20)))
    store.update(SmttePlan, pb.id, {"evaluering": {"naeste_opfoelgning": "2026-11-10"}}, "AA", at=moment(D(2026, 10, 11)))
    store.update(SmttePlan, pb.id, {"tegn": store.get(SmttePlan, pb.id).model_dump(mode="json")["tegn"]}, "AA", at=moment(D(2026, 10, 12)))  # same tegn again: no change
    store.update(SmttePlan, pb.id, {"tiltag": new_tiltag}, "AA", at=moment(D(2026, 11, 15)))

    assert group.plan_change_days(store, pb.id) == [D(2026, 11, 15)]
    found = group.adjustments(store, meetings, {b.id: b for b in (anna, bent, carl)}, TODAY)
    assert [(a.borger.navn, a.evaluation.dato, a.changed, a.state) for a in found] == [
        ("Anna Jensen", D(2026, 10, 5), D(2026, 10, 20), "fulgt_op"),
        ("Bent Olsen", D(2026, 10, 10), None, "ikke_fulgt_op"),
        ("Carl Berg", D(2026, 11, 20), None, "venter"),
    ]
    # the window is the meeting day and the 30 days after it, both ends included
    last_day = ev(pa, D(2026, 9, 20), 0, "juster")
    assert group.follow_up(last_day, [D(2026, 10, 20)], TODAY) == (D(2026, 10, 20), "fulgt_op")
    assert group.follow_up(ev(pa, D(2026, 9, 19), 0, "juster"), [D(2026, 10, 20)], TODAY) == (None, "ikke_fulgt_op")


# --- the annual wheel ----------------------------------------------------------------------------


def test_the_wheel_has_the_set_dates_the_follow_ups_the_cadence_expects_and_the_meetings_held(staffed: Store):
    store = staffed
    anna, bent, gone = Borger(navn="Anna Jensen", kortnavn="AJ"), Borger(navn="Bent Olsen", kortnavn="BO"), Borger(navn="Gitte Flyttet", kortnavn="GF", aktiv=False)
    anna_plan = plan_of(anna, naeste_opfoelgning=D(2026, 11, 10), status_dato=D(2026, 12, 1), langsigtet_evaluering=D(2027, 3, 1))
    draft = plan_of(bent, status="kladde", naeste_opfoelgning=D(2026, 12, 5))  # a draft plans nothing yet
    gone_plan = plan_of(gone, naeste_opfoelgning=D(2026, 12, 7))  # nor does a borger who has moved
    store.create_many([anna, bent, gone, anna_plan, draft, gone_plan], author="LE")
    store.create_many([ev(anna_plan, D(2026, 10, 10), 1), ev(gone_plan, D(2026, 10, 12), 0)], author="AA")

    wheel = group.year_wheel(store, 2026, TODAY)
    counts = {m.month.month: (len(m.planned), len(m.expected), len(m.held)) for m in wheel if m.planned or m.expected or m.held}
    # November: the follow-up set for the 10th (overdue); December: the status meeting and the
    # follow-up the monthly cadence expects on 10 December; October: the meeting held
    assert counts == {10: (0, 0, 1), 11: (1, 0, 0), 12: (1, 1, 0)}
    december = wheel[11]
    assert [(m.art, m.dato, m.expected) for m in december.planned + december.expected] == [("status", D(2026, 12, 1), False), ("opfoelgning", D(2026, 12, 10), True)]
    assert december.planned_of("status") == 1 and december.planned_of("opfoelgning") == 0

    next_year = group.year_wheel(store, 2027, TODAY)
    assert [len(m.expected) for m in next_year] == [1] * 12  # 10 January ... 10 December
    assert next_year[2].planned_of("evaluering") == 1
    assert group.year_wheel(store, 2025, TODAY)[9].held == []


def test_the_wheel_of_the_last_kept_year_and_cadences_at_the_last_day_python_knows_never_overflow():
    anna = Borger(navn="Anna Jensen", kortnavn="AJ")
    last = plan_of(anna, opfoelgning="kvartalsvis", naeste_opfoelgning=D(2199, 12, 31), langsigtet_evaluering=D(2199, 12, 31))
    meetings = group.planned_meetings(anna, last, TODAY, D(2199, 12, 31))
    assert [(m.art, m.dato) for m in meetings] == [("evaluering", D(2199, 12, 31)), ("opfoelgning", D(2199, 12, 31))]
    # a plan built without validation (as an older file could hold): year 9999 crashed the wheel
    for cadence in ("ugentlig", "maanedlig", "kvartalsvis"):
        far = last.model_copy(update={"evaluering": Opfoelgningsplan.model_construct(opfoelgning=cadence, naeste_opfoelgning=D(9999, 12, 30), status_dato=None, langsigtet_evaluering=None)})
        assert [m.dato for m in group.planned_meetings(anna, far, TODAY, dt.date.max)] == [D(9999, 12, 30), dt.date.max]
    assert group.weeks_back(D(1, 1, 3), 4) == dt.date.min
    held_far = ev(last, TODAY, 1, "juster").model_copy(update={"dato": dt.date.max})  # model_copy does not validate
    assert group.follow_up(held_far, [], TODAY) == (None, "venter")
    weeks = group.logging_weeks(["t"], [], D(9999, 12, 20), dt.date.max)
    assert [w.days for w in weeks] == [7, 5]


# --- the whole picture ---------------------------------------------------------------------------


def test_the_picture_of_a_small_house_for_october(staffed: Store):
    store = staffed
    anna, bent, aase = Borger(navn="Anna Jensen", kortnavn="AJ"), Borger(navn="Bent Olsen", kortnavn="BO"), Borger(navn="Åse Møller", kortnavn="ÅM")
    item = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    anna_plan, bent_plan = plan_of(anna, item), plan_of(bent)
    store.create_many([aase, anna, bent, anna_plan, bent_plan], author="LE", at=[moment(D(2026, 1, 5) + dt.timedelta(days=n)) for n in range(5)])
    store.create_many(
        [
            ev(anna_plan, D(2026, 9, 1), 0),
            ev(anna_plan, D(2026, 10, 1), 1),
            ev(anna_plan, D(2026, 11, 2), 2),  # November: after the period
            ev(bent_plan, D(2026, 8, 3), 1),
            ev(bent_plan, D(2026, 10, 5), -1, "juster"),
            ev(bent_plan, D(2026, 10, 20), None),
        ],
        author="AA",
    )
    signs = [sign(item, D(2026, 10, 1) + dt.timedelta(days=n), n % 2 == 0, anna.id, anna_plan.id) for n in range(14)]  # 1-14 Oct
    store.create_many(signs, author="MA")

    picture = group.picture(store, TODAY, group.parse_period("2026-10"))
    assert picture.until == D(2026, 10, 31)
    assert [row.borger.navn for row in picture.rows] == ["Anna Jensen", "Bent Olsen", "Åse Møller"]
    anna_row, bent_row, aase_row = picture.rows
    assert (anna_row.score.score, anna_row.score.trend) == (1, "op")  # +2 in November is after the period
    assert (bent_row.score.score, bent_row.score.previous, bent_row.score.trend) == (-1, 1, "ned")
    assert aase_row.plan is None and aase_row.score.score is None and aase_row.logging == [] and aase_row.verdicts == []
    assert [v.verdict for v in anna_row.verdicts] == ["for_faa"]  # two weeks of signs
    # Anna logged 1-14 October: week 40 (1-4 Oct) 4 of 4 days, week 41 7 of 7, week 42 (12-18) 3 of 7
    assert [(w.week, w.days, w.complete) for w in anna_row.logging] == [(40, 4, 4), (41, 7, 7), (42, 7, 3), (43, 7, 0), (44, 6, 0)]
    assert picture.latest == {-2: 0, -1: 1, 0: 0, 1: 1, 2: 0} and picture.without_score == 1
    assert picture.meetings_held == 3 and picture.held == {-2: 0, -1: 1, 0: 0, 1: 1, 2: 0}
    assert [p.key for p, _ in picture.over_time][-3:] == ["2026-08", "2026-09", "2026-10"]
    assert [counts for _, counts in picture.over_time][-3:] == [{-2: 0, -1: 0, 0: 0, 1: 1, 2: 0}, {-2: 0, -1: 0, 0: 1, 1: 0, 2: 0}, {-2: 0, -1: 1, 0: 0, 1: 1, 2: 0}]
    assert [(a.borger.navn, a.state) for a in picture.adjustments] == [("Bent Olsen", "ikke_fulgt_op")]

    quick = group.picture(store, TODAY, group.parse_period("2026-10"), verdicts=False)
    assert all(row.verdicts is None for row in quick.rows) and quick.latest == picture.latest
    # numbers follow the order the borgere were first saved, whatever their names
    assert group.borger_numbers(store, [anna, bent, aase]) == {aase.id: 1, anna.id: 2, bent.id: 3}


def test_this_month_so_far_shows_the_last_weeks_up_to_today(staffed: Store):
    store = staffed
    anna = Borger(navn="Anna Jensen", kortnavn="AJ")
    item = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    plan = plan_of(anna, item)
    store.create_many([anna, plan], author="LE")
    store.create_many([sign(item, TODAY - dt.timedelta(days=n), True, anna.id, plan.id) for n in range(10)], author="MA")  # 16-25 Nov
    picture = group.picture(store, TODAY, weeks=4, verdicts=False)
    assert picture.period.key == "2026-11" and picture.until == TODAY
    # weeks 45-48: 2-8, 9-15, 16-22 Nov and 23-25 Nov so far (Wednesday)
    assert [(w.week, w.days, w.complete) for w in picture.rows[0].logging] == [(45, 7, 0), (46, 7, 0), (47, 7, 7), (48, 3, 3)]


# --- the verdicts read without models ------------------------------------------------------------


def test_the_picture_reads_each_sign_as_the_store_folds_it_with_corrections_and_withdrawals(staffed: Store, open_store):
    # The verdicts and the logging read a few values of each observation (Store.values) instead
    # of a model per record; they must give what store.all(Observation) gives, sign for sign.
    anna, bent = Borger(navn="Anna Jensen", kortnavn="AJ"), Borger(navn="Bent Olsen", kortnavn="BO")
    ja, humoer, antal = Tegn(tekst="Trøjen", maaletype="ja_nej"), Tegn(tekst="Humør", maaletype="skala_1_5"), Tegn(tekst="Påmindelser", maaletype="antal", bedre_retning="ned")
    anna_plan, bent_plan = plan_of(anna, ja, humoer, antal), plan_of(bent, ja.model_copy(update={"id": "t-bent"}))
    staffed.create_many([anna, bent, anna_plan, bent_plan], author="LE", at=[moment(D(2026, 1, 5))] * 4)
    days = [D(2026, 5, 25) + dt.timedelta(days=n) for n in range(185)]  # late May to today
    signs = [
        *(sign(ja, day, day.day % 3 != 0, anna.id, anna_plan.id) for day in days),
        *(sign(humoer, day, 1 + day.day % 5, anna.id, anna_plan.id) for day in days),
        *(sign(antal, day, day.day % 4, anna.id, anna_plan.id) for day in days),
        *(sign(bent_plan.tegn[0], day, day.month > 8, bent.id, bent_plan.id) for day in days),
    ]
    staffed.create_many(signs, author="MA", at=[moment(s.dato) for s in signs])
    # corrections written then (in an old month) and now, a correction to another day, withdrawals
    for obs in signs[40:60]:
        staffed.update(Observation, obs.id, {"vaerdi": not obs.vaerdi}, author="MA", at=moment(obs.dato))
    for obs in signs[200:230]:
        staffed.update(Observation, obs.id, {"vaerdi": 5, "note": "rettet"}, author="MA")
    staffed.update(Observation, signs[400].id, {"dato": D(2026, 11, 24)}, author="MA")
    for obs in [*signs[100:140], *signs[600:700]]:
        staffed.retract(Observation, obs.id, author="MA")
    staffed.flush()

    other = open_store("other-pc")  # reads the old months from the share when the picture asks
    picture = group.picture(other, TODAY, weeks=group.WEEKS)
    until, start, first = picture.until, group.verdict_start(picture.until), group.weeks_back(picture.until, group.WEEKS)
    for row in picture.rows:
        models = other.all(Observation, row.borger.id)
        assert group.signs(other, row.borger.id) == [(o.tegn_id, o.maaletype, o.vaerdi, o.dato) for o in models]
        tegn_ids = [item.id for item in group.active_tegn(row.plan)]
        assert row.verdicts == group.tegn_verdicts(row.plan, models, until, start)
        assert row.logging == group.logging_weeks(tegn_ids, models, first, until)
    anna_signs = other.all(Observation, anna.id)
    by_id = {o.id: o for o in anna_signs}
    assert len(anna_signs) == 3 * 185 - 40 and signs[120].id not in by_id  # withdrawn ones are gone (600-699 are Bent's)
    assert by_id[signs[45].id].vaerdi is (not signs[45].vaerdi) and by_id[signs[210].id].vaerdi == 5
    assert by_id[signs[400].id].dato == D(2026, 11, 24)
    assert [v.verdict for v in picture.rows[0].verdicts] != ["for_faa"] * 3  # real verdicts, not "too few"


def test_store_values_are_the_fields_of_what_all_gives_for_every_kind(staffed: Store):
    anna = Borger(navn="Anna Jensen", kortnavn="AJ")
    item = Tegn(tekst="Trøjen", maaletype="ja_nej")
    plan, old_plan = plan_of(anna, item), plan_of(anna, status="afsluttet")
    staffed.create_many([anna, plan, old_plan], author="LE")
    signs = [sign(item, D(2026, 11, day), day % 2 == 0, anna.id, plan.id) for day in range(1, 20)]
    note = Notat(borger_id=anna.id, dato=D(2026, 11, 3), vagt="dag", tekst="Glad i dag", forfatter="MA")
    staffed.create_many([*signs, note], author="MA")
    staffed.update(Observation, signs[3].id, {"vaerdi": True, "vagt": "aften"}, author="MA")
    staffed.retract(Observation, signs[4].id, author="MA")
    staffed.update(SmttePlan, old_plan.id, {"status": "aktiv"}, author="LE")
    cases = [(Observation, ("vaerdi", "vagt", "id")), (Observation, ("dato",)), (Notat, ("tekst", "dato")), (SmttePlan, ("status", "id"))]
    for model, names in cases:
        expected = [tuple(getattr(entity, name) for name in names) for entity in staffed.all(model, anna.id)]
        assert staffed.values(model, anna.id, names) == expected and expected
    assert (True, "aften", signs[3].id) in staffed.values(Observation, anna.id, ("vaerdi", "vagt", "id"))
    assert len(staffed.values(Observation, anna.id, ("id",))) == 18
