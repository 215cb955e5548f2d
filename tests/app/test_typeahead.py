"""Type-ahead: keys that arrive in one burst land where the person meant them.

A slow PC queues keys while the app is busy and then hands them over at once. ``Pilot.press``
waits after every key, so these tests post the whole burst to the app in one go (``burst``) and
only then let the app run.
"""

from __future__ import annotations

import threading
import unicodedata

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from smtte_tui.models import AuditEvent, Observation, SmttePlan
from smtte_tui.store import Store

from .conftest import PIN, open_app, open_log, sign_in, wait_for


def key_event(key: str) -> events.Key:
    """The event Pilot.press would send for ``key`` (the same name and character)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def burst(app, *keys: str) -> None:
    """Hand every key to the app at once, before it has handled the first."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)


def typed(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


def reader(house) -> Store:
    return Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)


def values_of(house, name: str) -> dict[int, object]:
    """The saved values of a borger's signs, by the sign's place in the plan."""
    borger = house["borgere"][name]
    order = [tegn.id for tegn in house["plans"][borger.id].tegn]
    return {order.index(o.tegn_id): o.vaerdi for o in reader(house).all(Observation, borger.id)}


def filter_value(app) -> str:
    return app.screen.query_one("#filter").value


async def test_sign_in_typed_in_one_burst_fills_initials_then_pin_then_the_home_filter(house):
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#initials"))
        burst(app, "M", "A", "enter", *PIN, "enter", "a", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.rows and filter_value(app) == "an")
        assert app.user.initialer == "MA"
        assert [row.borger.navn for row in app.screen.shown] == ["Anna Jensen"]


async def test_sign_in_and_a_whole_log_typed_in_one_burst_saves_the_sign(house):
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#initials"))
        burst(app, "M", "A", "enter", *PIN, "enter", "a", "n", "enter", "j", "ctrl+s")
        await wait_for(pilot, lambda: app.last_save and isinstance(app.screen, HomeScreen))
        # the home screen on top again has yet to handle its resume (which empties the filter):
        # on a loaded PC the check came first and read "an"; a filter that stays "an" times out
        await wait_for(pilot, lambda: app.screen.rows and filter_value(app) == "")
        assert filter_value(app) == ""  # "a n" opened Anna; nothing of the burst stayed in the filter
    assert values_of(house, "Anna") == {0: True}
    assert {o.forfatter for o in reader(house).all(Observation, house["borgere"]["Anna"].id)} == {"MA"}


async def test_a_wrong_pin_in_a_burst_drops_the_keys_meant_for_home(house):
    """Keys typed after Enter were meant for the home screen; when the sign-in is refused they must
    not be typed into the lock screen (an Enter there would be a second, empty try)."""
    from smtte_tui.screens.signin.lock import LockScreen

    app = open_app(house)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#initials"))
        burst(app, "M", "A", "enter", *"999999", "enter", "1", "enter", "j")
        await wait_for(pilot, lambda: str(app.screen.query_one("#lock-message").render()).strip())
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and app.user is None
        assert app.screen.query_one("#initials").value == "MA"
        assert app.screen.query_one("#pin").value == ""
        assert app.focused is app.screen.query_one("#pin")
    audit = reader(house)
    audit.load_recent_audit(1)
    tries = [e for e in audit.all(AuditEvent) if e.handling.startswith("login")]
    assert [(e.handling, e.medarbejder) for e in tries] == [("login_fejl", "MA")]


async def test_picker_to_log_screen_in_one_burst(house):
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(110, 36)) as pilot:
        await sign_in(pilot)
        burst(app, "b", "e", "enter", "n", "2", "1", "2", "enter", "ctrl+s")
        await wait_for(pilot, lambda: app.last_save and isinstance(app.screen, HomeScreen))
    assert values_of(house, "Bent") == {0: False, 1: 2, 2: 12}


async def test_values_and_save_on_the_log_screen_in_one_burst(house):
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(110, 36)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "a", "n")
        burst(app, "j", "3", "1", "5", "enter", "ctrl+s")
        await wait_for(pilot, lambda: app.last_save and isinstance(app.screen, HomeScreen))
    assert values_of(house, "Anna") == {0: True, 1: 3, 2: 15}


async def test_plan_editor_opened_and_filled_in_one_burst(house):
    """F7 opens the plan screen (which reads the plans first), e opens the editor (another read),
    and the text, Tab, F8/F7 and Ctrl+S typed meanwhile land in the editor's fields in order."""
    from smtte_tui.screens.plans.plan_editor import PlanEditorScreen

    anna = house["borgere"]["Anna"]
    plan_id = house["plans"][anna.id].id
    app = open_app(house)
    async with app.run_test(size=(110, 40)) as pilot:
        await sign_in(pilot, "TH")
        burst(app, "f7", "e", *"Vil", "tab", *"Fordi", "f8", *typed(" hver dag"), "f7", "!", "ctrl+s")
        await wait_for(pilot, lambda: len(app.store.history(SmttePlan, plan_id)) == 2)
        assert isinstance(app.screen, PlanEditorScreen)
    plan = reader(house).get(SmttePlan, plan_id)
    assert (plan.sammenhaeng.borgerens_oenske, plan.sammenhaeng.hvorfor) == ("Vil!", "Fordi")
    assert plan.maal.tekst == "Anna tager selv tøj på hver dag"


async def test_escape_works_at_once_while_a_screen_still_reads_and_drops_the_keys_meant_for_it(house, monkeypatch):
    from smtte_tui.screens.plans import plan
    from smtte_tui.screens.shift.home import HomeScreen

    share = threading.Event()  # the share answers only when the test says so
    read_hub = plan.read_hub
    monkeypatch.setattr(plan, "read_hub", lambda store, borger_id: (share.wait(10), read_hub(store, borger_id))[1])
    app = open_app(house)
    try:
        async with app.run_test(size=(110, 36)) as pilot:
            await sign_in(pilot, "TH")
            burst(app, "f7", "x", "escape", "b", "e")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and filter_value(app) == "be")
            await pilot.pause()
            assert not share.is_set()  # the plan screen never finished reading
            assert filter_value(app) == "be"  # "x" was meant for the plan screen: not typed anywhere
            assert [row.borger.navn for row in app.screen.shown] == ["Bent Olsen"]
    finally:
        share.set()


async def test_ctrl_l_locks_at_once_while_home_still_reads_and_the_keys_after_it_go_to_the_lock_screen(house, monkeypatch):
    from smtte_tui.screens.shift import home
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.signin.lock import LockScreen

    share = threading.Event()
    load_rows = home.load_rows
    monkeypatch.setattr(home, "load_rows", lambda *args: (share.wait(10), load_rows(*args))[1])
    app = open_app(house)
    try:
        async with app.run_test(size=(110, 36)) as pilot:
            await wait_for(pilot, lambda: app.screen.query("#initials"))
            await pilot.press("M", "A", "enter", *PIN, "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.user is not None)
            burst(app, "a", "n", "ctrl+l", "T", "H")
            await wait_for(pilot, lambda: isinstance(app.screen, LockScreen) and app.screen.query("#initials") and app.screen.query_one("#initials").value == "TH")
            await pilot.pause()
            assert not share.is_set()  # home is still reading
            assert app.user is None
            assert app.screen.query_one("#initials").value == "TH"  # "a n" was meant for home: dropped
    finally:
        share.set()


async def test_escape_in_a_burst_waits_its_turn_when_nothing_is_read_from_the_share(house):
    """The log screen needs no read: Escape typed after "b e Enter j" leaves it after the "j",
    so the draft keeps the value."""
    from smtte_tui.screens.shift.home import HomeScreen

    bent = house["borgere"]["Bent"]
    app = open_app(house)
    async with app.run_test(size=(110, 36)) as pilot:
        await sign_in(pilot)
        burst(app, "b", "e", "enter", "j", "escape")
        await wait_for(pilot, lambda: app.drafts.load(app.user.id).get(bent.id))
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and filter_value(app) == "")
        assert app.drafts.load(app.user.id)[bent.id]["values"] == {house["plans"][bent.id].tegn[0].id: "j"}


async def test_keys_typed_while_home_still_reads_wait_for_the_list_and_then_open_and_log(house, monkeypatch):
    """On a slow share the list comes seconds after the PIN: Enter typed before it must not be
    lost on an empty list, and the letters must not be typed anywhere else meanwhile."""
    from smtte_tui.screens.shift import home
    from smtte_tui.screens.shift.home import HomeScreen

    share = threading.Event()
    load_rows = home.load_rows
    monkeypatch.setattr(home, "load_rows", lambda *args: (share.wait(10), load_rows(*args))[1])
    app = open_app(house)
    try:
        async with app.run_test(size=(110, 36)) as pilot:
            await wait_for(pilot, lambda: app.screen.query("#initials"))
            await pilot.press("M", "A", "enter", *PIN, "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.user is not None)
            burst(app, "a", "n", "enter", "j", "ctrl+s")
            await wait_for(pilot, lambda: app.typeahead.held == 5)  # all five arrived, none handed over
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and not app.screen.rows
            assert filter_value(app) == ""  # not typed into a list that is not there yet
            assert app.typeahead.held == 5
            share.set()
            await wait_for(pilot, lambda: app.last_save and isinstance(app.screen, HomeScreen))
    finally:
        share.set()
    assert values_of(house, "Anna") == {0: True}


async def test_a_note_typed_after_a_one_key_value_and_tab_in_one_burst_notes_that_sign(house):
    from smtte_tui.screens.shift.home import HomeScreen

    app = open_app(house)
    async with app.run_test(size=(110, 36)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, "a", "n")
        burst(app, "j", "tab", *typed("gik selv"), "tab", "2", "ctrl+s")
        await wait_for(pilot, lambda: app.last_save and isinstance(app.screen, HomeScreen))
    anna = house["borgere"]["Anna"]
    order = [tegn.id for tegn in house["plans"][anna.id].tegn]
    saved = {order.index(o.tegn_id): (o.vaerdi, o.note) for o in reader(house).all(Observation, anna.id)}
    assert saved == {0: (True, "gik selv"), 1: (2, "")}
