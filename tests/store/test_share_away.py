"""The shared drive drops away (VPN down, server rebooting): logging goes on from the local journal
and everything is shared when the drive is back, even if the app was closed in between."""

from __future__ import annotations

import pytest

from smtte_tui.models import Observation, SmttePlan
from smtte_tui.store.journal import Journal


def test_logging_goes_on_while_the_share_is_away_and_is_shared_when_it_is_back(share):
    laptop = share.open("laptop")
    assert laptop.share_ok and laptop.pending_count == 0
    away = share.data.with_name("share-away")
    share.data.rename(away)  # the drive disappears under the running app

    revisions = []
    for number in range(3):
        revisions.append(laptop.create(share.observation(laptop.writer, value=number == 1), "MA"))
        assert laptop.share_ok is False
        assert laptop.pending_count == number + 1
    revisions.append(laptop.update(SmttePlan, share.plan.id, {"tovholder": "MA"}, "AA"))
    assert laptop.pending_count == 4
    saved = [rev.entity_id for rev in revisions[:3]]

    # durable on this PC's disk: a fresh look at the journal file holds every acknowledged change
    assert {rev.id for rev in Journal(laptop.journal.path).pending} == {rev.id for rev in revisions}
    # the app keeps working from memory and keeps trying
    assert {o.id for o in laptop.all(Observation)} >= set(saved)
    assert laptop.get(SmttePlan, share.plan.id).tovholder == "MA"
    assert laptop.poll().files == 0
    assert laptop.share_ok is False and laptop.pending_count == 4
    assert not share.data.exists(), "the store created an empty folder where the share should be"

    away.rename(share.data)  # the drive is back
    laptop.poll()
    assert laptop.share_ok is True and laptop.pending_count == 0
    assert laptop.flush() == 0
    assert Journal(laptop.journal.path).pending == []

    fresh = share.reader()
    assert set(saved) <= {o.id for o in fresh.all(Observation)}
    assert fresh.get(SmttePlan, share.plan.id).tovholder == "MA"
    assert fresh.problems == {}


@pytest.mark.parametrize("ending", ["closed", "killed"])
def test_a_terminal_that_logged_while_the_share_was_away_and_then_ended_shares_it_on_next_start(share, terminals, ending):
    pc = terminals("vagtstuen")
    away = share.data.with_name("share-away")
    share.data.rename(away)
    pc.send("append 3")
    logged = pc.acknowledged(3)
    pc.expect("DONE")
    pc.send("state")
    assert pc.expect("STATE") == "STATE 3 0"  # three pending, share not ok
    if ending == "closed":
        assert pc.finish() == 0
    else:
        pc.kill_9()
    away.rename(share.data)
    assert not set(logged) & {o.id for o in share.reader("before").all(Observation)}  # only on that PC so far

    again = share.open("vagtstuen")  # the app starts again on that PC
    assert again.writer == pc.writer
    assert again.pending_count == 0 and again.share_ok
    assert again.pending_on_this_pc() == 0
    assert set(logged) <= {o.id for o in share.reader("after").all(Observation)}
