"""Sign-in security through the real app: a PIN of four digits is replaced at the lock screen, the
leder sets the house's security settings in the administration, and every terminal follows them."""

from __future__ import annotations

from smtte_tui import auth, housesettings
from smtte_tui.models import AuditEvent, HusIndstillinger, Medarbejder
from smtte_tui.store import Store

from .conftest import NOW, open_app, sign_in, wait_for


def set_old_pin(house, initials: str, pin: str) -> None:
    with Store(house["data"], local_dir=house["tmp"] / "leder-pc", clock=lambda: NOW) as store:
        person = next(m for m in store.all(Medarbejder) if m.initialer == initials)
        store.update(Medarbejder, person.id, {"pin_hash": auth.hash_pin(pin)}, "LE")


def screen_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_mads_with_a_four_digit_pin_chooses_a_new_one_and_is_signed_in(house):
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.signin.lock import LockScreen
    from smtte_tui.screens.signin.newpin import NewPinScreen

    set_old_pin(house, "MA", "1357")
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#initials"))
        await pilot.press(*"MA", "enter", *"1357", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NewPinScreen))
        assert app.user is None  # not signed in before the new PIN is saved
        assert "Mads Andersen: din PIN-kode har færre end 6 cifre" in screen_text(app, "#newpin-intro")
        await pilot.press(*"2468", "enter", *"2468", "enter")  # too short: said, nothing saved
        await wait_for(pilot, lambda: "6 til 8 cifre" in screen_text(app, "#newpin-message"))
        await pilot.press(*"975310", "enter", *"975310", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.rows)
        assert app.user.initialer == "MA"
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        await sign_in(pilot, "MA", "975310")
        assert app.user.initialer == "MA"


async def test_escape_leaves_the_new_pin_unchosen_and_nobody_signed_in(house):
    from smtte_tui.screens.signin.lock import LockScreen
    from smtte_tui.screens.signin.newpin import NewPinScreen

    set_old_pin(house, "MA", "1357")
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.query("#initials"))
        await pilot.press(*"MA", "enter", *"1357", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NewPinScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        assert app.user is None and app.screen.query_one("#initials").value == ""


async def test_the_leder_sets_the_security_settings_with_f5_and_another_terminal_follows(house):
    from smtte_tui.screens.admin.admin import AdminScreen
    from smtte_tui.screens.admin.housesettings import HouseSettingsScreen

    app = open_app(house)
    other = open_app(house, local="stue-pc")
    async with app.run_test(size=(130, 40)) as pilot, other.run_test(size=(100, 30)) as other_pilot:
        await wait_for(other_pilot, lambda: other.store is not None and other_pilot.app.screen.query("#initials"))
        assert other.lock_after_minutes() == 5
        await sign_in(pilot, "LE")
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen))
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, HouseSettingsScreen) and app.screen.query_one("#max_failed_logins").value == "3")
        await pilot.press("ctrl+u", *"50", "enter", "enter", "enter", "enter")  # fifty tries is beyond the bound
        await wait_for(pilot, lambda: "fra 1 til 10" in screen_text(app, "#settings-message"))
        await pilot.press("ctrl+u", *"5", "enter", "enter", "ctrl+u", *"2", "enter", "ctrl+u", *"2", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen) and "gemt" in screen_text(app, "#admin-message"))
        await wait_for(other_pilot, lambda: other.lock_after_minutes() == 2)  # its next poll read the leder's change
    with Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True) as store:
        settings = store.get(HusIndstillinger, housesettings.HUS_ID)
        assert (settings.max_failed_logins, settings.block_hours, settings.lock_after_minutes) == (5, 2, 2)
        store.load_audit()
        assert [e.maal for e in store.all(AuditEvent) if e.handling == "skift_indstillinger"] == ["indstillinger:max_failed_logins=5,block_hours=2,lock_after_minutes=2"]
