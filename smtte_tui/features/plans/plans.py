"""The service behind the plan screens: drafts, saving as revisions, activation, comments.

Saving sends only the fields the editor changed, with the revisions the editor *started from*
as parents. So when a colleague on another terminal changed the same field meanwhile, the two
edits are concurrent and show as a conflict to resolve, instead of one silently overwriting the
other; different fields merge by themselves.

Roles are enforced by the store (``store/access.py``): a medarbejder's save raises NotAllowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smtte_tui.dates import add_months, clamp
from smtte_tui.features.plans.planrules import activation_problems, plans_to_close
from smtte_tui.models import Opfoelgningsplan, PlanKommentar, SmttePlan
from smtte_tui.session import Session
from smtte_tui.store import NotAllowed, Revision, Store, UnknownEntity
from smtte_tui.usererror import UserError

FIELDS = tuple(name for name in SmttePlan.model_fields if name not in ("id", "borger_id"))


class ActivationBlocked(UserError):
    """The plan lacks what activation needs; ``problems`` are the catalog's sentences for it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("plan.error.activation_blocked", problems=" ".join(problems))
        self.problems = problems


class OtherActivePlan(UserError):
    """The borger already has an active plan; activate again with ``close_others=True``."""

    def __init__(self, others: list[SmttePlan]) -> None:
        super().__init__("plan.error.other_active", goal=others[0].maal.tekst if others[0].maal else "")
        self.others = others


def default_follow_up(today: dt.date, current: Opfoelgningsplan | None = None) -> Opfoelgningsplan:
    """The method's follow-up structure, offered where no date is set yet: a monthly review,
    a status after three months and the long-term evaluation after a year (all editable)."""
    plan = current or Opfoelgningsplan()
    return plan.model_copy(
        update={
            "naeste_opfoelgning": plan.naeste_opfoelgning or clamp(add_months(today, 1)),
            "status_dato": plan.status_dato or clamp(add_months(today, 3)),
            "langsigtet_evaluering": plan.langsigtet_evaluering or clamp(add_months(today, 12)),
        }
    )


def plans_of(store: Store, borger_id: str) -> list[SmttePlan]:
    """The borger's plans: active first, then drafts, then closed ones."""
    order = {"aktiv": 0, "kladde": 1, "afsluttet": 2}
    return sorted(store.all(SmttePlan, borger_id), key=lambda p: (order[p.status], p.maal.tekst if p.maal else "", p.id))


def new_plan(session: Session, borger_id: str, *, tovholder: str | None = None) -> SmttePlan:
    """A new draft plan for the borger, with the actor as tovholder unless another is named."""
    store = session.store
    actor = session.person
    plan = SmttePlan(borger_id=borger_id, tovholder=tovholder if tovholder is not None else actor.initialer)
    store.create(plan, actor.initialer)
    return plan


@dataclass
class Editing:
    """What an editor started from: the plan as loaded and the revisions it had seen. ``new``: a
    plan not yet in the store (:func:`unsaved_plan`); the first save creates it."""

    base: SmttePlan
    parents: list[str]
    new: bool = False


def unsaved_plan(session: Session, borger_id: str, *, tovholder: str | None = None) -> Editing:
    """A new draft plan to edit, not yet in the store: nothing is written until the editor saves,
    so opening the editor by mistake and leaving it leaves no empty draft behind."""
    actor = session.person
    if not session.may("plan"):
        raise NotAllowed("plan.error.only_planners")
    return Editing(SmttePlan(borger_id=borger_id, tovholder=tovholder if tovholder is not None else actor.initialer), [], new=True)


def start_editing(store: Store, plan_id: str) -> Editing:
    plan = store.get(SmttePlan, plan_id)
    if plan is None:
        raise UnknownEntity("store.error.unknown_entity", kind="plan", id=plan_id)
    return Editing(plan, store.heads(SmttePlan, plan_id))


def changed_fields(base: SmttePlan, edited: SmttePlan) -> dict[str, object]:
    """The top-level fields whose value differs, as JSON-ready values for a revision."""
    old, new = base.model_dump(mode="json"), edited.model_dump(mode="json")
    return {name: new[name] for name in FIELDS if old[name] != new[name]}


def save_plan(session: Session, editing: Editing, edited: SmttePlan) -> Revision | None:
    """Save what changed since ``editing.base`` as one revision (None when nothing changed); a
    plan not yet in the store (``editing.new``) is created.

    ``editing`` moves on to the saved state, so the next save builds on this one.
    """
    store = session.store
    actor = session.person
    changes = changed_fields(editing.base, edited)
    if not changes:
        return None
    if editing.new:
        rev = store.create(edited, actor.initialer)
    else:
        rev = store.update(SmttePlan, editing.base.id, changes, actor.initialer, parents=editing.parents)
    editing.base, editing.parents, editing.new = edited, [rev.id], False
    return rev


def withdraw_draft(session: Session, plan_id: str) -> None:
    """Withdraw a draft plan nobody needs (made by mistake, or an idea dropped). Only a draft:
    an active or closed plan is part of the borger's history and is closed, never withdrawn.
    The history keeps the draft."""
    store = session.store
    actor = session.person
    plan = store.get(SmttePlan, plan_id)
    if plan is None:
        raise UnknownEntity("store.error.unknown_entity", kind="plan", id=plan_id)
    if plan.status != "kladde":
        raise UserError("plan.error.withdraw_not_draft")
    store.retract(SmttePlan, plan_id, actor.initialer)


def activate(session: Session, plan_id: str, *, close_others: bool = False) -> list[SmttePlan]:
    """Make the plan the borger's active plan. Returns the plans that were closed for it.

    Raises :class:`ActivationBlocked` when something required is missing and
    :class:`OtherActivePlan` when another plan is active and ``close_others`` is False (the
    method keeps ONE goal at a time; the person is asked before the other one is closed).
    """
    store = session.store
    actor = session.person
    plan = store.get(SmttePlan, plan_id)
    if plan is None:
        raise UnknownEntity("store.error.unknown_entity", kind="plan", id=plan_id)
    problems = activation_problems(plan)
    if problems:
        raise ActivationBlocked(problems)
    others = plans_to_close(plan, store.all(SmttePlan, plan.borger_id))
    if others and not close_others:
        raise OtherActivePlan(others)
    for other in others:
        store.update(SmttePlan, other.id, {"status": "afsluttet"}, actor.initialer)
    store.update(SmttePlan, plan.id, {"status": "aktiv"}, actor.initialer)
    return others


def close(session: Session, plan_id: str) -> None:
    store = session.store
    actor = session.person
    store.update(SmttePlan, plan_id, {"status": "afsluttet"}, actor.initialer)


def add_comment(session: Session, plan: SmttePlan, tekst: str, *, trin: str = "") -> PlanKommentar:
    """A comment or proposal on the plan, open to every role. Empty text: ValueError (Danish)."""
    store = session.store
    actor = session.person
    now = session.now()
    if not tekst.strip():
        raise UserError("plan.error.empty_comment")
    comment = PlanKommentar(borger_id=plan.borger_id, plan_id=plan.id, tid=now, tekst=tekst, forfatter=actor.initialer, trin=trin)
    store.create(comment, actor.initialer)
    return comment


def comments(store: Store, plan: SmttePlan) -> list[PlanKommentar]:
    """The plan's comments, open ones first, newest first within each group."""
    found = [c for c in store.all(PlanKommentar, plan.borger_id) if c.plan_id == plan.id]
    return sorted(found, key=lambda c: (c.behandlet, -c.tid.timestamp()))


def mark_handled(session: Session, comment_id: str) -> None:
    """The tovholder has taken the comment into account (only planners may, like plan edits)."""
    store = session.store
    actor = session.person
    if not session.may("plan"):
        raise NotAllowed("plan.error.only_planners")
    store.update(PlanKommentar, comment_id, {"behandlet": True}, actor.initialer)
