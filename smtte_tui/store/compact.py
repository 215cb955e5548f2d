"""Observations and notes kept small in memory: the bulk of every history, only ever read.

A borger's five years are thousands of observations and notes, each created once and seldom
corrected. Held as a validated pydantic model *and* a revision with its data dict, one costs about
4.4 KB; a long day of opening timelines then costs a gigabyte. A :class:`CompactCreate` keeps the
revision's few facts and the record's field values in one tuple (strings that repeat — borger,
plan, tegn, author, terminal, shift — shared, dates shared), about a tenth of that. The full
revision and the model are built when someone needs them (a fold, a correction, an export) and
let go again. Only creates of these kinds are kept so: anything else stays a full revision.

Values come from a model that was validated when it was read, so building it again skips
validation (``model_construct``).
"""

from __future__ import annotations

import datetime as dt
import operator
import sys
from typing import Any, cast

from smtte_tui.models import ENTITY_MODELS, Entity
from smtte_tui.store.hlc import wall_time
from smtte_tui.store.revision import EntityKind, Revision

COMPACT_KINDS = frozenset({"observation", "notat"})
BYTES_PER_RECORD = 1000  # what one record of a history costs in memory (measured: smtte bench)
FIELDS: dict[str, tuple[str, ...]] = {kind: tuple(ENTITY_MODELS[kind].model_fields) for kind in COMPACT_KINDS}
# the record's fields other than its id, read in one call; the id (every model's first field) is the
# revision's entity_id
assert all(names[0] == "id" for names in FIELDS.values())
_REST: dict[str, operator.attrgetter[Any]] = {kind: operator.attrgetter(*(name for name in names if name != "id")) for kind, names in FIELDS.items()}
_dates: dict[dt.date, dt.date] = {}


def _share(value: Any) -> Any:
    """One object for equal short strings and dates (ids of borgere, plans and tegn, initials)."""
    if isinstance(value, str) and len(value) <= 64:
        return sys.intern(value)
    if type(value) is dt.date:
        return _dates.setdefault(value, value)
    return value


def _shared(values: tuple[Any, ...]) -> list[Any]:
    """:func:`_share` of each value, in one comprehension: a half-year of observations is twenty
    thousand records of a dozen values, read while the group picture waits (a call per value
    cost a sixth of that read)."""
    intern, dates, date = sys.intern, _dates, dt.date
    return [intern(v) if type(v) is str and len(v) <= 64 else dates.setdefault(v, v) if type(v) is date else v for v in values]


class CompactCreate:
    """A create revision of an observation or a note, with the record's values; duck-types the
    parts of :class:`Revision` the index uses."""

    __slots__ = ("id", "entity", "entity_id", "hlc", "author", "terminal", "borger_id", "at", "values")
    op = "create"
    parents: tuple[str, ...] = ()

    def __init__(self, rev: Revision, model: Entity) -> None:
        self.id = rev.id
        self.entity = cast(EntityKind, sys.intern(rev.entity))  # interned: one string object per kind
        self.entity_id = rev.entity_id
        self.hlc = rev.hlc
        self.author = _share(rev.author)
        self.terminal = _share(rev.terminal)
        self.borger_id = _share(rev.borger_id) if rev.borger_id else None
        self.at = rev.at
        # the record's own id is the revision's entity_id: one string object for both
        self.values = (self.entity_id, *_shared(_REST[rev.entity](model)))

    def model(self) -> Entity:
        """The record, built again from its validated values."""
        values: dict[str, Any] = dict(zip(FIELDS[self.entity], self.values))
        return ENTITY_MODELS[self.entity].model_construct(**values)

    @property
    def data(self) -> dict[str, Any]:
        return self.model().model_dump(mode="json")

    @property
    def written_at(self) -> dt.datetime:
        if self.at is not None:
            return self.at.astimezone(dt.UTC) if self.at.tzinfo else self.at.replace(tzinfo=dt.UTC)
        return wall_time(self.hlc)

    def revision(self) -> Revision:
        """The full revision, as it was read."""
        return Revision.model_construct(
            id=self.id,
            entity=self.entity,
            entity_id=self.entity_id,
            op="create",
            parents=[],
            hlc=self.hlc,
            author=self.author,
            terminal=self.terminal,
            borger_id=self.borger_id,
            data=self.data,
            at=self.at,
        )

    def matches(self, rev: Revision, created: Entity | None) -> bool:
        """Whether ``rev`` (read again, e.g. from the borger's year file) is this same record.
        Compared as validated values, so a field added to the model since (its default filled
        in) does not make an old record look forged."""
        if (rev.op, rev.entity, rev.entity_id, rev.hlc, rev.author, rev.terminal, rev.borger_id) != ("create", self.entity, self.entity_id, self.hlc, self.author, self.terminal, self.borger_id):
            return False
        if created is None:
            return False
        return self.values == tuple(getattr(created, name) for name in FIELDS[self.entity])


def compact(rev: Revision, created: Entity | None) -> Revision | CompactCreate:
    """The small form of ``rev`` when it is a create of a bulk kind with its validated model."""
    if rev.op == "create" and created is not None and rev.entity in COMPACT_KINDS:
        return CompactCreate(rev, created)
    return rev


def full(rev: Revision | CompactCreate) -> Revision:
    return rev.revision() if isinstance(rev, CompactCreate) else rev
