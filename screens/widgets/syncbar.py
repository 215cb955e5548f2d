"""The always-visible sync state: saved and shared / N waiting / share unreachable / to look at."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtte_tui.i18n import t
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import SyncState


class SyncBar(Plain):
    def show(self, state: SyncState | None) -> None:
        if state is None:
            return
        self.set_class(not state.share_ok, "offline")
        if not state.share_ok:
            text = t("sync.offline", n=state.pending)
        else:
            text = t("sync.ok") if not state.pending else t("sync.pending", n=state.pending)
        if state.conflicts or state.problems:
            text += " · " + t("sync.conflicts", n=state.conflicts + state.problems)
        self.update(text)
