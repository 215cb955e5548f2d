"""What every feature asks of the store: a borger by what was typed, the borger's active plan and
running prøvehandling, the prøvehandlinger past their end, and whether this shift's signs are
logged. In the core because several features ask them and a feature never imports another."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar

from smtte_tui.models import Borger, Observation, PdsaCycle, SmttePlan, Tegn, Vagt
from smtte_tui.store import Store

T = TypeVar("T")
ShiftStatus = Literal["done", "missing", "not_this_shift", "no_plan"]
# Folded before the accent removal: NFKD would turn "å" into "a" and "ø" survives it unchanged.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def fold(text: str) -> str:
    """``text`` lowercased, with æ/ø/å spelled ae/oe/aa and accents dropped (é → e).

    Both the query and the names are folded, so "aase", "Åse" and "åse" all meet as "aase".
    """
    text = text.lower().translate(_DANISH)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def borger_matches(query: str, borger: Borger) -> bool:
    """True when every word of the query occurs somewhere in the name, short name or room.

    Substring rather than word-start: staff type "sen" for Jensen as often as "je", and two
    letters of a first name always find it. An empty query matches everyone.
    """
    haystack = fold(f"{borger.navn} {borger.kortnavn} {borger.bolig}")
    return all(word in haystack for word in fold(query).split())


def match_rank(query: str, borger: Borger) -> int | None:
    """How well ``query`` finds ``borger``: None when it does not match (:func:`borger_matches`),
    else smaller is better.

    0: the query is the short name ("AJ"); 1: every word typed starts a word of the name, the
    short name or the room ("ni" → Niels, "je" → Jensen); 2: some word only occurs inside a word
    ("ni" in De-nni-s, "sen" in Jensen). The list shows the best first, so the row highlighted
    after typing is the one a person meant: two letters of a first name must never open a
    borger whose name merely contains them.
    """
    if not borger_matches(query, borger):
        return None
    words = fold(query).split()
    if not words:
        return 1
    if " ".join(words) == fold(borger.kortnavn):
        return 0
    starts = fold(f"{borger.navn} {borger.kortnavn} {borger.bolig}").replace(".", " ").replace("-", " ").split()
    return 1 if all(any(part.startswith(word) for part in starts) for word in words) else 2


def rank_borgere(query: str, borgere: Iterable[T], key: Callable[[T], Borger]) -> list[T]:
    """The items whose borger ``query`` finds, best match first (:func:`match_rank`); equally good
    matches keep the order they came in (alphabetical on the home screen)."""
    ranked = [(rank, position, item) for position, item in enumerate(borgere) if (rank := match_rank(query, key(item))) is not None]
    return [item for _, _, item in sorted(ranked, key=lambda found: found[:2])]


def logged_tegn(store: Store, borger_id: str, dato: dt.date, vagt: Vagt) -> set[str]:
    """Ids of the tegn with at least one current (not withdrawn) observation on ``dato``/``vagt``."""
    return {o.tegn_id for o in store.all(Observation, borger_id) if o.dato == dato and o.vagt == vagt}


def expected_tegn(plan: SmttePlan | None, vagt: Vagt) -> list[Tegn]:
    """The active tegn of ``plan`` that can be seen in ``vagt`` (:attr:`Tegn.vagter`): the ones a
    shift is asked for. A morning-only sign is never missing in the evening."""
    return [item for item in plan.tegn if item.aktiv and item.ses_i(vagt)] if plan else []


def shift_status(store: Store, borger_ids: list[str], plans_by_borger: dict[str, SmttePlan | None], dato: dt.date, vagt: Vagt) -> dict[str, ShiftStatus]:
    """This shift's status for each borger id:

    * ``"done"``: ALL tegn this shift can see (:func:`expected_tegn`) have an observation this
      shift (one missing tegn is still "missing": the list is there to catch exactly that);
    * ``"missing"``: at least one of them has none;
    * ``"not_this_shift"``: the plan has active tegn, but none seen in this shift;
    * ``"no_plan"``: no active plan, or a plan without active tegn (nothing to log).
    """
    status: dict[str, ShiftStatus] = {}
    for borger_id in borger_ids:
        plan = plans_by_borger.get(borger_id)
        if not (plan and any(item.aktiv for item in plan.tegn)):
            status[borger_id] = "no_plan"
            continue
        wanted = {item.id for item in expected_tegn(plan, vagt)}
        if not wanted:
            status[borger_id] = "not_this_shift"
            continue
        status[borger_id] = "done" if wanted <= logged_tegn(store, borger_id, dato, vagt) else "missing"
    return status


class BorgerLookupError(ValueError):
    """No borger, or more than one, fits what was typed; ``found`` holds the ones that fit."""

    def __init__(self, text: str, found: list[Borger]) -> None:
        super().__init__(text)
        self.text, self.found = text, found


def find_borger(borgere: Iterable[Borger], text: str) -> Borger:
    """The one borger ``text`` names, found the way the home screen finds people: an id, else a
    short name, else a whole name, else the words of the name, short name or room (any case;
    ``ae``/``oe``/``aa`` for æ/ø/å, so "aase" and "Åse" both find Åse Møller). The CLI, the
    audit log's borger filter and anything else that takes a borger by name use this one rule.

    :class:`BorgerLookupError` when none or several fit: an export or an insight request must
    never go to a borger the person did not mean, so a guess between several is never made.
    """
    candidates = list(borgere)
    wanted = text.strip()
    by_id = [b for b in candidates if b.id == wanted]
    if by_id:
        return by_id[0]
    folded = fold(wanted)
    for field in ("kortnavn", "navn"):
        exact = [b for b in candidates if fold(getattr(b, field)) == folded]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise BorgerLookupError(wanted, exact)
    found = [b for b in candidates if folded and borger_matches(wanted, b)]
    if len(found) == 1:
        return found[0]
    raise BorgerLookupError(wanted, found)


def active_plan(store: Store, borger_id: str) -> SmttePlan | None:
    """The borger's active plan, or None.

    The method allows one active goal per borger; should two terminals have activated a plan
    each, the same one is returned every time (lowest id) so all screens agree.
    """
    plans = sorted((p for p in store.all(SmttePlan, borger_id) if p.status == "aktiv"), key=lambda p: p.id)
    return plans[0] if plans else None


def active_pdsa(store: Store, borger_id: str, today: dt.date) -> PdsaCycle | None:
    """The borger's running prøvehandling: status "aktiv" and started on or before ``today``.

    When several run, the most recently started one is the one being done now.
    """
    cycles = [c for c in store.all(PdsaCycle, borger_id) if c.status == "aktiv" and c.start <= today]
    return max(cycles, key=lambda c: (c.start, c.nummer, c.id)) if cycles else None


def overdue(store: Store, today: dt.date, borger_ids: set[str] | None = None) -> list[PdsaCycle]:
    """Cycles past their end date still without a decision (Study/Act), oldest end first."""
    found = [c for c in store.all(PdsaCycle) if c.status != "afsluttet" and c.slut < today and (borger_ids is None or c.borger_id in borger_ids)]
    return sorted(found, key=lambda c: (c.slut, c.borger_id))
