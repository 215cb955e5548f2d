"""Prøvehandlinger (PDSA cycles) after IHI's worksheet: start, Do notes, Study, Act, ramps.

A ramp is a series of cycles that test and refine one idea; its cycles share ``rampe_id`` and are
numbered 1, 2, 3, ... Act closes a cycle:

* adopt: the tested change becomes the plan's tiltag (a new plan revision; the tiltag records
  the cycle in ``fra_pdsa``);
* adapt: the next cycle of the ramp is offered pre-filled from this one;
* abandon: the reason is required, so the team remembers why.

Act needs the team's Study text first: the decision should rest on what was learnt. Adopt writes
the plan and then the cycle; should the PC stop in between, the cycle stays open and is listed as
overdue, and adopting again gives the same plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from smtte_tui.analysis.study import TegnStudy, study_summary
from smtte_tui.dates import add_days, clamp
from smtte_tui.i18n import t
from smtte_tui.models import Forudsigelse, Notat, Observation, PdsaCycle, SmttePlan, Tiltag
from smtte_tui.session import Session
from smtte_tui.store import Store, UnknownEntity
from smtte_tui.usererror import UserError


def cycles_of(store: Store, borger_id: str, plan_id: str | None = None) -> list[PdsaCycle]:
    found = [c for c in store.all(PdsaCycle, borger_id) if plan_id is None or c.plan_id == plan_id]
    return sorted(found, key=lambda c: (c.start, c.rampe_id, c.nummer))


def ramps(cycles: list[PdsaCycle]) -> list[list[PdsaCycle]]:
    """Cycles grouped by ramp, each ramp in cycle order, ramps in order of their first start."""
    by_ramp: dict[str, list[PdsaCycle]] = {}
    for cycle in sorted(cycles, key=lambda c: (c.start, c.nummer)):
        by_ramp.setdefault(cycle.rampe_id, []).append(cycle)
    return [sorted(ramp, key=lambda c: c.nummer) for ramp in by_ramp.values()]


def draft_from_tiltag(plan: SmttePlan, tiltag_id: str | None, today: dt.date, days: int = 14) -> PdsaCycle:
    """A new cycle (not saved) to test a tiltag of the plan, or a new idea when ``tiltag_id`` is None."""
    tiltag = next((x for x in plan.tiltag if x.id == tiltag_id), None)
    return PdsaCycle(
        borger_id=plan.borger_id,
        plan_id=plan.id,
        tiltag_id=tiltag.id if tiltag else None,
        formaal=tiltag.hvad if tiltag else t("pdsa.new_idea"),
        aendring=tiltag.hvad if tiltag else "",
        hvem=tiltag.hvem if tiltag else "",
        hvornaar=tiltag.hvor_ofte if tiltag else "",
        data_tegn=[x.id for x in plan.tegn if x.aktiv],
        start=today,
        slut=clamp(add_days(today, days - 1)),
        status="aktiv",
    )


def next_in_ramp(cycle: PdsaCycle, cycles: list[PdsaCycle], today: dt.date) -> PdsaCycle:
    """The next cycle of ``cycle``'s ramp (not saved): same questions and data, the next number,
    the same length, starting today; the Study/Act fields empty."""
    length = cycle.slut - cycle.start
    number = max([c.nummer for c in cycles if c.rampe_id == cycle.rampe_id] + [cycle.nummer]) + 1
    return PdsaCycle(
        borger_id=cycle.borger_id,
        plan_id=cycle.plan_id,
        tiltag_id=cycle.tiltag_id,
        rampe_id=cycle.rampe_id,
        nummer=number,
        formaal=cycle.formaal,
        spoergsmaal=[Forudsigelse(spoergsmaal=q.spoergsmaal, forudsigelse="") for q in cycle.spoergsmaal],
        aendring=cycle.naeste_skridt or cycle.aendring,
        hvem=cycle.hvem,
        hvor=cycle.hvor,
        hvornaar=cycle.hvornaar,
        data_tegn=list(cycle.data_tegn),
        start=today,
        slut=clamp(add_days(today, length.days)),
        status="aktiv",
    )


def start(session: Session, cycle: PdsaCycle) -> PdsaCycle:
    """Save a new cycle (a draft from :func:`draft_from_tiltag` or :func:`next_in_ramp`)."""
    store = session.store
    actor = session.person
    if not cycle.formaal.strip():
        raise UserError("pdsa.error.formaal")
    store.create(cycle, actor.initialer)
    return cycle


def save(session: Session, cycle_id: str, changes: dict[str, Any], parents: list[str] | None = None) -> None:
    """Change fields of a cycle (Plan fields, Study text) as one revision."""
    store = session.store
    actor = session.person
    store.update(PdsaCycle, cycle_id, changes, actor.initialer, parents=parents)


def do_notes(store: Store, cycle: PdsaCycle) -> list[Notat]:
    """The cycle's Do entries (from the log screen or the PDSA screen), oldest first."""
    return sorted((n for n in store.all(Notat, cycle.borger_id) if n.pdsa_id == cycle.id), key=lambda n: (n.dato, n.id))


def study(store: Store, cycle: PdsaCycle, plan: SmttePlan, today: dt.date) -> list[TegnStudy]:
    """The automatic Study summary: the cycle's data tegn, during the cycle vs. just before."""
    store.load_borger_history(cycle.borger_id)  # the "before" window may lie in older months
    wanted = set(cycle.data_tegn) or {x.id for x in plan.tegn if x.aktiv}
    tegn = [x for x in plan.tegn if x.id in wanted]
    return study_summary(tegn, store.all(Observation, cycle.borger_id), cycle.start, cycle.slut, today)


def _closing(cycle: PdsaCycle, act: str, begrundelse: str) -> dict[str, Any]:
    if not cycle.study.strip():
        raise UserError("pdsa.error.study_first")
    if cycle.status == "afsluttet":
        raise UserError("pdsa.error.closed")
    return {"act": act, "act_begrundelse": begrundelse.strip(), "status": "afsluttet"}


def _current(store: Store, cycle_id: str) -> PdsaCycle:
    cycle = store.get(PdsaCycle, cycle_id)
    if cycle is None:
        raise UnknownEntity("store.error.unknown_entity", kind="pdsa", id=cycle_id)
    return cycle


def adopt(session: Session, cycle_id: str, *, hvad: str, hvem: str, hvor_ofte: str, instruktion: str = "", begrundelse: str = "") -> SmttePlan:
    """Adopt: the tested change becomes the plan's tiltag; returns the plan as saved.

    The cycle's own tiltag is updated in place (same id, so its history and past notes stay
    linked); a cycle that tested a new idea adds a new tiltag.
    """
    store = session.store
    actor = session.person
    cycle = _current(store, cycle_id)
    closing = _closing(cycle, "adopt", begrundelse)
    if not (hvad.strip() and hvem.strip() and hvor_ofte.strip()):
        raise UserError("pdsa.error.adopt_fields")
    plan = store.get(SmttePlan, cycle.plan_id)
    if plan is None:
        raise UnknownEntity("store.error.unknown_entity", kind="plan", id=cycle.plan_id)
    fields = {"hvad": hvad.strip(), "hvem": hvem.strip(), "hvor_ofte": hvor_ofte.strip(), "fra_pdsa": cycle.id, "aktiv": True}
    if instruktion.strip():
        fields["instruktion"] = instruktion.strip()
    # A new idea's tiltag already added by an adopt that stopped before closing the cycle is the
    # one to update: adopting again must not add it twice.
    target = cycle.tiltag_id if any(x.id == cycle.tiltag_id for x in plan.tiltag) else next((x.id for x in plan.tiltag if x.fra_pdsa == cycle.id), None)
    if target is not None:
        tiltag = [x.model_copy(update=fields) if x.id == target else x for x in plan.tiltag]
    else:
        tiltag = [*plan.tiltag, Tiltag(**fields)]
    store.update(SmttePlan, plan.id, {"tiltag": [x.model_dump(mode="json") for x in tiltag]}, actor.initialer)
    store.update(PdsaCycle, cycle.id, closing, actor.initialer)
    return store.get(SmttePlan, plan.id)  # type: ignore[return-value]


def adapt(session: Session, cycle_id: str, *, begrundelse: str, today: dt.date) -> PdsaCycle:
    """Adapt: close this cycle and return the next one of the ramp pre-filled (not yet saved)."""
    store = session.store
    actor = session.person
    cycle = _current(store, cycle_id)
    closing = _closing(cycle, "adapt", begrundelse)
    store.update(PdsaCycle, cycle.id, closing, actor.initialer)
    return next_in_ramp(cycle, store.all(PdsaCycle, cycle.borger_id), today)


def abandon(session: Session, cycle_id: str, *, begrundelse: str) -> None:
    """Abandon: close the cycle; why is required."""
    store = session.store
    actor = session.person
    cycle = _current(store, cycle_id)
    if not begrundelse.strip():
        raise UserError("pdsa.error.why_abandon")
    store.update(PdsaCycle, cycle.id, _closing(cycle, "abandon", begrundelse), actor.initialer)
