"""One run chart per tegn (analysis/charts): weekly points, a frozen baseline, the verdict, the
range, markers and the words staff read. Every number is worked by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.analysis.charts import (
    Baseline,
    Marker,
    centre_words,
    format_number,
    format_value,
    marker_index,
    rule_words,
    signal_words,
    tegn_chart,
)
from smtte_tui.analysis.runchart import Point
from smtte_tui.i18n import set_language, t
from smtte_tui.models import Observation, Tegn
from tests.observations import obs

D = dt.date
DAY = dt.timedelta(days=1)
MONDAY = D(2026, 7, 6)  # week 0 of every series below; week 12 starts Monday 28 September 2026


def week(n: int, weekday: int = 0) -> dt.date:
    """Week ``n`` of the series (0-based), ``weekday`` 0 = Monday ... 6 = Sunday."""
    return MONDAY + dt.timedelta(weeks=n, days=weekday)


def weekly(tegn: Tegn, values: list[float]) -> list[Observation]:
    """One observation every Monday: with one value a week, the point is the value itself."""
    return [obs(tegn, week(n), value) for n, value in enumerate(values)]


def troeje(bedre_retning: str = "op") -> Tegn:
    return Tegn(tekst="Anna tager selv trøjen på", maaletype="ja_nej", bedre_retning=bedre_retning, maalvaerdi=0.8)


def paamindelser(bedre_retning: str = "ned") -> Tegn:
    return Tegn(tekst="Antal påmindelser", maaletype="antal", bedre_retning=bedre_retning)


def ja_per_week(tegn: Tegn, ja_counts: list[int], per_week: int = 4) -> list[Observation]:
    """``per_week`` ja/nej observations Monday..Thursday of each week, the first ``ja`` of them ja."""
    return [obs(tegn, week(n, day), day < ja) for n, ja in enumerate(ja_counts) for day in range(per_week)]


# Anna's trøje: 12 baseline weeks alternating 1 and 3 ja of 4, then 8 weeks with 4 of 4 after the change.
BEFORE = [1, 3] * 6
AFTER = [4] * 8


# --- the centre line and the verdict ----------------------------------------------------------------


def test_a_frozen_baseline_is_the_median_of_the_weeks_before_the_change_and_the_shift_is_good():
    tegn = troeje()
    chart = tegn_chart(tegn, ja_per_week(tegn, BEFORE + AFTER), baseline_until=week(12))
    assert chart.period == "uge"  # the default for every kind
    assert [p.start for p in chart.points] == [week(n) for n in range(20)]
    assert chart.points[0] == Point(week(0), 0.25, 4)
    assert chart.points[-1] == Point(week(19), 1.0, 4)
    # baseline: six weeks of .25 and six of .75 -> median (.25 + .75) / 2 = .5
    assert chart.baseline == Baseline(12, week(12))
    assert chart.centre == 0.5
    # sides: - + - + - + - + - + - + | + + + + + + + +: the last baseline week joins the 8 after
    # -> 20 useful points, a run of 1 + 8 = 9 above, 12 runs = 11 crossings.
    # n=20: run limit round(log2(20) + 3) = round(7.32) = 7 -> 9 > 7 is a shift;
    # crossings limit qbinom(.05, 19, .5) = 6 -> 11 crossings are not too few.
    result = chart.result
    assert (result.n_useful, result.longest_run, result.run_limit, result.crossings, result.crossings_limit) == (20, 9, 7, 11, 6)
    assert result.shift and not result.crossing_signal and result.direction == "over"
    assert chart.verdict == "bedre"
    assert chart.target == 0.8
    assert signal_words(chart) == "Tegn på reel ændring – i den gode retning"
    assert centre_words(chart) == t("chart.centre.frozen", value="50 %", n=12, dato="28.09.2026")
    assert "12 punkter før 28.09.2026" in centre_words(chart) and centre_words(chart).endswith(": 50 %")
    assert rule_words(chart) == (
        "Længste serie på samme side af midterlinjen: 9 (mere end 7 er et signal). Krydsninger af midterlinjen: 11 (færre end 6 er et signal). 20 punkter i alt, punkter på linjen tæller ikke."
    )


def test_the_same_weeks_for_a_tegn_where_less_is_better_are_a_change_the_wrong_way():
    tegn = troeje(bedre_retning="ned")
    chart = tegn_chart(tegn, ja_per_week(tegn, BEFORE + AFTER), baseline_until=week(12))
    assert chart.verdict == "vaerre"
    assert signal_words(chart) == "Tegn på reel ændring – i den forkerte retning"


def test_without_a_baseline_date_the_centre_is_the_median_of_all_weeks():
    tegn = troeje()
    chart = tegn_chart(tegn, ja_per_week(tegn, BEFORE + AFTER))
    # sorted: 6 x .25, 6 x .75, 8 x 1.0 -> the 10th and 11th are both .75
    assert chart.baseline == Baseline(None, None)
    assert chart.centre == 0.75
    assert centre_words(chart) == t("chart.centre.all", value="75 %")
    assert "median af alle punkter" in centre_words(chart) and centre_words(chart).endswith(": 75 %")


def test_a_baseline_date_before_every_point_falls_back_to_all_points():
    tegn = troeje()
    chart = tegn_chart(tegn, ja_per_week(tegn, BEFORE + AFTER), baseline_until=week(0) - DAY)
    assert chart.baseline == Baseline(None, None)
    assert chart.centre == 0.75


def test_a_run_of_nine_above_the_median_among_twenty_weeks_is_good_when_more_is_better():
    values = [3, 4, 2, 3, 6, 2, 4, 3, 2, 3, 4] + [7, 8, 6, 9, 7, 8, 7, 6, 8]
    # ten values of 2..4 and ten of 6..9 -> median (4 + 6) / 2 = 5, no point on the line.
    # sides: ----+------ +++++++++ -> runs 4-, 1+, 6-, 9+: longest 9 (above), 3 crossings.
    # n=20: run limit 7 (9 is a shift) and crossings limit 6 (3 are too few): both rules fire.
    mere_er_bedre = paamindelser(bedre_retning="op")
    chart = tegn_chart(mere_er_bedre, weekly(mere_er_bedre, values))
    assert chart.centre == 5.0
    result = chart.result
    assert (result.n_useful, result.longest_run, result.crossings) == (20, 9, 3)
    assert result.shift and result.crossing_signal and result.direction == "over"
    assert chart.verdict == "bedre"
    assert signal_words(chart) == "Tegn på reel ændring – i den gode retning"


def test_the_same_run_of_reminders_is_worse_when_fewer_reminders_is_better():
    values = [3, 4, 2, 3, 6, 2, 4, 3, 2, 3, 4] + [7, 8, 6, 9, 7, 8, 7, 6, 8]
    tegn = paamindelser()  # "ned": fewer reminders is better
    chart = tegn_chart(tegn, weekly(tegn, values))
    assert chart.verdict == "vaerre"


def test_reminders_falling_for_nine_weeks_are_a_good_change():
    values = [10 - v for v in [3, 4, 2, 3, 6, 2, 4, 3, 2, 3, 4] + [7, 8, 6, 9, 7, 8, 7, 6, 8]]
    # mirrored around 5: the same runs, the long one now below the median of 5
    tegn = paamindelser()
    chart = tegn_chart(tegn, weekly(tegn, values))
    assert (chart.centre, chart.result.direction, chart.result.longest_run) == (5.0, "under", 9)
    assert chart.verdict == "bedre"


def test_a_long_early_run_below_the_median_is_the_before_of_a_change_for_the_better():
    values = [1] * 9 + [6, 3, 6, 7, 3, 6, 7, 3, 7, 6, 7]
    # sorted: 1 x 9, 3 x 3, 6 x 4, 7 x 4 -> median (3 + 3) / 2 = 3; the three 3s drop out: 17 useful.
    # sides: 9 under, then 8 over -> longest run 9 (under, the early weeks), 1 crossing.
    # n=17: run limit round(log2(17) + 3) = round(7.09) = 7 (a shift); crossings limit 5 (1 is too few).
    # Where the series is now decides the direction: the later half 3 6 7 3 6 7 3 7 6 7 has median 6,
    # above the centre, so more is happening -- good for a tegn where more is better.
    tegn = paamindelser(bedre_retning="op")
    chart = tegn_chart(tegn, weekly(tegn, values))
    assert chart.centre == 3.0
    result = chart.result
    assert (result.n_useful, result.longest_run, result.direction, result.crossings) == (17, 9, "under", 1)
    assert result.shift and result.crossing_signal
    assert chart.verdict == "bedre"


def test_an_ordinary_ups_and_downs_gives_no_signal():
    humoer = Tegn(tekst="Humør", maaletype="skala_1_5")
    values = [3, 5, 2, 5, 4, 5, 3, 5, 2, 5, 4, 3]
    # sorted 2 2 3 3 3 4 | 4 5 5 5 5 5 -> median 4, the two 4s drop out: 10 useful points,
    # signs - + - + + - + - + -: runs of at most 2, 8 crossings (limit 2), run limit 6.
    chart = tegn_chart(humoer, weekly(humoer, values))
    assert chart.centre == 4.0
    assert (chart.result.n_useful, chart.result.longest_run, chart.result.crossings) == (10, 2, 8)
    assert chart.verdict == "ingen"
    assert signal_words(chart) == "Ingen tegn på ændring ud over det sædvanlige"
    assert rule_words(chart).startswith("Længste serie på samme side af midterlinjen: 2 (mere end 6 er et signal). Krydsninger af midterlinjen: 8 (færre end 2")
    assert centre_words(chart) == t("chart.centre.all", value="4")


def test_nine_weeks_are_too_few_to_judge_even_with_a_clear_jump():
    tegn = paamindelser()
    chart = tegn_chart(tegn, weekly(tegn, [1, 2, 3, 4, 5, 6, 7, 8, 9]))
    # median 5 sits on the line -> 8 useful points, fewer than 10
    assert chart.centre == 5.0
    assert chart.result.n_useful == 8 and not chart.result.enough_data
    assert chart.verdict == "ingen"
    assert signal_words(chart) == "For få punkter til at sige noget sikkert (8 af mindst 10)"
    assert rule_words(chart) == ""


def test_a_tegn_nobody_logged_gives_an_empty_chart_with_plain_words():
    tegn = troeje()
    other = paamindelser()
    chart = tegn_chart(tegn, weekly(other, [1, 2, 3]), markers=[Marker(week(1), "pdsa", "P1")])
    assert (chart.points, chart.centre, chart.result, chart.verdict, chart.markers) == ([], None, None, "ingen", [])
    assert chart.target == 0.8
    assert signal_words(chart) == "For få punkter til at sige noget sikkert (0 af mindst 10)"
    assert centre_words(chart) == "Ingen registreringer i perioden."
    assert rule_words(chart) == ""


def test_other_tegn_and_values_logged_under_another_kind_are_not_counted():
    tegn = paamindelser()
    other = Tegn(tekst="Andet", maaletype="antal")
    data = [obs(tegn, week(0), 2), obs(tegn, week(0, 2), 3), obs(other, week(0), 40), obs(tegn, week(0, 3), 5, maaletype="minutter")]
    chart = tegn_chart(tegn, data)
    assert chart.points == [Point(week(0), 5.0, 2)]  # 2 + 3, summed as the tegn says


def test_a_chart_can_be_shown_per_day_or_per_month():
    tegn = paamindelser()
    data = [obs(tegn, D(2026, 11, 2), 2), obs(tegn, D(2026, 11, 2), 1), obs(tegn, D(2026, 11, 20), 4), obs(tegn, D(2026, 12, 1), 0)]
    assert tegn_chart(tegn, data, period="dag").points == [Point(D(2026, 11, 2), 3.0, 2), Point(D(2026, 11, 20), 4.0, 1), Point(D(2026, 12, 1), 0.0, 1)]
    assert tegn_chart(tegn, data, period="maaned").points == [Point(D(2026, 11, 1), 7.0, 3), Point(D(2026, 12, 1), 0.0, 1)]


# --- range and markers ------------------------------------------------------------------------------


def test_start_and_end_keep_only_the_weeks_in_between():
    tegn = paamindelser()
    chart = tegn_chart(tegn, weekly(tegn, list(range(20))), start=week(3), end=week(6, 6))
    assert chart.points == [Point(week(n), float(n), 1) for n in (3, 4, 5, 6)]
    assert chart.centre == 4.5  # median of 3 4 5 6 only


def test_a_start_in_the_middle_of_a_week_keeps_only_that_weeks_later_days():
    tegn = paamindelser()
    data = [obs(tegn, week(n, day), 1) for n in range(3) for day in (0, 3)]  # Monday and Thursday
    before_start, on_start = Marker(week(1, 1), "plan", "v2"), Marker(week(1, 2), "pdsa", "P1")
    chart = tegn_chart(tegn, data, start=week(1, 2), markers=[before_start, on_start])  # from a Wednesday
    assert chart.points == [Point(week(1), 1.0, 1), Point(week(2), 2.0, 2)]
    # the Tuesday is in the first point's week but before the chosen start: not shown
    assert chart.markers == [on_start]


def test_markers_outside_the_shown_range_are_dropped_and_the_rest_sorted_by_date():
    tegn = paamindelser()
    before, inside_late, inside_early, after = (
        Marker(week(2, 3), "pdsa", "P1"),
        Marker(week(6, 1), "evaluering", "E"),
        Marker(week(4, 2), "plan", "v2"),
        Marker(week(7), "pdsa", "P2"),
    )
    chart = tegn_chart(tegn, weekly(tegn, list(range(20))), start=week(3), end=week(6, 6), markers=[before, inside_late, inside_early, after])
    assert chart.markers == [inside_early, inside_late]


def test_without_a_range_markers_before_the_first_week_or_after_the_last_week_are_dropped():
    tegn = paamindelser()
    data = weekly(tegn, [1, 2, 3])
    chart = tegn_chart(tegn, data, markers=[Marker(week(0) - DAY, "plan", "v1"), Marker(week(1, 2), "pdsa", "P1"), Marker(week(3), "pdsa", "P2")])
    assert [m.label for m in chart.markers] == ["P1"]


def test_a_prøvehandling_started_midweek_in_the_last_week_shown_is_on_the_chart():
    tegn = paamindelser()
    started = Marker(week(2, 2), "pdsa", "P1")  # Wednesday of the newest week with data
    chart = tegn_chart(tegn, weekly(tegn, [1, 2, 3]), markers=[started])
    assert chart.markers == [started]
    assert marker_index(chart, started) == 2.0


def test_a_marker_sits_on_its_weeks_point_or_half_way_across_a_week_nobody_logged():
    tegn = paamindelser()
    data = [obs(tegn, week(n), n) for n in (0, 1, 3)]  # week 2 has no data
    chart = tegn_chart(tegn, data, end=week(3, 6))
    assert marker_index(chart, Marker(week(0), "plan", "v1")) == 0.0
    assert marker_index(chart, Marker(week(1, 4), "pdsa", "P1")) == 1.0  # a Friday of week 1
    assert marker_index(chart, Marker(week(2, 1), "pdsa", "P2")) == 1.5  # between index 1 and 2
    assert marker_index(chart, Marker(week(3, 6), "evaluering", "E")) == 2.0


def test_a_marker_index_is_clamped_to_the_chart():
    tegn = paamindelser()
    chart = tegn_chart(tegn, weekly(tegn, [1, 2]), period="uge")
    assert marker_index(chart, Marker(week(0) - 3 * DAY, "plan", "v1")) == 0.0  # before the first point
    assert marker_index(chart, Marker(week(5), "plan", "v2")) == 1.0  # after the last point
    empty = tegn_chart(tegn, [])
    assert marker_index(empty, Marker(week(0), "plan", "v1")) == 0.0


def test_a_marker_on_a_day_chart_sits_on_that_day_or_between_days():
    tegn = paamindelser()
    data = [obs(tegn, D(2026, 11, 23), 1), obs(tegn, D(2026, 11, 26), 2)]
    chart = tegn_chart(tegn, data, period="dag")
    assert marker_index(chart, Marker(D(2026, 11, 26), "pdsa", "P1")) == 1.0
    assert marker_index(chart, Marker(D(2026, 11, 24), "pdsa", "P1")) == 0.5


# --- numbers as staff read them ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maaletype", "value", "shown"),
    [
        ("ja_nej", 5 / 7, "71 %"),  # 71.4 %
        ("ja_nej", 2 / 3, "67 %"),
        ("ja_nej", 1.0, "100 %"),
        ("ja_nej", 0.0, "0 %"),
        ("antal", 2.5, "2,5"),
        ("antal", 3.0, "3"),
        ("antal", 12, "12"),
        ("skala_1_5", 10 / 3, "3,3"),
        ("skala_1_5", 3.96, "4,0"),  # one decimal, even when it rounds to a whole number
        ("minutter", 37.7, "37,7"),
    ],
)
def test_format_value(maaletype, value, shown):
    assert format_value(maaletype, value) == shown


def test_numbers_follow_the_language():
    set_language("en")
    assert format_value("antal", 2.5) == "2.5"
    assert format_value("ja_nej", 5 / 7) == "71%"
    assert format_number(4.0) == "4"


def test_the_value_axis_is_marked_in_the_languages_number_format():
    """plotext would write "5.25" on the terminal chart's axis, which a Danish reader takes for
    525: the marks are chosen and written here (screens/widgets/runchart.value_ticks)."""
    from smtte_tui.screens.widgets.runchart import value_ticks

    assert value_ticks("ja_nej", 0, 100) == ([0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    assert value_ticks("skala_1_5", 1, 5) == ([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"])
    assert value_ticks("antal", 0, 5.25) == ([0, 2, 4], ["0", "2", "4"])  # whole steps of 1, 2 or 5 x 10^n
    assert value_ticks("antal", 0, 180) == ([0, 50, 100, 150], ["0", "50", "100", "150"])
    assert value_ticks("minutter", 0, 0.6) == ([0, 0.2, 0.4, 0.6], ["0", "0,2", "0,4", "0,6"])
    set_language("en")
    try:
        assert value_ticks("minutter", 0, 0.6)[1] == ["0", "0.2", "0.4", "0.6"]
    finally:
        set_language("da")
