"""Half-typed shift notes wait on this PC for the person who typed them, and only for them."""

from __future__ import annotations

import pytest

from smtte_tui.features.shift.drafts import DraftStore
from smtte_tui.locations import user_dir

DRAFT = {"values": {"tegn-1": "j", "tegn-2": "4"}, "note": "Anna var glad i dag – æøå"}


def test_a_draft_left_when_the_screen_locks_is_there_after_the_terminal_restarts(tmp_path):
    DraftStore(tmp_path / "drafts").save("mads", "anna", DRAFT)
    assert DraftStore(tmp_path / "drafts").load("mads") == {"anna": DRAFT}


def test_the_next_person_at_the_terminal_never_sees_another_persons_drafts(tmp_path):
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save("mads", "anna", DRAFT)
    assert drafts.load("lene") == {}
    drafts.discard("lene", "anna")  # nothing of Mads' goes away either
    assert drafts.load("mads") == {"anna": DRAFT}


def test_drafts_for_two_borgere_are_kept_apart_and_saving_replaces_the_old_draft(tmp_path):
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save("mads", "anna", DRAFT)
    drafts.save("mads", "bent", {"note": "første"})
    drafts.save("mads", "bent", {"note": "anden"})
    assert drafts.load("mads") == {"anna": DRAFT, "bent": {"note": "anden"}}


def test_a_saved_shift_discards_its_draft_and_the_last_one_leaves_no_file(tmp_path):
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save("mads", "anna", DRAFT)
    drafts.save("mads", "bent", DRAFT)
    drafts.discard("mads", "anna")
    assert drafts.load("mads") == {"bent": DRAFT}
    drafts.discard("mads", "bent")
    assert drafts.load("mads") == {} and list((tmp_path / "drafts").glob("*.json")) == []


def test_drafts_live_in_the_persons_own_folder_on_this_pc_by_default():
    assert DraftStore().folder == user_dir() / "drafts"  # never the machine-wide PC folder


def test_a_damaged_draft_file_opens_as_no_drafts_instead_of_stopping_the_terminal(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "mads.json").write_text("{half", encoding="utf-8")
    assert DraftStore(tmp_path / "drafts").load("mads") == {}


@pytest.mark.parametrize("staff_id", ["../mads", "", "a/b"])
def test_a_staff_id_can_never_point_outside_the_drafts_folder(tmp_path, staff_id):
    with pytest.raises(ValueError):
        DraftStore(tmp_path / "drafts").save(staff_id, "anna", DRAFT)
