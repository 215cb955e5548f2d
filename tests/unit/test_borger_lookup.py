"""One rule finds a borger by what a person types, in the app and on the command line."""

from __future__ import annotations

import pytest

from smtte_tui.lookup import BorgerLookupError, find_borger
from smtte_tui.models import Borger

AASE = Borger(navn="Åse Møller", kortnavn="ÅM", bolig="Lejl. 3")
ANNA = Borger(navn="Anna Jensen", kortnavn="AJ", bolig="Lejl. 1")
ANDERS = Borger(navn="Anders Jakobsen", kortnavn="AJA", bolig="Lejl. 7")
HOUSE = [AASE, ANNA, ANDERS]


@pytest.mark.parametrize("typed", ["Åse", "åse", "aase", "AASE", "møller", "moeller", "Åse Møller", "aase moeller", "ÅM", "am", "lejl. 3", AASE.id])
def test_aase_is_found_however_she_is_typed(typed):
    assert find_borger(HOUSE, typed) is AASE


def test_a_short_name_or_a_whole_name_wins_over_words_that_fit_others_too():
    assert find_borger(HOUSE, "aj") is ANNA  # "aj" is also inside "AJA"
    assert find_borger(HOUSE, "Anna Jensen") is ANNA


@pytest.mark.parametrize(("typed", "found"), [("Karl", []), ("", []), ("lejl", [AASE, ANNA, ANDERS]), ("jakob", [ANDERS])])
def test_none_or_several_is_never_a_guess(typed, found):
    if len(found) == 1:
        assert find_borger(HOUSE, typed) is found[0]
        return
    with pytest.raises(BorgerLookupError) as caught:
        find_borger(HOUSE, typed)
    assert caught.value.found == found


def test_two_borgere_with_one_short_name_are_both_named():
    twin = Borger(navn="Anton Jørgensen", kortnavn="AJ")
    with pytest.raises(BorgerLookupError) as caught:
        find_borger([*HOUSE, twin], "AJ")
    assert caught.value.found == [ANNA, twin]
