"""Type-ahead in a real terminal: the installed ``smtte`` in tmux gets keys in one burst, the way a
slow PC hands over keys it queued while busy (one ``tmux send-keys`` with several keys writes
them to the terminal at once)."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

from smtte_tui.auth import hash_pin
from smtte_tui.models import Borger, Maal, Medarbejder, Observation, SmttePlan, Tegn
from smtte_tui.store import Store

from .test_terminal import SMTTE, tmux_session, type_keys, wait_for_screen  # noqa: F401  (tmux_session is a fixture)

PIN = "246813"


def prepared_folder(tmp_path: Path) -> tuple[Path, Borger]:
    """A house with LE (leder), MA (medarbejder) and two borgere; Elsebeth is the one "e l" finds."""
    data = tmp_path / "delt"
    data.mkdir()
    elsebeth = Borger(navn="Elsebeth Lund", kortnavn="EL", bolig="Lejl. 4")
    bent = Borger(navn="Bent Olsen", kortnavn="BO", bolig="Lejl. 2")
    plans = [SmttePlan(borger_id=b.id, status="aktiv", maal=Maal(tekst=f"{b.navn.split()[0]} går en tur"), tegn=[Tegn(tekst="Går med ud", maaletype="ja_nej")]) for b in (elsebeth, bent)]
    with Store(data, local_dir=tmp_path / "setup", create=True) as store:
        staff = [Medarbejder(initialer="LE", navn="Lene Leder", rolle="leder", pin_hash=hash_pin(PIN)), Medarbejder(initialer="MA", navn="Mads Andersen", rolle="medarbejder", pin_hash=hash_pin(PIN))]
        store.create_many([*staff, elsebeth, bent, *plans], "LE")
    return data, elsebeth


def start(tmp_path: Path, data: Path, session: str) -> None:
    env = f"SMTTE_LOCAL_DIR={tmp_path / 'local'} SMTTE_CONFIG={tmp_path / 'none.toml'} TERM=xterm-256color"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "110", "-y", "32", f"env {env} {SMTTE} --data-dir {data}"], check=True)


def send_at_once(session: str, *keys: str) -> None:
    """All keys in one tmux command: they reach the app as one burst."""
    subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)


def quit_and_read(tmp_path: Path, data: Path, session: str, borger: Borger) -> list[Observation]:
    send_at_once(session, "C-q")
    deadline = time.monotonic() + 10
    while subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0 and time.monotonic() < deadline:
        threading.Event().wait(0.1)
    return Store(data, local_dir=tmp_path / "check", readonly=True).all(Observation, borger.id)


def test_initials_enter_pin_enter_at_once_on_the_lock_screen_signs_in(tmp_path, tmux_session):
    """Measured before: "M A Enter 1 2 3 4 Enter" at once left "MA1234" in the initials field and
    the PIN empty."""
    data, _ = prepared_folder(tmp_path)
    start(tmp_path, data, tmux_session)
    wait_for_screen(tmux_session, "Initialer")  # right as the lock screen shows
    send_at_once(tmux_session, "M", "A", "Enter", *PIN, "Enter")
    home = wait_for_screen(tmux_session, "Elsebeth går en tur")
    assert "MA · Vagt" in home  # signed in as MA: the PIN went to the PIN field
    assert "MA" + PIN not in home


def test_filter_enter_value_save_at_once_on_home_saves_the_sign(tmp_path, tmux_session):
    """Measured before: "e l Enter j Ctrl+S" at once left "elj" in the filter and saved nothing."""
    data, elsebeth = prepared_folder(tmp_path)
    start(tmp_path, data, tmux_session)
    wait_for_screen(tmux_session, "Gemt og delt")
    type_keys(tmux_session, "M", "A", "Enter", *PIN, "Enter")  # at a person's pace
    wait_for_screen(tmux_session, "Elsebeth går en tur")
    send_at_once(tmux_session, "e", "l", "Enter", "j", "C-s")
    done = wait_for_screen(tmux_session, "logget")
    assert "elj" not in done
    saved = quit_and_read(tmp_path, data, tmux_session, elsebeth)
    assert [(o.vaerdi, o.forfatter) for o in saved] == [(True, "MA")]


def test_sign_in_and_a_log_in_one_burst_while_the_app_is_still_starting(tmp_path, tmux_session):
    """The whole shift's keys sent the moment the lock screen shows: the data folder is still
    being opened, the PIN check takes a moment and home still reads its list, so nearly every key
    arrives before the screen it is meant for."""
    data, elsebeth = prepared_folder(tmp_path)
    start(tmp_path, data, tmux_session)
    wait_for_screen(tmux_session, "Initialer")
    send_at_once(tmux_session, "M", "A", "Enter", *PIN, "Enter", "e", "l", "Enter", "j", "C-s")
    done = wait_for_screen(tmux_session, "logget")
    assert "Elsebeth Lund" in done and "MA · Vagt" in done
    saved = quit_and_read(tmp_path, data, tmux_session, elsebeth)
    assert [(o.vaerdi, o.forfatter) for o in saved] == [(True, "MA")]
