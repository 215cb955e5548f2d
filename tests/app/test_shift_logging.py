"""The end-of-shift flow, driven key by key through the real app and store."""

from __future__ import annotations

from smtte_tui.models import AuditEvent, Notat, Observation
from smtte_tui.store import Store

from .conftest import NOW, PIN, open_app, open_log, save_and_return, sign_in, type_text, wait_for


class KeyCounter:
    """Presses keys through the pilot and counts them (the keystroke budget)."""

    def __init__(self, pilot) -> None:
        self.pilot, self.count = pilot, 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)


def saved_observations(house, borger_id: str) -> list[Observation]:
    reader = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    return reader.all(Observation, borger_id)


async def test_one_yes_no_sign_takes_at_most_eight_keys(house):
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.shift.log import LogScreen

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        keys = KeyCounter(pilot)
        await keys.press("b", "e", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
        await keys.press("j", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.last_save)
        assert keys.count <= 8
    bent = house["borgere"]["Bent"]
    saved = saved_observations(house, bent.id)
    assert [(o.vaerdi, o.vagt, o.dato, o.forfatter) for o in saved] == [(True, "dag", NOW.date(), "LE")]


async def test_three_signs_of_a_typical_plan_take_at_most_twelve_keys(house):
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.shift.log import LogScreen

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        keys = KeyCounter(pilot)
        await keys.press("a", "n", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
        await keys.press("n", "4", "2", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.last_save)
        assert keys.count <= 12
    anna = house["borgere"]["Anna"]
    plan = house["plans"][anna.id]
    values = {o.tegn_id: o.vaerdi for o in saved_observations(house, anna.id)}
    assert values == {plan.tegn[0].id: False, plan.tegn[1].id: 4, plan.tegn[2].id: 2}


async def test_home_shows_logged_and_missing_and_highlights_the_next_missing(house):
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "a", "n")
        await pilot.press("j", "3", "1", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and any(r.status == "done" for r in app.screen.rows))
        home = app.screen
        status = {row.borger.navn: row.status for row in home.rows}
        assert status == {"Anna Jensen": "done", "Bent Olsen": "missing", "Åse Møller": "missing"}
        options = home.query_one("#borgere")
        assert home.shown[options.highlighted].status == "missing"


async def test_filter_forgives_case_and_danish_letters(house):
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("a", "a", "s")
        await wait_for(pilot, lambda: len(app.screen.shown) == 1)
        assert app.screen.shown[0].borger.navn == "Åse Møller"


async def test_wrong_pin_three_times_blocks_the_account_even_with_the_right_pin(house):
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        for _ in range(3):
            await pilot.press("M", "A", "enter", "9", "9", "9", "9", "enter")
            await pilot.pause(0.3)
        await pilot.press("escape", "M", "A", "enter", *PIN, "enter")
        await wait_for(pilot, lambda: "spærret" in str(app.screen.query_one("#lock-message").render()))
        assert app.user is None
    reader = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    reader.load_audit()
    actions = [e.handling for e in reader.all(AuditEvent)]
    assert actions.count("login_fejl") == 3
    assert "blokeret" in actions


async def test_undo_withdraws_the_last_save(house):

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "b", "e")
        await save_and_return(pilot, "j")
        saved = list(app.last_save)
        await pilot.press("ctrl+z")
        bent = house["borgere"]["Bent"]
        await wait_for(pilot, lambda: not app.store.all(Observation, bent.id))
    reader = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    assert reader.all(Observation, bent.id) == []
    assert [r.op for r in reader.history(Observation, saved[0])] == ["create", "retract"]


async def test_todays_entries_can_be_corrected_and_withdrawn_with_history_kept(house):
    from smtte_tui.screens.shift.entries import EntriesScreen

    app = open_app(house)
    anna = house["borgere"]["Anna"]
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "a", "n")
        await save_and_return(pilot, "j", "3", "5")
        await open_log(pilot, "a", "n")
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen) and len(app.screen.entries) == 3)
        first = app.screen.entries[0]
        await pilot.press("r")
        await pilot.pause(0.1)
        new_value = "n" if first.maaletype == "ja_nej" else "1"
        await pilot.press(new_value, "enter")
        await wait_for(pilot, lambda: len(app.store.history(Observation, first.id)) == 2)
        await pilot.press("down", "t", "j")  # t asks before it withdraws; j answers yes
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen) and len(app.screen.entries) == 2)
    reader = Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)
    history = reader.history(Observation, first.id)
    assert history[0].data["vaerdi"] == first.vaerdi  # the original is kept
    assert reader.get(Observation, first.id).vaerdi != first.vaerdi
    assert len(reader.all(Observation, anna.id)) == 2


async def test_a_do_note_goes_to_the_active_pdsa_cycle(house):

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "a", "n")
        await pilot.press("f4")
        await pilot.pause(0.1)
        await pilot.press(*"Lagde tøjet frem", "enter")
        await wait_for(pilot, lambda: any(n.pdsa_id for n in app.store.all(Notat, house["borgere"]["Anna"].id)))
    note = next(n for n in Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True).all(Notat) if n.pdsa_id)
    assert (note.pdsa_id, note.tekst) == (house["cycle"].id, "Lagde tøjet frem")


async def test_end_of_shift_overview_lists_who_is_missing_and_enter_opens_the_log(house):
    from smtte_tui.screens.shift.log import LogScreen
    from smtte_tui.screens.shift.missing import MissingScreen
    from smtte_tui.screens.widgets.keybar import KeyBar

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, MissingScreen))
        assert sorted(row.borger.navn for row in app.screen.rows) == ["Anna Jensen", "Bent Olsen", "Åse Møller"]
        assert ("Enter", "Log tegn", True) in app.screen.query_one(KeyBar).keys()  # the keys line says what Enter does
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
        assert app.screen.borger.navn == "Bent Olsen"


async def test_f1_lists_the_keys_of_the_current_screen(house):
    from smtte_tui.screens.kit.help import HelpScreen

    app = open_app(house)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "b", "e")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        described = {text for _, text in app.screen.keys}
        assert {"Gem", "Vagt", "Do-note", "Dagens poster", "Tilbage", "Lås", "Afslut", "Hjælp"} <= described


async def test_the_shift_can_be_changed_with_one_key(house):

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "b", "e")
        assert app.screen.vagt == "dag"
        await save_and_return(pilot, "f3", "j")
    assert [o.vagt for o in saved_observations(house, house["borgere"]["Bent"].id)] == ["aften"]


async def test_reading_a_borger_is_audited(house):

    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "b", "e")
        await wait_for(pilot, lambda: any(e.handling == "laes_borger" for e in app.store.all(AuditEvent)))
    event = next(e for e in app.store.all(AuditEvent) if e.handling == "laes_borger")
    assert (event.medarbejder, event.borger_id) == ("LE", house["borgere"]["Bent"].id)


async def test_f6_opens_a_video_link_but_never_a_program_planted_in_the_plan(house, monkeypatch):
    import webbrowser

    from smtte_tui.models import SmttePlan

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda target: opened.append(target) or True)
    bent = house["borgere"]["Bent"]
    plan = house["plans"][bent.id]
    tiltag = plan.tiltag[0].model_copy(update={"medier": ["\\\\server\\deling\\video.exe", "https://example.org/video.mp4"]})
    with Store(house["data"], local_dir=house["tmp"] / "planner", clock=lambda: NOW) as store:
        store.update(SmttePlan, plan.id, {"tiltag": [tiltag.model_dump(mode="json")]}, "LE")
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, *"bent")
        await pilot.press("f6")
        await wait_for(pilot, lambda: any("åbnes ikke" in str(n.message) for n in app._notifications))
        assert opened == []
        await pilot.press("f6")  # the next link of the tiltag
        await wait_for(pilot, lambda: opened)
        assert opened == ["https://example.org/video.mp4"]


async def test_tab_right_after_a_one_key_value_goes_to_the_note_of_the_sign_just_answered(house):
    """Tab goes to the sign's note (README). A j or a scale value has already moved on to the next
    sign, so a Tab straight after it goes to the note of the sign just answered ("j, Tab, gik
    selv" notes the j's sign, never the next one); anywhere else Tab is Textual's Tab."""
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "a", "n")
        first, second, third = (tegn.id for tegn in app.screen.tegn)
        await pilot.press("j", "tab")
        assert app.focused.id == f"n-{first}"
        await type_text(pilot, "gik selv")
        await pilot.press("tab")
        assert app.focused.id == f"v-{second}"
        await pilot.press("3", "tab")
        assert app.focused.id == f"n-{second}"
        await type_text(pilot, "glad")
        await pilot.press("tab", "4", "tab")
        assert app.focused.id == f"n-{third}"  # a number moves on with Enter: Tab from it is plain Tab
        await save_and_return(pilot)
    anna = house["borgere"]["Anna"]
    saved = {o.tegn_id: (o.vaerdi, o.note) for o in saved_observations(house, anna.id)}
    assert saved == {first: (True, "gik selv"), second: (3, "glad"), third: (4, "")}


async def test_tab_is_plain_tab_once_the_person_has_moved_after_a_one_key_value(house):
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "a", "n")
        first, second, _third = (tegn.id for tegn in app.screen.tegn)
        await pilot.press("j", "shift+tab")
        assert app.focused.id == f"n-{first}"
        await pilot.press("tab")
        assert app.focused.id == f"v-{second}"
        await pilot.press("tab")
        assert app.focused.id == f"n-{second}"  # not back to the first sign's note
