"""A small botilbud on a real data folder in tmp_path, with the clock fixed (no test sleeps)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from smtte_tui.auth import hash_pin
from smtte_tui.models import Borger, Maal, Medarbejder, SmttePlan, Tegn, Tiltag
from smtte_tui.store import Store

CET = dt.timezone(dt.timedelta(hours=1))
PIN = "246813"  # new PINs have 6–8 digits


def at(hour: int, minute: int = 0, day: int = 25) -> dt.datetime:
    """A moment in late November 2026, Danish winter time (a Wednesday when day=25)."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=CET)


TODAY = at(10).date()
StoreFactory = Callable[..., Store]


@pytest.fixture
def open_store(tmp_path: Path) -> StoreFactory:
    """Open a terminal on the shared folder ``tmp_path/data``; each ``local`` is another PC."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    opened: list[Store] = []

    def factory(local: str = "local", now: dt.datetime | None = None) -> Store:
        moment = now or at(10)
        store = Store(data, local_dir=tmp_path / local, create=True, clock=lambda: moment)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: StoreFactory) -> Store:
    return open_store()


def make_plan(borger: Borger, *, status: str = "aktiv") -> SmttePlan:
    """Three signs, one of each common kind, plus one retired sign nobody logs any more."""
    return SmttePlan(
        borger_id=borger.id,
        status=status,
        maal=Maal(tekst="Tager selv tøj på"),
        tegn=[
            Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej"),
            Tegn(tekst="Humør", maaletype="skala_1_5"),
            Tegn(tekst="Antal påmindelser", maaletype="antal", bedre_retning="ned"),
            Tegn(tekst="Gammelt tegn", maaletype="minutter", aktiv=False),
        ],
        tiltag=[Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften")],
    )


@pytest.fixture
def house(store: Store) -> dict:
    """Staff LE (leder) and MA; borgere Anna (active plan), Bent (draft plan only), Åse (no plan)."""
    leder = Medarbejder(initialer="LE", navn="Lene Leder", rolle="leder", pin_hash=hash_pin(PIN))
    mads = Medarbejder(initialer="MA", navn="Mads Andersen", pin_hash=hash_pin(PIN))
    anna = Borger(navn="Anna Jensen", kortnavn="AJ", bolig="Lejl. 1")
    bent = Borger(navn="Bent Olsen", kortnavn="BO", bolig="Lejl. 2")
    aase = Borger(navn="Åse Møller", kortnavn="ÅM", bolig="Lejl. 3")
    plan = make_plan(anna)
    store.create_many([leder, mads, anna, bent, aase, plan, make_plan(bent, status="kladde")], author="LE")
    return {"store": store, "leder": leder, "mads": mads, "anna": anna, "bent": bent, "aase": aase, "plan": plan}
