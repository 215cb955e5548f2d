"""The plan service: a new draft, saving only what changed, two tovholdere editing at once, who may
write a plan, activation with the one-goal rule, follow-up dates, comments and tegn hints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from smtte_tui.features.plans.planrules import tegn_hints
from smtte_tui.features.plans.plans import (
    ActivationBlocked,
    OtherActivePlan,
    activate,
    add_comment,
    add_months,
    comments,
    default_follow_up,
    mark_handled,
    new_plan,
    plans_of,
    save_plan,
    start_editing,
    unsaved_plan,
    withdraw_draft,
)
from smtte_tui.i18n import t
from smtte_tui.models import (
    Borger,
    Maal,
    Medarbejder,
    Opfoelgningsplan,
    PlanKommentar,
    SmttePlan,
    Tegn,
    Tiltag,
)
from smtte_tui.store import NotAllowed, Store
from smtte_tui.store.access import may
from tests.people import acting, house_staff
from tests.refusals import refused

from .conftest import TODAY, StoreFactory, at

D = dt.date
NEXT_REVIEW = D(2026, 12, 25)


@dataclass
class Home:
    """Staff LE (leder), MA (medarbejder), AA and BB (tovholdere); borgere Anna and Bent."""

    store: Store
    staff: dict[str, Medarbejder]
    anna: Borger
    bent: Borger

    def __getitem__(self, initialer: str) -> Medarbejder:
        return self.staff[initialer]


@pytest.fixture
def home(store: Store) -> Home:
    staff = {m.initialer: m for m in house_staff()}
    anna = Borger(navn="Anna Jensen", kortnavn="AJ", bolig="Lejl. 1")
    bent = Borger(navn="Bent Olsen", kortnavn="BO", bolig="Lejl. 2")
    store.create_many([*staff.values(), anna, bent], "LE")
    return Home(store, staff, anna, bent)


def ready_plan(borger: Borger, goal: str = "Anna tager selv tøj på", **changes: object) -> SmttePlan:
    """A draft with everything activation needs."""
    plan = SmttePlan(
        borger_id=borger.id,
        maal=Maal(tekst=goal),
        tegn=[Tegn(tekst="Anna tager selv trøjen på", maaletype="ja_nej")],
        tiltag=[Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften")],
        evaluering=Opfoelgningsplan(naeste_opfoelgning=NEXT_REVIEW),
        tovholder="AA",
    )
    return plan.model_copy(update=changes)


def stored(home: Home, plan: SmttePlan) -> SmttePlan:
    home.store.create(plan, "LE")
    return plan


# --- a new draft ----------------------------------------------------------------------------------


def test_a_new_plan_is_a_draft_for_the_borger_with_the_one_who_made_it_as_tovholder(home):
    plan = new_plan(acting(home.store, home["AA"]), home.anna.id)
    saved = home.store.get(SmttePlan, plan.id)
    assert saved == plan
    assert (saved.status, saved.tovholder, saved.borger_id, saved.maal) == ("kladde", "AA", home.anna.id, None)
    [created] = home.store.history(SmttePlan, plan.id)
    assert (created.op, created.author) == ("create", "AA")


def test_a_leder_can_make_a_draft_with_a_tovholder_other_than_herself(home):
    plan = new_plan(acting(home.store, home["LE"]), home.anna.id, tovholder="BB")
    assert home.store.get(SmttePlan, plan.id).tovholder == "BB"


def test_a_medarbejder_cannot_start_a_new_plan(home):
    with pytest.raises(NotAllowed):
        new_plan(acting(home.store, home["MA"]), home.anna.id)
    assert home.store.all(SmttePlan) == []


def test_a_plan_opened_as_new_is_written_only_when_saved_and_a_draft_can_be_withdrawn(home):
    editing = unsaved_plan(acting(home.store, home["AA"]), home.anna.id)
    assert editing.new and home.store.all(SmttePlan) == []  # opening the editor writes nothing
    assert save_plan(acting(home.store, home["AA"]), editing, editing.base) is None  # nothing typed: nothing saved
    edited = editing.base.model_copy(update={"maal": Maal(tekst="Anna smører selv")})
    rev = save_plan(acting(home.store, home["AA"]), editing, edited)
    assert rev.op == "create" and not editing.new and home.store.get(SmttePlan, edited.id).maal.tekst == "Anna smører selv"
    withdraw_draft(acting(home.store, home["AA"]), edited.id)
    assert home.store.all(SmttePlan) == [] and [r.op for r in home.store.history(SmttePlan, edited.id)] == ["create", "retract"]
    with pytest.raises(PermissionError):
        unsaved_plan(acting(home.store, home["MA"]), home.anna.id)


def test_only_a_draft_is_withdrawn_an_active_plan_is_closed_at_a_meeting(home):
    plan = SmttePlan(borger_id=home.anna.id, status="aktiv", maal=Maal(tekst="Mål"))
    home.store.create(plan, "AA")
    with refused("plan.error.withdraw_not_draft"):
        withdraw_draft(acting(home.store, home["AA"]), plan.id)
    assert home.store.get(SmttePlan, plan.id).status == "aktiv"


def test_only_tovholder_and_leder_may_edit_plans():
    staff = {m.initialer: m for m in house_staff()}
    assert [may(staff[x], "plan") for x in ("LE", "MA", "AA")] == [True, False, True]
    assert may(None, "plan") is False


def test_a_borgers_plans_are_listed_active_first_then_drafts_then_closed(home):
    closed = stored(home, ready_plan(home.anna, "Anna går en tur", status="afsluttet"))
    draft = stored(home, ready_plan(home.anna, "Anna smører selv mad"))
    active = stored(home, ready_plan(home.anna, "Anna tager selv tøj på", status="aktiv"))
    stored(home, ready_plan(home.bent, "Bent går i kantinen"))
    assert [p.id for p in plans_of(home.store, home.anna.id)] == [active.id, draft.id, closed.id]


# --- saving as revisions --------------------------------------------------------------------------


def test_saving_writes_only_the_changed_fields_with_the_revisions_the_editor_started_from(home):
    store = home.store
    plan = stored(home, ready_plan(home.anna))
    [created] = store.history(SmttePlan, plan.id)
    editing = start_editing(store, plan.id)
    assert editing.parents == [created.id]

    edited = editing.base.model_copy(deep=True)
    edited.maal = Maal(tekst="Anna tager selv trøje og bukser på")
    edited.sammenhaeng.hvorfor = "Anna vil klare morgenen selv"
    rev = save_plan(acting(store, home["AA"]), editing, edited)

    assert rev is not None
    assert (rev.op, rev.author, rev.parents) == ("update", "AA", [created.id])
    assert set(rev.data) == {"maal", "sammenhaeng"}  # tegn, tiltag, tovholder ... were not touched
    assert rev.data["maal"]["tekst"] == "Anna tager selv trøje og bukser på"
    now = store.get(SmttePlan, plan.id)
    assert now.maal.tekst == "Anna tager selv trøje og bukser på"
    assert now.sammenhaeng.hvorfor == "Anna vil klare morgenen selv"
    assert now.tegn == plan.tegn and now.tiltag == plan.tiltag
    assert len(store.history(SmttePlan, plan.id)) == 2


def test_saving_without_a_change_writes_nothing_and_returns_none(home):
    store = home.store
    plan = stored(home, ready_plan(home.anna))
    editing = start_editing(store, plan.id)
    parents = list(editing.parents)
    assert save_plan(acting(store, home["AA"]), editing, editing.base.model_copy(deep=True)) is None
    assert len(store.history(SmttePlan, plan.id)) == 1
    assert editing.parents == parents


def test_a_second_save_builds_on_the_first_and_sends_only_what_changed_since(home):
    store = home.store
    plan = stored(home, ready_plan(home.anna))
    editing = start_editing(store, plan.id)

    first_edit = editing.base.model_copy(deep=True)
    first_edit.tovholder = "BB"
    first = save_plan(acting(store, home["AA"]), editing, first_edit)
    second_edit = editing.base.model_copy(deep=True)
    assert second_edit.tovholder == "BB"  # the editor moved on to the saved state
    second_edit.maal = Maal(tekst="Anna tager selv jakken på")
    second = save_plan(acting(store, home["AA"]), editing, second_edit)

    assert second.parents == [first.id]
    assert set(second.data) == {"maal"}
    assert store.heads(SmttePlan, plan.id) == [second.id]
    assert store.conflicts() == []
    now = store.get(SmttePlan, plan.id)
    assert (now.tovholder, now.maal.tekst) == ("BB", "Anna tager selv jakken på")


def test_two_tovholdere_saving_the_goal_at_once_on_two_pcs_get_a_conflict_and_both_goals_stay(home, open_store: StoreFactory):
    kontoret = home.store
    plan = stored(home, ready_plan(home.anna))
    vagtstuen = open_store("vagtstuen")
    asta = start_editing(kontoret, plan.id)
    bo = start_editing(vagtstuen, plan.id)

    asta_plan = asta.base.model_copy(deep=True)
    asta_plan.maal = Maal(tekst="Anna tager selv trøjen på om morgenen")
    from_asta = save_plan(acting(kontoret, home["AA"]), asta, asta_plan)
    vagtstuen.poll()  # Bo's PC has seen Asta's save, but Bo's editor started before it
    assert vagtstuen.get(SmttePlan, plan.id).maal.tekst == "Anna tager selv trøjen på om morgenen"
    bo_plan = bo.base.model_copy(deep=True)
    bo_plan.maal = Maal(tekst="Anna tager selv bukserne på om aftenen")
    from_bo = save_plan(acting(vagtstuen, home["BB"]), bo, bo_plan)
    assert from_bo.parents == from_asta.parents  # both built on the plan as first loaded
    kontoret.poll()

    goals = {"Anna tager selv trøjen på om morgenen", "Anna tager selv bukserne på om aftenen"}
    shown = set()
    for pc in (kontoret, vagtstuen):
        [conflict] = pc.conflicts()
        assert (conflict.entity, conflict.entity_id, conflict.field) == ("plan", plan.id, "maal")
        assert {rev.id for rev in conflict.revisions} == {from_asta.id, from_bo.id}
        assert {value["tekst"] for value in conflict.values} == goals
        assert {rev.data["maal"]["tekst"] for rev in pc.history(SmttePlan, plan.id)} >= goals  # nothing lost
        shown.add(pc.get(SmttePlan, plan.id).maal.tekst)
    assert len(shown) == 1 and shown <= goals  # one goal shown, the same on both PCs


def test_two_tovholdere_changing_different_fields_at_once_keep_both_changes_without_a_conflict(home, open_store: StoreFactory):
    kontoret = home.store
    plan = stored(home, ready_plan(home.anna))
    vagtstuen = open_store("vagtstuen")
    asta = start_editing(kontoret, plan.id)
    bo = start_editing(vagtstuen, plan.id)

    asta_plan = asta.base.model_copy(deep=True)
    asta_plan.sammenhaeng.borgerens_oenske = "Jeg vil selv"
    save_plan(acting(kontoret, home["AA"]), asta, asta_plan)
    bo_plan = bo.base.model_copy(deep=True)
    bo_plan.maal = Maal(tekst="Anna tager selv jakken på")
    save_plan(acting(vagtstuen, home["BB"]), bo, bo_plan)
    kontoret.poll(), vagtstuen.poll()

    for pc in (kontoret, vagtstuen):
        assert pc.conflicts() == []
        now = pc.get(SmttePlan, plan.id)
        assert (now.sammenhaeng.borgerens_oenske, now.maal.tekst) == ("Jeg vil selv", "Anna tager selv jakken på")


# --- who may write a plan -------------------------------------------------------------------------


def edited_goal(home: Home, plan: SmttePlan):
    editing = start_editing(home.store, plan.id)
    edited = editing.base.model_copy(deep=True)
    edited.maal = Maal(tekst="Noget helt andet")
    return editing, edited


def test_a_medarbejder_saving_a_plan_is_refused_and_nothing_is_written(home):
    plan = stored(home, ready_plan(home.anna))
    editing, edited = edited_goal(home, plan)
    with pytest.raises(NotAllowed) as error:
        save_plan(acting(home.store, home["MA"]), editing, edited)
    assert "Som medarbejder kan du ikke ændre SMTTE-planer" in str(error.value)
    assert len(home.store.history(SmttePlan, plan.id)) == 1
    assert home.store.get(SmttePlan, plan.id) == plan
    assert editing.base == plan  # the editor did not move on either: a tovholder could still save it


def test_a_medarbejder_cannot_change_a_plan_through_the_store_directly_either(home):
    plan = stored(home, ready_plan(home.anna))
    with pytest.raises(NotAllowed):
        home.store.update(SmttePlan, plan.id, {"tovholder": "MA"}, "MA")
    assert len(home.store.history(SmttePlan, plan.id)) == 1
    assert home.store.get(SmttePlan, plan.id).tovholder == "AA"


def test_a_leder_who_has_left_can_no_longer_change_a_plan(home):
    store = home.store
    former = Medarbejder(initialer="LL", navn="Lis Tidligere", rolle="leder", pin_hash=home["LE"].pin_hash)
    store.create(former, "LE")
    plan = stored(home, ready_plan(home.anna))
    store.update(Medarbejder, former.id, {"aktiv": False}, "LE")
    editing, edited = edited_goal(home, plan)
    with pytest.raises(NotAllowed) as error:
        save_plan(acting(store, store.get(Medarbejder, former.id)), editing, edited)
    assert error.value.key == "store.error.unknown_author" and error.value.params == {"author": "LL"}
    assert len(store.history(SmttePlan, plan.id)) == 1


def test_someone_not_on_the_staff_list_cannot_change_a_plan(home):
    plan = stored(home, ready_plan(home.anna))
    stranger = Medarbejder(initialer="XX", navn="Xenia Ukendt", rolle="leder", pin_hash=home["LE"].pin_hash)
    editing, edited = edited_goal(home, plan)
    with pytest.raises(NotAllowed) as error:
        save_plan(acting(home.store, stranger), editing, edited)
    assert "«XX»" in str(error.value)
    assert len(home.store.history(SmttePlan, plan.id)) == 1


def test_a_medarbejder_cannot_activate_a_plan(home):
    plan = stored(home, ready_plan(home.anna))
    with pytest.raises(NotAllowed):
        activate(acting(home.store, home["MA"]), plan.id)
    assert home.store.get(SmttePlan, plan.id).status == "kladde"


# --- activation -----------------------------------------------------------------------------------


def test_an_empty_draft_cannot_be_activated_and_every_missing_part_is_named(home):
    plan = new_plan(acting(home.store, home["AA"]), home.anna.id)
    with pytest.raises(ActivationBlocked) as error:
        activate(acting(home.store, home["AA"]), plan.id)
    expected = [t("plan.rule.goal"), t("plan.rule.tegn"), t("plan.rule.tiltag"), t("plan.rule.evaluation")]
    assert error.value.problems == expected
    assert expected[0] == "Planen mangler et mål."
    assert str(error.value) == " ".join(expected)
    assert home.store.get(SmttePlan, plan.id).status == "kladde"
    assert len(home.store.history(SmttePlan, plan.id)) == 1


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"maal": None}, "plan.rule.goal"),
        ({"tegn": [Tegn(tekst="Anna tager selv trøjen på", maaletype="ja_nej", aktiv=False)]}, "plan.rule.tegn"),
        ({"tiltag": [Tiltag(hvad="Tøjet lægges frem", hvem="", hvor_ofte="Hver aften")]}, "plan.rule.tiltag"),
        ({"tiltag": [Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="")]}, "plan.rule.tiltag"),
        ({"tiltag": [Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften", aktiv=False)]}, "plan.rule.tiltag"),
        ({"evaluering": Opfoelgningsplan()}, "plan.rule.evaluation"),
    ],
)
def test_a_draft_missing_one_part_is_blocked_naming_just_that_part(home, changes, problem):
    plan = stored(home, ready_plan(home.anna, **changes))
    with pytest.raises(ActivationBlocked) as error:
        activate(acting(home.store, home["AA"]), plan.id)
    assert error.value.problems == [t(problem)]
    assert home.store.get(SmttePlan, plan.id).status == "kladde"


def test_a_complete_draft_is_activated_as_one_new_revision(home):
    plan = stored(home, ready_plan(home.anna))
    assert activate(acting(home.store, home["AA"]), plan.id) == []
    assert home.store.get(SmttePlan, plan.id).status == "aktiv"
    history = home.store.history(SmttePlan, plan.id)
    assert [rev.op for rev in history] == ["create", "update"]
    assert (history[-1].data, history[-1].author) == ({"status": "aktiv"}, "AA")


def test_activating_a_second_goal_asks_first_naming_the_active_goal_and_changes_nothing(home):
    store = home.store
    first = stored(home, ready_plan(home.anna, "Anna tager selv tøj på", status="aktiv"))
    second = stored(home, ready_plan(home.anna, "Anna går en tur hver dag"))
    with pytest.raises(OtherActivePlan) as error:
        activate(acting(store, home["AA"]), second.id)
    assert error.value.key == "plan.error.other_active" and error.value.params == {"goal": "Anna tager selv tøj på"}
    assert "«Anna tager selv tøj på»" in str(error.value)
    assert [p.id for p in error.value.others] == [first.id]
    assert store.get(SmttePlan, first.id).status == "aktiv"
    assert store.get(SmttePlan, second.id).status == "kladde"
    assert len(store.history(SmttePlan, first.id)) == len(store.history(SmttePlan, second.id)) == 1


def test_activating_with_close_others_closes_the_old_goal_so_exactly_one_plan_is_active(home):
    store = home.store
    first = stored(home, ready_plan(home.anna, "Anna tager selv tøj på", status="aktiv"))
    second = stored(home, ready_plan(home.anna, "Anna går en tur hver dag"))
    bents = stored(home, ready_plan(home.bent, "Bent spiser i kantinen", status="aktiv"))

    closed = activate(acting(store, home["AA"]), second.id, close_others=True)

    assert [p.id for p in closed] == [first.id]
    assert store.get(SmttePlan, first.id).status == "afsluttet"
    assert store.get(SmttePlan, second.id).status == "aktiv"
    assert [p.id for p in store.all(SmttePlan, home.anna.id) if p.status == "aktiv"] == [second.id]
    assert store.get(SmttePlan, bents.id).status == "aktiv"  # another borger's goal is not touched


# --- follow-up dates ------------------------------------------------------------------------------


def test_the_default_follow_up_is_a_month_then_three_months_then_a_year_from_today():
    plan = default_follow_up(TODAY)
    assert TODAY == D(2026, 11, 25)
    assert (plan.naeste_opfoelgning, plan.status_dato, plan.langsigtet_evaluering) == (D(2026, 12, 25), D(2027, 2, 25), D(2027, 11, 25))
    assert (plan.daglig_logning, plan.opfoelgning) == (True, "maanedlig")


def test_the_default_follow_up_keeps_dates_and_choices_already_made():
    current = Opfoelgningsplan(opfoelgning="ugentlig", naeste_opfoelgning=D(2026, 12, 2))
    plan = default_follow_up(TODAY, current)
    assert (plan.opfoelgning, plan.naeste_opfoelgning) == ("ugentlig", D(2026, 12, 2))
    assert (plan.status_dato, plan.langsigtet_evaluering) == (D(2027, 2, 25), D(2027, 11, 25))
    assert current.status_dato is None  # the plan being edited is not changed behind the editor's back


def test_the_default_follow_up_changes_nothing_when_every_date_is_set():
    current = Opfoelgningsplan(naeste_opfoelgning=D(2026, 12, 2), status_dato=D(2027, 1, 15), langsigtet_evaluering=D(2027, 6, 30))
    assert default_follow_up(TODAY, current) == current


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2026, 12, 31), 1, D(2027, 1, 31)),
        (D(2026, 11, 25), 12, D(2027, 11, 25)),
        (D(2026, 11, 25), 26, D(2029, 1, 25)),
    ],
)
def test_adding_months_keeps_the_day_or_falls_back_to_the_last_day_of_a_short_month(day, months, expected):
    assert add_months(day, months) == expected


# --- comments -------------------------------------------------------------------------------------


def test_a_medarbejder_can_comment_on_a_plan_she_may_not_edit(home):
    plan = stored(home, ready_plan(home.anna))
    comment = add_comment(acting(home.store, home["MA"], now=at(9)), plan, "  Anna vil hellere vælge tøjet selv  ", trin="T1")
    saved = home.store.get(PlanKommentar, comment.id)
    assert (saved.tekst, saved.forfatter, saved.trin, saved.tid, saved.behandlet) == ("Anna vil hellere vælge tøjet selv", "MA", "T1", at(9), False)
    assert (saved.plan_id, saved.borger_id) == (plan.id, home.anna.id)
    assert len(home.store.history(SmttePlan, plan.id)) == 1  # a comment is not a plan change


def test_an_empty_comment_is_refused_with_a_danish_sentence_and_nothing_is_saved(home):
    plan = stored(home, ready_plan(home.anna))
    with pytest.raises(ValueError) as error:
        add_comment(acting(home.store, home["MA"], now=at(9)), plan, "   ")
    assert str(error.value) == t("plan.error.empty_comment") == "Skriv kommentaren eller forslaget først."
    assert home.store.all(PlanKommentar) == []


def test_comments_show_open_ones_first_and_the_newest_first_within_each_group(home):
    store = home.store
    plan = stored(home, ready_plan(home.anna))
    other = stored(home, ready_plan(home.anna, "Anna går en tur"))
    morning = add_comment(acting(store, home["MA"], now=at(8)), plan, "Morgen")
    nine = add_comment(acting(store, home["MA"], now=at(9)), plan, "Ni")
    ten = add_comment(acting(store, home["BB"], now=at(10)), plan, "Ti")
    add_comment(acting(store, home["MA"], now=at(11)), other, "Om den anden plan")
    assert [c.id for c in comments(store, plan)] == [ten.id, nine.id, morning.id]

    mark_handled(acting(store, home["AA"]), ten.id)
    assert [(c.id, c.behandlet) for c in comments(store, plan)] == [(nine.id, False), (morning.id, False), (ten.id, True)]


def test_a_medarbejder_cannot_mark_a_comment_handled_but_the_tovholder_can(home):
    store = home.store
    plan = stored(home, ready_plan(home.anna))
    comment = add_comment(acting(store, home["MA"], now=at(9)), plan, "Kan vi prøve billeder?")
    with pytest.raises(PermissionError) as error:
        mark_handled(acting(store, home["MA"]), comment.id)
    assert error.value.key == "plan.error.only_planners"
    assert store.get(PlanKommentar, comment.id).behandlet is False
    assert len(store.history(PlanKommentar, comment.id)) == 1

    mark_handled(acting(store, home["AA"]), comment.id)
    assert store.get(PlanKommentar, comment.id).behandlet is True
    assert store.history(PlanKommentar, comment.id)[-1].author == "AA"


# --- hints while writing a tegn -------------------------------------------------------------------


@pytest.mark.parametrize("has_target", [False, True])
def test_a_tegn_saying_what_the_borger_does_gets_no_hints(has_target):
    assert tegn_hints("Hans børster selv tænder", has_target) == []


def test_a_feeling_without_a_target_gets_the_vague_word_hint_and_the_verb_hint():
    hints = tegn_hints("Anna er gladere", has_target=False)
    assert hints == [t("plan.hint.vague", words="«gladere»"), t("plan.hint.verb")]
    assert "«gladere»" in hints[0]


def test_a_vague_word_with_a_target_value_is_measurable_and_gets_no_vague_hint():
    assert tegn_hints("Anna går oftere en tur", has_target=True) == []
    assert tegn_hints("Anna går oftere en tur", has_target=False) == [t("plan.hint.vague", words="«oftere»")]
    assert tegn_hints("Anna er gladere", has_target=True) == [t("plan.hint.verb")]


def test_each_vague_word_is_named_once_in_the_order_written():
    hints = tegn_hints("Anna er mere glad og mere tryg", has_target=False)
    assert hints[0] == t("plan.hint.vague", words="«mere», «glad», «tryg»")


@pytest.mark.parametrize("tekst", ["", "   "])
def test_an_empty_tegn_gets_no_hints_yet(tekst):
    assert tegn_hints(tekst, has_target=False) == []
