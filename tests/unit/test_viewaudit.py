"""Views of several borgere and the picker's searches as audit events: which borgere an event
names, when a view is recorded again, when a search term counts as searched, and the bounds."""

from __future__ import annotations

import pydantic
import pytest

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.models import MAX_AUDIT_BORGERE, MAX_SOEGEORD, AuditEvent, new_id
from smtte_tui.viewaudit import SearchLog, ShownViews, view_events
from tests.people import acting

from .conftest import at


def test_a_view_names_every_borger_once_in_the_order_shown(store):
    a, b = new_id(), new_id()
    [event] = view_events(acting(store, "MA", now=at(14), terminal="t1"), AuditAction.LAES_MANGLER, AuditTarget.of(TargetKind.MANGLER), borgere=[a, b, a])
    assert (event.handling, event.maal, event.medarbejder, event.terminal, event.borgere) == ("laes_mangler", "mangler", "MA", "t1", [a, b])


def test_a_view_of_more_borgere_than_one_event_holds_becomes_several_events_leaving_nobody_out(store):
    ids = [new_id() for _ in range(2 * MAX_AUDIT_BORGERE + 1)]
    found = view_events(acting(store, "LE", now=at(14), terminal="t1"), AuditAction.LAES_ADMIN_BORGERE, AuditTarget.of(TargetKind.BORGERE), borgere=ids)
    assert [len(e.borgere) for e in found] == [MAX_AUDIT_BORGERE, MAX_AUDIT_BORGERE, 1]
    assert [i for e in found for i in e.borgere] == ids


def test_a_view_of_nobody_is_still_one_event(store):
    [event] = view_events(acting(store, "TH", now=at(14), terminal="t1"), AuditAction.LAES_FORFALDNE, AuditTarget.of(TargetKind.EVALUERINGER))
    assert event.borgere == []


def test_a_long_search_term_is_recorded_clipped(store):
    [event] = view_events(acting(store, "MA", now=at(14), terminal="t1"), AuditAction.SOEG, AuditTarget.of(TargetKind.SOEG), soegeord="  " + "x" * 500)
    assert event.soegeord == "x" * MAX_SOEGEORD


def test_old_events_without_the_borgere_field_stay_valid():
    old = {"id": new_id(), "tid": at(8).isoformat(), "medarbejder": "MA", "terminal": "t1", "handling": "laes_timeout", "maal": "timeout", "borger_id": None, "soegeord": None}
    assert AuditEvent.model_validate(old).borgere == []


@pytest.mark.parametrize(
    "bad",
    [
        {"borgere": ["../../x"]},  # an id is never a path
        {"borgere": [new_id() for _ in range(MAX_AUDIT_BORGERE + 1)]},
        {"soegeord": "x" * (MAX_SOEGEORD + 1)},
    ],
)
def test_a_forged_event_beyond_the_bounds_is_refused(bad):
    with pytest.raises(pydantic.ValidationError):
        AuditEvent(tid=at(8), medarbejder="MA", terminal="t1", handling="soeg", **bad)


def test_a_view_is_recorded_when_first_drawn_and_again_only_for_a_borger_not_yet_named():
    a, b = new_id(), new_id()
    views = ShownViews()
    assert views.worth_recording("laes_timeout", [a, b])
    assert not views.worth_recording("laes_timeout", [b, a])  # the poll's redraw
    assert not views.worth_recording("laes_timeout", [a])  # fewer shown: nobody new was seen
    assert views.worth_recording("laes_overblik", [a])  # another view of the same screen
    c = new_id()
    assert views.worth_recording("laes_timeout", [a, c])
    assert not views.worth_recording("laes_timeout", [c])


def test_a_search_settles_once_with_the_last_term_and_not_per_keystroke():
    anna, bent = new_id(), new_id()
    log = SearchLog()
    assert log.settle() is None  # nothing typed
    for term, shown in (("a", [anna, bent]), ("an", [anna]), ("ann", [anna])):
        assert log.typed(term, shown, "MA")  # each keystroke restarts the pause
    search = log.settle()
    assert (search.soegeord, search.borgere, search.who) == ("ann", [anna], "MA")
    assert log.settle() is None  # recorded once
    assert not log.typed("ann", [anna, bent], "MA")  # a refresh of the same term
    assert log.settle() is None


def test_an_emptied_filter_is_no_search_and_a_new_term_after_it_is():
    anna = new_id()
    log = SearchLog()
    log.typed("an", [anna], "MA")
    assert log.typed("", [anna], "MA")
    assert log.settle() is None
    log.typed("  anna  ", [anna], "MA")
    assert log.settle().soegeord == "anna"


def test_the_searcher_is_who_typed_the_term():
    log = SearchLog()
    log.typed("bent", [], "MA")
    assert log.settle().who == "MA"  # even when the screen has locked since
