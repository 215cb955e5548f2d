"""The revision record: the only thing ever written to the store.

Every change is an immutable revision; the current state of an entity is the fold of its
revisions in hybrid-logical-clock order. Nothing is overwritten: a correction is an ``update``
revision, a withdrawal a ``retract`` revision, and the history is the list of revisions.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from smtte_tui.models import ENTITY_MODELS, ID_PATTERN, Tidspunkt, new_id
from smtte_tui.store.hlc import wall_time

EntityKind = Literal["borger", "medarbejder", "plan", "observation", "notat", "kommentar", "pdsa", "evaluering", "timeout", "audit", "indstillinger"]
Op = Literal["create", "update", "retract"]
# The models' id rule (models.Id), checked by pydantic's own regex: a revision's ids are read by the
# hundred thousand, never typed, so speed beats a Danish message here.
RevId = Annotated[str, StringConstraints(pattern=f"^{ID_PATTERN}$")]
HLC_PATTERN = r"^\d{13}\.\d{5}\.[A-Za-z0-9_-]+$"

assert set(get_args(EntityKind)) == set(ENTITY_MODELS)  # one list of kinds, checked at import


class Revision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: RevId = Field(default_factory=new_id)
    entity: EntityKind
    entity_id: RevId
    op: Op
    parents: list[RevId] = Field(default_factory=list, max_length=64)
    hlc: str = Field(pattern=HLC_PATTERN, max_length=100)
    author: str = Field(max_length=64)  # staff initials ("" for system writes such as the first set-up)
    terminal: RevId
    # which borger the record concerns, if any: its files (borgere/<id>/) and insight requests
    borger_id: RevId | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    # When it was written by the writer's own clock (format 2; absent in format 1). It decides
    # the month file the record goes to and the time people are shown; ``hlc`` only orders.
    # Kept apart because the hybrid clock follows the fastest clock it has seen.
    at: Tidspunkt | None = None

    @model_validator(mode="after")
    def _borger_is_the_records_own(self) -> Revision:
        # borger_id files the record (and answers insight requests): it must be the borger the
        # record itself names, or a record about Anna could be filed, and exported, as Bo's
        named = self.entity_id if self.entity == "borger" else self.data.get("borger_id")
        if self.op == "create" and self.borger_id != named and (named is not None or self.entity == "borger"):
            raise ValueError("borger_id differs from the borger the record names")
        if self.op == "update" and "borger_id" in self.data and self.data["borger_id"] != self.borger_id:
            raise ValueError("borger_id differs from the borger the record names")
        return self

    @property
    def written_at(self) -> dt.datetime:
        """When the record was written (the writer's clock), in UTC."""
        if self.at is not None:
            return self.at.astimezone(dt.UTC) if self.at.tzinfo else self.at.replace(tzinfo=dt.UTC)
        return wall_time(self.hlc)
