"""The share remembers like a Windows SMB client: attributes and listings for 10 s, "not found" for
5 s, while opening a file always reads what the server holds now.

"The server" is the backing folder: writing there directly is another PC's save. Cache ages are
moved with ``share.advance`` (the share's own clock); one test lets real time expire a 1 s cache.
"""

from __future__ import annotations

import os

import pytest

from tests.sharefs.waiting import eventually


def test_another_pcs_save_is_read_at_once_but_stat_shows_the_old_size_and_mtime_for_ten_seconds(slow_share):
    share = slow_share()
    (share.backing / "t1.json").write_text('{"v": 1}')
    os.utime(share.backing / "t1.json", ns=(1_000_000_000, 1_000_000_000))
    seen = os.stat(share.mount / "t1.json")
    assert seen.st_size == 8

    (share.backing / "t1.json").write_text('{"v": 2, "more": true}')  # another terminal saves
    assert (share.mount / "t1.json").read_text() == '{"v": 2, "more": true}'
    still = os.stat(share.mount / "t1.json")
    assert (still.st_size, still.st_mtime_ns) == (8, 1_000_000_000)
    assert (share.mount / "t1.json").read_bytes() == b'{"v": 2, "more": true}', "a stale size must not cut what is read"

    share.advance(9.5)
    assert os.stat(share.mount / "t1.json").st_size == 8
    share.advance(0.6)
    fresh = os.stat(share.mount / "t1.json")
    assert fresh.st_size == 22 and fresh.st_mtime_ns != 1_000_000_000


def test_a_shorter_attribute_cache_expires_by_itself_in_real_time(slow_share):
    share = slow_share(latency_ms=1, attr_cache_s=1)
    (share.backing / "t1.json").write_text("1")
    assert os.stat(share.mount / "t1.json").st_size == 1
    (share.backing / "t1.json").write_text("12345")
    eventually(lambda: os.stat(share.mount / "t1.json").st_size, lambda size: size == 5, what="the new size showing")


def test_a_file_another_pc_created_is_not_listed_for_ten_seconds_but_can_be_read_by_name(slow_share):
    share = slow_share()
    (share.backing / "core").mkdir()
    (share.backing / "core" / "old.json").write_text("old")
    assert os.listdir(share.mount / "core") == ["old.json"]

    (share.backing / "core" / "new.json").write_text("new")
    assert os.listdir(share.mount / "core") == ["old.json"]
    assert (share.mount / "core" / "new.json").read_text() == "new"
    assert os.listdir(share.mount / "core") == ["old.json"], "reading by name does not refresh the listing"

    share.advance(10)
    assert sorted(os.listdir(share.mount / "core")) == ["new.json", "old.json"]


def test_a_name_looked_up_and_not_found_stays_not_found_for_five_seconds(slow_share):
    share = slow_share()
    assert not (share.mount / "t2.json").exists()
    (share.backing / "t2.json").write_text("arrived")

    with pytest.raises(FileNotFoundError):
        (share.mount / "t2.json").read_text()
    assert not (share.mount / "t2.json").exists()
    assert share.stats().cache_hits["notfound"] >= 2

    share.advance(5)
    assert (share.mount / "t2.json").read_text() == "arrived"


def test_a_file_removed_on_the_server_still_looks_present_but_cannot_be_opened(slow_share):
    share = slow_share()
    (share.backing / "gone.json").write_text("x")
    assert (share.mount / "gone.json").exists()
    (share.backing / "gone.json").unlink()

    assert (share.mount / "gone.json").exists()
    with pytest.raises(FileNotFoundError):
        (share.mount / "gone.json").read_text()


def test_this_pcs_own_changes_show_at_once(slow_share):
    share = slow_share()
    (share.backing / "mine.json").write_text("1")
    assert os.stat(share.mount / "mine.json").st_size == 1
    assert os.listdir(share.mount) == ["mine.json"]

    (share.mount / "mine.json").write_text("12345")
    (share.mount / "core").mkdir()
    (share.mount / "core" / "made.json.tmp").write_text("abc")
    os.replace(share.mount / "core" / "made.json.tmp", share.mount / "core" / "made.json")

    assert os.stat(share.mount / "mine.json").st_size == 5
    assert sorted(os.listdir(share.mount)) == ["core", "mine.json"]
    assert os.listdir(share.mount / "core") == ["made.json"]
    assert not (share.mount / "core" / "made.json.tmp").exists()
    assert (share.backing / "core" / "made.json").read_text() == "abc"


def test_two_pcs_on_one_server_see_each_others_saves_only_when_their_caches_expire(slow_share):
    office = slow_share()
    (office.backing / "core").mkdir()
    night = slow_share(backing=office.backing)
    assert os.listdir(night.mount / "core") == []

    (office.mount / "core" / "t1.json").write_text("saved in the office")
    assert os.listdir(office.mount / "core") == ["t1.json"]
    assert os.listdir(night.mount / "core") == []
    assert (night.mount / "core" / "t1.json").read_text() == "saved in the office"

    night.advance(10)
    assert os.listdir(night.mount / "core") == ["t1.json"]


def test_caches_can_be_switched_off(slow_share):
    share = slow_share(attr_cache_s=0, dir_cache_s=0, notfound_cache_s=0)
    assert os.listdir(share.mount) == []
    assert not (share.mount / "t.json").exists()
    (share.backing / "t.json").write_text("now")
    assert os.listdir(share.mount) == ["t.json"]
    assert os.stat(share.mount / "t.json").st_size == 3
    assert share.stats().cache_hits == {}
