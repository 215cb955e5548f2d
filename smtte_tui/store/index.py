"""What a terminal holds in memory: every revision it has read, by entity, folded on demand.

Not thread-safe by itself: the store holds its lock around every call, and never while it waits
for the share.
"""

from __future__ import annotations

import logging
import operator
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from smtte_tui.models import Entity
from smtte_tui.store.compact import COMPACT_KINDS, FIELDS, CompactCreate, compact, full
from smtte_tui.store.fold import CONFLICT_KINDS, FieldConflict, conflicts, fold, fold_leniently, heads
from smtte_tui.store.layout import BORGER_KINDS
from smtte_tui.store.revision import Revision

E = TypeVar("E", bound=Entity)

log = logging.getLogger(__name__)
Key = tuple[str, str]  # (entity kind, entity id)


Held = Revision | CompactCreate  # observations' and notes' creates are held small (compact.py)


def _tuple_getter(getter: Callable[[Any], Any], count: int) -> Callable[[Any], tuple[Any, ...]]:
    """``getter`` (an itemgetter or attrgetter of ``count`` names) always giving a tuple."""
    return getter if count > 1 else lambda item: (getter(item),)


class RevisionIndex:
    def __init__(self) -> None:
        self.revs: dict[str, Held] = {}
        self.created: dict[str, Entity] = {}  # validated models of full creates (compact ones hold their values)
        # one revision (most records: created once) or a list of them in HLC order once sorted;
        # no list per record keeps tens of thousands of observations small
        self._by_entity: dict[Key, Held | list[Held]] = {}
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
            if isinstance(known, CompactCreate):
                return False if known.matches(rev, created) else None
            return False if known == rev else None
        held = compact(rev, created)
        self.revs[rev.id] = held
        if created is not None and held is rev:
            self.created[rev.id] = created
        key = (rev.entity, rev.entity_id)
        before = self._by_entity.get(key)
        if before is None:
            self._by_entity[key] = held
        else:
            self._by_entity[key] = [*before, held] if isinstance(before, list) else [before, held]
            self._unsorted.add(key)
        self._by_kind[rev.entity][key] = None
        self._state.pop(key, None)
        if rev.borger_id:
            self._by_borger[rev.borger_id].add(key)
        return True

    def held(self, key: Key) -> list[Held]:
        """An entity's revisions in HLC order, as held (compact ones stay compact)."""
        revs = self._by_entity.get(key)
        if revs is None:
            return []
        if not isinstance(revs, list):
            return [revs]
        if key in self._unsorted:
            revs.sort(key=lambda rev: rev.hlc)
            self._unsorted.discard(key)
        return revs

    def revisions(self, key: Key) -> list[Revision]:
        """An entity's revisions in HLC order, each a full :class:`Revision`."""
        return [full(rev) for rev in self.held(key)]

    def folded(self, key: Key) -> Entity | None:
        if key in self._state:
            return self._state[key]
        held = self.held(key)
        if len(held) == 1 and isinstance(held[0], CompactCreate):
            return held[0].model()  # built each time: caching it would undo the small form
        revs = [full(rev) for rev in held]
        try:
            state = fold(revs, self.created) if revs else None
        except ValidationError:
            # One revision that cannot be applied (forged, or from a newer model) must not hide
            # the record: fold without the updates that break it, and say so in the log.
            state, skipped = fold_leniently(revs)
            log.error("entity %s: %d revision(s) could not be applied: %s", key, len(skipped), [rev.id for rev in skipped])
        if key[0] not in COMPACT_KINDS:
            self._state[key] = state  # bulk kinds are folded again when asked (few have updates)
        return state

    def keys_of_borger(self, borger_id: str) -> set[Key]:
        return self._by_borger.get(borger_id, set())

    def drop_borger_records(self, borger_id: str, older_than: str) -> int:
        """Forget the borger records (observations, notes, comments, time-out lines) of
        ``borger_id`` written before the month ``older_than`` (YYYY-MM): what opening their
        history added. Plans and other core records stay. Returns how many revisions left."""
        dropped = 0
        for key in list(self._by_borger.get(borger_id, ())):
            if key[0] not in BORGER_KINDS:
                continue
            held = self.held(key)
            if not held or max(f"{rev.written_at:%Y-%m}" for rev in held) >= older_than:
                continue  # written (or corrected) in the months every terminal keeps
            for rev in held:
                self.revs.pop(rev.id, None)
                self.created.pop(rev.id, None)
            dropped += len(held)
            del self._by_entity[key]
            self._by_kind[key[0]].pop(key, None)
            self._unsorted.discard(key)
            self._state.pop(key, None)
            self._by_borger[borger_id].discard(key)
        return dropped

    def keys_of(self, kind: str, borger_id: str | None = None) -> list[Key]:
        if borger_id is not None:
            return [key for key in self._by_borger.get(borger_id, ()) if key[0] == kind]
        return list(self._by_kind.get(kind, ()))

    def all(self, kind: str, model: type[E], borger_id: str | None = None) -> list[E]:
        found = [self.folded(key) for key in self.keys_of(kind, borger_id)]
        return [entity for entity in found if isinstance(entity, model)]

    def values(self, kind: str, model: type[Entity], borger_id: str, names: tuple[str, ...]) -> list[tuple[Any, ...]]:
        """The fields ``names`` (at least one) of every current entity :meth:`all` gives, as
        tuples in the same order, without building a model for a record held compact and never
        changed (most observations): its values are read where they are held. Any other record
        (corrected, withdrawn, of a kind not held compact) is folded as :meth:`all` folds it."""
        from_model = _tuple_getter(operator.attrgetter(*names), len(names))
        fields = FIELDS.get(kind)
        from_held = _tuple_getter(operator.itemgetter(*(fields.index(name) for name in names)), len(names)) if fields else None
        found: list[tuple[Any, ...]] = []
        for key in self.keys_of(kind, borger_id):
            revs = self._by_entity.get(key)
            if from_held is not None and isinstance(revs, CompactCreate):  # its one revision, a create
                found.append(from_held(revs.values))
                continue
            entity = self.folded(key)
            if isinstance(entity, model):
                found.append(from_model(entity))
        return found

    def about(self, borger_id: str) -> list[Revision]:
        found = [rev for key in list(self._by_borger.get(borger_id, ())) for rev in self.revisions(key)]
        return sorted(found, key=lambda rev: rev.hlc)

    def heads(self, key: Key) -> list[str]:
        return heads(self.held(key))  # type: ignore[arg-type]  # only ids and parents are read

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
