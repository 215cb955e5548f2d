"""Evaluations: what is due, what the next date should be, and saving a meeting's outcome.

The plan's E section holds three dates: the next follow-up (its cadence: weekly, monthly or
quarterly), the status meeting and the long-term evaluation. Holding a meeting (an
:class:`Evaluering`) moves them on:

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
from dataclasses import dataclass
from typing import Any

from smtte_tui.dates import add_days, add_months
from smtte_tui.i18n import t
from smtte_tui.models import Borger, Evaluering, EvalueringsArt, Observation, PdsaCycle, SmttePlan
from smtte_tui.session import Session
from smtte_tui.store import Store

DUE_SOON_DAYS = 14  # a date within two weeks is listed as coming up
# When two dates fall due together the bigger meeting is the one held.
ART_WEIGHT: dict[str, int] = {"evaluering": 3, "status": 2, "opfoelgning": 1}
PLAN_DATE_OF_ART: dict[EvalueringsArt, str] = {"opfoelgning": "naeste_opfoelgning", "status": "status_dato", "evaluering": "langsigtet_evaluering"}
SCORES: tuple[int, ...] = (-2, -1, 0, 1, 2)


@dataclass(frozen=True)
class Due:
    """One planned meeting of an active plan that is overdue or coming up."""

    borger: Borger
    plan: SmttePlan
    art: EvalueringsArt
    dato: dt.date
    days: int  # dato - today: negative when overdue
    last_logged: dt.date | None  # the daily follow-up: the newest sign logged (recent months)
    also: tuple[EvalueringsArt, ...] = ()  # smaller meetings of the plan set for the same day, held with this one

    @property
    def overdue(self) -> bool:
        return self.days < 0


def cadence_date(plan: SmttePlan, held: dt.date) -> dt.date:
    """The next follow-up after a meeting on ``held`` by the plan's cadence."""
    cadence = plan.evaluering.opfoelgning
    if cadence == "ugentlig":
        return add_days(held, 7)
    return add_months(held, 3 if cadence == "kvartalsvis" else 1)


def planned(plan: SmttePlan) -> list[tuple[EvalueringsArt, dt.date]]:
    """The plan's set meeting dates, soonest first."""
    dates = [(art, getattr(plan.evaluering, name)) for art, name in PLAN_DATE_OF_ART.items()]
    return sorted(((art, day) for art, day in dates if day is not None), key=lambda item: (item[1], -ART_WEIGHT[item[0]]))


def suggest_art(plan: SmttePlan, today: dt.date) -> EvalueringsArt:
    """Which meeting this most likely is: the biggest one due within two weeks, else a follow-up."""
    due = [(art, day) for art, day in planned(plan) if day <= add_days(today, DUE_SOON_DAYS)]
    if not due:
        return "opfoelgning"
    return max(due, key=lambda item: ART_WEIGHT[item[0]])[0]


def due_list(store: Store, today: dt.date, *, horizon: int = DUE_SOON_DAYS, logging: bool = True) -> list[Due]:
    """Every active plan's meetings overdue or due within ``horizon`` days, oldest date first.

    Meetings of one plan set for the same day are one meeting (the biggest is held, and it covers
    the others: ``Due.also``), so a borger is listed and counted once per day, never twice.
    ``logging=False`` skips looking up when each borger was last logged (the home screen only
    counts meetings)."""
    found = []
    borgere = {b.id: b for b in store.all(Borger) if b.aktiv}
    for plan in store.all(SmttePlan):
        borger = borgere.get(plan.borger_id)
        if borger is None or plan.status != "aktiv":
            continue
        last = last_logged(store, borger.id) if logging else None
        by_day: dict[dt.date, list[EvalueringsArt]] = {}
        for art, day in planned(plan):
            if day <= add_days(today, horizon):
                by_day.setdefault(day, []).append(art)
        for day, arts in by_day.items():
            arts.sort(key=lambda art: -ART_WEIGHT[art])
            found.append(Due(borger, plan, arts[0], day, (day - today).days, last, tuple(arts[1:])))
    return sorted(found, key=lambda d: (d.dato, d.borger.navn, -ART_WEIGHT[d.art]))


def last_logged(store: Store, borger_id: str) -> dt.date | None:
    return max((obs.dato for obs in store.all(Observation, borger_id)), default=None)


def last_evaluation(store: Store, plan_id: str, borger_id: str) -> Evaluering | None:
    held = [ev for ev in store.all(Evaluering, borger_id) if ev.plan_id == plan_id]
    return max(held, key=lambda ev: ev.dato, default=None)


def cycles_since(store: Store, plan: SmttePlan, since: dt.date | None) -> list[PdsaCycle]:
    """The plan's prøvehandlinger running or ended since the last meeting (all when none was held)."""
    cycles = [c for c in store.all(PdsaCycle, plan.borger_id) if c.plan_id == plan.id]
    kept = [c for c in cycles if since is None or c.slut >= since or c.status != "afsluttet"]
    return sorted(kept, key=lambda c: (c.start, c.nummer))


def level_text(plan: SmttePlan, score: int) -> str:
    """What a goal-attainment level means for this goal: the plan's own text, else the scale's."""
    key = str(score)
    return plan.maalopfyldelse_niveauer.get(key) or t(f"meeting.level.{key}")  # type: ignore[call-overload]


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
