"""Finding a borger and knowing whether this shift's signs are logged (no Textual here)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Literal

from smtte_tui.models import Borger, Observation, SmttePlan, Vagt
from smtte_tui.store import Store

ShiftStatus = Literal["done", "missing", "no_plan"]
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def fold(text: str) -> str:
    """Lowercase, æ/ø/å as ae/oe/aa, accents dropped: what a hurried person types matches."""
    text = text.lower().translate(_DANISH)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def borger_matches(query: str, borger: Borger) -> bool:
    """Every word of the query must occur in the name, short name or room (substring match).

    Substring rather than word-start: staff type "sen" for Jensen as often as "je"; two letters of
    a first name always find it.
    """
    haystack = fold(f"{borger.navn} {borger.kortnavn} {borger.bolig}")
    return all(word in haystack for word in fold(query).split())


def active_plan(store: Store, borger_id: str) -> SmttePlan | None:
    """The borger's one active plan (the method allows only one active goal)."""
    plans = [p for p in store.all(SmttePlan, borger_id) if p.status == "aktiv"]
    return plans[0] if plans else None


def logged_tegn(store: Store, borger_id: str, dato: dt.date, vagt: Vagt) -> set[str]:
    return {o.tegn_id for o in store.all(Observation, borger_id) if o.dato == dato and o.vagt == vagt}


def shift_status(store: Store, borger_ids: list[str], plans_by_borger: dict[str, SmttePlan | None], dato: dt.date, vagt: Vagt) -> dict[str, ShiftStatus]:
    """"done" when every active tegn of the borger's active plan has a sign this shift."""
    status: dict[str, ShiftStatus] = {}
    for borger_id in borger_ids:
        plan = plans_by_borger.get(borger_id)
        wanted = {t.id for t in plan.tegn if t.aktiv} if plan else set()
        if not wanted:
            status[borger_id] = "no_plan"
            continue
        status[borger_id] = "done" if wanted <= logged_tegn(store, borger_id, dato, vagt) else "missing"
    return status
