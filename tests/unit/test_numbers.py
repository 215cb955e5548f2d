"""Numbers as staff type them in the plan editor: plain decimals only, never Infinity or NaN."""

from __future__ import annotations

import pytest

from smtte_tui.numbers import parse_number
from tests.refusals import refused


@pytest.mark.parametrize(("typed", "value"), [("12", 12.0), ("0,25", 0.25), (" 0.5 ", 0.5), ("", None), ("   ", None), ("1000000", 1_000_000.0)])
def test_a_baseline_or_target_as_staff_type_it(typed, value):
    assert parse_number(typed, "Målværdi") == value


@pytest.mark.parametrize("typed", ["inf", "Infinity", "-inf", "nan", "NaN", "1e400", "1e5", "1_000", "0x10", "tre", "1,5,2", "²", "١٢"])
def test_infinity_nan_and_what_python_alone_would_read_are_refused_in_danish(typed):
    with refused("plan.form.not_number", label="Målværdi"):
        parse_number(typed, "Målværdi")


def test_a_number_beyond_the_models_bound_is_refused_naming_the_field():
    with refused("model.error.number.field", label="Baseline", limit="1.000.000"):
        parse_number("1000000,5", "Baseline")


# --- a tegn's baseline and target, as the editor shows them -----------------------------------------

from smtte_tui.numbers import parse_measure, show_measure  # noqa: E402


@pytest.mark.parametrize("typed", ["80 %", "80%", " 80 ", "80", "0,8", "0.8", "80,0 %"])
def test_a_ja_nej_target_is_read_as_it_is_shown(typed):
    assert parse_measure(typed, "ja_nej", "Målværdi") == 0.8


@pytest.mark.parametrize(("typed", "share"), [("1", 1.0), ("1 %", 0.01), ("100", 1.0), ("0", 0.0), ("0 %", 0.0), ("12,5 %", 0.125), ("", None)])
def test_the_edges_of_the_percent_rule(typed, share):
    assert parse_measure(typed, "ja_nej", "Målværdi") == share


@pytest.mark.parametrize("typed", ["150", "150 %", "-5", "101"])
def test_a_share_beyond_0_to_100_percent_is_refused_naming_the_field(typed):
    with refused("plan.form.percent_range", label="Udgangspunkt"):
        parse_measure(typed, "ja_nej", "Udgangspunkt")


def test_a_percent_sign_alone_or_on_a_count_is_not_a_number():
    with refused("plan.form.not_number"):
        parse_measure("%", "ja_nej", "Målværdi")
    with refused("plan.form.not_number"):
        parse_measure("80 %", "antal", "Målværdi")


def test_scale_and_count_keep_their_own_ranges():
    assert parse_measure("4", "skala_1_5", "Målværdi") == 4
    assert parse_measure("2,5", "antal", "Målværdi") == 2.5
    with refused("plan.form.scale_range"):
        parse_measure("7", "skala_1_5", "Målværdi")
    with refused("plan.form.negative"):
        parse_measure("-1", "minutter", "Målværdi")


@pytest.mark.parametrize(
    ("value", "kind", "shown"), [(0.8, "ja_nej", "80 %"), (0.3, "ja_nej", "30 %"), (0.125, "ja_nej", "12,5 %"), (None, "ja_nej", ""), (2.5, "antal", "2,5"), (4, "skala_1_5", "4")]
)
def test_what_the_editor_shows_reads_back_to_the_same_value(value, kind, shown):
    assert show_measure(value, kind) == shown
    assert parse_measure(shown, kind, "Målværdi") == value
