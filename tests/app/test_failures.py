"""When the store fails, the person reads one sentence and goes on: the app keeps running and
nothing typed is lost (issue F3). Faults are injected into the real store of a real app."""

from __future__ import annotations

import json
import logging

from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Observation
from smtte_tui.store import ReadOnlyStore, Store

from .conftest import NOW, PIN, open_app, open_log, screen_text, sign_in, wait_for

CALM = "Noget gik galt"


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def saved_observations(house, borger_id: str) -> list[Observation]:
    return Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True).all(Observation, borger_id)


async def test_a_save_that_fails_says_so_calmly_keeps_the_values_and_the_next_save_works(house, monkeypatch, caplog):
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.shift.log import LogScreen

    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "b", "e")

        def broken(*args, **kwargs):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(app.store, "create_many", broken)
        monkeypatch.setattr(app.store, "create", broken)
        with caplog.at_level(logging.ERROR, logger="smtte"):
            await pilot.press("j", "4", "ctrl+s")
            await wait_for(pilot, lambda: any(CALM in n for n in notices(app)))
        screen = app.screen
        assert isinstance(screen, LogScreen) and not screen.saving
        assert screen.collect()["values"] == {t.id: v for t, v in zip(screen.tegn, ["j", "4"])}  # nothing typed is lost
        assert "disk on fire" in caplog.text and "Traceback" in caplog.text  # the detail is in the log
        assert "disk on fire" not in screen_text(app)
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.last_save)
    assert sorted(str(o.vaerdi) for o in saved_observations(house, house["borgere"]["Bent"].id)) == ["4", "True"]


async def test_withdrawing_a_sign_another_terminal_withdrew_first_says_so_and_the_list_moves_on(house, monkeypatch):
    from smtte_tui.screens.shift.entries import EntriesScreen

    bent = house["borgere"]["Bent"]
    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "b", "e")
        await pilot.press("j", "ctrl+s")
        await wait_for(pilot, lambda: app.last_save)
        await open_log(pilot, "b", "e")
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen) and app.screen.entries)
        [entry] = app.screen.entries
        screen = app.screen
        # this screen has not redrawn since the office withdrew the sign (as between two polls)
        monkeypatch.setattr(screen, "refresh_data", lambda changes: None)
        with Store(house["data"], local_dir=house["tmp"] / "kontoret", clock=lambda: NOW) as other:
            other.retract(Observation, entry.id, "LE")
        await wait_for(pilot, lambda: app.store.get(Observation, entry.id) is None)  # polled in
        await pilot.press("t", "j")  # asked first; j = withdraw
        await wait_for(pilot, lambda: any("Findes ikke" in n for n in notices(app)))
        await wait_for(pilot, lambda: app.screen.entries == [])
        assert isinstance(app.screen, EntriesScreen)
        await pilot.press("escape", "escape")  # still a working app
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
    assert saved_observations(house, bent.id) == []


async def test_an_audit_write_refused_at_sign_in_is_one_sentence_and_the_next_try_works(house, monkeypatch):
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        real_create = app.store.create

        def refuse_audit(entity, author):
            if isinstance(entity, AuditEvent):
                raise ReadOnlyStore("store.error.readonly")
            return real_create(entity, author)

        monkeypatch.setattr(app.store, "create", refuse_audit)
        await wait_for(pilot, lambda: app.screen.query("#initials"))
        await pilot.press("L", "E", "enter", *PIN, "enter")
        await wait_for(pilot, lambda: any("nyere version" in n for n in notices(app)))
        assert isinstance(app.screen, LockScreen) and app.user is None
        monkeypatch.undo()
        await pilot.press(*PIN, "enter")  # the initials are still there
        await wait_for(pilot, lambda: app.user is not None and app.screen.__class__.__name__ == "HomeScreen")


async def test_an_unexpected_error_while_reading_is_logged_and_the_app_goes_on(house, monkeypatch, caplog):
    import smtte_tui.features.evaluation.timeline
    from smtte_tui.screens.evaluation.timeline import TimelineScreen
    from smtte_tui.screens.shift.home import HomeScreen

    def broken(store, borger_id):
        raise KeyError("missing month")

    monkeypatch.setattr(smtte_tui.features.evaluation.timeline, "build", broken)
    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "TH")
        with caplog.at_level(logging.ERROR, logger="smtte"):
            await pilot.press("a", "n", "f3")
            await wait_for(pilot, lambda: any(CALM in n for n in notices(app)))
        assert "missing month" in caplog.text and "TimelineScreen.load" in caplog.text
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("f5")  # another screen still works
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TimeoutScreen" and app.screen.rows)


async def test_the_poll_survives_a_share_that_fails_and_the_sync_bar_says_so(house, monkeypatch):
    from smtte_tui.screens.widgets.syncbar import SyncBar

    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "MA")

        def unreachable():
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(app.store, "poll", unreachable)

        def bar() -> str:
            return str(app.screen.query_one(SyncBar).render())

        await wait_for(pilot, lambda: "kan ikke nås" in bar())
        monkeypatch.undo()
        await wait_for(pilot, lambda: bar() == "Gemt og delt")
        await open_log(pilot, "b", "e")  # and the app is still usable


async def test_a_folder_of_a_newer_format_reads_says_why_and_writes_nothing(house):
    """A read-only terminal: signing in works (wrong PINs still count here), every screen reads,
    the sync bar says why, and a save is refused with the store's sentence, values kept."""
    from smtte_tui.screens.shift.log import LogScreen
    from smtte_tui.screens.widgets.syncbar import SyncBar

    format_file = house["data"] / "FORMAT.json"
    info = json.loads(format_file.read_text())
    format_file.write_text(json.dumps({**info, "version": info["version"] + 1}))
    app = open_app(house)
    assert app.store.readonly
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#initials"))
        await pilot.press("M", "A", "enter", *"9999", "enter")
        await wait_for(pilot, lambda: "2 forsøg tilbage" in str(app.screen.query_one("#lock-message").render()))
        await pilot.press(*"9999", "enter")
        await wait_for(pilot, lambda: "1 forsøg tilbage" in str(app.screen.query_one("#lock-message").render()))
        await pilot.press("escape")
        await sign_in(pilot, "LE")
        await wait_for(pilot, lambda: "nyere version" in str(app.screen.query_one(SyncBar).render()))
        await open_log(pilot, "b", "e")
        await pilot.press("j", "ctrl+s")
        await wait_for(pilot, lambda: any("der kan kun læses" in n for n in notices(app)))
        assert isinstance(app.screen, LogScreen) and app.screen.collect()["values"]
        await pilot.press("escape", "f3")  # the timeline reads; its report (an audited export) is refused
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TimelineScreen" and app.screen.data is not None)
        before = len(notices(app))
        await pilot.press("x")
        await wait_for(pilot, lambda: any("der kan kun læses" in n for n in notices(app)[before:]))
    assert not (house["data"] / "eksport").exists()
    reader = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    reader.load_audit()
    assert reader.all(AuditEvent) == []  # not a sign-in, not a read, not a failure was written


async def test_a_mistyped_shift_in_config_stops_the_app_naming_the_setting(house, isolated_locations):
    (isolated_locations / "config.toml").write_bytes(b"\xef\xbb\xbfshift_day_starts = '7:00'\n")  # saved by Notepad
    app = open_app(house)  # no settings given: the app reads config.toml while the lock screen is up
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app._exit_renderables)
        [sentence] = app._exit_renderables
    assert app.return_code == 2
    assert "config.toml" in sentence and f"shift_day_starts: {t('config.error.clock')}" in sentence
