"""A small known house and an app driven by Textual's Pilot, with time and place injected."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from smtte_tui.auth import hash_pin
from smtte_tui.models import Borger, Maal, Medarbejder, PdsaCycle, SmttePlan, Tegn, Tiltag
from smtte_tui.store import Store

NOW = dt.datetime(2026, 11, 25, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # a day shift
PIN = "246813"  # new PINs have 6–8 digits


def make_plan(borger: Borger) -> SmttePlan:
    first = borger.navn.split()[0]
    return SmttePlan(
        borger_id=borger.id,
        status="aktiv",
        maal=Maal(tekst=f"{first} tager selv tøj på"),
        tegn=[
            Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej"),
            Tegn(tekst="Humør", maaletype="skala_1_5"),
            Tegn(tekst="Antal påmindelser", maaletype="antal", bedre_retning="ned"),
        ],
        tiltag=[Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften", instruktion="I rækkefølge", medier=["https://example.org/video.mp4"])],
    )


@pytest.fixture
def house(tmp_path: Path):
    """Staff LE (leder), MA (medarbejder), TH (tovholder); borgere Anna, Bent, Åse with active plans; PDSA on Anna."""
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data, local_dir=tmp_path / "local", create=True, clock=lambda: NOW)
    staff = [
        Medarbejder(initialer="LE", navn="Lene Leder", rolle="leder", pin_hash=hash_pin(PIN)),
        Medarbejder(initialer="MA", navn="Mads Andersen", rolle="medarbejder", pin_hash=hash_pin(PIN)),
        Medarbejder(initialer="TH", navn="Tove Holm", rolle="tovholder", pin_hash=hash_pin(PIN)),
    ]
    borgere = [Borger(navn="Anna Jensen", kortnavn="AJ", bolig="Lejl. 1"), Borger(navn="Bent Olsen", kortnavn="BO", bolig="Lejl. 2"), Borger(navn="Åse Møller", kortnavn="ÅM", bolig="Lejl. 3")]
    plans = [make_plan(b) for b in borgere]
    cycle = PdsaCycle(
        borger_id=borgere[0].id,
        plan_id=plans[0].id,
        tiltag_id=plans[0].tiltag[0].id,
        formaal="Tøj lagt frem i rækkefølge",
        start=NOW.date() - dt.timedelta(days=3),
        slut=NOW.date() + dt.timedelta(days=10),
    )
    store.create_many([*staff, *borgere, *plans, cycle], author="LE")
    store.close()
    return {"data": data, "tmp": tmp_path, "borgere": {b.navn.split()[0]: b for b in borgere}, "plans": {p.borger_id: p for p in plans}, "cycle": cycle}


def open_app(house, *, local: str = "local", clock=lambda: NOW, settings=None):
    from smtte_tui.app import SmtteApp
    from smtte_tui.features.shift.drafts import DraftStore

    store = Store(house["data"], local_dir=house["tmp"] / local, clock=clock)
    return SmtteApp(store, settings=settings, clock=clock, drafts=DraftStore(house["tmp"] / local / "drafts"))


async def wait_for(pilot, predicate, timeout: float = 5.0) -> None:
    """Let the app run until ``predicate()`` holds (workers finish, timers fire)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


async def sign_in(pilot, initials: str = "LE", pin: str = PIN) -> None:
    from smtte_tui.screens.shift.home import HomeScreen

    await wait_for(pilot, lambda: pilot.app.screen.query("#initials"))
    await pilot.press(*initials, "enter", *pin, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.rows)


async def open_log(pilot, *letters: str) -> None:
    """Type a filter on the home screen and open the highlighted borger's log screen."""
    from smtte_tui.screens.shift.log import LogScreen

    await pilot.press(*letters, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, LogScreen))


async def save_and_return(pilot, *keys: str) -> None:
    """Type values, save with Ctrl+S and wait until home is back after a durable save."""
    from smtte_tui.screens.shift.home import HomeScreen

    await pilot.press(*keys, "ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.last_save)


def screen_text(app) -> str:
    """What the terminal shows now, line by line (the screen on top and what shows beneath it,
    notifications included)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(segment.text for strip in line for segment in strip) for line in update.strips)


async def type_text(pilot, text: str) -> None:
    """Type ``text`` key by key (a space is the space key)."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])
