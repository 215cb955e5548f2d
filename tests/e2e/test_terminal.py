"""The installed ``smtte`` in a real terminal (tmux): sign in, log a sign, quit, then check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from smtte_tui.auth import hash_pin
from smtte_tui.models import Borger, Maal, Medarbejder, SmttePlan, Tegn
from smtte_tui.store import Store

SMTTE = Path(sys.executable).with_name("smtte.exe" if os.name == "nt" else "smtte")


def capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def wait_for_screen(session: str, text: str, timeout: float = 20.0) -> str:
    """Poll the pane (every 0.1 s, with a deadline) until ``text`` shows."""
    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        tick.wait(0.1)
    raise AssertionError(f"'{text}' never appeared; the screen was:\n{capture(session)}")


def type_keys(session: str, *keys: str) -> None:
    """Send keys one by one, 50 ms apart, as a quick person types (not one burst)."""
    gap = threading.Event()
    for key in keys:
        subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
        gap.wait(0.05)


@pytest.fixture
def tmux_session():
    assert shutil.which("tmux"), "tmux is required for the terminal test (.ci/run installs it)"
    name = f"smtte-e2e-{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_sign_in_log_a_sign_and_quit_in_a_real_terminal(tmp_path, tmux_session):
    data = tmp_path / "delt"
    data.mkdir()
    with Store(data, local_dir=tmp_path / "setup", create=True) as store:
        borger = Borger(navn="Bent Olsen", kortnavn="BO")
        plan = SmttePlan(borger_id=borger.id, status="aktiv", maal=Maal(tekst="Bent går en tur"), tegn=[Tegn(tekst="Går med ud", maaletype="ja_nej")])
        store.create_many([Medarbejder(initialer="LE", navn="Lene", rolle="leder", pin_hash=hash_pin("246813")), borger, plan], "LE")
    env = f"SMTTE_LOCAL_DIR={tmp_path / 'local'} SMTTE_CONFIG={tmp_path / 'none.toml'} TERM=xterm-256color"
    subprocess.run(["tmux", "new-session", "-d", "-s", tmux_session, "-x", "100", "-y", "30", f"env {env} {SMTTE} --data-dir {data}"], check=True)
    wait_for_screen(tmux_session, "Gemt og delt")  # the app has started and polled once
    type_keys(tmux_session, "L", "E", "Enter", "2", "4", "6", "8", "1", "3", "Enter")
    wait_for_screen(tmux_session, "Bent går en tur")
    type_keys(tmux_session, "b", "e", "Enter")
    wait_for_screen(tmux_session, "Mål: Bent går en tur")
    type_keys(tmux_session, "j", "C-s")
    wait_for_screen(tmux_session, "logget")
    type_keys(tmux_session, "C-q")
    deadline = time.monotonic() + 10
    while subprocess.run(["tmux", "has-session", "-t", tmux_session], capture_output=True).returncode == 0 and time.monotonic() < deadline:
        threading.Event().wait(0.1)
    check = subprocess.run([str(SMTTE), "check", "--data-dir", str(data), "--json"], capture_output=True, text=True, env={**os.environ, "SMTTE_LOCAL_DIR": str(tmp_path / "check")})
    report = json.loads(check.stdout)
    assert report["records"]["observation"] == 1
    assert report["ok"] is True
