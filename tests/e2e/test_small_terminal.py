"""The installed ``smtte`` in a real 80×24 terminal (tmux): every key of the home screen is on
screen, and Ctrl+P opens no English command palette (issue I, items 12 and 14)."""

from __future__ import annotations

import subprocess

from smtte_tui.auth import hash_pin
from smtte_tui.models import Borger, Maal, Medarbejder, SmttePlan, Tegn
from smtte_tui.store import Store

from .test_terminal import SMTTE, capture, tmux_session, type_keys, wait_for_screen  # noqa: F401 (fixture)

HOME_KEYS = ("F2 Mangler", "F3 Tidslinje", "F4 Evalueringer", "F5 Time-out", "F6 Overblik", "Ctrl+Z Fortryd", "Ctrl+L Lås", "F7 Plan", "F8 Prøvehandlinger", "F9 Opret", "Ctrl+Q Afslut", "F1 Hjælp")


def test_a_leder_sees_every_home_key_at_80x24_and_ctrl_p_stays_danish(tmp_path, tmux_session):
    data = tmp_path / "delt"
    data.mkdir()
    with Store(data, local_dir=tmp_path / "setup", create=True) as store:
        borger = Borger(navn="Bent Olsen", kortnavn="BO")
        plan = SmttePlan(borger_id=borger.id, status="aktiv", maal=Maal(tekst="Bent går en tur"), tegn=[Tegn(tekst="Går med ud", maaletype="ja_nej")])
        store.create_many([Medarbejder(initialer="LE", navn="Lene", rolle="leder", pin_hash=hash_pin("246813")), borger, plan], "LE")
    env = f"SMTTE_LOCAL_DIR={tmp_path / 'local'} SMTTE_CONFIG={tmp_path / 'none.toml'} TERM=xterm-256color"
    subprocess.run(["tmux", "new-session", "-d", "-s", tmux_session, "-x", "80", "-y", "24", f"env {env} {SMTTE} --data-dir {data}"], check=True)
    wait_for_screen(tmux_session, "Gemt og delt")
    type_keys(tmux_session, "L", "E", "Enter", "2", "4", "6", "8", "1", "3", "Enter")
    screen = wait_for_screen(tmux_session, "Bent går en tur")
    missing = [key for key in HOME_KEYS if key not in screen]
    assert not missing, screen
    type_keys(tmux_session, "C-p")
    type_keys(tmux_session, "b")  # typed into the filter, not into a palette
    screen = wait_for_screen(tmux_session, "Bent Olsen")
    assert "Screenshot" not in screen and "palette" not in screen
    type_keys(tmux_session, "C-q")
