"""Every round trip is counted by kind and waits the latency in force; answers from the client's
cache cost nothing; many requests are served at the same time. (Figures, not seconds: how long
things take is the bench's business.)"""

from __future__ import annotations

import os
import threading

from smtte_tui.sharesim import SlowShare


def round_trips(share: SlowShare) -> int:
    return sum(share.calls().values())


def test_reading_a_file_costs_a_lookup_an_open_and_reads(slow_share):
    share = slow_share()
    (share.backing / "t1.json").write_text("{}")
    share.reset_calls()
    assert share.calls() == {}

    assert (share.mount / "t1.json").read_text() == "{}"
    calls = share.calls()
    assert calls["open"] == 1 and calls["read"] >= 1 and calls["getattr"] >= 1
    assert set(calls) <= {"getattr", "open", "read"}


def test_each_kind_of_call_is_counted(slow_share):
    share = slow_share()
    share.reset_calls()
    (share.mount / "core").mkdir()
    with open(share.mount / "core" / "a.tmp", "wb") as handle:
        handle.write(b"abc")
        os.fsync(handle.fileno())
    os.replace(share.mount / "core" / "a.tmp", share.mount / "core" / "a.json")
    os.listdir(share.mount / "core")
    os.truncate(share.mount / "core" / "a.json", 1)
    os.utime(share.mount / "core" / "a.json", ns=(1, 2))
    os.chmod(share.mount / "core" / "a.json", 0o600)
    os.statvfs(share.mount)
    os.unlink(share.mount / "core" / "a.json")
    os.rmdir(share.mount / "core")

    calls = share.calls()
    for kind in ("mkdir", "create", "write", "fsync", "rename", "readdir", "truncate", "utimens", "chmod", "statfs", "unlink", "rmdir"):
        assert calls.get(kind) == 1, (kind, calls)


def test_a_second_stat_within_the_cache_lifetime_is_answered_by_the_client(slow_share):
    share = slow_share()
    (share.backing / "t1.json").write_text("{}")
    os.stat(share.mount / "t1.json")
    share.reset_calls()
    for _ in range(5):
        os.stat(share.mount / "t1.json")
    assert share.calls() == {}
    assert share.stats().cache_hits["getattr"] >= 5


def test_every_round_trip_waits_the_latency_in_force(slow_share):
    share = slow_share(latency_ms=2.5)
    (share.backing / "t1.json").write_text("{}")
    share.reset_calls()
    (share.mount / "t1.json").read_text()
    assert share.stats().waited_ms == 2.5 * round_trips(share)

    share.set_latency(0)
    share.drop_caches()
    before = share.stats()
    (share.mount / "t1.json").read_text()
    after = share.stats()
    assert after.waited_ms == before.waited_ms
    assert sum(after.calls.values()) > sum(before.calls.values())


def test_requests_from_many_threads_are_served_side_by_side(slow_share):
    share = slow_share(latency_ms=50)
    for number in range(8):
        (share.backing / f"t{number}.json").write_text("{}")
    share.reset_calls()
    start = threading.Barrier(8)

    def read(number: int) -> None:
        start.wait()
        (share.mount / f"t{number}.json").read_text()

    threads = [threading.Thread(target=read, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert share.stats().peak_in_flight >= 4
