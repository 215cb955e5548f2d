"""What a screen showed, as audit events: views of several borgere and the picker's searches.

The law asks for a record of every use of personal data, searches included, and a borger's
request for insight (aktindsigt) must find every use that concerned them. So a view that shows
several borgere (the home list, F2, F4, F8, the overview, the time-out, the group picture, the
annual wheel, the administration's lists) names the borgere it showed in its event
(``AuditEvent.borgere``), and a search in the picker is recorded with its term and the borgere
it found (``handling="soeg"``).

Two small memories keep the log readable without losing anything a data-protection officer
needs:

* :class:`ShownViews` (one per open screen): a view is recorded when it is first drawn, and again
  only when a refresh shows a borger its last event did not name. Redrawing the same borgere for
  the same person on the same screen (the poll's refresh every second, a return from a
  sub-screen) adds nothing to "who saw whom".
* :class:`SearchLog` (the picker): a search term is recorded once it has *settled* — the person
  stopped typing for :data:`SEARCH_PAUSE_SECONDS`, opened a borger or a borger's plan or timeline
  from the filtered list, or left the home screen — never one event per keystroke. The term is
  the one the person looked at or acted on; the letters typed on the way there ("a", "an") only
  narrowed a list the person had already been shown (the home list is recorded as
  ``laes_borgerliste``), so leaving them out hides nothing about whom they saw.

No Textual here: the screens call these and write the events through ``AppScreen.audit``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smtte_tui.models import MAX_AUDIT_BORGERE, MAX_SOEGEORD, AuditEvent

if TYPE_CHECKING:
    from smtte_tui.audit_actions import AuditAction, AuditTarget
    from smtte_tui.session import Session

SEARCH_PAUSE_SECONDS = 1.0  # a term that stood this long has been read: it is a search


def unique(borger_ids: Iterable[str]) -> list[str]:
    """The ids in the order first shown, each once."""
    return list(dict.fromkeys(borger_ids))


def clip_term(term: str) -> str:
    """A search term as it is recorded: without outer spaces, at most :data:`MAX_SOEGEORD`
    characters (a pasted page must not fill the log; the words that found someone come first)."""
    return term.strip()[:MAX_SOEGEORD]


def view_events(session: Session, handling: AuditAction, maal: AuditTarget, borger_id: str | None = None, *, borgere: Iterable[str] = (), soegeord: str | None = None) -> list[AuditEvent]:
    """The audit events that record one use by the session's person: one event, or one per
    :data:`MAX_AUDIT_BORGERE` borgere when a view showed more than one event holds, so no borger
    is ever left out."""
    shown = unique(borgere)
    chunks = [shown[start : start + MAX_AUDIT_BORGERE] for start in range(0, len(shown), MAX_AUDIT_BORGERE)] or [[]]
    term = clip_term(soegeord) if soegeord is not None else None
    now = session.now()
    return [AuditEvent(tid=now, medarbejder=session.initialer, terminal=session.terminal, handling=handling, maal=str(maal), borger_id=borger_id, soegeord=term, borgere=chunk) for chunk in chunks]


@dataclass
class ShownViews:
    """What one open screen has recorded: per kind of view, the borgere its events named."""

    recorded: dict[str, set[str]] = field(default_factory=dict)

    def worth_recording(self, handling: str, borger_ids: Iterable[str]) -> bool:
        """Whether drawing ``borger_ids`` now must be audited (the first drawing, or a borger the
        last event did not name); remembers it when it must."""
        shown = set(borger_ids)
        last = self.recorded.get(handling)
        if last is not None and shown <= last:
            return False
        self.recorded[handling] = shown
        return True


@dataclass(frozen=True)
class Search:
    """One settled search: the term, the borgere the filtered list showed, and who searched."""

    soegeord: str
    borgere: list[str]
    who: str


@dataclass
class SearchLog:
    """The picker's filter as searches: :meth:`typed` on every change of the list, :meth:`settle`
    when the term has stood for a pause or the person acts on the list."""

    term: str = ""
    borgere: list[str] = field(default_factory=list)
    who: str = ""
    recorded: bool = True  # nothing typed yet: nothing to record

    def typed(self, term: str, borger_ids: Iterable[str], who: str) -> bool:
        """The filter now reads ``term`` and shows ``borger_ids``. True when the term itself
        changed (the pause starts again); a refresh of the same term only updates the borgere."""
        term = clip_term(term)
        self.borgere = unique(borger_ids)
        if term == self.term:
            return False
        self.term, self.who, self.recorded = term, who, not term
        return True

    def settle(self) -> Search | None:
        """The search to record now, once: None when the filter is empty or already recorded."""
        if self.recorded:
            return None
        self.recorded = True
        return Search(self.term, list(self.borgere), self.who)
