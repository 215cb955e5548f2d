"""The session asks the store's own role table: for every role and every kind of record, what a
screen offers (``session.may``) is what the store accepts, and a write it says no to is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.auth import hash_pin
from smtte_tui.housesettings import HUS_ID
from smtte_tui.models import ENTITY_MODELS, AuditEvent, Borger, Entity, HusIndstillinger, Medarbejder, Notat, SmttePlan
from smtte_tui.session import Session
from smtte_tui.store import Store
from smtte_tui.store.access import OPEN_KINDS, WRITE_ROLES, NotAllowed, active_staff
from tests.refusals import store_accepts

from .conftest import PIN, TODAY, at

ROLES = ("medarbejder", "tovholder", "leder")
KINDS = sorted(set(ENTITY_MODELS) | set(WRITE_ROLES) | OPEN_KINDS)


@pytest.fixture
def staff(store: Store) -> dict[str, Medarbejder]:
    """One active account per role, the leder first (the first start)."""
    made = {}
    for rolle, initials in (("leder", "LE"), ("tovholder", "TH"), ("medarbejder", "MA")):
        made[rolle] = Medarbejder(initialer=initials, navn=rolle, rolle=rolle, pin_hash=hash_pin(PIN))
        store.create(made[rolle], "LE")
    return made


def session(store: Store, person: Medarbejder) -> Session:
    return Session(store, person, clock=lambda: at(10), terminal="t-stue")


@pytest.mark.parametrize("rolle", ROLES)
def test_may_is_the_check_the_store_makes_on_every_write(store, staff, rolle):
    who = session(store, staff[rolle])
    accounts = active_staff(store.all(Medarbejder))
    for kind in KINDS:
        assert who.may(kind) == store_accepts(kind, who.initialer, accounts), (rolle, kind)


def _record(kind: str, borger: Borger) -> Entity:
    made: dict[str, Entity] = {
        "borger": Borger(navn="Ny Beboer", kortnavn="NB"),
        "medarbejder": Medarbejder(initialer="NY", navn="Ny", rolle="medarbejder", pin_hash=hash_pin(PIN)),
        "plan": SmttePlan(borger_id=borger.id),
        "notat": Notat(borger_id=borger.id, dato=TODAY, tekst="God dag", forfatter="MA"),
        "indstillinger": HusIndstillinger(id=HUS_ID, lock_after_minutes=10),
        "audit": AuditEvent(tid=at(10), medarbejder="x", terminal="t", handling=AuditAction.LAES_LOG, maal="log"),
    }
    return made[kind]


@pytest.mark.parametrize("rolle", ROLES)
@pytest.mark.parametrize("kind", ["borger", "medarbejder", "plan", "notat", "indstillinger", "audit"])
def test_a_write_may_says_no_to_is_refused_by_the_store_and_one_it_allows_is_kept(store, staff, rolle, kind):
    borger = Borger(navn="Anna Jensen", kortnavn="AJ")
    store.create(borger, "LE")
    who = session(store, staff[rolle])
    record = _record(kind, borger)
    if who.may(kind):
        store.create(record, who.initialer)
        assert store.get(type(record), record.id) is not None
    else:
        with pytest.raises(NotAllowed):
            store.create(record, who.initialer)
        assert store.get(type(record), record.id) is None


def test_a_session_knows_its_person_clock_and_terminal_and_audits_as_them(store, staff):
    who = Session(store, staff["medarbejder"], clock=lambda: at(9, 30))
    assert (who.initialer, who.now(), who.terminal) == ("MA", at(9, 30), store.writer)
    event = who.audit(AuditAction.LAES_BORGER, AuditTarget.of(TargetKind.BORGER, "b1"), "b1")
    store.load_audit()
    assert store.get(AuditEvent, event.id) == event
    assert (event.medarbejder, event.tid, event.handling, event.maal, event.borger_id) == ("MA", at(9, 30), "laes_borger", "borger:b1", "b1")
    promoted = who.as_person(staff["medarbejder"].model_copy(update={"rolle": "tovholder"}))
    assert promoted.may("plan") and not who.may("plan") and promoted.now() == at(9, 30)


# --- the audit target ---------------------------------------------------------------------------

ON_DISK = [
    "borger:b1",
    "plan:p1",
    "pdsa:c1",
    "moede:p1",
    "medarbejder:m1",
    "medarbejder:?XY",
    "medarbejder:m1:tovholder",
    "borger:b1:MA",
    "borger:b1:",  # the contact person cleared
    "borger:b1:html",
    "indstillinger:block_hours=12,lock_after_minutes=10",
    "gruppe:2026-11:html:navne",
    "gruppe:2026-W47:csv",
    "kommune:2026-11:html",
    "gruppe",
    "log",
    "soeg",
    "hjem",
    "personale",
    "pdsa_forfaldne",
]


@pytest.mark.parametrize("maal", ON_DISK)
def test_every_target_reads_back_as_the_same_string(maal):
    target = AuditTarget.parse(maal)
    assert target is not None and str(target) == maal
    assert AuditTarget.parse(str(target)) == target


def test_targets_are_written_as_they_always_were():
    assert str(AuditTarget.of(TargetKind.BORGER, "b1")) == "borger:b1"
    assert str(AuditTarget.of(TargetKind.MEDARBEJDER, "m1", "leder")) == "medarbejder:m1:leder"
    assert str(AuditTarget.of(TargetKind.BORGER, "b1", "")) == "borger:b1:"
    assert str(AuditTarget.of(TargetKind.AARSHJUL)) == "aarshjul"
    assert AuditTarget.parse("gruppe:2026-11:html:navne") == AuditTarget(TargetKind.GRUPPE, "2026-11", ("html", "navne"))


def test_a_newer_versions_target_is_not_guessed():
    assert AuditTarget.parse("noget_nyt:1") is None
    assert AuditTarget.parse("") is None


def test_old_logs_read_as_before(store):
    event = AuditEvent(tid=dt.datetime(2025, 1, 2, 8, tzinfo=dt.UTC), medarbejder="MA", terminal="t", handling="laes_borger", maal="borger:b1")
    store.create(event, "")
    store.load_audit()
    assert AuditTarget.parse(store.get(AuditEvent, event.id).maal) == AuditTarget.of(TargetKind.BORGER, "b1")
