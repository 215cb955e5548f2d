"""No PIN on the screen, in the log file or in a worker's description, whatever goes wrong during
sign-in (issue S8). The PIN typed is one no id or hash could contain by chance."""

from __future__ import annotations

import logging

import pytest
from textual.worker_manager import WorkerManager

from smtte_tui.locations import log_file

from .conftest import PIN, open_app, screen_text, sign_in, wait_for

TYPED = "".join(reversed("46813579"))  # 97531864, built at run time so no source line in a traceback holds it


@pytest.fixture
def log_to_file():
    """The log file as ``smtte`` writes it (cli sets the same handler up for the real app)."""
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("smtte")
    logger.addHandler(handler)
    yield path
    logger.removeHandler(handler)
    handler.close()


@pytest.fixture
def descriptions(monkeypatch):
    """Every worker's name and description, as the app starts them."""
    seen: list[str] = []
    real = WorkerManager.add_worker

    def add_worker(self, worker, start=True, exclusive=True):
        seen.append(f"{worker.name} {worker.description}")
        return real(self, worker, start, exclusive)

    monkeypatch.setattr(WorkerManager, "add_worker", add_worker)
    return seen


async def test_an_error_inside_sign_in_shows_a_sentence_and_the_pin_nowhere(house, monkeypatch, log_to_file, descriptions, capsys):
    import smtte_tui.features.signin.signin

    def broken(pin, stored):
        raise RuntimeError("scrypt broke")

    monkeypatch.setattr(smtte_tui.features.signin.signin, "verify_pin", broken)
    app = open_app(house)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#initials"))
        await pilot.press("L", "E", "enter", *TYPED, "enter")
        await wait_for(pilot, lambda: "Noget gik galt" in screen_text(app))
        assert TYPED not in screen_text(app)
        monkeypatch.undo()  # the app goes on: the right PIN signs in
        await pilot.press(*PIN, "enter")
        await wait_for(pilot, lambda: app.user is not None)
    written = log_to_file.read_text(encoding="utf-8")
    assert "scrypt broke" in written and "Traceback" in written  # the detail is in the log file
    assert TYPED not in written
    assert descriptions and not any(TYPED in text for text in descriptions)
    output = capsys.readouterr()
    assert TYPED not in output.out + output.err


async def test_textuals_last_resort_shows_no_local_variables_and_no_pin(house, monkeypatch, log_to_file, capsys):
    """An error nothing catches on the UI thread, while a frame holds the PIN as a plain str (as
    the lock screen did before it wrapped the PIN): the app closes with one sentence, the traceback
    goes to the log file, and no local variable is shown anywhere."""
    import smtte_tui.screens.signin.lock as lock
    from smtte_tui.screens.signin.lock import LockScreen

    monkeypatch.setattr(lock, "Secret", str, raising=False)  # the PIN is a plain str in field_entered's frame

    def broken(self, *args, **kwargs):
        raise RuntimeError("the UI thread broke")

    monkeypatch.setattr(LockScreen, "write", broken)
    app = open_app(house)
    with pytest.raises(RuntimeError, match="the UI thread broke"):
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: app.screen.query("#initials"))
            await pilot.press("L", "E", "enter", *TYPED, "enter")
            await wait_for(pilot, lambda: not app.is_running, timeout=5)
    output = capsys.readouterr()
    shown = output.out + output.err
    assert "uventet fejl: RuntimeError" in shown and "logfilen" in shown
    assert TYPED not in shown and "locals" not in shown
    written = log_to_file.read_text(encoding="utf-8")
    assert "the UI thread broke" in written and TYPED not in written


async def test_the_pins_typed_when_a_leder_adds_a_colleague_are_no_worker_argument(house, descriptions):
    from smtte_tui.models import Medarbejder
    from smtte_tui.screens.admin.admin import AdminScreen

    app = open_app(house)
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "LE")
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, AdminScreen) and app.screen.staff_rows)
        for _ in range(3):
            await pilot.press("tab")
        await pilot.press("j", "k", "enter", *"Jonas Kirk", "enter", "m", "enter", *TYPED, "enter")
        await wait_for(pilot, lambda: any(row.medarbejder.initialer == "JK" for row in app.screen.staff_rows))
        assert not any(TYPED in text for text in descriptions)
        assert all(m.pin_hash != TYPED for m in [row.medarbejder for row in app.screen.staff_rows] if isinstance(m, Medarbejder))
