"""Every form field shows its text while it has focus (issue I.1), at 80×24 and at 120×40.

A field whose focus style leaves no row for the text (a tall border in a one-row field) looks empty
while the person types in it, and a value already there (a date in the plan's E step) looks missing.
The walk visits every screen with fields, focuses each field that is shown, and reads what the
terminal draws at the field's text row.
"""

from __future__ import annotations

import re

import pytest
from textual.widget import Widget
from textual.widgets import Input, TextArea

from smtte_tui.store import Store

from .conftest import NOW, open_app, screen_text, sign_in, wait_for

SIZES = [(80, 24), (120, 40)]
CANDIDATES = ("Qx7", "57", "3", "j", "m")  # the first one a field's restriction lets through is typed


def shown(widget: Widget) -> bool:
    """Displayed, and so is everything it sits in (not a hidden step of a switcher)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def sample_for(field: Input) -> str:
    for candidate in CANDIDATES:
        if field.restrict is None or re.fullmatch(field.restrict, candidate):
            return candidate[: field.max_length] if field.max_length else candidate
    raise AssertionError(f"no sample value fits {field.id}: {field.restrict}")


async def check_fields(pilot, where: str, problems: list[str]) -> None:
    """Focus every shown, enabled field of the screen on top, give an empty one a value, and check
    that the terminal draws (the end of) its text on the field's text row."""
    app = pilot.app
    fields = [f for f in app.screen.query("Input, TextArea") if shown(f) and not f.disabled and f.can_focus]
    assert fields, f"{where}: no field to check"
    for field in fields:
        app.screen.set_focus(field)
        if isinstance(field, Input):
            if not field.value:
                field.value = sample_for(field)
            field.cursor_position = len(field.value)
            text = "•" * len(field.value) if field.password else field.value
        else:
            assert isinstance(field, TextArea)
            if not field.text:
                field.text = "Qx7 tekst"
            field.move_cursor(field.document.end)
            text = field.document.get_line(field.cursor_location[0])
        await pilot.pause()
        await pilot.pause()
        name = f"{where} #{field.id or type(field).__name__}"
        region = field.content_region
        if region.height < 1 or region.width < 1:
            problems.append(f"{name}: no row for the text ({field.region})")
            continue
        lines = screen_text(app).splitlines()
        row = field.cursor_screen_offset.y if isinstance(field, TextArea) else region.y
        if not 0 <= row < len(lines):
            problems.append(f"{name}: its text row {row} is off the screen")
            continue
        drawn = lines[row][region.x : region.right]
        tail = text.rstrip()[-min(len(text.rstrip()), max(1, region.width - 2), 8) :]
        if tail not in drawn:
            problems.append(f"{name}: shows {drawn.strip()!r}, holds {text!r}")


def reader(house) -> Store:
    return Store(house["data"], local_dir=house["tmp"] / "reader", readonly=True)


async def walk_lock_home_log_and_prompts(pilot, house, problems: list[str]) -> None:
    from smtte_tui.screens.kit.prompt import PromptScreen
    from smtte_tui.screens.shift.entries import EntriesScreen
    from smtte_tui.screens.shift.home import HomeScreen
    from smtte_tui.screens.shift.log import LogScreen

    app = pilot.app
    await wait_for(pilot, lambda: app.screen.query("#initials"))
    await check_fields(pilot, "lock", problems)
    app.screen.action_clear()
    await sign_in(pilot, "TH")
    await check_fields(pilot, "home", problems)
    app.screen.query_one("#filter").value = ""
    await pilot.press("a", "n", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
    await check_fields(pilot, "log", problems)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.last_save)
    await pilot.press("a", "n", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, LogScreen))
    await pilot.press("f4")  # the Do note's question
    await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
    await check_fields(pilot, "Do-note prompt", problems)
    await pilot.press("escape", "f5")
    await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen) and app.screen.entries)
    await pilot.press("r")  # the correction's question, prefilled
    await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
    await check_fields(pilot, "correction prompt", problems)
    await pilot.press("escape", "escape", "escape")
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def walk_plan_editor_pdsa_and_meeting(pilot, house, problems: list[str]) -> None:
    from smtte_tui.screens.evaluation.meeting import MeetingScreen
    from smtte_tui.screens.kit.prompt import PromptScreen
    from smtte_tui.screens.pdsa.pdsa import STEPS as STEPS_PDSA
    from smtte_tui.screens.pdsa.pdsa import PdsaScreen
    from smtte_tui.screens.pdsa.pdsa_list import PdsaRampScreen
    from smtte_tui.screens.plans.plan import PlanScreen
    from smtte_tui.screens.plans.plan_editor import STEPS, PlanEditorScreen
    from smtte_tui.screens.shift.home import HomeScreen

    app = pilot.app
    await pilot.press("a", "n", "f7")
    await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.plans)
    await pilot.press("k")  # a comment's question
    await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
    await check_fields(pilot, "comment prompt", problems)
    await pilot.press("escape", "e")
    await wait_for(pilot, lambda: isinstance(app.screen, PlanEditorScreen))
    for number, step in enumerate(STEPS):
        if step in ("S", "T1", "T2"):
            await pilot.press("ctrl+n")  # a new card too: interessent, tegn, tiltag
            await pilot.pause()
        await check_fields(pilot, f"plan editor {step}", problems)
        if number + 1 < len(STEPS):
            await pilot.press("f8")
    app.pop_screen()  # leave without saving what the walk typed
    await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, PdsaRampScreen) and app.screen.cycles)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, PdsaScreen) and app.screen.is_mounted)
    await pilot.pause()
    pdsa = app.screen
    for step in STEPS_PDSA:
        pdsa.go_to(step)
        await pilot.pause()
        if step == "plan":
            await pilot.press("ctrl+n")  # one more question
        await check_fields(pilot, f"PDSA {step}", problems)
    app.pop_screen()
    app.pop_screen()
    app.pop_screen()
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    anna = house["borgere"]["Anna"]
    app.push_screen(MeetingScreen(anna.id, house["plans"][anna.id].id))
    await wait_for(pilot, lambda: isinstance(app.screen, MeetingScreen) and app.screen.started is not None)
    meeting = app.screen
    for name in meeting.steps:
        meeting.go_to(name)
        await pilot.pause()
        if meeting.query_one(f"#step-{name.replace(':', '-')}").query("Input, TextArea"):
            await check_fields(pilot, f"meeting {name}", problems)
    app.pop_screen()


async def walk_admin_forms(pilot, house, problems: list[str]) -> None:
    from smtte_tui.models import Medarbejder
    from smtte_tui.screens.admin.admin import AdminScreen, PinScreen
    from smtte_tui.screens.admin.housesettings import HouseSettingsScreen
    from smtte_tui.screens.signin.newpin import NewPinScreen

    app = pilot.app
    await pilot.press("f9")
    await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen) and app.screen.staff_rows)
    await check_fields(pilot, "admin forms", problems)
    app.push_screen(PinScreen("Ny PIN-kode"))
    await wait_for(pilot, lambda: isinstance(app.screen, PinScreen) and app.screen.query("#pin-2"))
    await check_fields(pilot, "admin PIN", problems)
    app.pop_screen()
    app.push_screen(HouseSettingsScreen())
    await wait_for(pilot, lambda: isinstance(app.screen, HouseSettingsScreen) and app.screen.query("Input"))
    await pilot.pause()
    await check_fields(pilot, "house settings", problems)
    app.pop_screen()
    mads = next(m for m in reader(house).all(Medarbejder) if m.initialer == "MA")
    app.push_screen(NewPinScreen(mads))
    await wait_for(pilot, lambda: isinstance(app.screen, NewPinScreen) and app.screen.query("#newpin-2"))
    await check_fields(pilot, "new PIN", problems)
    app.pop_screen()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_every_focused_field_shows_its_text_lock_home_log_and_prompts(house, size):
    problems: list[str] = []
    app = open_app(house)
    async with app.run_test(size=size) as pilot:
        await walk_lock_home_log_and_prompts(pilot, house, problems)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_every_focused_field_shows_its_text_plan_editor_pdsa_and_meeting(house, size):
    problems: list[str] = []
    app = open_app(house)
    async with app.run_test(size=size) as pilot:
        await sign_in(pilot, "TH")
        await walk_plan_editor_pdsa_and_meeting(pilot, house, problems)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_every_focused_field_shows_its_text_admin_house_settings_and_new_pin(house, size):
    problems: list[str] = []
    app = open_app(house)
    async with app.run_test(size=size) as pilot:
        await sign_in(pilot, "LE")
        await walk_admin_forms(pilot, house, problems)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_every_focused_field_shows_its_text_on_first_start(tmp_path, size):
    from smtte_tui.app import SmtteApp
    from smtte_tui.features.shift.drafts import DraftStore
    from smtte_tui.screens.signin.setup import FirstRunScreen

    data = tmp_path / "tom"
    data.mkdir()
    store = Store(data, local_dir=tmp_path / "local", create=True, clock=lambda: NOW)
    app = SmtteApp(store, clock=lambda: NOW, drafts=DraftStore(tmp_path / "drafts"))
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FirstRunScreen) and app.screen.query("#pin2"))
        await pilot.pause()
        await check_fields(pilot, "first start", problems)
    assert problems == [], "\n".join(problems)
