"""A staff member at a Windows PC (issue W3, W13): records that wait for the share are never left
behind without a word, and a draft file an antivirus scan holds never ends the app."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from smtte_tui.i18n import t

from .conftest import open_app, open_log, sign_in, wait_for


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def waiting_notices(app, key: str) -> list[int]:
    """The counts in the notices of catalog text ``key`` ("{n} poster er kun gemt på denne pc ...")."""
    prefix, _, suffix = t(key, n="\x00").partition("\x00")
    return [int(text[len(prefix) : -len(suffix)]) for text in notices(app) if text.startswith(prefix) and text.endswith(suffix)]


async def save_bent_while_the_share_is_away(pilot, house) -> None:
    """Mads saves a shift for Bent while the shared drive is gone (a VPN down, a server reboot)."""
    from smtte_tui.screens.shift.home import HomeScreen

    house["data"].rename(house["data"].with_name("data-away"))
    await open_log(pilot, "b", "e")
    await pilot.press("j", "ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.last_save)
    assert pilot.app.store.pending_count > 0


async def test_locking_the_screen_while_records_wait_for_the_share_says_how_many_stay_on_this_pc(house):
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "MA")
        await save_bent_while_the_share_is_away(pilot, house)
        waiting = app.store.pending_count
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await wait_for(pilot, lambda: waiting_notices(app, "app.pending.lock"))
        [said] = waiting_notices(app, "app.pending.lock")
        assert said >= waiting  # the lock's own audit line may wait with them
        assert any(text.startswith(f"{said} poster er kun gemt på denne pc") for text in notices(app))


async def test_quitting_while_records_wait_asks_for_a_second_ctrl_q_and_then_quits(house):
    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "MA")
        await save_bent_while_the_share_is_away(pilot, house)
        waiting = app.store.pending_count
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: waiting_notices(app, "app.pending.quit"))
        [said] = waiting_notices(app, "app.pending.quit")
        assert said >= waiting > 0
        assert app.is_running  # not quit yet: the person knows now
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)


async def test_quitting_with_nothing_waiting_quits_at_once(house):
    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "MA")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    assert not any("kun gemt på denne pc" in n for n in notices(app))


async def test_a_draft_file_held_by_antivirus_when_the_shift_is_saved_never_ends_the_app(house, monkeypatch):
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "MA")
        await open_log(pilot, "b", "e")
        await pilot.press("j", "escape")  # a draft is kept
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        draft_file = app.drafts.folder / f"{app.user.id}.json"
        assert draft_file.exists()

        real_unlink = Path.unlink

        def held(self, missing_ok=False):
            if self == draft_file:
                error = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process", str(self))
                error.winerror = 32  # type: ignore[attr-defined]
                raise error
            return real_unlink(self, missing_ok=missing_ok)

        monkeypatch.setattr(Path, "unlink", held)
        await open_log(pilot, "b", "e")
        await pilot.press("ctrl+s")  # saves the draft's values; dropping the draft fails
        await wait_for(pilot, lambda: t("drafts.not_removed") in notices(app))
        assert app.is_running and isinstance(app.screen, HomeScreen) and app.last_save
        assert app.drafts.load(app.user.id) == {}  # not offered again: it is saved
        assert os.path.exists(draft_file)
