"""A plan's history and conflicts as a tovholder reads them: versions, changes, both sides, a choice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest

from smtte_tui.auth import hash_pin
from smtte_tui.i18n import set_language
from smtte_tui.models import (
    Aggregering,
    BestillingRef,
    Borger,
    Interessent,
    InteressentType,
    Maal,
    Medarbejder,
    Opfoelgning,
    Opfoelgningsplan,
    PlanStatus,
    Retning,
    Sammenhaeng,
    SmttePlan,
    Tegn,
    Tiltag,
)
from smtte_tui.plandiff import SECTIONS, Change, conflict_sides, diff, flatten, kind_label, label, op_label, resolve, versions
from smtte_tui.store import Store
from tests.people import acting

from .conftest import StoreFactory, at


def staff_and_borger(store: Store) -> Borger:
    """Lene (leder) and Tove (tovholder), who may both change plans, and the borger Hans."""
    leder = Medarbejder(initialer="LE", navn="Lene Leder", rolle="leder", pin_hash=hash_pin("1234"))
    tovholder = Medarbejder(initialer="TH", navn="Tove Holm", rolle="tovholder", pin_hash=hash_pin("1234"))
    hans = Borger(navn="Hans Hansen", kortnavn="HH", bolig="Lejl. 4")
    store.create_many([leder, tovholder, hans], author="LE")
    return hans


def tooth_plan(borger: Borger) -> SmttePlan:
    return SmttePlan(
        borger_id=borger.id,
        status="aktiv",
        sammenhaeng=Sammenhaeng(
            baggrund="Hans har brug for hjælp til personlig hygiejne",
            borgerens_oenske="Jeg vil selv",
            bestilling=BestillingRef(tekst="§ 85 støtte", reference="2026-1234", dato=dt.date(2026, 10, 1)),
        ),
        maal=Maal(tekst="Hans børster selv tænder om morgenen", maaldato=dt.date(2027, 2, 1)),
        tegn=[
            Tegn(id="tegn-selv", tekst="Hans børster selv tænder", maaletype="ja_nej", baseline=0.25),
            Tegn(id="tegn-paamind", tekst="Antal påmindelser", maaletype="antal", bedre_retning="ned"),
        ],
        tiltag=[Tiltag(id="tiltag-frem", hvad="Tandbørsten lægges frem", hvem="Morgenvagt", hvor_ofte="Hver morgen", medier=["tand.png", "tand.mp4"])],
        evaluering=Opfoelgningsplan(naeste_opfoelgning=dt.date(2026, 12, 15)),
        tovholder="TH",
        interessenter=[Interessent(type="paaroerende", navn="Grete (mor)", inddraget=[dt.date(2026, 11, 2), dt.date(2026, 11, 20)])],
        maalopfyldelse_niveauer={"0": "Børster selv 4 af 7 morgener"},
    )


@pytest.fixture
def ticking(tmp_path: Path):
    """One terminal whose clock the test moves on, so each version has its own time."""
    now = [at(9)]
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data, local_dir=tmp_path / "kontoret", create=True, clock=lambda: now[0])
    yield store, now
    store.close()


# --- flatten and labels -------------------------------------------------------------------------


def test_flatten_lists_the_plan_in_the_methods_order_with_dates_and_ja_nej_for_display():
    plan = tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))
    lines = flatten(plan)
    paths = list(lines)

    sections = [path.split(".")[0].split("[")[0] for path in paths]
    assert list(dict.fromkeys(sections)) == list(SECTIONS)  # S, M, T(egn), T(iltag), E, the rest
    assert paths[:4] == ["status", "sammenhaeng.baggrund", "sammenhaeng.hvorfor", "sammenhaeng.borgerens_oenske"]
    assert paths.index("sammenhaeng.bestilling.dato") < paths.index("maal.tekst") < paths.index("tegn[tegn-selv].tekst")
    assert paths.index("tegn[tegn-paamind].aktiv") < paths.index("tiltag[tiltag-frem].hvad") < paths.index("evaluering.daglig_logning")
    assert paths[-5:] == [f"maalopfyldelse_niveauer.{level}" for level in ("-2", "-1", "0", "1", "2")]
    assert [p for p in paths if p.startswith("tegn[tegn-selv]")] == [
        f"tegn[tegn-selv].{name}" for name in ("tekst", "maaletype", "bedre_retning", "baseline", "maalvaerdi", "forventet_hyppighed", "aggregering", "vagter", "aktiv")
    ]
    assert lines["tegn[tegn-selv].vagter"] == "dag, aften, nat"

    assert lines["status"] == "aktiv"
    assert lines["sammenhaeng.hvorfor"] == ""
    assert lines["sammenhaeng.bestilling.dato"] == "01.10.2026"
    assert lines["maal.maaldato"] == "01.02.2027"
    assert lines["tegn[tegn-selv].maaletype"] == "ja/nej"
    assert lines["tegn[tegn-selv].baseline"] == "25 %"  # a ja/nej share in percent, as the editor shows it
    assert lines["tegn[tegn-selv].maalvaerdi"] == ""
    assert lines["tegn[tegn-paamind].bedre_retning"] == "mindre er bedre"
    assert lines["tegn[tegn-selv].aktiv"] == "ja"
    assert lines["tiltag[tiltag-frem].medier"] == "tand.png, tand.mp4"
    assert lines["evaluering.opfoelgning"] == "månedlig"
    assert lines["interessenter[0].type"] == "pårørende"
    assert lines["interessenter[0].inddraget"] == "02.11.2026, 20.11.2026"
    assert lines["maalopfyldelse_niveauer.0"] == "Børster selv 4 af 7 morgener"
    assert lines["maalopfyldelse_niveauer.2"] == ""


def test_every_plan_field_is_placed_in_the_methods_order_on_purpose():
    assert set(SmttePlan.model_fields) - {"id", "borger_id"} == set(SECTIONS)


def test_a_draft_without_a_goal_still_shows_the_goal_lines_empty():
    lines = flatten(SmttePlan(borger_id="b"))
    assert (lines["status"], lines["maal.tekst"], lines["maal.maaldato"]) == ("kladde", "", "")
    assert not any(path.startswith(("tegn[", "tiltag[", "interessenter[")) for path in lines)


def test_labels_name_the_field_and_the_tegn_in_danish_and_english():
    plan = tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))
    assert label("sammenhaeng.borgerens_oenske", plan) == "Sammenhæng · Borgerens ønske"
    assert label("sammenhaeng.bestilling.reference", plan) == "Sammenhæng · Bestilling · Sagsnummer"
    assert label("tegn[tegn-selv].maaletype", plan) == "Tegn «Hans børster selv tænder» · Måletype"
    assert label("tiltag[tiltag-frem].hvem", plan) == "Tiltag «Tandbørsten lægges frem» · Hvem"
    assert label("interessenter[0].kontakt", plan) == "Interessent 1 «Grete (mor)» · Kontakt"
    assert label("maalopfyldelse_niveauer.-1", plan) == "Målopfyldelse · -1 (mindre end forventet)"
    assert kind_label("aendret") == "ændret" and op_label("create") == "oprettet"

    set_language("en")
    try:
        assert label("sammenhaeng.borgerens_oenske", plan) == "Context · The resident's wish"
        assert label("tegn[tegn-selv].maaletype", plan) == "Sign «Hans børster selv tænder» · Measure"
        assert label("interessenter[0].kontakt", plan) == "Stakeholder 1 «Grete (mor)» · Contact"
        lines = flatten(plan)
        assert (lines["tegn[tegn-selv].aktiv"], lines["tegn[tegn-selv].baseline"], lines["status"]) == ("yes", "25%", "active")  # a ja/nej share in percent
        assert kind_label("tilfoejet") == "added" and op_label("retract") == "withdrawn"
    finally:
        set_language("da")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_path_and_every_choice_has_a_text_in_both_languages(lang):
    def choices(kind) -> tuple[str, ...]:
        return get_args(kind) if get_origin(kind) is Literal else ()

    plans = [tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))]
    for number, status in enumerate(choices(PlanStatus)):
        plans.append(
            SmttePlan(
                borger_id="b",
                status=status,
                maal=Maal(tekst="Mål"),
                tegn=[Tegn(tekst="T", maaletype="antal", bedre_retning=r, aggregering=a) for r in choices(Retning) for a in choices(Aggregering)],
                evaluering=Opfoelgningsplan(opfoelgning=choices(Opfoelgning)[number % 3]),
                interessenter=[Interessent(type=kind, navn="N") for kind in choices(InteressentType)],
            )
        )
    set_language(lang)
    try:
        for plan in plans:
            for path in flatten(plan):  # a missing text raises KeyError
                assert label(path, plan).strip()
    finally:
        set_language("da")


def test_an_item_the_plan_does_not_hold_is_named_by_the_start_of_its_id():
    assert label("tegn[0123456789abcdef].tekst", SmttePlan(borger_id="b")) == "Tegn «01234567» · Tekst"
    assert label("interessenter[2].navn", None) == "Interessent 3 «2» · Navn"


# --- diff ---------------------------------------------------------------------------------------


def test_a_new_plan_is_every_filled_field_added():
    plan = tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))
    changes = diff(None, plan)
    filled = {path: text for path, text in flatten(plan).items() if text}
    assert [c.path for c in changes] == list(filled)
    assert {c.kind for c in changes} == {"tilfoejet"}
    assert all(c.before == "" and c.after == filled[c.path] for c in changes)
    assert changes[0] == Change("status", "Status", "", "aktiv", "tilfoejet")


def test_an_unchanged_plan_has_no_changes():
    plan = tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))
    assert diff(plan, plan.model_copy(deep=True)) == []


def test_a_tegn_added_shows_as_its_fields_added_under_its_own_name():
    old = tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))
    new = old.model_copy(update={"tegn": [*old.tegn, Tegn(id="tegn-smil", tekst="Smiler bagefter", maaletype="skala_1_5")]})
    changes = diff(old, new)
    assert {c.kind for c in changes} == {"tilfoejet"}
    assert [c.path for c in changes] == [p for p, text in flatten(new).items() if p.startswith("tegn[tegn-smil]") and text]
    assert changes[0].label == "Tegn «Smiler bagefter» · Tekst"
    assert (changes[1].label, changes[1].after) == ("Tegn «Smiler bagefter» · Måletype", "skala 1–5")


def test_a_tegn_deactivated_is_one_change_of_its_aktiv_field():
    old = tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))
    new = old.model_copy(deep=True)
    new.tegn[1].aktiv = False
    assert diff(old, new) == [Change("tegn[tegn-paamind].aktiv", "Tegn «Antal påmindelser» · Aktiv", "ja", "nej", "aendret")]


def test_a_cleared_wish_is_removed_and_a_rewritten_goal_changed_in_plan_order():
    old = tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))
    new = old.model_copy(update={"sammenhaeng": old.sammenhaeng.model_copy(update={"borgerens_oenske": ""}), "maal": Maal(tekst="Hans børster selv tænder hver morgen")})
    changes = diff(old, new)
    assert [(c.label, c.kind) for c in changes] == [
        ("Sammenhæng · Borgerens ønske", "fjernet"),
        ("Mål · Tekst", "aendret"),
        ("Mål · Måldato", "fjernet"),
    ]
    assert (changes[1].before, changes[1].after) == ("Hans børster selv tænder om morgenen", "Hans børster selv tænder hver morgen")


def test_a_tegn_taken_out_of_the_list_is_removed_under_its_old_name_where_it_stood():
    old = tooth_plan(Borger(navn="Hans Hansen", kortnavn="HH"))
    new = old.model_copy(update={"tegn": [old.tegn[1]]})
    changes = diff(old, new)
    assert {c.kind for c in changes} == {"fjernet"}
    assert {c.path.split("]")[0] for c in changes} == {"tegn[tegn-selv"}
    assert changes[0].label == "Tegn «Hans børster selv tænder» · Tekst"
    order = list(flatten(old))
    assert [c.path for c in changes] == [p for p in order if p in {c.path for c in changes}]


# --- versions -----------------------------------------------------------------------------------


def test_versions_after_a_plan_is_made_and_changed_twice_show_who_when_and_what(ticking):
    store, now = ticking
    hans = staff_and_borger(store)
    plan = tooth_plan(hans)
    created = store.create(plan, "TH")
    now[0] = at(11)
    first = store.update(SmttePlan, plan.id, {"sammenhaeng": {**plan.sammenhaeng.model_dump(), "hvorfor": "Tandlægen fandt huller"}}, "LE")
    now[0] = at(14, 30)
    tegn = [t.model_dump() for t in plan.tegn]
    tegn[1]["aktiv"] = False
    second = store.update(SmttePlan, plan.id, {"tegn": tegn, "tovholder": "LE"}, "TH")

    found = versions(store, plan.id)

    assert [(v.number, v.revision_id, v.author, v.op) for v in found] == [(1, created.id, "TH", "create"), (2, first.id, "LE", "update"), (3, second.id, "TH", "update")]
    assert [v.when for v in found] == [at(9), at(11), at(14, 30)]
    assert all(v.when.tzinfo is not None for v in found)
    assert [v.author_name for v in found] == ["Tove Holm", "Lene Leder", "Tove Holm"]
    assert found[0].changes == diff(None, plan)
    assert found[1].changes == [Change("sammenhaeng.hvorfor", "Sammenhæng · Hvorfor nu", "", "Tandlægen fandt huller", "tilfoejet")]
    assert [(c.label, c.before, c.after, c.kind) for c in found[2].changes] == [
        ("Tegn «Antal påmindelser» · Aktiv", "ja", "nej", "aendret"),
        ("Tovholder", "TH", "LE", "aendret"),
    ]
    assert found[0].state == plan
    assert found[1].state.tovholder == "TH" and found[1].state.tegn[1].aktiv
    assert found[-1].state == store.get(SmttePlan, plan.id)


def test_a_withdrawn_plan_ends_with_a_version_without_state_that_removes_everything(ticking):
    store, _ = ticking
    plan = tooth_plan(staff_and_borger(store))
    store.create(plan, "TH")
    store.retract(SmttePlan, plan.id, "LE")
    last = versions(store, plan.id)[-1]
    assert (last.number, last.op, last.state, last.author) == (2, "retract", None, "LE")
    assert {c.kind for c in last.changes} == {"fjernet"} and len(last.changes) == len(diff(None, plan))


def test_a_plan_made_half_a_year_ago_still_starts_with_its_creation(open_store: StoreFactory):
    spring = open_store("kontoret", now=at(10, day=2) - dt.timedelta(days=180))
    plan = tooth_plan(staff_and_borger(spring))
    spring.create(plan, "TH")
    spring.close()
    autumn = open_store("vagtstuen", now=at(10))
    autumn.update(SmttePlan, plan.id, {"tovholder": "LE"}, "LE")

    found = versions(autumn, plan.id)
    assert [(v.op, v.author) for v in found] == [("create", "TH"), ("update", "LE")]
    assert found[1].changes == [Change("tovholder", "Tovholder", "TH", "LE", "aendret")]


def test_an_unknown_plan_has_no_versions(store: Store):
    assert versions(store, "ingen-plan") == []


# --- conflicts ----------------------------------------------------------------------------------


@pytest.fixture
def two_terminals(open_store: StoreFactory):
    """Kontoret (Tove) and vagtstuen (Lene) on one share, both having seen Hans's plan."""
    kontoret = open_store("kontoret")
    plan = tooth_plan(staff_and_borger(kontoret))
    kontoret.create(plan, "TH")
    vagtstuen = open_store("vagtstuen")
    vagtstuen.poll()
    assert vagtstuen.get(SmttePlan, plan.id) == plan
    return kontoret, vagtstuen, plan


def test_two_people_rewriting_the_context_at_once_see_both_versions_and_one_choice_ends_it(two_terminals):
    kontoret, vagtstuen, plan = two_terminals
    toves = plan.sammenhaeng.model_copy(update={"hvorfor": "Tandlægen fandt huller"})
    lenes = plan.sammenhaeng.model_copy(update={"borgerens_oenske": "Jeg vil selv, uden hjælp"})
    from_tove = kontoret.update(SmttePlan, plan.id, {"sammenhaeng": toves}, "TH")  # neither has polled
    from_lene = vagtstuen.update(SmttePlan, plan.id, {"sammenhaeng": lenes}, "LE")
    kontoret.poll(), vagtstuen.poll()

    [conflict] = vagtstuen.conflicts()
    assert (conflict.entity, conflict.entity_id, conflict.field) == ("plan", plan.id, "sammenhaeng")
    current = vagtstuen.get(SmttePlan, plan.id)
    sides = conflict_sides(vagtstuen, conflict, current)

    assert len(sides) == 2
    by_author = {side.author: side for side in sides}
    assert set(by_author) == {"TH", "LE"}
    assert {side.revision.id for side in sides} == {from_tove.id, from_lene.id}
    assert by_author["TH"].author_name == "Tove Holm" and by_author["TH"].when == at(10)
    for side in sides:
        assert [line.path for line in side.lines] == [p for p in flatten(current) if p.startswith("sammenhaeng.")]
        assert side.lines[0].label == "Sammenhæng · Baggrund"
    tove_lines = {line.path: line.value for line in by_author["TH"].lines}
    lene_lines = {line.path: line.value for line in by_author["LE"].lines}
    assert (tove_lines["sammenhaeng.hvorfor"], tove_lines["sammenhaeng.borgerens_oenske"]) == ("Tandlægen fandt huller", "Jeg vil selv")
    assert (lene_lines["sammenhaeng.hvorfor"], lene_lines["sammenhaeng.borgerens_oenske"]) == ("", "Jeg vil selv, uden hjælp")

    # the history still reads as one sequence, ending where the store stands
    assert versions(vagtstuen, plan.id)[-1].state == current

    chosen = resolve(acting(vagtstuen, "LE"), plan.id, "sammenhaeng", by_author["TH"].value)
    assert set(chosen.parents) == {from_tove.id, from_lene.id}
    kontoret.poll()
    for store in (kontoret, vagtstuen):
        assert store.conflicts() == []
        assert store.get(SmttePlan, plan.id).sammenhaeng == toves
        kept = [rev.data["sammenhaeng"] for rev in store.history(SmttePlan, plan.id) if "sammenhaeng" in rev.data]
        assert lenes.model_dump(mode="json") in kept  # the version not chosen is still in the history
    last = versions(kontoret, plan.id)[-1]
    assert (last.revision_id, last.author, last.state) == (chosen.id, "LE", kontoret.get(SmttePlan, plan.id))


def test_a_conflict_over_the_tegn_names_each_sides_tegn_by_that_sides_text(two_terminals):
    kontoret, vagtstuen, plan = two_terminals
    renamed = [t.model_copy(update={"tekst": "Børster selv"}) if t.id == "tegn-selv" else t for t in plan.tegn]
    kontoret.update(SmttePlan, plan.id, {"tegn": renamed}, "TH")
    vagtstuen.update(SmttePlan, plan.id, {"tegn": [*plan.tegn, Tegn(id="tegn-smil", tekst="Smiler", maaletype="ja_nej")]}, "LE")
    kontoret.poll(), vagtstuen.poll()

    [conflict] = kontoret.conflicts()
    sides = {side.author: side for side in conflict_sides(kontoret, conflict, kontoret.get(SmttePlan, plan.id))}
    assert {line.label for line in sides["TH"].lines if line.path == "tegn[tegn-selv].tekst"} == {"Tegn «Børster selv» · Tekst"}
    assert "Tegn «Smiler» · Måletype" in {line.label for line in sides["LE"].lines}
    assert not any(line.path.startswith("tegn[tegn-smil]") for line in sides["TH"].lines)

    resolve(acting(kontoret, "TH"), plan.id, "tegn", sides["LE"].value)
    assert kontoret.conflicts() == []
    assert [t.tekst for t in kontoret.get(SmttePlan, plan.id).tegn] == ["Hans børster selv tænder", "Antal påmindelser", "Smiler"]


def test_conflict_sides_refuses_a_conflict_that_is_not_about_a_plan(two_terminals):
    from smtte_tui.store.fold import FieldConflict

    kontoret, _, plan = two_terminals
    with pytest.raises(ValueError):
        conflict_sides(kontoret, FieldConflict("borger", "x", "navn", ()), plan)


def test_concurrent_edits_that_combine_into_an_invalid_plan_show_a_version_without_state(two_terminals):
    kontoret, vagtstuen, plan = two_terminals
    draft = kontoret.update(SmttePlan, plan.id, {"status": "kladde"}, "TH")
    vagtstuen.poll()
    kontoret.update(SmttePlan, plan.id, {"maal": None}, "TH")  # fine for a draft
    vagtstuen.update(SmttePlan, plan.id, {"status": "aktiv"}, "LE")  # fine with the goal it saw
    kontoret.poll(), vagtstuen.poll()

    found = versions(kontoret, plan.id)
    assert [v.op for v in found] == ["create", "update", "update", "update"]
    assert found[1].revision_id == draft.id and found[1].state is not None
    assert found[2].state is not None and found[3].state is None and found[3].changes == []


def test_a_ja_nej_target_is_shown_in_percent_like_in_the_editor_and_the_charts():
    from smtte_tui.models import Borger, Maal, SmttePlan, Tegn

    borger = Borger(navn="Anna Jensen", kortnavn="AJ")
    before = SmttePlan(
        borger_id=borger.id, maal=Maal(tekst="Mål"), tegn=[Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej", maalvaerdi=0.3), Tegn(tekst="Påmindelser", maaletype="antal", maalvaerdi=2)]
    )
    after = before.model_copy(update={"tegn": [before.tegn[0].model_copy(update={"maalvaerdi": 0.8}), before.tegn[1]]})
    (change,) = diff(before, after)
    assert (change.before, change.after) == ("30 %", "80 %")
    assert flatten(after)[f"tegn[{after.tegn[1].id}].maalvaerdi"] == "2"


def test_a_tiltag_adopted_from_a_prøvehandling_names_it_never_its_id(ticking):
    from smtte_tui.models import PdsaCycle

    store, now = ticking
    hans = staff_and_borger(store)
    plan = tooth_plan(hans)
    store.create(plan, "TH")
    cycle = PdsaCycle(borger_id=hans.id, plan_id=plan.id, tiltag_id=plan.tiltag[0].id, nummer=2, formaal="Video om morgenen", start=dt.date(2026, 11, 1), slut=dt.date(2026, 11, 14))
    store.create(cycle, "TH")
    now[0] = at(11)
    tiltag = [t.model_dump() for t in plan.tiltag]
    tiltag[0]["fra_pdsa"] = cycle.id
    store.update(SmttePlan, plan.id, {"tiltag": tiltag}, "TH")

    (change,) = versions(store, plan.id)[-1].changes
    assert (change.label.endswith("Fra prøvehandling"), change.after) == (True, "prøvehandling 2: Video om morgenen")
    assert cycle.id not in change.after and cycle.id[:8] not in change.after
    shown = flatten(store.get(SmttePlan, plan.id))  # without the cycles at hand: words, not an id
    assert shown[f"tiltag[{plan.tiltag[0].id}].fra_pdsa"] == "en prøvehandling"
