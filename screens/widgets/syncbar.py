"""The always-visible sync state: saved and shared / N waiting / share unreachable / to look at."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtte_tui.i18n import t, tn
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import SyncState


class SyncBar(Plain):
    def show(self, state: SyncState | None) -> None:
        if state is None:
            return
        store = getattr(self.app, "store", None)
        readonly = bool(store is not None and store.readonly)
        database = getattr(self.app, "database", None)  # a terminal on the municipality's PostgreSQL
        database_away = database is not None and database.reachable is False
        database_text = database.sync_text(state.pending) if database is not None else None
        self.set_class(readonly or not state.share_ok or database_away, "offline")
        if readonly:  # a folder of a newer format: this terminal reads and writes nothing
            text = t("app.readonly")
        elif database_text and (database_away or state.share_ok):  # away, refused, or saves waiting for it
            text = database_text
        elif not state.share_ok:
            text = t("sync.offline", n=state.pending)
        else:
            text = t("sync.ok") if not state.pending else t("sync.pending", n=state.pending)
        if state.conflicts or state.problems:
            text += " · " + t("sync.conflicts", n=state.conflicts + state.problems)
        if state.rewritten:  # the share had lost records this PC wrote (a restore): they are back
            text += " · " + tn("sync.rewritten", state.rewritten, n=state.rewritten)
        self.update(text)
