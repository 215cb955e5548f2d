"""Finding a borger fast and seeing who still needs this shift's signs."""

from __future__ import annotations

import pytest

from smtte_tui.lookup import active_plan, borger_matches, fold, logged_tegn, match_rank, rank_borgere, shift_status
from smtte_tui.models import Borger, Observation, SmttePlan
from smtte_tui.store import Store

from .conftest import TODAY, make_plan

AASE = Borger(navn="Åse Møller", kortnavn="ÅM", bolig="Lejl. 3")
ANNA = Borger(navn="Anna Jensen", kortnavn="AJ", bolig="Lejl. 1")


def log(store: Store, plan: SmttePlan, tegn_index: int, *, vagt: str = "dag", dato=TODAY, value=True) -> Observation:
    tegn = plan.tegn[tegn_index]
    observation = Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=dato, vagt=vagt, forfatter="MA", terminal="t")
    store.create(observation, "MA")
    return observation


def test_danish_letters_fold_to_what_a_hurried_person_types():
    assert fold("Æble Ø Å") == "aeble oe aa"
    assert fold("René Müller") == "rene muller"


@pytest.mark.parametrize("query", ["aa", "AAS", "åse", "moe", "møl", "ÅM", "lejl 3", "se mø", ""])
def test_typing_part_of_the_name_short_name_or_room_finds_aase(query):
    assert borger_matches(query, AASE)


@pytest.mark.parametrize("query", ["an", "sen", "aj", "1"])
def test_two_letters_of_the_first_name_or_the_end_of_the_surname_find_anna(query):
    assert borger_matches(query, ANNA)


@pytest.mark.parametrize(("query", "borger"), [("bent", ANNA), ("anna 3", ANNA), ("lejl 2", AASE), ("ås", ANNA)])
def test_every_word_typed_must_match_so_the_list_narrows(query, borger):
    assert not borger_matches(query, borger)


DENNIS = Borger(navn="Dennis Holm", kortnavn="DH", bolig="Lejl. 4")
NIELS = Borger(navn="Niels Kragh", kortnavn="NK", bolig="Lejl. 5")
ANNI = Borger(navn="Anni Berg", kortnavn="NI", bolig="Lejl. 6")


def test_ni_puts_niels_above_dennis_whose_name_only_contains_the_letters():
    assert rank_borgere("ni", [DENNIS, NIELS], lambda b: b) == [NIELS, DENNIS]
    assert match_rank("ni", NIELS) == 1 and match_rank("ni", DENNIS) == 2


@pytest.mark.parametrize(("query", "best"), [("kr", NIELS), ("NK", NIELS), ("ni", ANNI), ("lejl 5", NIELS), ("ho", DENNIS)])
def test_a_first_name_last_name_short_name_or_room_start_ranks_first(query, best):
    # ANNI's short name is "NI": typing a short name whole beats a first name starting with it
    assert rank_borgere(query, [DENNIS, NIELS, ANNI], lambda b: b)[0] == best


def test_equally_good_matches_keep_their_order_and_nothing_that_does_not_match_is_listed():
    assert rank_borgere("", [NIELS, DENNIS], lambda b: b) == [NIELS, DENNIS]
    assert rank_borgere("e", [NIELS, DENNIS], lambda b: b) == [NIELS, DENNIS]  # both only inside
    assert rank_borgere("bent", [NIELS, DENNIS], lambda b: b) == []


def test_only_the_active_plan_is_offered_for_logging(house):
    store = house["store"]
    assert active_plan(store, house["anna"].id) == house["plan"]
    assert active_plan(store, house["bent"].id) is None  # a draft plan is not logged against
    assert active_plan(store, house["aase"].id) is None


def test_a_borger_is_done_only_when_every_active_sign_is_logged_this_shift(house):
    store, plan, anna = house["store"], house["plan"], house["anna"]
    log(store, plan, 0)
    assert shift_status(store, [anna.id], {anna.id: plan}, TODAY, "dag") == {anna.id: "missing"}
    log(store, plan, 1, value=4)
    log(store, plan, 2, value=0)
    # the retired fourth sign is not asked for
    assert shift_status(store, [anna.id], {anna.id: plan}, TODAY, "dag") == {anna.id: "done"}
    assert logged_tegn(store, anna.id, TODAY, "dag") == {plan.tegn[0].id, plan.tegn[1].id, plan.tegn[2].id}


def test_the_evening_shift_starts_with_everyone_missing_again(house):
    store, plan, anna = house["store"], house["plan"], house["anna"]
    for index, value in ((0, True), (1, 3), (2, 1)):
        log(store, plan, index, value=value)
    assert shift_status(store, [anna.id], {anna.id: plan}, TODAY, "aften") == {anna.id: "missing"}
    assert logged_tegn(store, anna.id, TODAY.replace(day=24), "dag") == set()


def test_a_withdrawn_sign_no_longer_counts_as_logged(house):
    store, plan, anna = house["store"], house["plan"], house["anna"]
    first = log(store, plan, 0)
    store.retract(Observation, first.id, "MA")
    assert logged_tegn(store, anna.id, TODAY, "dag") == set()


def test_borgere_without_an_active_plan_or_without_active_signs_show_no_plan(house):
    store, anna, bent, aase = house["store"], house["anna"], house["bent"], house["aase"]
    retired = make_plan(anna).model_copy(update={"tegn": []})
    plans = {anna.id: retired, bent.id: active_plan(store, bent.id), aase.id: None}
    assert shift_status(store, [anna.id, bent.id, aase.id], plans, TODAY, "dag") == {anna.id: "no_plan", bent.id: "no_plan", aase.id: "no_plan"}
