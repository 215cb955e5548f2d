"""What a terminal holds in memory: every revision it has read, by entity, folded on demand.

Not thread-safe by itself: the store holds its lock around every call, and never while it waits
for the share.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from pydantic import ValidationError

from smtte_tui.models import Entity
from smtte_tui.store.fold import CONFLICT_KINDS, FieldConflict, conflicts, fold, fold_leniently, heads
from smtte_tui.store.revision import Revision

log = logging.getLogger(__name__)
Key = tuple[str, str]  # (entity kind, entity id)


class RevisionIndex:
    def __init__(self) -> None:
        self.revs: dict[str, Revision] = {}
        self.created: dict[str, Entity] = {}
        self._by_entity: dict[Key, list[Revision]] = defaultdict(list)
        # keys per kind, in first-seen order: all(Model) must not scan every entity (the role
        # check asks for all staff on every write)
        self._by_kind: dict[str, dict[Key, None]] = defaultdict(dict)
        self._unsorted: set[Key] = set()
        self._state: dict[Key, Entity | None] = {}
        self._by_borger: dict[str, set[Key]] = defaultdict(set)

    def add(self, rev: Revision, created: Entity | None) -> bool | None:
        """Add one revision. True if new, False if already known, None if an *other* revision
        with the same id is known (a forged or damaged copy: the first one read stays)."""
        known = self.revs.get(rev.id)
        if known is not None:
            return False if known == rev else None
        self.revs[rev.id] = rev
        if created is not None:
            self.created[rev.id] = created
        key = (rev.entity, rev.entity_id)
        self._by_entity[key].append(rev)
        self._by_kind[rev.entity][key] = None
        self._unsorted.add(key)
        self._state.pop(key, None)
        if rev.borger_id:
            self._by_borger[rev.borger_id].add(key)
        return True

    def revisions(self, key: Key) -> list[Revision]:
        revs = self._by_entity.get(key, [])
        if key in self._unsorted:
            revs.sort(key=lambda rev: rev.hlc)
            self._unsorted.discard(key)
        return revs

    def folded(self, key: Key) -> Entity | None:
        if key in self._state:
            return self._state[key]
        revs = self.revisions(key)
        try:
            state = fold(revs, self.created) if revs else None
        except ValidationError:
            # One revision that cannot be applied (forged, or from a newer model) must not hide
            # the record: fold without the updates that break it, and say so in the log.
            state, skipped = fold_leniently(revs)
            log.error("entity %s: %d revision(s) could not be applied: %s", key, len(skipped), [rev.id for rev in skipped])
        self._state[key] = state
        return state

    def keys_of(self, kind: str, borger_id: str | None = None) -> list[Key]:
        if borger_id is not None:
            return [key for key in self._by_borger.get(borger_id, ()) if key[0] == kind]
        return list(self._by_kind.get(kind, ()))

    def all(self, kind: str, model: type[Entity], borger_id: str | None = None) -> list[Entity]:
        found = [self.folded(key) for key in self.keys_of(kind, borger_id)]
        return [entity for entity in found if isinstance(entity, model)]

    def about(self, borger_id: str) -> list[Revision]:
        found = [rev for key in list(self._by_borger.get(borger_id, ())) for rev in self.revisions(key)]
        return sorted(found, key=lambda rev: rev.hlc)

    def heads(self, key: Key) -> list[str]:
        return heads(self.revisions(key))

    def conflicts(self) -> list[FieldConflict]:
        found: list[FieldConflict] = []
        for kind in CONFLICT_KINDS:
            for key in list(self._by_kind.get(kind, ())):
                found.extend(conflicts(self.revisions(key)))
        return found

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = defaultdict(int)
        for rev in self.revs.values():
            counted[rev.entity] += 1
        return counted
