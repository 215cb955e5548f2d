"""The picker's filter as audited searches: a term is recorded once it has settled, never one
event per keystroke (the rule and why: :mod:`smtte_tui.viewaudit`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind

if TYPE_CHECKING:
    from textual.timer import Timer

    from smtte_tui.screens.kit.base import AppScreen
    from smtte_tui.session import Session


class SearchAudit:
    """Owned by the home screen: :meth:`typed` on every change of the filtered list,
    :meth:`settle` when the person acts on it or leaves the screen. The pause is a timer of the
    screen, so it stops with it; leaving settles first."""

    def __init__(self, screen: AppScreen) -> None:
        from smtte_tui.viewaudit import SearchLog

        self.screen = screen
        self.log = SearchLog()
        self.timer: Timer | None = None
        self.session: Session | None = None  # whose term it is: theirs who typed it

    def typed(self, term: str, borger_ids: Iterable[str]) -> None:
        from smtte_tui.viewaudit import SEARCH_PAUSE_SECONDS

        session = self.screen.session
        if not self.log.typed(term, borger_ids, session.initialer if session else ""):
            return
        self.session = session
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.screen.set_timer(SEARCH_PAUSE_SECONDS, self.settle, name="search-pause") if self.log.term else None

    def settle(self) -> None:
        """Record the term now if it has not been (the signed-in person of the moment it was
        typed: a lock may already have signed them out)."""
        search = self.log.settle()
        if search is not None and self.session is not None:
            self.screen.audit(AuditAction.SOEG, AuditTarget.of(TargetKind.SOEG), borgere=search.borgere, soegeord=search.soegeord, session=self.session)
