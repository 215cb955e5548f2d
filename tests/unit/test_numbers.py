"""Numbers as staff type them in the plan editor: plain decimals only, never Infinity or NaN."""

from __future__ import annotations

import pytest

from smtte_tui.numbers import parse_number


@pytest.mark.parametrize(("typed", "value"), [("12", 12.0), ("0,25", 0.25), (" 0.5 ", 0.5), ("", None), ("   ", None), ("1000000", 1_000_000.0)])
def test_a_baseline_or_target_as_staff_type_it(typed, value):
    assert parse_number(typed, "Målværdi") == value


@pytest.mark.parametrize("typed", ["inf", "Infinity", "-inf", "nan", "NaN", "1e400", "1e5", "1_000", "0x10", "tre", "1,5,2", "²", "١٢"])
def test_infinity_nan_and_what_python_alone_would_read_are_refused_in_danish(typed):
    with pytest.raises(ValueError, match="Målværdi: «.*» er ikke et tal"):
        parse_number(typed, "Målværdi")


def test_a_number_beyond_the_models_bound_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="Baseline: .*mellem -1.000.000 og 1.000.000"):
        parse_number("1000000,5", "Baseline")
