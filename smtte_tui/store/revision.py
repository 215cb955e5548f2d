"""The revision record: the only thing ever written to the store.

Every change is an immutable revision; the current state of an entity is the fold of its
revisions in hybrid-logical-clock order. Nothing is overwritten: a correction is an ``update``
revision, a withdrawal a ``retract`` revision, and the history is the list of revisions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from smtte_tui.models import ENTITY_MODELS, new_id
from smtte_tui.store.hlc import wall_time

EntityKind = Literal["borger", "medarbejder", "plan", "observation", "notat", "kommentar", "pdsa", "evaluering", "timeout", "audit", "indstillinger"]
Op = Literal["create", "update", "retract"]
HLC_PATTERN = r"^\d{13}\.\d{5}\.[A-Za-z0-9_-]+$"

assert set(EntityKind.__args__) == set(ENTITY_MODELS)  # one list of kinds, checked at import


class Revision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(default_factory=new_id, min_length=8)
    entity: EntityKind
    entity_id: str = Field(min_length=1)
    op: Op
    parents: list[str] = Field(default_factory=list)
    hlc: str = Field(pattern=HLC_PATTERN)
    author: str  # staff initials ("" for system writes such as the first set-up)
    terminal: str = Field(min_length=1)
    borger_id: str | None = None  # which borger the record concerns, if any (routing, insight requests)
    data: dict[str, Any] = Field(default_factory=dict)
    # When it was written by the writer's own clock (format 2; absent in format 1). It decides
    # the month file the record goes to and the time people are shown; ``hlc`` only orders.
    # Kept apart because the hybrid clock follows the fastest clock it has seen.
    at: dt.datetime | None = None

    @property
    def written_at(self) -> dt.datetime:
        """When the record was written (the writer's clock), in UTC."""
        if self.at is not None:
            return self.at.astimezone(dt.timezone.utc) if self.at.tzinfo else self.at.replace(tzinfo=dt.timezone.utc)
        return wall_time(self.hlc)

