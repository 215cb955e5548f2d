"""The method's rules for activating a SMTTE plan, as pure functions (issue C builds on them).

A plan may be activated when it has one goal, at least one tegn with a measure kind, at least one
tiltag saying who does it and how often, and a next evaluation date. A borger has at most one
active plan: activating a second one means closing the first.
"""

from __future__ import annotations

from smtte_tui.i18n import t
from smtte_tui.models import SmttePlan


def activation_problems(plan: SmttePlan) -> list[str]:
    """What is missing before ``plan`` can be activated (Danish sentences; empty = ready)."""
    problems = []
    if plan.maal is None or not plan.maal.tekst.strip():
        problems.append(t("plan.rule.goal"))
    if not any(tegn.aktiv for tegn in plan.tegn):
        problems.append(t("plan.rule.tegn"))
    if not any(tiltag.aktiv and tiltag.hvem.strip() and tiltag.hvor_ofte.strip() for tiltag in plan.tiltag):
        problems.append(t("plan.rule.tiltag"))
    if plan.evaluering.naeste_opfoelgning is None:
        problems.append(t("plan.rule.evaluation"))
    return problems


def plans_to_close(plan: SmttePlan, plans_of_borger: list[SmttePlan]) -> list[SmttePlan]:
    """The borger's other active plans, which must be closed when ``plan`` is activated."""
    return [other for other in plans_of_borger if other.id != plan.id and other.status == "aktiv" and other.borger_id == plan.borger_id]
