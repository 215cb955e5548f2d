"""The PDSA Study summary: before vs during a prøvehandling, per tegn (numbers worked by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.analysis.study import MIN_OBSERVATIONS, WindowFigures, change_z, judge_change, study_summary, windows
from smtte_tui.models import Observation, Tegn
from tests.observations import obs

D = dt.date


# --- windows ------------------------------------------------------------------------------------


def test_a_running_cycle_is_summarised_up_to_today_against_as_many_days_before():
    # 10..25 Nov is 16 days; the 16 days before are 25 Oct..9 Nov.
    before, during = windows(D(2026, 11, 10), D(2026, 11, 30), D(2026, 11, 25))
    assert during == (D(2026, 11, 10), D(2026, 11, 25))
    assert before == (D(2026, 10, 25), D(2026, 11, 9))


def test_a_finished_cycle_uses_its_own_end_date():
    # 1..7 Nov is a week; the week before is 25..31 Oct.
    before, during = windows(D(2026, 11, 1), D(2026, 11, 7), D(2026, 11, 25))
    assert during == (D(2026, 11, 1), D(2026, 11, 7))
    assert before == (D(2026, 10, 25), D(2026, 10, 31))


def test_a_one_day_cycle_is_compared_with_the_day_before():
    before, during = windows(D(2026, 11, 25), D(2026, 11, 25), D(2026, 11, 25))
    assert during == (D(2026, 11, 25), D(2026, 11, 25))
    assert before == (D(2026, 11, 24), D(2026, 11, 24))


def test_a_cycle_that_has_not_started_has_empty_windows():
    before, during = windows(D(2026, 12, 1), D(2026, 12, 14), D(2026, 11, 25))
    assert during == (D(2026, 12, 1), D(2026, 11, 30))  # last day before first day: empty
    assert before == (D(2026, 12, 1), D(2026, 11, 30))


# --- study_summary ------------------------------------------------------------------------------

START, SLUT, TODAY = D(2026, 11, 10), D(2026, 11, 30), D(2026, 11, 25)  # before = 25 Oct..9 Nov


def test_anna_brushes_her_teeth_more_often_during_the_cycle():
    tegn = Tegn(tekst="Børster selv tænder", maaletype="ja_nej")
    data = [
        # before: 4 observations on 3 days, 1 ja -> share 1/4 = 0.25
        obs(tegn, D(2026, 10, 25), False),
        obs(tegn, D(2026, 10, 25), True, "aften"),
        obs(tegn, D(2026, 11, 1), False),
        obs(tegn, D(2026, 11, 9), False),
        # during: 4 observations on 4 days, 3 ja -> share 3/4 = 0.75
        obs(tegn, D(2026, 11, 10), True),
        obs(tegn, D(2026, 11, 12), True),
        obs(tegn, D(2026, 11, 20), False),
        obs(tegn, D(2026, 11, 25), True),
        # outside both windows: ignored
        obs(tegn, D(2026, 10, 24), True),
        obs(tegn, D(2026, 11, 26), False),
    ]
    [study] = study_summary([tegn], data, START, SLUT, TODAY)
    assert study.before == WindowFigures(n=4, days_with_data=3, ja_share=0.25, median=None, mean=None)
    assert study.during == WindowFigures(n=4, days_with_data=4, ja_share=0.75, median=None, mean=None)
    assert study.change == pytest.approx(0.5)
    assert study.direction == "faa"  # 4 observations each side: too few to call it better


def test_fewer_reminders_is_better_when_less_is_better():
    tegn = Tegn(tekst="Antal påmindelser", maaletype="antal", bedre_retning="ned")
    data = [
        # before: 3, 5, 4 -> median 4, mean 4
        obs(tegn, D(2026, 11, 1), 3),
        obs(tegn, D(2026, 11, 2), 5),
        obs(tegn, D(2026, 11, 3), 4),
        # during: 2, 1, 3, 2 -> sorted 1 2 2 3, median 2, mean 8/4 = 2
        obs(tegn, D(2026, 11, 10), 2),
        obs(tegn, D(2026, 11, 11), 1),
        obs(tegn, D(2026, 11, 12), 3),
        obs(tegn, D(2026, 11, 13), 2),
    ]
    [study] = study_summary([tegn], data, START, SLUT, TODAY)
    assert (study.before.median, study.before.mean, study.before.ja_share) == (4.0, 4.0, None)
    assert (study.during.median, study.during.mean) == (2.0, 2.0)
    assert study.change == -2.0
    assert study.direction == "faa"


def test_the_median_not_one_bad_day_decides_and_less_of_a_good_thing_is_worse():
    tegn = Tegn(tekst="Minutter ude", maaletype="minutter", bedre_retning="op")
    data = [
        # before: 30, 40, 50 -> median 40, mean 40
        obs(tegn, D(2026, 11, 1), 30),
        obs(tegn, D(2026, 11, 2), 40),
        obs(tegn, D(2026, 11, 3), 50),
        # during: 20, 30, 130 -> median 30 (mean 60 would have said "better")
        obs(tegn, D(2026, 11, 10), 20),
        obs(tegn, D(2026, 11, 11), 30),
        obs(tegn, D(2026, 11, 12), 130),
    ]
    [study] = study_summary([tegn], data, START, SLUT, TODAY)
    assert study.during.mean == 60.0
    assert study.change == -10.0
    assert study.direction == "faa"


def test_the_same_median_is_no_change():
    tegn = Tegn(tekst="Humør", maaletype="skala_1_5")
    data = [obs(tegn, D(2026, 11, 5), 3), obs(tegn, D(2026, 11, 15), 2), obs(tegn, D(2026, 11, 16), 4)]
    [study] = study_summary([tegn], data, START, SLUT, TODAY)  # medians 3 and 3
    assert study.change == 0.0
    assert study.direction == "faa"


def test_a_tegn_without_data_before_the_cycle_is_unknown():
    tegn = Tegn(tekst="Humør", maaletype="skala_1_5")
    [study] = study_summary([tegn], [obs(tegn, D(2026, 11, 15), 4)], START, SLUT, TODAY)
    assert study.before == WindowFigures(n=0, days_with_data=0, ja_share=None, median=None, mean=None)
    assert study.during.median == 4.0
    assert study.change is None
    assert study.direction == "faa"


def test_summary_follows_the_order_of_tegn_and_ignores_other_tegn():
    humoer = Tegn(tekst="Humør", maaletype="skala_1_5")
    troeje = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    andet = Tegn(tekst="Ikke med i prøvehandlingen", maaletype="skala_1_5")
    data = [obs(andet, D(2026, 11, 5), 1), obs(andet, D(2026, 11, 15), 5), obs(humoer, D(2026, 11, 15), 4)]
    summary = study_summary([troeje, humoer], data, START, SLUT, TODAY)
    assert [s.tegn_id for s in summary] == [troeje.id, humoer.id]
    assert [s.during.n for s in summary] == [0, 1]
    assert summary[0].tekst == "Tager selv trøjen på" and summary[0].maaletype == "ja_nej"


def test_a_value_logged_under_an_earlier_measure_kind_is_not_mixed_in():
    tegn = Tegn(id="t1", tekst="Humør", maaletype="skala_1_5")
    old_kind = Observation(
        borger_id="b1",
        plan_id="p1",
        tegn_id="t1",
        maaletype="ja_nej",
        vaerdi=True,
        dato=D(2026, 11, 15),
        vagt="dag",
        forfatter="MA",
        terminal="pc1",
    )
    [study] = study_summary([tegn], [old_kind, obs(tegn, D(2026, 11, 16), 2)], START, SLUT, TODAY)
    assert study.during.n == 1 and study.during.median == 2.0


def test_a_cycle_that_has_not_started_counts_nothing():
    tegn = Tegn(tekst="Humør", maaletype="skala_1_5")
    data = [obs(tegn, D(2026, 11, 30), 3), obs(tegn, D(2026, 12, 1), 3)]
    [study] = study_summary([tegn], data, D(2026, 12, 1), D(2026, 12, 14), TODAY)
    assert (study.before.n, study.during.n, study.direction) == (0, 0, "faa")


def test_windows_of_a_cycle_at_the_edges_of_pythons_calendar_do_not_overflow():
    before, during = windows(D(1, 1, 3), D(1, 1, 9), D(2026, 11, 25))
    assert (before, during) == ((dt.date.min, D(1, 1, 2)), (D(1, 1, 3), D(1, 1, 9)))
    assert windows(dt.date.min, dt.date.min, dt.date.min)[0] == (dt.date.min, dt.date.min)


# --- is it a change? ------------------------------------------------------------------------------


def days_from(first: dt.date, values: list) -> list[tuple[dt.date, object]]:
    return [(first + dt.timedelta(days=i), v) for i, v in enumerate(values)]


def study_of(tegn: Tegn, before: list, during: list):
    data = [obs(tegn, day, v) for day, v in days_from(D(2026, 10, 25), before) + days_from(START, during)]
    [study] = study_summary([tegn], data, START, SLUT, TODAY)
    return study


def test_25_percent_on_4_observations_then_27_on_15_is_too_few_not_better():
    tegn = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    study = study_of(tegn, [True, False, False, False], [True] * 4 + [False] * 11)
    assert (study.before.n, study.during.n) == (4, 15)
    assert study.change == pytest.approx(4 / 15 - 0.25)
    assert study.direction == "faa"
    assert MIN_OBSERVATIONS == 10


def test_a_clear_rise_in_ja_is_better():
    # 3 of 12 → 11 of 14: pooled 14/26, z = 0.536 / 0.196 ≈ 2.73 (beyond 1.96)
    tegn = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    study = study_of(tegn, [True] * 3 + [False] * 9, [True] * 11 + [False] * 3)
    assert change_z([1.0] * 3 + [0.0] * 9, [1.0] * 11 + [0.0] * 3, "ja_nej") == pytest.approx(2.732, abs=1e-3)
    assert study.direction == "bedre"


def test_a_small_rise_in_ja_on_enough_days_is_no_clear_change():
    # 3 of 12 → 5 of 14: z = 0.107 / 0.182 ≈ 0.59
    tegn = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    study = study_of(tegn, [True] * 3 + [False] * 9, [True] * 5 + [False] * 9)
    assert study.change > 0
    assert study.direction == "ingen_klar"


def test_a_clear_fall_in_ja_is_worse_when_more_ja_is_better():
    tegn = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    assert study_of(tegn, [True] * 11 + [False] * 3, [True] * 3 + [False] * 9).direction == "vaerre"


def test_far_fewer_reminders_on_twelve_days_each_is_better():
    # medians 4,5 → 2; pooled median 3; above it 11 of 12 before, 0 of 12 during: z ≈ -4.5
    tegn = Tegn(tekst="Antal påmindelser", maaletype="antal", bedre_retning="ned")
    study = study_of(tegn, [4, 5, 4, 6, 5, 4, 5, 3, 4, 5, 6, 4], [2, 1, 2, 3, 2, 1, 2, 2, 3, 1, 2, 2])
    assert (study.before.median, study.during.median) == (4.5, 2.0)
    assert study.direction == "bedre"


def test_a_median_half_a_step_up_the_scale_is_within_chance():
    # medians 3 → 3,5; pooled median 3; above it 1 of 10 before, 5 of 10 during: z ≈ 1.95 < 1.96
    tegn = Tegn(tekst="Humør", maaletype="skala_1_5")
    before, during = [2, 2, 3, 3, 3, 3, 4, 2, 3, 2], [3, 4, 4, 3, 4, 2, 3, 4, 3, 4]
    study = study_of(tegn, before, during)
    assert study.change == 0.5
    assert change_z(before, during, "skala_1_5") == pytest.approx(1.952, abs=1e-3)
    assert study.direction == "ingen_klar"


def test_an_unchanged_median_is_no_clear_change_even_with_many_days():
    assert judge_change([3.0] * 8 + [2.0] * 4, [3.0] * 8 + [4.0] * 4, "skala_1_5", "op") == "ingen_klar"  # medians 3 and 3


def test_every_observation_alike_on_both_sides_is_no_clear_change():
    assert judge_change([1.0] * 12, [1.0] * 12, "ja_nej", "op") == "ingen_klar"
    assert judge_change([0.0] * 12, [1.0] * 12, "ja_nej", "op") == "bedre"
