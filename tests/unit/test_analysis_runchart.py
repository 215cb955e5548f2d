"""Run charts: aggregation per period and the Anhøj rules (numbers worked by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.analysis.runchart import (
    AnhoejResult,
    Point,
    aggregate,
    anhoej,
    centre_line,
    crossings_limit,
    judge,
    longest_run_limit,
    period_start,
    recent_side,
)
from smtte_tui.models import Tegn
from tests.observations import obs

D = dt.date


# --- periods and aggregation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "period", "start"),
    [
        (D(2026, 11, 25), "dag", D(2026, 11, 25)),
        (D(2026, 11, 25), "uge", D(2026, 11, 23)),  # a Wednesday -> Monday of ISO week 48
        (D(2026, 11, 29), "uge", D(2026, 11, 23)),  # Sunday still belongs to that week
        (D(2026, 11, 30), "uge", D(2026, 11, 30)),  # Monday starts the next
        (D(2027, 1, 1), "uge", D(2026, 12, 28)),  # a week across new year starts in the old year
        (D(2026, 11, 25), "maaned", D(2026, 11, 1)),
    ],
)
def test_period_start(day, period, start):
    assert period_start(day, period) == start


def test_weekly_share_of_ja_skips_a_week_nobody_logged():
    tegn = Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")
    data = [
        obs(tegn, D(2026, 12, 9), True),  # out of order on purpose
        obs(tegn, D(2026, 11, 23), True),
        obs(tegn, D(2026, 11, 25), False),
        obs(tegn, D(2026, 11, 27), True),
    ]
    # week of 23 Nov: 2 ja of 3; week of 30 Nov: nothing (left out, not 0); week of 7 Dec: 1 of 1
    assert aggregate(data, tegn, "uge") == [Point(D(2026, 11, 23), 2 / 3, 3), Point(D(2026, 12, 7), 1.0, 1)]


def test_counts_are_summed_or_averaged_per_day_as_the_tegn_says():
    summed = Tegn(id="t1", tekst="Antal påmindelser", maaletype="antal", aggregering="sum")
    averaged = summed.model_copy(update={"aggregering": "gennemsnit"})
    data = [obs(summed, D(2026, 11, 25), 2, "dag"), obs(summed, D(2026, 11, 25), 3, "aften"), obs(summed, D(2026, 11, 26), 0)]
    assert aggregate(data, summed, "dag") == [Point(D(2026, 11, 25), 5.0, 2), Point(D(2026, 11, 26), 0.0, 1)]
    assert aggregate(data, averaged, "dag") == [Point(D(2026, 11, 25), 2.5, 2), Point(D(2026, 11, 26), 0.0, 1)]


def test_minutes_per_month_follow_the_aggregation_too():
    tegn = Tegn(tekst="Minutter ude", maaletype="minutter", aggregering="gennemsnit")
    data = [obs(tegn, D(2026, 11, 2), 30), obs(tegn, D(2026, 11, 20), 45.5), obs(tegn, D(2026, 12, 1), 10)]
    assert aggregate(data, tegn, "maaned") == [Point(D(2026, 11, 1), 37.75, 2), Point(D(2026, 12, 1), 10.0, 1)]


def test_a_scale_is_always_averaged_and_other_tegn_are_ignored():
    humoer = Tegn(tekst="Humør", maaletype="skala_1_5", aggregering="sum")  # sum makes no sense for moods
    andet = Tegn(tekst="Andet", maaletype="skala_1_5")
    data = [obs(humoer, D(2026, 11, 23), 2), obs(humoer, D(2026, 11, 24), 5), obs(andet, D(2026, 11, 24), 1)]
    assert aggregate(data, humoer, "uge") == [Point(D(2026, 11, 23), 3.5, 2)]


def test_no_observations_give_no_points():
    assert aggregate([], Tegn(tekst="Humør", maaletype="skala_1_5"), "dag") == []


# --- limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "run_limit", "cross_limit"),
    [
        # log2(10)+3 = 6.32 -> 6; Bin(9, 1/2): P(X<=1) = 10/512 = .020, P(X<=2) = 46/512 = .090 -> 2
        (10, 6, 2),
        # log2(20)+3 = 7.32 -> 7; Bin(19): P(X<=5) = 16664/2^19 = .032, P(X<=6) = 43796/2^19 = .084 -> 6
        (20, 7, 6),
        # log2(30)+3 = 7.91 -> 8; Bin(29): P(X<=9) = .031, P(X<=10) = .068 -> 10
        (30, 8, 10),
        # log2(52)+3 = 8.70 -> 9; Bin(51): P(X<=19) = .046, P(X<=20) = .080 -> 20
        (52, 9, 20),
        # Bin(0) puts all mass on 0
        (1, 3, 0),
    ],
)
def test_limits_match_qicharts2(n, run_limit, cross_limit):
    assert longest_run_limit(n) == run_limit
    assert crossings_limit(n) == cross_limit


def test_limits_need_a_point():
    with pytest.raises(ValueError):
        longest_run_limit(0)
    with pytest.raises(ValueError):
        crossings_limit(0)


# --- centre line --------------------------------------------------------------------------------


def test_centre_line_is_the_median_of_the_baseline_or_of_all():
    values = [1.0, 3.0, 2.0, 10.0, 10.0]
    assert centre_line(values) == 3.0  # 1 2 3 10 10
    assert centre_line(values, baseline_count=3) == 2.0  # 1 2 3
    assert centre_line(values, baseline_count=4) == 2.5  # 1 2 3 10 -> (2+3)/2
    assert centre_line(values, baseline_count=99) == 3.0
    with pytest.raises(ValueError):
        centre_line([])


# --- the Anhøj rules ----------------------------------------------------------------------------


def test_a_flat_series_gives_no_signal():
    values = [3, 5, 2, 6, 4, 5, 3, 6, 2, 5, 4, 3]
    # sorted 2 2 3 3 3 4 | 4 5 5 5 6 6 -> median 4; the two 4s are on the line and drop out.
    # signs: - + - + . + - + - + . -  -> runs - + - ++ - + - + -  (9 runs)
    centre = centre_line(values)
    assert centre == 4.0
    result = anhoej(values, centre)
    assert result == AnhoejResult(
        n_useful=10,
        longest_run=2,
        run_limit=6,
        crossings=8,
        crossings_limit=2,
        shift=False,
        crossing_signal=False,
        signal=False,
        direction="over",
        enough_data=True,
    )
    assert judge(result, "op", recent_side(values, centre)) == "ingen"


def test_hans_brushes_his_teeth_more_often_after_the_change():
    baseline = [0.4, 0.6, 0.5, 0.3, 0.6, 0.4, 0.7, 0.5, 0.4, 0.6, 0.3, 0.6]
    after = [0.7, 0.8, 0.7, 0.9, 0.8, 0.8, 0.9, 1.0]
    values = baseline + after
    # baseline sorted .3 .3 .4 .4 .4 .5 | .5 .6 .6 .6 .6 .7 -> median .5; the two .5s drop out.
    # baseline signs alternate - + - + - + - + - + (10 runs); the last + joins the 8 after the change
    # -> 18 useful points, longest run 1 + 8 = 9 over, 10 runs = 9 crossings.
    # n=18: run limit round(log2(18)+3) = round(7.17) = 7 -> 9 > 7 is a shift;
    # crossings limit qbinom(.05, 17, .5) = 5 -> 9 crossings are enough.
    centre = centre_line(values, baseline_count=len(baseline))
    assert centre == 0.5
    result = anhoej(values, centre)
    assert (result.n_useful, result.longest_run, result.run_limit) == (18, 9, 7)
    assert (result.crossings, result.crossings_limit) == (9, 5)
    assert result.shift and not result.crossing_signal and result.signal
    assert result.direction == "over"
    # now = the 8 points after the frozen baseline, median .8 > .5
    assert recent_side(values, centre, baseline_count=len(baseline)) == "over"
    assert judge(result, "op", recent_side(values, centre, len(baseline))) == "bedre"
    assert judge(result, "ned", recent_side(values, centre, len(baseline))) == "vaerre"


def test_points_on_the_median_neither_break_nor_extend_a_run():
    values = [4, 6, 4, 6, 6, 6, 6, 5, 6, 6, 6, 6, 4]
    # centre 5: - + - ++++ . ++++ -  -> the 5 drops out, the two runs of 4 join into one of 8.
    # 12 useful: run limit round(log2(12)+3) = round(6.58) = 7 -> 8 is a shift (two runs of 4 would not be).
    # runs - + - (8+) - = 5 runs, 4 crossings; limit qbinom(.05, 11, .5) = 3 (P(X<=2) = 67/2048 = .033).
    result = anhoej(values, 5.0)
    assert (result.n_useful, result.longest_run, result.run_limit) == (12, 8, 7)
    assert (result.crossings, result.crossings_limit) == (4, 3)
    assert result.shift and not result.crossing_signal
    # now = the later half 6 5 6 6 6 6 4, median 6: over the line although the last point is under
    assert recent_side(values, 5.0) == "over"
    assert judge(result, "ned", recent_side(values, 5.0)) == "vaerre"


def test_too_few_crossings_is_judged_by_where_the_series_ended_up():
    values = [2, 2, 2, 2, 2, 2, 8, 8, 8, 8, 8]
    # centre 5: 6 under then 5 over -> 11 useful, 2 runs, 1 crossing.
    # n=11: run limit round(log2(11)+3) = round(6.46) = 6 -> 6 is no shift;
    # crossings limit qbinom(.05, 10, .5) = 2 (P(X<=1) = 11/1024 = .011, P(X<=2) = 56/1024 = .055) -> 1 < 2.
    result = anhoej(values, 5.0)
    assert (result.n_useful, result.longest_run, result.run_limit, result.crossings, result.crossings_limit) == (11, 6, 6, 1, 2)
    assert not result.shift and result.crossing_signal and result.signal
    assert result.direction == "under"  # the longest run is the old one ...
    now = recent_side(values, 5.0)
    assert now == "over"  # ... but the series now sits above the line (later half 2 8 8 8 8 8)
    assert judge(result, "op", now) == "bedre"
    assert judge(result, "ned", now) == "vaerre"
    assert judge(result, "op", None) == "vaerre"  # without a recent side the longest run decides


def test_a_long_early_run_under_the_median_is_a_change_for_the_better():
    # The demo's shape: a borger who starts low and then improves. Median of all 24 points is 5;
    # the longest run is the early one *under* the line: 10 > round(log2(24) + 3) = 8, a shift.
    # After it a noisy stretch that sits above the line (two 4s dip under).
    values = [2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 7, 6, 4, 7, 8, 6, 7, 4, 8, 7, 6, 7, 8, 7]
    centre = centre_line(values)
    assert centre == 5.0
    result = anhoej(values, centre)
    assert (result.longest_run, result.run_limit, result.direction) == (10, 8, "under")
    assert result.shift
    assert recent_side(values, centre) == "over"  # later half: median 7
    assert judge(result, "op", recent_side(values, centre)) == "bedre"  # not "vaerre" from the old run


def test_equally_long_runs_point_to_the_most_recent_one():
    values = [3, 3, 3, 3, 3, 7, 7, 7, 7, 7]
    # centre 5: 5 under, 5 over -> 1 crossing < limit 2 for n=10; longest runs tie, the later one is over.
    result = anhoej(values, 5.0)
    assert (result.longest_run, result.direction, result.crossings) == (5, "over", 1)
    assert result.crossing_signal and not result.shift


def test_fewer_than_ten_useful_points_never_signal():
    values = [1, 1, 1, 1, 5, 9, 9, 9, 9, 9]
    # the 5 is on the line -> 9 useful points: a run of 5 and 1 crossing, but too little data to judge.
    result = anhoej(values, 5.0)
    assert result == AnhoejResult(
        n_useful=9,
        longest_run=5,
        run_limit=None,
        crossings=1,
        crossings_limit=None,
        shift=False,
        crossing_signal=False,
        signal=False,
        direction="over",
        enough_data=False,
    )
    assert judge(result, "op", "over") == "ingen"


def test_a_series_all_on_the_centre_has_no_useful_points():
    result = anhoej([5, 5, 5], 5.0)
    assert (result.n_useful, result.longest_run, result.crossings, result.direction) == (0, 0, 0, None)
    assert recent_side([5, 5, 5], 5.0) is None
    assert judge(result, "op", None) == "ingen"
