"""The time-out's week at a glance: daily values per tegn and their sparkline (worked by hand)."""

from __future__ import annotations

import datetime as dt

from smtte_tui.features.overview.timeout import daily_values, scale_of, sparkline
from smtte_tui.models import Observation, Tegn

D = dt.date
WEEK = [D(2026, 11, 19) + dt.timedelta(days=i) for i in range(7)]


def obs(tegn: Tegn, day: dt.date, value) -> Observation:
    return Observation(borger_id="b", plan_id="p", tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=day, vagt="dag", forfatter="MA", terminal="pc")


def test_sparkline_draws_low_to_high_and_a_dot_for_a_day_nobody_logged():
    assert sparkline([0, 0.5, 1, None, 0.25], 0, 1) == "▁▅█·▃"  # 0.5*7=3.5 rounds to 4 -> ▅; 0.25*7=1.75 -> ▃
    assert sparkline([7, 9], 0, 0) == "██"  # a flat range still draws (values above it are full)
    assert sparkline([-1], 0, 1) == "▁"  # clamped


def test_daily_values_follow_the_tegn_kind_and_skip_other_tegn():
    ja = Tegn(tekst="Går med ud", maaletype="ja_nej")
    times = Tegn(tekst="Påmindelser", maaletype="antal", aggregering="gennemsnit", maalvaerdi=1)
    minutes = Tegn(tekst="Minutter ude", maaletype="minutter", maalvaerdi=30)
    data = [obs(ja, WEEK[0], True), obs(ja, WEEK[0], False), obs(ja, WEEK[2], True), obs(times, WEEK[1], 4), obs(times, WEEK[1], 2), obs(minutes, WEEK[6], 20), obs(minutes, WEEK[6], 25)]
    assert daily_values(ja, data, WEEK) == [0.5, None, 1.0, None, None, None, None]
    assert daily_values(times, data, WEEK) == [None, 3.0, None, None, None, None, None]
    assert daily_values(minutes, data, WEEK)[-1] == 45.0  # summed (the default aggregation)
    assert scale_of(ja, [0.5]) == (0.0, 1.0)
    assert scale_of(minutes, [45.0, None]) == (0.0, 45.0)  # the week's top is above the target
    assert scale_of(times, [3.0]) == (0.0, 3.0)
    assert scale_of(Tegn(tekst="Humør", maaletype="skala_1_5"), [2.0]) == (1.0, 5.0)
