"""No screen calls the store on the UI thread (issue F3): the app is given a store that notes the
thread of every call, and a day is walked through every main screen, reading and writing."""

from __future__ import annotations

import threading

import pytest

from smtte_tui.store import Store

from .conftest import NOW, open_log, sign_in, type_text, wait_for


class ThreadWatch:
    """The real store, noting which store methods are called on the main (UI) thread."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.on_ui_thread: list[str] = []
        self.calls = 0

    def __getattr__(self, name: str):
        value = getattr(self._store, name)
        if not callable(value):
            return value  # attributes (root, writer, readonly) are no I/O

        def call(*args, **kwargs):
            self.calls += 1
            if threading.current_thread() is threading.main_thread():
                self.on_ui_thread.append(name)
            return value(*args, **kwargs)

        return call


@pytest.fixture
def watched(house):
    from smtte_tui.app import SmtteApp
    from smtte_tui.features.shift.drafts import DraftStore

    store = ThreadWatch(Store(house["data"], local_dir=house["tmp"] / "local", clock=lambda: NOW))
    app = SmtteApp(store, clock=lambda: NOW, drafts=DraftStore(house["tmp"] / "local" / "drafts"))  # type: ignore[arg-type]
    return app, store


def screen_is(app, name: str) -> bool:
    return type(app.screen).__name__ == name


async def back_home(pilot) -> None:
    app = pilot.app
    while not screen_is(app, "HomeScreen"):
        await pilot.press("escape")
        await pilot.pause()
        if screen_is(app, "ConfirmScreen"):
            await pilot.press("n")
    await wait_for(pilot, lambda: app.screen.rows)


async def test_logging_entries_undo_lock_and_the_time_out_never_touch_the_store_on_the_ui_thread(watched):
    app, store = watched
    async with app.run_test(size=(140, 45)) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "b", "e")
        await pilot.press("j", "3", "1", "ctrl+s")
        await wait_for(pilot, lambda: screen_is(app, "HomeScreen") and app.last_save)
        await pilot.press("ctrl+z")  # undo
        await wait_for(pilot, lambda: any("fortrudt" in str(n.message) for n in app._notifications))
        await open_log(pilot, "a", "n")
        await pilot.press("j", "ctrl+s")
        await wait_for(pilot, lambda: screen_is(app, "HomeScreen") and app.last_save)
        await open_log(pilot, "a", "n")
        await pilot.press("f4")  # Do note
        await wait_for(pilot, lambda: screen_is(app, "PromptScreen"))
        await type_text(pilot, "Musik hjalp")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Do-noten er gemt" in str(n.message) for n in app._notifications))
        await pilot.press("f5")  # today's entries: correct and withdraw
        await wait_for(pilot, lambda: screen_is(app, "EntriesScreen") and app.screen.entries)
        await pilot.press("t", "j")  # asked first; j = withdraw
        await wait_for(pilot, lambda: app.screen.entries == [])
        await back_home(pilot)
        await pilot.press("f5")  # the time-out: mark one borger
        await wait_for(pilot, lambda: screen_is(app, "TimeoutScreen") and app.screen.rows)
        await pilot.press("1", "enter", "enter", "enter")
        await wait_for(pilot, lambda: app.screen.rows[0].today is not None)
        await back_home(pilot)
        await pilot.press("ctrl+l")  # lock (audited) and sign in again
        await sign_in(pilot, "MA")
    assert store.calls > 50
    assert store.on_ui_thread == []


async def test_plans_history_editor_pdsa_and_overdue_list_never_touch_the_store_on_the_ui_thread(watched):
    app, store = watched
    async with app.run_test(size=(140, 45)) as pilot:
        await sign_in(pilot, "TH")
        await type_text(pilot, "bent")
        await pilot.press("f7")
        await wait_for(pilot, lambda: screen_is(app, "PlanScreen") and app.screen.plans)
        await pilot.press("k")  # a comment
        await wait_for(pilot, lambda: screen_is(app, "PromptScreen"))
        await type_text(pilot, "Prøv om morgenen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_is(app, "PlanScreen") and app.screen.hub and any(app.screen.hub.comments.values()))
        await pilot.press("b")  # handled
        await wait_for(pilot, lambda: all(c.behandlet for cs in app.screen.hub.comments.values() for c in cs))
        await pilot.press("e")  # the editor: change the goal and save
        await wait_for(pilot, lambda: screen_is(app, "PlanEditorScreen"))
        await pilot.press("f8")
        await type_text(pilot, " hver dag")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Planen er gemt" in str(n.message) for n in app._notifications))
        await pilot.press("f9")  # activate (it is active already)
        await wait_for(pilot, lambda: any("aktiv" in str(n.message) for n in app._notifications))
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_is(app, "PlanScreen"))
        await pilot.press("h")  # history
        await wait_for(pilot, lambda: screen_is(app, "PlanHistoryScreen") and app.screen.versions)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_is(app, "PlanScreen"))
        await pilot.press("n")  # a new plan opens in the editor
        await wait_for(pilot, lambda: screen_is(app, "PlanEditorScreen"))
        await pilot.press("escape")  # nothing typed (the default dates are only suggested): no question
        await wait_for(pilot, lambda: screen_is(app, "PlanScreen"))
        await back_home(pilot)
        await type_text(pilot, "anna")
        await pilot.press("f7")
        await wait_for(pilot, lambda: screen_is(app, "PlanScreen") and app.screen.plans)
        await pilot.press("p")  # the plan's prøvehandlinger, one opened
        await wait_for(pilot, lambda: screen_is(app, "PdsaRampScreen") and app.screen.cycles)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_is(app, "PdsaScreen") and app.screen.parents is not None)
        await pilot.press("end", "space", "x", "ctrl+s")  # save the plan step
        await wait_for(pilot, lambda: any("Prøvehandlingen er gemt" in str(n.message) for n in app._notifications))
        await pilot.press("f8")  # Do: a note
        await type_text(pilot, "Gik fint")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.notes)
        await pilot.press("f8", "f8")  # Study, Act
        await back_home(pilot)
        await pilot.press("f8")  # overdue prøvehandlinger
        await wait_for(pilot, lambda: screen_is(app, "PdsaOverdueScreen") and app.screen.loaded)
        await back_home(pilot)
    assert store.on_ui_thread == []


async def test_timeline_charts_meeting_and_the_house_views_never_touch_the_store_on_the_ui_thread(watched):
    app, store = watched
    async with app.run_test(size=(140, 45)) as pilot:
        await sign_in(pilot, "LE")
        await type_text(pilot, "anna")
        await pilot.press("f3")  # timeline, charts, meeting
        await wait_for(pilot, lambda: screen_is(app, "TimelineScreen") and app.screen.data is not None)
        await pilot.press("g")
        await wait_for(pilot, lambda: screen_is(app, "ChartsScreen"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_is(app, "TimelineScreen"))
        await pilot.press("m")
        await wait_for(pilot, lambda: screen_is(app, "MeetingScreen") and app.screen.steps)
        screen = app.screen
        await pilot.press(*["f8"] * (screen.steps.index("score")))
        await pilot.press("enter", "enter")  # a score, then the decision "fortsæt"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_is(app, "TimelineScreen"))
        await back_home(pilot)
        await pilot.press("f4")  # evaluations due
        await wait_for(pilot, lambda: screen_is(app, "DueScreen"))
        await back_home(pilot)
        await pilot.press("f6")  # overview, group picture, year wheel
        await wait_for(pilot, lambda: screen_is(app, "OverviewScreen") and app.screen.board is not None)
        await pilot.press("g")
        await wait_for(pilot, lambda: screen_is(app, "GroupScreen") and app.screen.verdicts_done)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_is(app, "OverviewScreen"))
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_is(app, "YearWheelScreen") and app.screen.months)
        await pilot.press("right")
        await back_home(pilot)
        await pilot.press("f9")  # administration: a new borger, a role, then the audit log
        await wait_for(pilot, lambda: screen_is(app, "AdminScreen") and app.screen.staff_rows)
        await type_text(pilot, "Dorte Holm")
        await pilot.press("enter", "D", "H", "enter", "enter")
        await wait_for(pilot, lambda: any(b.navn == "Dorte Holm" for b in app.screen.borgere))
        await pilot.press("f2", "u")  # unblock the highlighted colleague (nobody is blocked: a refusal)
        await wait_for(pilot, lambda: "spærret" in str(app.screen.query_one("#admin-message").render()))
        await pilot.press("f4")
        await wait_for(pilot, lambda: screen_is(app, "AuditScreen") and app.screen.events is not None)
        await pilot.press("b")
        await wait_for(pilot, lambda: screen_is(app, "PromptScreen"))
        await type_text(pilot, "AJ")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_is(app, "AuditScreen") and app.screen.filter.borger_id is not None)
        await back_home(pilot)
    assert store.on_ui_thread == []
