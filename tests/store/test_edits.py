"""Edits from several PCs: clocks that disagree, two people changing one plan at once, and
corrections and withdrawals of logged observations."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from smtte_tui.models import AuditEvent, Maal, Observation, SmttePlan, Tegn
from smtte_tui.store import UnknownEntity
from smtte_tui.store.hlc import wall_time

from .conftest import NOW, fixed_clock


def test_an_edit_from_a_pc_whose_clock_is_two_hours_behind_still_comes_last(share):
    a = share.open("a", clock=fixed_clock(NOW))
    b = share.open("b", clock=fixed_clock(NOW - dt.timedelta(hours=2)))
    plan = SmttePlan(borger_id=share.borger.id, status="aktiv", maal=Maal(tekst="Anna spiser morgenmad"), tegn=[Tegn(tekst="Spiser", maaletype="ja_nej")])
    created = a.create(plan, "AA")

    assert b.poll().files == 1
    assert b.get(SmttePlan, plan.id) is not None
    updated = b.update(SmttePlan, plan.id, {"tovholder": "BB", "status": "afsluttet"}, "BB")
    assert updated.hlc > created.hlc  # after what it saw, though its clock says two hours earlier
    assert wall_time(updated.hlc) >= wall_time(created.hlc)
    assert updated.parents == [created.id]

    a.poll()
    for store in (a, b, share.reader()):
        current = store.get(SmttePlan, plan.id)
        assert (current.tovholder, current.status) == ("BB", "afsluttet")
        assert [(r.op, r.id) for r in store.history(SmttePlan, plan.id)] == [("create", created.id), ("update", updated.id)]
        assert store.conflicts() == []

    # and A, whose clock is ahead, edits after having seen B's edit: still in the order made
    again = a.update(SmttePlan, plan.id, {"tovholder": "AA"}, "AA")
    b.poll()
    assert again.hlc > updated.hlc
    assert b.get(SmttePlan, plan.id).tovholder == "AA"
    assert [r.op for r in b.history(SmttePlan, plan.id)] == ["create", "update", "update"]


def test_logging_just_after_midnight_on_the_first_is_seen_by_a_pc_whose_clock_is_still_in_last_month(share):
    first_of_month = dt.datetime(2026, 12, 1, 0, 30, tzinfo=dt.UTC)
    ahead = share.open("ahead", clock=fixed_clock(first_of_month))
    behind = share.open("behind", clock=fixed_clock(first_of_month - dt.timedelta(hours=2)))
    logged = ahead.create(share.observation(ahead.writer, dato=first_of_month.date(), vagt="nat"), "MA")
    behind.poll()
    assert behind.get(Observation, logged.entity_id) is not None
    started_later = share.open("started-later", clock=fixed_clock(first_of_month - dt.timedelta(hours=2)))
    assert started_later.get(Observation, logged.entity_id) is not None


def test_a_pc_west_of_greenwich_sees_logging_and_failed_sign_ins_just_after_midnight_utc_on_the_first(share):
    if os.name == "nt":
        return  # time.tzset is POSIX only
    first_of_month = dt.datetime(2026, 12, 1, 0, 30, tzinfo=dt.UTC)  # 30 Nov 22:30 in Nuuk
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "<-02>2"  # Greenland (Nuuk): UTC-2
    time.tzset()
    try:
        elsewhere = share.open("elsewhere", clock=fixed_clock(first_of_month))
        nuuk = share.open("nuuk", clock=fixed_clock(first_of_month))
        logged = elsewhere.create(share.observation(elsewhere.writer, dato=first_of_month.date(), vagt="nat"), "MA")
        failed = elsewhere.create(AuditEvent(tid=first_of_month, medarbejder="MA", terminal=elsewhere.writer, handling="login_fejl"), "")
        nuuk.poll()
        assert nuuk.get(Observation, logged.entity_id) is not None
        nuuk.load_recent_audit()  # the sign-in lockout counts this month's failed sign-ins
        assert nuuk.get(AuditEvent, failed.entity_id) is not None
        assert share.open("nuuk-started-later", clock=fixed_clock(first_of_month)).get(Observation, logged.entity_id) is not None
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time.tzset()


def test_two_people_changing_the_tovholder_at_once_see_a_conflict_until_one_resolves_it(share):
    a = share.open("a")
    b = share.open("b")
    plan_id = share.plan.id
    from_a = a.update(SmttePlan, plan_id, {"tovholder": "AA"}, "AA")  # neither has polled
    from_b = b.update(SmttePlan, plan_id, {"tovholder": "BB"}, "BB")
    a.poll(), b.poll()

    shown = set()
    for store in (a, b, share.reader()):
        [conflict] = store.conflicts()
        assert (conflict.entity, conflict.entity_id, conflict.field) == ("plan", plan_id, "tovholder")
        assert sorted(conflict.values) == ["AA", "BB"]
        assert {r.id for r in conflict.revisions} == {from_a.id, from_b.id}
        shown.add(store.get(SmttePlan, plan_id).tovholder)
    assert len(shown) == 1 and shown <= {"AA", "BB"}  # one value, the same on every PC

    resolved = b.update(SmttePlan, plan_id, {"tovholder": "AA"}, "BB")  # B has polled: parents are both heads
    assert set(resolved.parents) == {from_a.id, from_b.id}
    a.poll()
    for store in (a, b, share.reader()):
        assert store.conflicts() == []
        assert store.get(SmttePlan, plan_id).tovholder == "AA"
        assert {r.data.get("tovholder") for r in store.history(SmttePlan, plan_id)} >= {"AA", "BB"}  # nothing lost


def test_two_people_changing_different_fields_of_one_plan_at_once_keep_both_changes(share):
    a = share.open("a")
    b = share.open("b")
    plan_id = share.plan.id
    a.update(SmttePlan, plan_id, {"tovholder": "AA"}, "AA")
    b.update(SmttePlan, plan_id, {"maal": {"tekst": "Anna går en tur hver dag, også i regnvejr"}}, "BB")
    a.poll(), b.poll()
    for store in (a, b, share.reader()):
        assert store.conflicts() == []
        current = store.get(SmttePlan, plan_id)
        assert current.tovholder == "AA"
        assert current.maal.tekst == "Anna går en tur hver dag, også i regnvejr"


def test_an_observation_corrected_on_two_pcs_at_once_never_conflicts(share):
    a = share.open("a")
    b = share.open("b")
    observation = share.observation(a.writer, value=True)
    a.create(observation, "MA")
    b.poll()
    first = a.update(Observation, observation.id, {"vaerdi": False}, "MA")
    second = b.update(Observation, observation.id, {"vaerdi": True, "note": "rettet af aftenvagten"}, "LE")
    a.poll(), b.poll()
    later = max(first, second, key=lambda rev: rev.hlc)
    for store in (a, b, share.reader()):
        assert store.conflicts() == []
        assert store.get(Observation, observation.id).vaerdi is later.data["vaerdi"]  # the later correction wins
        assert {r.id for r in store.history(Observation, observation.id)} >= {first.id, second.id}


def test_a_correction_then_a_withdrawal_keeps_the_original_value_in_history(share):
    pc = share.open("vagtstuen")
    observation = share.observation(pc.writer, value=True)
    created = pc.create(observation, "MA")
    corrected = pc.update(Observation, observation.id, {"vaerdi": False}, "MA")
    assert pc.get(Observation, observation.id).vaerdi is False
    withdrawn = pc.retract(Observation, observation.id, "LE")

    for store in (pc, share.reader()):
        history = store.history(Observation, observation.id)
        assert [(r.op, r.id) for r in history] == [("create", created.id), ("update", corrected.id), ("retract", withdrawn.id)]
        assert history[0].data["vaerdi"] is True  # the original value is still there
        assert history[1].data == {"vaerdi": False}
        assert history[1].parents == [created.id] and history[2].parents == [corrected.id]
        assert store.get(Observation, observation.id) is None
        assert observation.id not in {o.id for o in store.all(Observation)}
        assert observation.id not in {o.id for o in store.all(Observation, borger_id=share.borger.id)}

    with pytest.raises(UnknownEntity):
        pc.update(Observation, observation.id, {"vaerdi": True}, "MA")
    with pytest.raises(UnknownEntity):
        pc.retract(Observation, observation.id, "MA")
    assert len(pc.history(Observation, observation.id)) == 3


def test_opened_histories_stay_within_their_memory_and_the_one_on_screen_is_never_let_go(share, monkeypatch):
    """A long day on one PC: more histories opened than the cache holds. The least recently opened
    leaves memory, never the pinned (on screen) one, and comes back whole when opened again."""
    from smtte_tui.models import Borger, Notat
    from smtte_tui.store import Store, compact

    long_ago = NOW - dt.timedelta(days=400)
    borgere = [Borger(navn=f"Borger {n}", kortnavn=f"B{n}") for n in range(4)]
    with share.open("kontoret", clock=fixed_clock(NOW)) as office:
        office.create_many(borgere, "LE")
        notes = {b.id: [Notat(borger_id=b.id, dato=long_ago.date(), tekst=f"Notat {n}", forfatter="MA") for n in range(30)] for b in borgere}
        office.create_many([n for ns in notes.values() for n in ns], "MA", at=[long_ago] * 120)
    monkeypatch.setattr(compact, "BYTES_PER_RECORD", 10_000)  # 30 records ~ 0.3 MB a history
    pc = Store(share.data, local_dir=share.local("meeting-room"), clock=fixed_clock(NOW), history_mb=1)
    on_screen = borgere[0].id
    pc.pin_history(on_screen)
    for borger in borgere:
        pc.load_borger_history(borger.id)
        assert len(pc.all(Notat, borger.id)) == 30  # the one just opened is whole
        assert len(pc.all(Notat, on_screen)) == 30  # the pinned one is never let go
    assert len(pc.all(Notat, borgere[1].id)) == 0  # the least recently opened left memory
    pc.load_borger_history(borgere[1].id)  # and comes back whole
    assert {n.id for n in pc.all(Notat, borgere[1].id)} == {n.id for n in notes[borgere[1].id]}
    pc.pin_history(on_screen, pinned=False)
    pc.close()


def test_revisions_made_elsewhere_are_taken_in_once_under_their_own_ids(share):
    """What a replicator pulls back from a municipality's database: published by this writer,
    seen by every terminal, and taken in twice adds nothing."""
    from smtte_tui.models import Notat
    from smtte_tui.store import InvalidData, Revision
    from smtte_tui.store.hlc import encode

    elsewhere = Notat(borger_id=share.borger.id, dato=NOW.date(), tekst="Skrevet på rådhuset", forfatter="TH")
    rev = Revision(
        entity="notat",
        entity_id=elsewhere.id,
        op="create",
        hlc=encode(int(NOW.timestamp() * 1000), 3, "tdb0000000001"),
        author="TH",
        terminal="tdb0000000001",
        borger_id=share.borger.id,
        data=elsewhere.model_dump(mode="json"),
        at=NOW,
    )
    replicator = share.open("replicator")
    assert replicator.import_revisions([rev]) == 1
    assert replicator.import_revisions([rev]) == 0
    assert share.reader().get(Notat, elsewhere.id).tekst == "Skrevet på rådhuset"
    assert share.reader().history(Notat, elsewhere.id)[0].id == rev.id  # its own id, stamp and author
    forged = rev.model_copy(update={"id": "f" * 32, "data": {**rev.data, "dato": "9999-01-01"}})
    with pytest.raises(InvalidData):
        replicator.import_revisions([forged])
