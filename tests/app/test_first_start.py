"""First start is offered only to a folder that has never had staff: a house whose staff cannot be
read (its core file gone or emptied) gets one sentence on the lock screen and lets nobody in."""

from __future__ import annotations

import json

import pytest

from smtte_tui.models import Medarbejder
from smtte_tui.store import Store

from .conftest import NOW, PIN, open_app, screen_text, wait_for

SENTENCE = "Personalelisten kan ikke læses. Kør 'smtte check' eller kontakt IT; intet er ændret."


def lock_message(app) -> str:
    return str(app.screen.query_one("#lock-message").render())


def damage_core(house, how: str) -> list:
    """Take the staff away from the share as a sync client or a bad disk would."""
    files = sorted((house["data"] / "core").rglob("*.jsonl"))
    assert files and json.loads((house["data"] / "FORMAT.json").read_text())["personale"] is True
    for path in files:
        if how == "emptied":
            path.write_bytes(b"")
        else:
            path.rename(path.with_name(path.name + ".away"))
    return files


@pytest.mark.parametrize("how", ["emptied", "moved away"])
async def test_a_house_whose_staff_cannot_be_read_offers_no_first_start_and_lets_nobody_in(house, how):
    from smtte_tui.features.admin.staffadmin import create_first_leder
    from smtte_tui.screens.signin.lock import LockScreen
    from smtte_tui.screens.signin.setup import FirstRunScreen

    damage_core(house, how)
    app = open_app(house, local="stue")  # another PC: its own journal holds none of the staff
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for(pilot, lambda: lock_message(app) == SENTENCE)
        assert isinstance(app.screen, LockScreen)
        assert not any(isinstance(screen, FirstRunScreen) for screen in app.screen_stack)
        await pilot.press(*"KM", "enter", *PIN, "enter")  # someone tries anyway
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, LockScreen) and app.user is None
        shown = screen_text(app)
        assert "Personalelisten kan ikke læses." in shown and "intet er ændret." in shown and PIN not in shown
        with pytest.raises(ValueError, match="Personalelisten kan ikke læses"):
            create_first_leder(app.store, "KM", "Karen Mortensen", PIN, PIN, now=NOW)
    assert Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True).all(Medarbejder) == []


async def test_a_brand_new_folder_still_offers_first_start(tmp_path):
    from smtte_tui.app import SmtteApp
    from smtte_tui.features.shift.drafts import DraftStore
    from smtte_tui.screens.signin.setup import FirstRunScreen

    data = tmp_path / "ny"
    data.mkdir()
    store = Store(data, local_dir=tmp_path / "local", create=True, clock=lambda: NOW)
    assert not store.staff_expected
    app = SmtteApp(store, clock=lambda: NOW, drafts=DraftStore(tmp_path / "drafts"))
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FirstRunScreen) and app.screen.query("#initials") and app.screen.query_one("#initials").has_focus)
        assert "Datamappen er tom" in screen_text(app)
