"""Prøvehandlinger (PDSA cycles): drafts from a tiltag, who may start one, ramps, overdue cycles,
Do notes, the Study summary on known data, and Act (adopt/adapt/abandon) through a whole ramp."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from smtte_tui.features.pdsa import pdsa
from smtte_tui.features.pdsa.pdsa import abandon, adapt, adopt, cycles_of, do_notes, draft_from_tiltag, ramps, start, study
from smtte_tui.features.shift.shiftlog import add_do_note, save_shift
from smtte_tui.i18n import t
from smtte_tui.lookup import overdue
from smtte_tui.models import (
    Borger,
    Forudsigelse,
    Maal,
    Medarbejder,
    Notat,
    Observation,
    Opfoelgningsplan,
    PdsaCycle,
    SmttePlan,
    Tegn,
    Tiltag,
)
from smtte_tui.store import NotAllowed, Store
from tests.people import acting, house_staff

from .conftest import TODAY, StoreFactory

D = dt.date
UTC = dt.UTC
DAY = dt.timedelta(days=1)


@dataclass
class Home:
    """Staff LE (leder), MA (medarbejder), AA and BB (tovholdere); Anna with an active plan."""

    store: Store
    staff: dict[str, Medarbejder]
    anna: Borger
    plan: SmttePlan

    def __getitem__(self, initialer: str) -> Medarbejder:
        return self.staff[initialer]

    @property
    def troeje(self) -> Tegn:
        return self.plan.tegn[0]

    @property
    def humoer(self) -> Tegn:
        return self.plan.tegn[1]

    @property
    def paamindelser(self) -> Tegn:
        return self.plan.tegn[2]


@pytest.fixture
def home(store: Store) -> Home:
    staff = {m.initialer: m for m in house_staff()}
    anna = Borger(navn="Anna Jensen", kortnavn="AJ", bolig="Lejl. 1")
    plan = SmttePlan(
        borger_id=anna.id,
        status="aktiv",
        maal=Maal(tekst="Anna tager selv tøj på"),
        tegn=[
            Tegn(tekst="Anna tager selv trøjen på", maaletype="ja_nej"),
            Tegn(tekst="Humør", maaletype="skala_1_5"),
            Tegn(tekst="Antal påmindelser", maaletype="antal", bedre_retning="ned"),
            Tegn(tekst="Gammelt tegn", maaletype="minutter", aktiv=False),
        ],
        tiltag=[
            Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften"),
            Tiltag(hvad="Billedguide ved skabet", hvem="Dagvagt", hvor_ofte="Hver morgen"),
        ],
        evaluering=Opfoelgningsplan(naeste_opfoelgning=D(2026, 12, 25)),
        tovholder="AA",
    )
    store.create_many([*staff.values(), anna, plan], "LE")
    return Home(store, staff, anna, plan)


def started(home: Home, first_day: dt.date, *, tiltag: int | None = 0, days: int = 14, study_text: str = "") -> PdsaCycle:
    """A cycle started by tovholder AA, with the team's Study text when given."""
    tiltag_id = home.plan.tiltag[tiltag].id if tiltag is not None else None
    cycle = start(acting(home.store, home["AA"]), draft_from_tiltag(home.plan, tiltag_id, first_day, days))
    if study_text:
        pdsa.save(acting(home.store, home["AA"]), cycle.id, {"study": study_text})
    return home.store.get(PdsaCycle, cycle.id)


def bare_cycle(borger_id: str, *, rampe: str = "r1", nummer: int = 1, first_day: dt.date = TODAY, last_day: dt.date | None = None, **fields: object) -> PdsaCycle:
    return PdsaCycle(borger_id=borger_id, plan_id="p1", rampe_id=rampe, nummer=nummer, formaal="Tøj lagt frem", start=first_day, slut=last_day or first_day + 13 * DAY, **fields)


# --- drafts and starting ----------------------------------------------------------------------------


def test_a_cycle_drafted_from_a_tiltag_is_pre_filled_with_what_who_and_how_often_for_14_days(home):
    tiltag = home.plan.tiltag[0]
    draft = draft_from_tiltag(home.plan, tiltag.id, TODAY)
    assert (draft.borger_id, draft.plan_id, draft.tiltag_id) == (home.anna.id, home.plan.id, tiltag.id)
    assert (draft.formaal, draft.aendring, draft.hvem, draft.hvornaar) == ("Tøjet lægges frem", "Tøjet lægges frem", "Aftenvagt", "Hver aften")
    assert draft.data_tegn == [home.troeje.id, home.humoer.id, home.paamindelser.id]  # not the retired tegn
    assert (draft.start, draft.slut) == (D(2026, 11, 25), D(2026, 12, 8))
    assert (draft.slut - draft.start).days + 1 == 14  # both days count
    assert (draft.nummer, draft.status, draft.study, draft.act) == (1, "aktiv", "", None)
    assert home.store.all(PdsaCycle) == []  # a draft is not saved


def test_a_shorter_cycle_can_be_drafted(home):
    draft = draft_from_tiltag(home.plan, home.plan.tiltag[1].id, TODAY, days=7)
    assert (draft.start, draft.slut) == (D(2026, 11, 25), D(2026, 12, 1))
    assert (draft.formaal, draft.hvem, draft.hvornaar) == ("Billedguide ved skabet", "Dagvagt", "Hver morgen")


def test_a_new_idea_is_drafted_without_a_tiltag(home):
    draft = draft_from_tiltag(home.plan, None, TODAY)
    assert draft.tiltag_id is None
    assert draft.formaal == t("pdsa.new_idea") == "Ny idé"
    assert (draft.aendring, draft.hvem, draft.hvornaar) == ("", "", "")
    assert draft.data_tegn == [home.troeje.id, home.humoer.id, home.paamindelser.id]
    assert (draft.slut - draft.start).days + 1 == 14


def test_a_tovholder_starts_a_cycle_and_it_is_saved_as_drafted(home):
    draft = draft_from_tiltag(home.plan, home.plan.tiltag[0].id, TODAY)
    cycle = start(acting(home.store, home["AA"]), draft)
    assert home.store.get(PdsaCycle, cycle.id) == draft
    [created] = home.store.history(PdsaCycle, cycle.id)
    assert (created.op, created.author) == ("create", "AA")


def test_a_cycle_without_a_purpose_is_not_started(home):
    draft = draft_from_tiltag(home.plan, home.plan.tiltag[0].id, TODAY).model_copy(update={"formaal": "   "})
    with pytest.raises(ValueError) as error:
        start(acting(home.store, home["AA"]), draft)
    assert str(error.value) == t("pdsa.error.formaal") == "Skriv formålet med prøvehandlingen."
    assert home.store.all(PdsaCycle) == []


def test_a_medarbejder_cannot_start_a_cycle(home):
    with pytest.raises(NotAllowed):
        start(acting(home.store, home["MA"]), draft_from_tiltag(home.plan, home.plan.tiltag[0].id, TODAY))
    assert home.store.all(PdsaCycle) == []


def test_a_medarbejder_cannot_write_the_study_of_a_cycle(home):
    cycle = started(home, TODAY)
    with pytest.raises(NotAllowed):
        pdsa.save(acting(home.store, home["MA"]), cycle.id, {"study": "Det gik fint"})
    assert home.store.get(PdsaCycle, cycle.id).study == ""
    assert len(home.store.history(PdsaCycle, cycle.id)) == 1


# --- ramps and overdue cycles -----------------------------------------------------------------------


def test_ramps_group_cycles_by_ramp_in_number_order_and_ramps_by_first_start():
    one = bare_cycle("b1", rampe="toej", nummer=1, first_day=D(2026, 11, 1))
    two = bare_cycle("b1", rampe="toej", nummer=2, first_day=D(2026, 11, 15))
    three = bare_cycle("b1", rampe="toej", nummer=3, first_day=D(2026, 11, 22))
    bad = bare_cycle("b1", rampe="bad", nummer=1, first_day=D(2026, 11, 8))
    grouped = ramps([three, bad, one, two])
    assert [[c.id for c in ramp] for ramp in grouped] == [[one.id, two.id, three.id], [bad.id]]
    assert ramps([]) == []


def test_cycles_of_one_ramp_are_in_number_order_even_when_a_later_one_has_an_earlier_start():
    same_day_two = bare_cycle("b1", rampe="toej", nummer=2, first_day=D(2026, 11, 1))
    same_day_one = bare_cycle("b1", rampe="toej", nummer=1, first_day=D(2026, 11, 1))
    assert [c.nummer for c in ramps([same_day_two, same_day_one])[0]] == [1, 2]
    # cycle 2's start corrected to a day before cycle 1's (typed wrong at first)
    second = bare_cycle("b1", rampe="bad", nummer=2, first_day=D(2026, 11, 3))
    first = bare_cycle("b1", rampe="bad", nummer=1, first_day=D(2026, 11, 5))
    assert [c.nummer for c in ramps([first, second])[0]] == [1, 2]


def test_overdue_lists_only_cycles_past_their_end_without_a_decision_oldest_end_first(home):
    store = home.store
    bent = Borger(navn="Bent Olsen", kortnavn="BO")
    store.create(bent, "LE")
    anna = home.anna.id
    yesterday = bare_cycle(anna, rampe="a", first_day=D(2026, 11, 11), last_day=D(2026, 11, 24))
    planned = bare_cycle(anna, rampe="b", first_day=D(2026, 11, 5), last_day=D(2026, 11, 18), status="planlagt")
    decided = bare_cycle(anna, rampe="c", first_day=D(2026, 11, 1), last_day=D(2026, 11, 14), status="afsluttet", study="Virkede", act="adopt")
    ends_today = bare_cycle(anna, rampe="d", first_day=D(2026, 11, 12), last_day=TODAY)
    running = bare_cycle(anna, rampe="e", first_day=D(2026, 11, 20), last_day=D(2026, 12, 3))
    bents = bare_cycle(bent.id, rampe="f", first_day=D(2026, 11, 7), last_day=D(2026, 11, 20))
    store.create_many([yesterday, planned, decided, ends_today, running, bents], "AA")

    assert [c.id for c in overdue(store, TODAY)] == [planned.id, bents.id, yesterday.id]
    assert [c.id for c in overdue(store, TODAY, {anna})] == [planned.id, yesterday.id]
    assert overdue(store, TODAY, set()) == []


# --- Do notes ---------------------------------------------------------------------------------------


def test_do_notes_written_by_a_medarbejder_are_the_cycles_own_notes_oldest_first(home):
    store = home.store
    cycle = started(home, D(2026, 11, 18))
    other = started(home, D(2026, 11, 18), tiltag=1)
    later = add_do_note(acting(store, "MA"), pdsa=cycle, tekst="Tøjet lå klar; Anna tog trøjen selv", dato=D(2026, 11, 20), vagt="aften")
    earlier = add_do_note(acting(store, "MA"), pdsa=cycle, tekst="Anna ville ikke have den røde troeje", dato=D(2026, 11, 18), vagt="aften", overraskelse=True)
    add_do_note(acting(store, "MA"), pdsa=other, tekst="Billedguiden hang for højt", dato=D(2026, 11, 19), vagt="dag")
    save_shift(acting(store, "MA", terminal="t"), borger_id=home.anna.id, plan=home.plan, entries=[], note="Anna sov godt", dato=D(2026, 11, 19), vagt="nat")

    notes = do_notes(store, cycle)
    assert [n.id for n in notes] == [earlier.id, later.id]
    assert all(isinstance(n, Notat) for n in notes)
    assert {(n.pdsa_id, n.plan_id, n.tiltag_id, n.forfatter) for n in notes} == {(cycle.id, home.plan.id, home.plan.tiltag[0].id, "MA")}
    assert [n.overraskelse for n in notes] == [True, False]


def test_an_empty_do_note_is_refused(home):
    cycle = started(home, TODAY)
    with pytest.raises(ValueError):
        add_do_note(acting(home.store, "MA"), pdsa=cycle, tekst="  ", dato=TODAY, vagt="dag")
    assert do_notes(home.store, cycle) == []


# --- Study ------------------------------------------------------------------------------------------


def log(home: Home, tegn: Tegn, first_day: dt.date, values: list[object], store: Store | None = None, backdate: bool = False) -> None:
    """One observation a day from ``first_day``, logged by MA (backdated: written on that day)."""
    store = store or home.store
    days = [first_day + n * DAY for n in range(len(values))]
    records = [
        Observation(borger_id=home.anna.id, plan_id=home.plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=day, vagt="dag", forfatter="MA", terminal=store.writer)
        for day, value in zip(days, values)
    ]
    when = [dt.datetime(day.year, day.month, day.day, 12, tzinfo=UTC) for day in days] if backdate else None
    store.create_many(records, "MA", at=when)


def test_study_compares_a_week_of_the_cycle_with_the_week_before(home):
    store = home.store
    cycle = started(home, D(2026, 11, 18), days=7)  # 18..24 Nov; the week before is 11..17 Nov
    pdsa.save(acting(store, home["AA"]), cycle.id, {"data_tegn": [home.troeje.id, home.humoer.id]})
    cycle = store.get(PdsaCycle, cycle.id)
    no, yes = False, True
    log(home, home.troeje, D(2026, 11, 10), [yes])  # the day before the week before: not counted
    log(home, home.troeje, D(2026, 11, 11), [yes, no, no, yes, no, no, no])  # 2 of 7
    log(home, home.troeje, D(2026, 11, 18), [yes, yes, no, yes, yes, no, yes])  # 5 of 7
    log(home, home.troeje, TODAY, [no])  # after the cycle ended: not counted
    log(home, home.humoer, D(2026, 11, 11), [1, 2, 2, 3, 2, 2, 1])  # median 2, mean 13/7
    log(home, home.humoer, D(2026, 11, 18), [3, 4, 4, 5, 3, 4, 4])  # median 4, mean 27/7
    log(home, home.paamindelser, D(2026, 11, 18), [9, 9, 9])  # not one of the cycle's data tegn

    troeje, humoer = study(store, cycle, home.plan, TODAY)

    assert (troeje.tegn_id, humoer.tegn_id) == (home.troeje.id, home.humoer.id)
    assert (troeje.before.n, troeje.before.days_with_data, troeje.during.n) == (7, 7, 7)
    assert troeje.before.ja_share == pytest.approx(2 / 7)
    assert troeje.during.ja_share == pytest.approx(5 / 7)
    assert troeje.change == pytest.approx(3 / 7)
    assert troeje.direction == "faa"  # a week on each side: too few observations to call it
    assert troeje.before.median is None
    assert (humoer.before.median, humoer.during.median) == (2.0, 4.0)
    assert (humoer.before.mean, humoer.during.mean) == (pytest.approx(13 / 7), pytest.approx(27 / 7))
    assert (humoer.change, humoer.direction) == (2.0, "faa")
    assert humoer.before.ja_share is None


def test_more_reminders_during_the_cycle_is_worse_for_a_tegn_where_less_is_better(home):
    cycle = started(home, D(2026, 11, 11), days=14)  # 11..24 Nov; the two weeks before: 28 Oct..10 Nov
    log(home, home.paamindelser, D(2026, 10, 28), [1, 1, 2, 1, 0, 1, 1] * 2)  # median 1
    log(home, home.paamindelser, D(2026, 11, 11), [3, 2, 3, 4, 3, 3, 2] * 2)  # median 3
    by_tegn = {s.tegn_id: s for s in study(home.store, cycle, home.plan, TODAY)}
    assert set(by_tegn) == {home.troeje.id, home.humoer.id, home.paamindelser.id}
    reminders = by_tegn[home.paamindelser.id]
    assert (reminders.before.median, reminders.during.median, reminders.change, reminders.direction) == (1.0, 3.0, 2.0, "vaerre")
    assert by_tegn[home.troeje.id].direction == "faa"  # nothing logged: no judgement


def test_study_of_a_cycle_half_a_year_ago_reads_the_older_months_it_needs(home, open_store: StoreFactory):
    cycle = started(home, D(2026, 6, 8), days=7)  # 8..14 June; the week before is 1..7 June
    log(home, home.troeje, D(2026, 6, 1), [False] * 6 + [True], backdate=True)
    log(home, home.troeje, D(2026, 6, 8), [True] * 6 + [False], backdate=True)
    another_pc = open_store("vagtstuen")
    assert another_pc.all(Observation, home.anna.id) == []  # June is not read at start-up
    [troeje, *_] = study(another_pc, another_pc.get(PdsaCycle, cycle.id), home.plan, TODAY)
    assert (troeje.before.n, troeje.during.n) == (7, 7)
    assert (troeje.before.ja_share, troeje.during.ja_share) == (pytest.approx(1 / 7), pytest.approx(6 / 7))
    assert troeje.direction == "faa"  # 7 on each side


# --- Act --------------------------------------------------------------------------------------------


ACTS = {
    "adopt": lambda home, cycle_id: adopt(acting(home.store, home["AA"]), cycle_id, hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften"),
    "adapt": lambda home, cycle_id: adapt(acting(home.store, home["AA"]), cycle_id, begrundelse="Tæt på", today=TODAY),
    "abandon": lambda home, cycle_id: abandon(acting(home.store, home["AA"]), cycle_id, begrundelse="Anna ville ikke"),
}


@pytest.mark.parametrize("act", sorted(ACTS))
def test_no_decision_is_taken_before_the_team_has_written_its_study(home, act):
    cycle = started(home, D(2026, 11, 4))
    with pytest.raises(ValueError) as error:
        ACTS[act](home, cycle.id)
    assert error.value.key == "pdsa.error.study_first"
    assert str(error.value).startswith("Skriv først teamets vurdering (Study)")
    now = home.store.get(PdsaCycle, cycle.id)
    assert (now.status, now.act) == ("aktiv", None)
    assert len(home.store.history(PdsaCycle, cycle.id)) == 1
    assert len(home.store.history(SmttePlan, home.plan.id)) == 1


@pytest.mark.parametrize("act", sorted(ACTS))
def test_a_closed_cycle_cannot_be_decided_again(home, act):
    cycle = started(home, D(2026, 11, 4), study_text="Ingen forskel")
    abandon(acting(home.store, home["AA"]), cycle.id, begrundelse="Anna ville ikke")
    cycle_revisions = len(home.store.history(PdsaCycle, cycle.id))
    with pytest.raises(ValueError) as error:
        ACTS[act](home, cycle.id)
    assert error.value.key == "pdsa.error.closed"
    assert home.store.get(PdsaCycle, cycle.id).act == "abandon"
    assert len(home.store.history(PdsaCycle, cycle.id)) == cycle_revisions
    assert home.store.get(SmttePlan, home.plan.id) == home.plan


def test_abandoning_needs_a_reason_so_the_team_remembers_why(home):
    cycle = started(home, D(2026, 11, 4), study_text="Anna blev urolig af det")
    with pytest.raises(ValueError) as error:
        abandon(acting(home.store, home["AA"]), cycle.id, begrundelse="   ")
    assert error.value.key == "pdsa.error.why_abandon"
    assert home.store.get(PdsaCycle, cycle.id).status == "aktiv"

    abandon(acting(home.store, home["AA"]), cycle.id, begrundelse="  Anna blev urolig; vi prøver noget andet  ")
    now = home.store.get(PdsaCycle, cycle.id)
    assert (now.status, now.act, now.act_begrundelse) == ("afsluttet", "abandon", "Anna blev urolig; vi prøver noget andet")
    assert home.store.get(SmttePlan, home.plan.id) == home.plan  # abandoning leaves the plan alone


@pytest.mark.parametrize("missing", ["hvad", "hvem", "hvor_ofte"])
def test_adopting_needs_what_who_and_how_often(home, missing):
    cycle = started(home, D(2026, 11, 4), study_text="Virkede")
    fields = {"hvad": "Tøjet lægges frem", "hvem": "Aftenvagt", "hvor_ofte": "Hver aften", missing: "  "}
    with pytest.raises(ValueError) as error:
        adopt(acting(home.store, home["AA"]), cycle.id, **fields)
    assert error.value.key == "pdsa.error.adopt_fields"
    assert len(home.store.history(SmttePlan, home.plan.id)) == 1
    assert home.store.get(PdsaCycle, cycle.id).status == "aktiv"


def test_a_medarbejder_cannot_adopt_and_neither_plan_nor_cycle_changes(home):
    cycle = started(home, D(2026, 11, 4), study_text="Virkede")
    with pytest.raises(NotAllowed):
        adopt(acting(home.store, home["MA"]), cycle.id, hvad="Tøjet lægges frem", hvem="Alle", hvor_ofte="Altid")
    assert len(home.store.history(SmttePlan, home.plan.id)) == 1
    assert home.store.get(PdsaCycle, cycle.id).status == "aktiv"


def test_a_full_ramp_adapts_once_then_adopts_into_the_plans_own_tiltag(home):
    store, aa = home.store, home["AA"]
    plan, tiltag, billedguide = home.plan, home.plan.tiltag[0], home.plan.tiltag[1]

    # cycle 1: test the tiltag as it stands, 4..17 Nov
    draft = draft_from_tiltag(plan, tiltag.id, D(2026, 11, 4))
    draft.spoergsmaal = [Forudsigelse(spoergsmaal="Tager Anna trøjen på selv?", forudsigelse="Ja, 4 af 7 dage")]
    draft.hvor = "Annas lejlighed"
    first = start(acting(store, aa), draft)
    pdsa.save(acting(store, aa), first.id, {"study": "3 af 7 dage; tøjet lå for langt fra sengen", "naeste_skridt": "Tøjet lægges på stolen ved sengen"})

    offered = adapt(acting(store, aa), first.id, begrundelse="Tæt på; tøjet skal ligge nærmere", today=D(2026, 11, 18))

    closed_first = store.get(PdsaCycle, first.id)
    assert (closed_first.status, closed_first.act, closed_first.act_begrundelse) == ("afsluttet", "adapt", "Tæt på; tøjet skal ligge nærmere")
    assert store.get(PdsaCycle, offered.id) is None  # offered pre-filled, not saved
    assert offered.id != first.id
    assert (offered.rampe_id, offered.nummer) == (first.rampe_id, 2)
    assert offered.start == D(2026, 11, 18)
    assert offered.slut - offered.start == first.slut - first.start
    assert offered.spoergsmaal == [Forudsigelse(spoergsmaal="Tager Anna trøjen på selv?", forudsigelse="")]
    assert offered.aendring == "Tøjet lægges på stolen ved sengen"  # the next step the team wrote
    assert (offered.tiltag_id, offered.formaal, offered.hvem, offered.hvor, offered.hvornaar, offered.data_tegn) == (
        first.tiltag_id,
        first.formaal,
        first.hvem,
        first.hvor,
        first.hvornaar,
        first.data_tegn,
    )
    assert (offered.study, offered.act, offered.act_begrundelse, offered.naeste_skridt, offered.status) == ("", None, "", "", "aktiv")

    # cycle 2: the adapted change, then adopt
    offered.spoergsmaal = [Forudsigelse(spoergsmaal="Tager Anna trøjen på selv?", forudsigelse="6 af 7 dage")]
    second = start(acting(store, aa), offered)
    pdsa.save(acting(store, aa), second.id, {"study": "6 af 7 dage"})
    plan_revisions = len(store.history(SmttePlan, plan.id))

    adopted = adopt(acting(store, aa), second.id, hvad="Tøjet lægges på stolen ved sengen", hvem="Aftenvagten", hvor_ofte="Hver aften kl. 21", begrundelse="Virker")

    history = store.history(SmttePlan, plan.id)
    assert len(history) == plan_revisions + 1
    assert (set(history[-1].data), history[-1].author) == ({"tiltag"}, "AA")
    assert store.get(SmttePlan, plan.id) == adopted
    assert [x.id for x in adopted.tiltag] == [tiltag.id, billedguide.id]  # updated in place, none added
    changed = adopted.tiltag[0]
    assert (changed.hvad, changed.hvem, changed.hvor_ofte, changed.fra_pdsa) == ("Tøjet lægges på stolen ved sengen", "Aftenvagten", "Hver aften kl. 21", second.id)
    assert adopted.tiltag[1] == billedguide
    assert (adopted.maal, adopted.tegn, adopted.status) == (plan.maal, plan.tegn, "aktiv")

    closed_second = store.get(PdsaCycle, second.id)
    assert (closed_second.status, closed_second.act, closed_second.act_begrundelse) == ("afsluttet", "adopt", "Virker")
    [ramp] = ramps(cycles_of(store, home.anna.id, plan.id))
    assert [(c.nummer, c.act, c.status) for c in ramp] == [(1, "adapt", "afsluttet"), (2, "adopt", "afsluttet")]
    assert overdue(store, D(2027, 1, 31)) == []


def test_adopting_a_new_idea_adds_it_as_a_new_tiltag_and_keeps_the_others(home):
    store = home.store
    draft = draft_from_tiltag(home.plan, None, D(2026, 11, 4))
    draft.formaal = "Virker en sang som signal til at tage tøj på?"
    cycle = start(acting(store, home["AA"]), draft)
    pdsa.save(acting(store, home["AA"]), cycle.id, {"study": "Anna gik i gang 5 af 7 morgener"})

    adopted = adopt(acting(store, home["AA"]), cycle.id, hvad="Morgensang ved påklædning", hvem="Dagvagt", hvor_ofte="Hver morgen", instruktion="Syng «Se den lille kattekilling»")

    assert adopted.tiltag[:2] == home.plan.tiltag
    [new] = adopted.tiltag[2:]
    assert (new.hvad, new.hvem, new.hvor_ofte, new.instruktion, new.fra_pdsa, new.aktiv) == ("Morgensang ved påklædning", "Dagvagt", "Hver morgen", "Syng «Se den lille kattekilling»", cycle.id, True)
    assert store.get(PdsaCycle, cycle.id).act == "adopt"


@pytest.mark.parametrize("tiltag", [0, None], ids=["tiltag", "new-idea"])
def test_adopting_again_after_the_pc_stopped_half_way_gives_the_same_plan(home, monkeypatch, tiltag):
    store = home.store
    cycle = started(home, D(2026, 11, 4), tiltag=tiltag, study_text="Virkede")
    real_update = store.update

    def stops_before_the_cycle(model, entity_id, changes, author, parents=None, at=None):
        if model is PdsaCycle:
            raise OSError("strømmen gik")
        return real_update(model, entity_id, changes, author, parents=parents, at=at)

    monkeypatch.setattr(store, "update", stops_before_the_cycle)
    with pytest.raises(OSError):
        adopt(acting(store, home["AA"]), cycle.id, hvad="Tøjet på stolen", hvem="Aftenvagt", hvor_ofte="Hver aften")
    monkeypatch.undo()
    half_way = store.get(SmttePlan, home.plan.id)
    assert [c.id for c in overdue(store, D(2026, 12, 31))] == [cycle.id]  # still open: it shows up to be decided

    again = adopt(acting(store, home["AA"]), cycle.id, hvad="Tøjet på stolen", hvem="Aftenvagt", hvor_ofte="Hver aften")

    assert again.tiltag == half_way.tiltag
    assert len(again.tiltag) == len(home.plan.tiltag) + (tiltag is None)
    assert [x.fra_pdsa for x in again.tiltag].count(cycle.id) == 1
    assert store.get(PdsaCycle, cycle.id).act == "adopt"


def test_a_ramps_next_cycle_or_a_new_draft_near_the_last_kept_day_ends_on_it_instead_of_failing():
    from smtte_tui.dates import DATE_MAX

    last = bare_cycle("b1", first_day=D(2199, 12, 1), last_day=D(2199, 12, 31))
    following = pdsa.next_in_ramp(last, [last], D(2199, 12, 20))
    assert (following.start, following.slut) == (D(2199, 12, 20), DATE_MAX)
    plan = SmttePlan(borger_id="b1", maal=Maal(tekst="Mål"), tiltag=[Tiltag(hvad="Tøj frem")])
    assert draft_from_tiltag(plan, plan.tiltag[0].id, D(2199, 12, 25)).slut == DATE_MAX
