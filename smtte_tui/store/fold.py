"""Turning an entity's revisions into its current state, and finding conflicts.

State = the revisions applied in hybrid-logical-clock order: ``create`` sets every field,
``update`` replaces the fields it names, ``retract`` withdraws the entity. Two revisions are
*concurrent* when neither is an ancestor of the other (through ``parents``). For kinds that are
edited as documents (plans, PDSA cycles, ...), a field written by two concurrent revisions with
different values is a conflict: both values stay in the history, the fold shows the later one,
and a revision that descends from both and writes the field resolves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from smtte_tui.models import ENTITY_MODELS, Entity
from smtte_tui.store.revision import Revision

# Observations, notes, audit and time-out lines are never edited concurrently as documents: a
# later correction simply wins, with the earlier one kept in history.
CONFLICT_KINDS = frozenset({"borger", "medarbejder", "plan", "pdsa", "evaluering"})


@dataclass(frozen=True)
class FieldConflict:
    entity: str
    entity_id: str
    field: str
    revisions: tuple[Revision, ...]  # the concurrent heads, oldest first

    @property
    def values(self) -> list[Any]:
        return [rev.data.get(self.field) for rev in self.revisions]


def fold(revisions: list[Revision], created: dict[str, Entity]) -> Entity | None:
    """The current state, or None if withdrawn. ``revisions`` must be in HLC order."""
    if len(revisions) == 1 and revisions[0].op == "create" and revisions[0].id in created:
        return created[revisions[0].id]
    state: dict[str, Any] | None = None
    for rev in revisions:
        if rev.op == "create":
            state = dict(rev.data)
        elif rev.op == "update":
            state = {**(state or {}), **rev.data}
        else:
            state = None
    if state is None or "id" not in state:
        return None
    return ENTITY_MODELS[revisions[0].entity].model_validate(state)


def fold_leniently(revisions: list[Revision]) -> tuple[Entity | None, list[Revision]]:
    """Fold step by step, leaving out every update that would make the state invalid (a forged
    or damaged revision). Returns the state and the revisions left out."""
    model = ENTITY_MODELS[revisions[0].entity] if revisions else None
    state: dict[str, Any] | None = None
    skipped: list[Revision] = []
    for rev in revisions:
        if rev.op == "retract":
            state = None
            continue
        candidate = dict(rev.data) if rev.op == "create" else {**(state or {}), **rev.data}
        try:
            model.model_validate(candidate)  # type: ignore[union-attr]
        except ValidationError:
            skipped.append(rev)
            continue
        state = candidate
    if state is None or "id" not in state or model is None:
        return None, skipped
    return model.model_validate(state), skipped


def ancestors(revisions: list[Revision]) -> dict[str, frozenset[str]]:
    """For each revision id, every revision id it descends from (within this list)."""
    by_id = {rev.id: rev for rev in revisions}
    memo: dict[str, frozenset[str]] = {}
    for rev in revisions:  # HLC order: parents come first, so one pass suffices
        found: set[str] = set()
        for parent in rev.parents:
            if parent in by_id:
                found.add(parent)
                found |= memo.get(parent, frozenset())
        memo[rev.id] = frozenset(found)
    return memo


def heads(revisions: list[Revision]) -> list[str]:
    """Revisions nothing else descends from: the parents of the next revision."""
    referenced = {parent for rev in revisions for parent in rev.parents}
    return [rev.id for rev in revisions if rev.id not in referenced]


def conflicts(revisions: list[Revision]) -> list[FieldConflict]:
    if not revisions or revisions[0].entity not in CONFLICT_KINDS or len(revisions) < 2:
        return []
    anc = ancestors(revisions)
    writers: dict[str, list[Revision]] = {}
    for rev in revisions:
        if rev.op == "retract":
            continue
        for name in rev.data:
            writers.setdefault(name, []).append(rev)
    found: list[FieldConflict] = []
    for name, revs in writers.items():
        if len(revs) < 2:
            continue
        field_heads = [r for r in revs if not any(r.id in anc[other.id] for other in revs if other is not r)]
        if len(field_heads) > 1 and len({repr(r.data[name]) for r in field_heads}) > 1:
            found.append(FieldConflict(revs[0].entity, revs[0].entity_id, name, tuple(field_heads)))
    return found
