"""Opening a picture/video link (F6) or an export (issue W 12): on Windows ``os.startfile`` gets
the plain path, elsewhere the browser gets the address; the opening runs in a worker, and no path
is resolved on the UI thread (on a share that asks the server about every folder)."""

from __future__ import annotations

import functools
import os
import pathlib
import threading

import pytest

from smtte_tui.medialinks import open_call
from smtte_tui.models import SmttePlan
from smtte_tui.store import Store

from .conftest import NOW, open_app, open_log, sign_in, wait_for
from .test_group_screens import group_house, open_group  # noqa: F401  (fixture)


@pytest.fixture
def watch_resolve(monkeypatch):
    """Every ``Path.resolve`` on the UI thread (on a share it asks the server about each folder)."""
    on_ui_thread: list[str] = []
    resolve = pathlib.Path.resolve

    def watched(self, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            on_ui_thread.append(str(self))
        return resolve(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "resolve", watched)
    return on_ui_thread


async def test_f6_on_a_windows_pc_opens_the_plain_path_with_startfile_in_a_worker(house, monkeypatch, watch_resolve):
    from smtte_tui.screens.widgets import media

    folder = house["tmp"] / "Bofællesskab"
    started: list[tuple[str, bool]] = []
    monkeypatch.setattr(media, "open_call", functools.partial(open_call, platform="win32"))
    monkeypatch.setattr(os, "startfile", lambda target: started.append((target, threading.current_thread() is threading.main_thread())), raising=False)
    bent = house["borgere"]["Bent"]
    plan = house["plans"][bent.id]
    link = str(folder / "tandbørstning.mp4")
    tiltag = plan.tiltag[0].model_copy(update={"medier": [link]})
    with Store(house["data"], local_dir=house["tmp"] / "planner", clock=lambda: NOW) as store:
        store.update(SmttePlan, plan.id, {"tiltag": [tiltag.model_dump(mode="json")]}, "LE")
    app = open_app(house)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await open_log(pilot, *"bent")
        watch_resolve.clear()
        await pilot.press("f6")
        await wait_for(pilot, lambda: started)
    assert started == [(link.replace("/", "\\"), False)]  # the path as typed, off the UI thread
    assert watch_resolve == []


async def test_the_report_key_opens_the_export_without_resolving_on_the_ui_thread(group_house, monkeypatch, watch_resolve):  # noqa: F811
    import webbrowser

    opened: list[tuple[str, bool]] = []
    monkeypatch.setattr(webbrowser, "open", lambda target: opened.append((target, threading.current_thread() is threading.main_thread())) or True)
    app = open_app(group_house)
    async with app.run_test(size=(160, 40)) as pilot:
        await sign_in(pilot, "TH")
        await open_group(pilot)
        watch_resolve.clear()
        await pilot.press("r")
        await wait_for(pilot, lambda: opened, timeout=10)
    [(target, on_ui_thread)] = opened
    assert target == (group_house["data"] / "eksport" / "smtte-gruppe-2026-11.html").as_uri() and not on_ui_thread
    assert watch_resolve == []
