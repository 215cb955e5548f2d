"""Parallel tries cannot beat the lockout: eleven OS processes on one PC try wrong PINs for the same
account at the same moment (the attack of ten ``smtte export --as MA`` at once). Each attempt is on
the share before its PIN is checked, so at most ``max_failed_logins`` PINs are ever checked."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from smtte_tui.features.signin.signin import sign_in
from smtte_tui.lockout import is_blocked
from smtte_tui.models import AuditEvent, Medarbejder
from smtte_tui.store import Store
from tests.people import PIN, house_staff

CHILD = Path(__file__).with_name("signin_child.py")
TRIES = 11
MAX_FAILURES = 3  # the house's default


def test_eleven_wrong_pins_at_once_check_at_most_three_and_block_the_account(tmp_path):
    data, local = tmp_path / "delt", tmp_path / "stue-pc"
    data.mkdir()
    with Store(data, local_dir=local, create=True) as store:
        store.create_many(house_staff(), author="LE")
    children = [
        subprocess.Popen([sys.executable, str(CHILD), str(data), str(local), "MA", f"{900000 + n}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(TRIES)
    ]
    try:
        for child in children:
            assert child.stdout.readline().strip() == "READY", child.stderr.read()
        for child in children:  # every process opened the folder: now all try at once
            child.stdin.write("go\n")
            child.stdin.flush()
        results = [child.communicate(timeout=120) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
    reasons = [out.strip().removeprefix("RESULT ") for out, _ in results]
    assert all(child.returncode == 0 for child in children), [err for _, err in results]
    assert set(reasons) <= {"wrong_pin", "blocked"} and "blocked" in reasons

    with Store(data, local_dir=tmp_path / "kontor-pc") as office:
        office.load_audit()
        mads = next(m for m in office.all(Medarbejder) if m.initialer == "MA")
        about_mads = [e for e in office.all(AuditEvent) if e.maal == f"medarbejder:{mads.id}"]
        checked = [e for e in about_mads if e.handling in ("login", "login_fejl")]
        assert len(checked) <= MAX_FAILURES  # only this many PINs were ever compared
        assert len([e for e in about_mads if e.handling in ("login_fejl", "login_afvist", "login_blokeret")]) == TRIES
        now = dt.datetime.now(dt.UTC)
        assert is_blocked(office, mads, now=now) is not None
        assert sign_in(office, "MA", PIN, now=now, terminal=office.writer).reason == "blocked"
