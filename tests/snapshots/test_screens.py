"""A picture of every screen, in Danish at 80x24 and 120x40 and in English at 120x40.

A change to what a screen shows fails here with a side-by-side report (``snapshot_report.html``);
when the change is meant, ``pytest tests/snapshots --snapshot-update`` takes new pictures, and the
diff of the SVGs under ``__snapshots__/`` is reviewed like code. Each route starts at the lock
screen and uses the keys a person would press; screens are named by class name, so the English run
(which imports the screens afresh) is driven by the same routes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from tests.app.conftest import wait_for
from tests.snapshots.conftest import SHORT_PIN, open_snap_app

DEMO_PIN = "123456"  # smtte_tui.demo.DEMO_PIN, the demo's leder (DEMO)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}

Route = Callable[..., Awaitable[None]]


def on(pilot, screen: str) -> bool:
    """``screen`` (a class name) is on top and has shown what it read while opening."""
    top = pilot.app.screen
    return type(top).__name__ == screen and getattr(top, "ready", True)


async def go(pilot, keys: list[str] | tuple[str, ...], screen: str) -> None:
    await pilot.press(*keys)
    try:
        await wait_for(pilot, lambda: on(pilot, screen), timeout=10)
    except AssertionError:
        told = [n.message for n in pilot.app._notifications]
        raise AssertionError(f"{keys} led to {type(pilot.app.screen).__name__}, not {screen}; notices: {told}") from None


async def at_lock_screen_enter(pilot, initials: str, pin: str, screen: str) -> None:
    """Fill in initials and PIN and press Enter. The fields are filled rather than typed (about
    60 ms a key): the Pilot tests type them; here only the screens after them are pictured."""
    await wait_for(pilot, lambda: on(pilot, "LockScreen") and pilot.app.screen.query("#initials"), timeout=10)
    lock_screen = pilot.app.screen
    lock_screen.query_one("#initials").value = initials
    pin_field = lock_screen.query_one("#pin")
    pin_field.value = pin
    pin_field.focus()
    await go(pilot, ["enter"], screen)


async def sign_in(pilot) -> None:
    """Sign in as the demo's leder (every screen is open to a leder)."""
    await at_lock_screen_enter(pilot, "DEMO", DEMO_PIN, "HomeScreen")
    await wait_for(pilot, lambda: pilot.app.screen.rows, timeout=10)


async def lock(pilot) -> None:
    await wait_for(pilot, lambda: on(pilot, "LockScreen") and pilot.app.screen.query("#initials"), timeout=10)


async def new_pin(pilot) -> None:
    await at_lock_screen_enter(pilot, "NY", SHORT_PIN, "NewPinScreen")


lock.shows, new_pin.shows = "LockScreen", "NewPinScreen"  # type: ignore[attr-defined]


def from_home(*steps: tuple[tuple[str, ...], str]) -> Route:
    """Sign in as the demo's leder, then press each step's keys and wait for its screen."""

    async def route(pilot) -> None:
        await sign_in(pilot)
        for keys, screen in steps:
            await go(pilot, keys, screen)

    route.shows = steps[-1][1] if steps else "HomeScreen"  # type: ignore[attr-defined]
    return route


ROUTES: dict[str, Route] = {
    "lock": lock,
    "new_pin": new_pin,
    "home": from_home(),
    "help": from_home((("f1",), "HelpScreen")),
    "log": from_home((("enter",), "LogScreen")),
    "entries": from_home((("enter",), "LogScreen"), (("f5",), "EntriesScreen")),
    "prompt": from_home((("f3",), "TimelineScreen"), (("d",), "PromptScreen")),
    "missing": from_home((("f2",), "MissingScreen")),
    "timeline": from_home((("f3",), "TimelineScreen")),
    "charts": from_home((("f3",), "TimelineScreen"), (("g",), "ChartsScreen")),
    "due": from_home((("f4",), "DueScreen")),
    "meeting": from_home((("f4",), "DueScreen"), (("enter",), "MeetingScreen")),
    "timeout": from_home((("f5",), "TimeoutScreen")),
    "timeout_mark": from_home((("f5",), "TimeoutScreen"), (("1",), "MarkScreen")),
    "overview": from_home((("f6",), "OverviewScreen")),
    "group": from_home((("f6",), "OverviewScreen"), (("g",), "GroupScreen")),
    "yearwheel": from_home((("f6",), "OverviewScreen"), (("a",), "YearWheelScreen")),
    "plan": from_home((("f7",), "PlanScreen")),
    "plan_editor": from_home((("f7",), "PlanScreen"), (("e",), "PlanEditorScreen")),
    "confirm": from_home((("f7",), "PlanScreen"), (("e",), "PlanEditorScreen"), (("x", "escape"), "ConfirmScreen")),  # unsaved changes?
    "plan_history": from_home((("f7",), "PlanScreen"), (("h",), "PlanHistoryScreen")),
    "conflicts": from_home((("b", "o", "f7"), "PlanScreen"), (("c",), "ConflictScreen")),  # Bo Kristensen's goal, changed on two terminals
    "pdsa_ramps": from_home((("f7",), "PlanScreen"), (("p",), "PdsaRampScreen")),
    "pdsa": from_home((("f7",), "PlanScreen"), (("p",), "PdsaRampScreen"), (("enter",), "PdsaScreen")),
    "pdsa_pick_tiltag": from_home((("f7",), "PlanScreen"), (("p",), "PdsaRampScreen"), (("n",), "PickTiltagScreen")),
    "pdsa_overdue": from_home((("f8",), "PdsaOverdueScreen")),
    "admin": from_home((("f9",), "AdminScreen")),
    "admin_pin": from_home((("f9",), "AdminScreen"), (("f2", "p"), "PinScreen")),
    "audit": from_home((("f9",), "AdminScreen"), (("f4",), "AuditScreen")),
    "house_settings": from_home((("f9",), "AdminScreen"), (("f5",), "HouseSettingsScreen")),
}


async def still(pilot) -> None:
    """Let every worker finish, then take what moves or times out out of the picture. The sync
    bar is filled by the app's poll every 2 s, so whether a route was quicker than the first poll
    would show in the picture: poll once more, and show its state in every screen's bar."""
    from textual.widgets import Input, TextArea

    from smtte_tui.screens.widgets.syncbar import SyncBar

    app = pilot.app
    await app.workers.wait_for_complete()
    await app.poll_store().wait()
    await pilot.pause()
    await app.workers.wait_for_complete()  # the reads a poll's changes start
    await pilot.pause()
    for screen in app.screen_stack:  # the poll told only the screen on top (SmtteApp._tell_screen)
        for bar in screen.query(SyncBar):
            bar.show(app.sync_state)
    app.clear_notifications()
    for widget in [*app.screen.query(Input), *app.screen.query(TextArea)]:
        widget.cursor_blink = False
    await pilot.pause()


def picture(route: Route) -> Callable[..., Awaitable[None]]:
    async def run_before(pilot) -> None:
        await route(pilot)
        await still(pilot)

    return run_before


def test_every_screen_class_has_a_picture():
    """A screen added tomorrow fails here until it has a route above."""
    import inspect
    import pkgutil

    from textual.screen import Screen

    import smtte_tui.screens
    from smtte_tui.screens.kit.base import AppScreen
    from smtte_tui.screens.kit.dialog import Dialog
    from smtte_tui.screens.kit.stepscreen import StepScreen
    from smtte_tui.screens.kit.tablescreen import TableScreen

    kit = {AppScreen, Dialog, StepScreen, TableScreen}  # the screen kit's bases: never shown themselves
    classes = set()
    for info in pkgutil.iter_modules(smtte_tui.screens.__path__, "smtte_tui.screens."):
        module = __import__(info.name, fromlist=["_"])
        classes |= {name for name, cls in inspect.getmembers(module, inspect.isclass) if issubclass(cls, Screen) and cls.__module__ == module.__name__ and cls not in kit and not name.startswith("_")}
    pictured = {route.shows for route in ROUTES.values()} | {"FirstRunScreen"}
    assert classes - pictured == set()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(ROUTES))
def test_every_screen_in_danish(snap_compare, snap_house: Path, screen: str, size: str):
    assert snap_compare(open_snap_app(snap_house), run_before=picture(ROUTES[screen]), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", list(SIZES))
def test_first_start_in_danish(snap_compare, empty_house: Path, size: str):
    route = picture(lambda pilot: wait_for(pilot, lambda: on(pilot, "FirstRunScreen"), timeout=10))
    assert snap_compare(open_snap_app(empty_house), run_before=route, terminal_size=SIZES[size])


@pytest.fixture
def english_house(english, snap_house: Path) -> Path:
    return snap_house  # after ``english``: the fresh modules get the fixed writer ids


@pytest.mark.parametrize("screen", list(ROUTES))
def test_every_screen_in_english(snap_compare, english_house: Path, screen: str):
    assert snap_compare(open_snap_app(english_house), run_before=picture(ROUTES[screen]), terminal_size=SIZES["120x40"])
