"""Evaluation meetings held: saving a meeting's outcome and what a meeting looks back on.

When meetings are due and what the next date should be are the plan's follow-up rules
(:mod:`smtte_tui.followup`). Holding a meeting (an :class:`Evaluering`) moves the plan's dates on:

* the next follow-up becomes the meeting's chosen next date, whatever kind of meeting it was
  (a status meeting held on the day of a follow-up covers that follow-up);
* a status meeting or long-term evaluation clears its own date: it has happened, and the next one
  is planned in the plan editor, where the tovholder sees the whole E section;
* the decision "afslut" closes the plan (no next date is needed); "revisitation" keeps the plan
  active while the municipality is asked for a new bestilling; "justér" keeps it active and the
  tovholder adjusts it in the plan editor.

The Evaluering is written before the plan's dates move: if a terminal stops in between, the
meeting is saved and the plan still shows the old date as due, which the next look corrects.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from smtte_tui.followup import PLAN_DATE_OF_ART
from smtte_tui.models import Evaluering, PdsaCycle, SmttePlan
from smtte_tui.session import Session
from smtte_tui.store import Store


def last_evaluation(store: Store, plan_id: str, borger_id: str) -> Evaluering | None:
    held = [ev for ev in store.all(Evaluering, borger_id) if ev.plan_id == plan_id]
    return max(held, key=lambda ev: ev.dato, default=None)


def cycles_since(store: Store, plan: SmttePlan, since: dt.date | None) -> list[PdsaCycle]:
    """The plan's prøvehandlinger running or ended since the last meeting (all when none was held)."""
    cycles = [c for c in store.all(PdsaCycle, plan.borger_id) if c.plan_id == plan.id]
    kept = [c for c in cycles if since is None or c.slut >= since or c.status != "afsluttet"]
    return sorted(kept, key=lambda c: (c.start, c.nummer))


def record(session: Session, evaluation: Evaluering) -> SmttePlan | None:
    """Save a held meeting and move the plan's dates (see the module text); returns the plan."""
    store = session.store
    actor = session.person
    store.create(evaluation, actor.initialer)
    plan = store.get(SmttePlan, evaluation.plan_id)
    if plan is None:
        return None
    dates = plan.evaluering.model_copy(update=date_changes(evaluation))
    changes: dict[str, Any] = {}
    if dates != plan.evaluering:
        changes["evaluering"] = dates.model_dump(mode="json")
    if evaluation.beslutning == "afslut" and plan.status != "afsluttet":
        changes["status"] = "afsluttet"
    if changes:
        store.update(SmttePlan, plan.id, changes, actor.initialer, parents=store.heads(SmttePlan, plan.id))
    return store.get(SmttePlan, plan.id)


def date_changes(evaluation: Evaluering) -> dict[str, dt.date | None]:
    changes: dict[str, dt.date | None] = {"naeste_opfoelgning": evaluation.naeste_dato}
    if evaluation.art != "opfoelgning":
        changes[PLAN_DATE_OF_ART[evaluation.art]] = None
    return changes
