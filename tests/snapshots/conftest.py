"""A fixed house for picture tests: nothing in an SVG may depend on when, where or on which PC it ran.

* time: the app, the store and the demo data all read ``NOW`` (a Wednesday day shift);
* data: the demo house from a fixed seed, written once a session and copied for each test;
* place: the test runs in its own folder and opens ``data`` and ``local`` by relative path, so
  the header shows ``data``, never a temp path;
* ids: ``uuid.uuid4`` draws from a seeded generator while the template is written and while a
  test runs, so record ids (lists sort by them to break ties) and writer ids (the audit screen
  shows which terminal did what) are the same every run; the terminal name is fixed;
* screen: notifications are cleared and cursors stop blinking before the picture is taken.
"""

from __future__ import annotations

import random
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import NOW

SEED = 7
SHORT_PIN = "1234"  # an old 4-digit PIN: its owner must choose a new one after signing in
TERMINAL_NAME = "snapshot"


def seeded_uuid4(seed: int) -> Callable[[], uuid.UUID]:
    """``uuid.uuid4`` from a seeded generator: the template and the tests use different seeds, so
    no two writers or records ever share an id."""
    rng = random.Random(seed)
    return lambda: uuid.UUID(int=rng.getrandbits(128), version=4)


@pytest.fixture(scope="session")
def template_house(tmp_path_factory) -> Path:
    """The demo house (3 borgere, 30 days, PDSA ramps, follow-ups), a staff member with an old
    short PIN, and one plan goal changed on two terminals at once (a conflict to look at, on Bo's active plan)."""
    from smtte_tui import auth
    from smtte_tui.demo import write_demo
    from smtte_tui.features.plans.plans import plans_of
    from smtte_tui.models import Borger, Medarbejder, SmttePlan
    from smtte_tui.store import Store

    auth.COST = auth.ScryptCost(n=2**4, r=8, p=1)  # as tests/conftest.py: cheap hashes
    root = tmp_path_factory.mktemp("template")
    data = root / "data"
    data.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uuid, "uuid4", seeded_uuid4(1))
        store = Store(data, local_dir=root / "office", terminal_name="kontoret", clock=lambda: NOW, create=True)
        write_demo(store, borgere=3, days=30, seed=SEED, now=NOW)
        store.create(Medarbejder(id="5" * 32, initialer="NY", navn="Nina Yde", rolle="medarbejder", pin_hash=auth.hash_pin(SHORT_PIN, salt=b"s" * 16)), author="DEMO")
        first = min(store.all(Borger), key=lambda b: b.navn)  # Bo Kristensen with this seed
        plan = plans_of(store, first.id)[0]  # and the plan F7 highlights for it
        other = Store(data, local_dir=root / "hallway", terminal_name="gangen", clock=lambda: NOW)
        other.get(SmttePlan, plan.id)  # the hallway has read the goal before the office changes it
        goal = plan.maal.model_dump(mode="json")
        store.update(SmttePlan, plan.id, {"maal": {**goal, "tekst": goal["tekst"] + " og sko"}}, "TH")
        other.update(SmttePlan, plan.id, {"maal": {**goal, "tekst": goal["tekst"] + " og strømper"}}, "DEMO")
        other.close()
        store.close()
    return data


@pytest.fixture
def snap_house(template_house: Path, tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """A fresh copy of the template in this test's own folder, which is the working directory."""
    shutil.copytree(template_house, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(uuid, "uuid4", seeded_uuid4(2))
    yield Path("data")


@pytest.fixture
def empty_house(tmp_path: Path, monkeypatch) -> Path:
    """A data folder with nothing in it yet: the first start."""
    from smtte_tui.store import Store

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(uuid, "uuid4", seeded_uuid4(3))
    Path("data").mkdir()
    Store(Path("data"), local_dir=Path("setup"), terminal_name=TERMINAL_NAME, clock=lambda: NOW, create=True).close()
    return Path("data")


def open_snap_app(data: Path) -> Any:
    """The app on ``data`` with the fixed clock and terminal name (as ``tests/app/conftest.open_app``)."""
    from smtte_tui.app import SmtteApp
    from smtte_tui.features.shift.drafts import DraftStore
    from smtte_tui.store import Store

    store = Store(data, local_dir=Path("local"), terminal_name=TERMINAL_NAME, clock=lambda: NOW)
    return SmtteApp(store, clock=lambda: NOW, drafts=DraftStore(Path("local") / "drafts"))


@pytest.fixture
def english() -> Iterator[None]:
    """The UI in English for one test: key labels are read from the catalog when a screen's class
    is defined, so smtte's modules are imported afresh under English (the catalog itself, which
    holds the language, stays) and the Danish ones are put back afterwards, unchanged, for every
    later test."""
    from smtte_tui import auth
    from smtte_tui.i18n import set_language

    def ours(name: str) -> bool:
        return (name == "smtte_tui" or name.startswith("smtte_tui.")) and not name.startswith("smtte_tui.i18n")

    danish = {name: module for name, module in sys.modules.items() if ours(name)}
    cost = auth.COST
    for name in danish:
        del sys.modules[name]
    set_language("en")
    try:
        import smtte_tui.auth

        smtte_tui.auth.COST = cost
        yield
    finally:
        set_language("da")
        for name in [name for name in sys.modules if ours(name)]:
            del sys.modules[name]
        sys.modules.update(danish)
        for name, module in danish.items():  # a package's attribute for its submodule, as before
            parent, _, child = name.rpartition(".")
            if parent in danish:
                setattr(danish[parent], child, module)
