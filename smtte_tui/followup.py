"""The plan's follow-up (its E: opfølgning): when meetings are planned and which are due.

The plan's E section holds three dates: the next follow-up (its cadence: weekly, monthly or
quarterly), the status meeting and the long-term evaluation. These rules read them; the overview,
the group picture, the reports and the evaluation feature all ask them, so they live in the core
(a feature never imports another). Holding a meeting moves the dates on:
:mod:`smtte_tui.features.evaluation.evaluation` (``record``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smtte_tui.dates import add_days, add_months
from smtte_tui.i18n import t
from smtte_tui.models import Borger, EvalueringsArt, Observation, SmttePlan
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


def level_text(plan: SmttePlan, score: int) -> str:
    """What a goal-attainment level means for this goal: the plan's own text, else the scale's."""
    key = str(score)
    return plan.maalopfyldelse_niveauer.get(key) or t(f"meeting.level.{key}")  # type: ignore[call-overload]
