"""The demo house is written as if staff had logged it: nothing after the moment it is made."""

from __future__ import annotations

import datetime as dt

from smtte_tui.demo import write_demo
from smtte_tui.models import Borger, Notat, Observation, TimeoutNote
from smtte_tui.store import Store
from smtte_tui.store.hlc import decode

CPH = dt.timezone(dt.timedelta(hours=1))
AFTERNOON = dt.datetime(2026, 11, 25, 15, 6, tzinfo=CPH)  # the day shift just ended


def demo_at(tmp_path, now: dt.datetime, days: int = 10) -> Store:
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data, local_dir=tmp_path / "local", create=True, clock=lambda: now)
    write_demo(store, borgere=4, days=days, seed=3, now=now)
    return store


def test_a_demo_made_at_15_06_has_nothing_written_after_15_06(tmp_path):
    store = demo_at(tmp_path, AFTERNOON)
    revisions = [rev for borger in store.all(Borger) for rev in store.revisions_about(borger.id)]
    assert revisions
    assert max(rev.written_at for rev in revisions) <= AFTERNOON
    assert max(decode(rev.hlc)[0] for rev in revisions) <= AFTERNOON.timestamp() * 1000


def test_today_has_the_day_shift_but_not_the_evening_or_night_still_to_come(tmp_path):
    store = demo_at(tmp_path, AFTERNOON, days=30)
    today = [o for o in store.all(Observation) if o.dato == AFTERNOON.date()]
    assert {o.vagt for o in today} == {"dag"}
    assert {o.vagt for o in store.all(Observation)} == {"dag", "aften", "nat"}
    assert all(n.dato <= AFTERNOON.date() for n in store.all(Notat))
    assert all(n.dato <= AFTERNOON.date() for n in store.all(TimeoutNote))


def test_a_change_made_after_the_demo_is_stamped_with_the_clock_not_the_evening(tmp_path):
    store = demo_at(tmp_path, AFTERNOON)
    borger = store.all(Borger)[0]
    rev = store.update(Borger, borger.id, {"bolig": "Lejl. 9"}, author="DEMO")
    assert rev.written_at == AFTERNOON
    assert decode(rev.hlc)[0] == int(AFTERNOON.timestamp() * 1000)  # the hybrid clock did not run ahead


def test_a_night_is_logged_the_morning_after_it_started(tmp_path):
    store = demo_at(tmp_path, AFTERNOON, days=20)
    for borger in store.all(Borger):
        for rev in store.revisions_about(borger.id):
            if rev.entity == "observation" and rev.data.get("vagt") == "nat":
                logged = rev.written_at.astimezone(CPH)
                assert logged.date() == dt.date.fromisoformat(rev.data["dato"]) + dt.timedelta(days=1)
