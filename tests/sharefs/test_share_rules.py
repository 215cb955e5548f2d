"""The simulator's rules on their own, with a hand-moved clock: what the client cache remembers and
forgets, and which calls a fault rule fails."""

from __future__ import annotations

import errno

import pytest

from smtte_tui.sharesim.cache import MISSING, ClientCache, Lifetimes, parent_of
from smtte_tui.sharesim.faults import FaultRule, Faults


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_each_kind_of_answer_is_kept_for_its_own_lifetime():
    clock = Clock()
    cache = ClientCache(Lifetimes(attr_s=10, dir_s=4, notfound_s=5), clock)
    cache.remember_attrs("/a.json", {"st_size": 1})
    cache.remember_listing("/", ["a.json"])
    cache.remember_missing("/b.json")

    clock.now += 3.9
    assert cache.attrs("/a.json") == {"st_size": 1}
    assert cache.listing("/") == ["a.json"]
    assert cache.attrs("/b.json") is MISSING
    clock.now += 0.1
    assert cache.listing("/") is None
    clock.now += 1
    assert cache.attrs("/b.json") is None
    assert cache.attrs("/a.json") == {"st_size": 1}
    clock.now += 5
    assert cache.attrs("/a.json") is None


def test_a_lifetime_of_zero_keeps_nothing():
    cache = ClientCache(Lifetimes(attr_s=0, dir_s=0, notfound_s=0), Clock())
    cache.remember_attrs("/a", {"st_size": 1})
    cache.remember_listing("/", ["a"])
    cache.remember_missing("/b")
    assert (cache.attrs("/a"), cache.listing("/"), cache.attrs("/b")) == (None, None, None)


def test_naming_a_path_here_forgets_it_its_children_and_its_folder():
    cache = ClientCache(Lifetimes(), Clock())
    for path in ("/core", "/core/2025", "/core/2025/t1.json", "/core-old", "/other.json"):
        cache.remember_attrs(path, {"st_size": 0})
    cache.remember_listing("/", ["core", "core-old", "other.json"])
    cache.remember_listing("/core/2025", ["t1.json"])

    cache.named_here("/core")  # renamed or removed by this PC
    assert [p for p in ("/core", "/core/2025", "/core/2025/t1.json") if cache.attrs(p) is not None] == []
    assert cache.listing("/core/2025") is None and cache.listing("/") is None
    assert cache.attrs("/core-old") is not None and cache.attrs("/other.json") is not None


def test_a_write_here_forgets_only_that_files_attributes():
    cache = ClientCache(Lifetimes(), Clock())
    cache.remember_attrs("/a.json", {"st_size": 1})
    cache.remember_listing("/", ["a.json"])
    cache.changed_here("/a.json")
    assert cache.attrs("/a.json") is None
    assert cache.listing("/") == ["a.json"]


def test_the_parent_of_a_share_path():
    assert [parent_of(p) for p in ("/a/b.json", "/a", "/", "/a/b/")] == ["/a", "/", "/", "/a"]


def test_a_counted_rule_fails_that_many_matching_calls_then_none():
    faults = Faults()
    faults.add(FaultRule("write", "ENOSPC", "borgere/*", remaining=2))
    assert faults.error_for("write", "/core/t1.json") is None
    assert faults.error_for("read", "/borgere/x/t1.json") is None
    assert faults.error_for("write", "/borgere/x/t1.json") == errno.ENOSPC
    assert faults.error_for("write", "/borgere/y/t1.json") == errno.ENOSPC
    assert faults.error_for("write", "/borgere/x/t1.json") is None


def test_a_rename_matches_on_either_name_and_star_matches_every_kind():
    faults = Faults()
    faults.add(FaultRule("rename", "EACCES", "*.json"))
    assert faults.error_for("rename", "/a.tmp", "/a.json") == errno.EACCES
    assert faults.error_for("rename", "/a.tmp", "/a.bak") is None
    faults.clear()
    faults.add(FaultRule("*", "EIO", remaining=1))
    assert faults.error_for("statfs", "/") == errno.EIO
    assert faults.error_for("statfs", "/") is None


def test_a_vanished_share_fails_everything_until_it_comes_back():
    faults = Faults()
    faults.vanish("ENOTCONN")
    assert faults.vanished_errno == errno.ENOTCONN
    assert faults.error_for("getattr", "/") == errno.ENOTCONN
    faults.come_back()
    assert faults.vanished_errno is None and faults.error_for("getattr", "/") is None


@pytest.mark.parametrize("rule", [dict(kind="writ", errno_name="EIO"), dict(kind="write", errno_name="EWHAT"), dict(kind="write", errno_name="EIO", remaining=0)])
def test_a_rule_that_cannot_mean_anything_is_refused(rule):
    with pytest.raises(ValueError):
        FaultRule(**rule)
