"""What people read as "when" is the writer's own clock, never the hybrid clock that orders.

A PC whose clock runs seven hours ahead writes to the plan; this PC reads it, so its hybrid
clock follows (that is what keeps edits in the order they were made). Every later change made
here must still be shown, and exported for insight, at this PC's own time.
"""

from __future__ import annotations

import datetime as dt

from smtte_tui import plandiff
from smtte_tui.features.admin import auditlog
from smtte_tui.models import SmttePlan
from smtte_tui.store.hlc import decode
from tests.people import acting

from .conftest import at


def test_changes_made_here_after_reading_a_fast_pc_are_shown_at_this_pcs_time(open_store, house, tmp_path):
    here, plan = house["store"], house["plan"]
    fast = open_store("fast-pc", now=at(17))  # seven hours ahead
    fast.update(SmttePlan, plan.id, {"tovholder": "MA"}, author="LE")
    here.poll()
    rev = here.update(SmttePlan, plan.id, {"tovholder": "LE"}, author="LE")
    assert decode(rev.hlc)[0] > at(16).timestamp() * 1000  # the hybrid clock followed the fast PC

    history = plandiff.versions(here, plan.id)
    assert [v.when.astimezone(at(10).tzinfo).strftime("%H:%M") for v in history] == ["10:00", "17:00", "10:00"]

    changes = {e.id: e.tid for e in auditlog.changes_about(here, house["anna"].id)}
    assert changes[rev.id] == at(10)

    path = auditlog.write_insight(acting(here, house["leder"], now=at(10, 5), terminal=here.writer), house["anna"].id, "txt", tmp_path / "insight.txt")
    text = path.read_text(encoding="utf-8").splitlines()
    here_lines = [line for line in text if here.writer in line]
    fast_lines = [line for line in text if fast.writer in line]
    assert here_lines and all(line.startswith("25.11.2026 10:0") for line in here_lines)
    assert [line[:16] for line in fast_lines] == ["25.11.2026 17:00"]  # only the fast PC's own change


def test_nothing_written_here_is_shown_later_than_now(open_store, house):
    here, plan = house["store"], house["plan"]
    fast = open_store("fast-pc", now=at(17))
    fast.update(SmttePlan, plan.id, {"tovholder": "MA"}, author="LE")
    here.poll()
    here.update(SmttePlan, plan.id, {"tovholder": "LE"}, author="LE")
    mine = [e for e in auditlog.changes_about(here, house["anna"].id) if e.terminal == here.writer]
    assert mine and max(e.tid for e in mine) <= at(10)
    assert max(v.when for v in plandiff.versions(here, plan.id) if v.author == "LE" and v.revision_id in {e.id for e in mine}) <= at(10)
    assert all(isinstance(e.tid, dt.datetime) for e in mine)
