"""Faults switched on and off while the share is in use: failing writes, renames and reads, and
the whole share vanishing and coming back, also while another OS process is using it."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest


def write_through(path, data: bytes) -> None:
    """Write like the store does: temp file, fsync, replace."""
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def test_the_next_write_fails_with_eio_and_the_one_after_succeeds(slow_share):
    share = slow_share()
    share.fail("write", "EIO", count=1)
    with pytest.raises(OSError) as failed:
        write_through(share.mount / "t1.json", b"first")
    assert failed.value.errno == errno.EIO
    write_through(share.mount / "t1.json", b"second")
    assert (share.backing / "t1.json").read_bytes() == b"second"
    assert share.stats().faults == {"write": 1}


def test_a_full_disk_fails_only_the_writes_whose_path_matches(slow_share):
    share = slow_share()
    share.fail("write", "ENOSPC", path_glob="borgere/*")
    (share.mount / "borgere").mkdir()
    with pytest.raises(OSError) as failed:
        write_through(share.mount / "borgere" / "t1.json", b"x" * 100)
    assert failed.value.errno == errno.ENOSPC
    write_through(share.mount / "core.json", b"fits")
    assert (share.backing / "core.json").read_bytes() == b"fits"
    assert (share.backing / "borgere" / "t1.json.tmp").read_bytes() == b"", "the failed write left an empty temp file, as on a full share"

    share.clear_faults()
    write_through(share.mount / "borgere" / "t1.json", b"x" * 100)
    assert (share.backing / "borgere" / "t1.json").read_bytes() == b"x" * 100


@pytest.mark.parametrize("errno_name, error", [("EACCES", PermissionError), ("EIO", OSError)])
def test_a_rename_that_fails_leaves_the_old_file_in_place(slow_share, errno_name, error):
    share = slow_share()
    (share.backing / "t1.json").write_text("old")
    share.fail("rename", errno_name, path_glob="*.json")
    with pytest.raises(error) as failed:
        write_through(share.mount / "t1.json", b"new")
    assert failed.value.errno == getattr(errno, errno_name)
    assert (share.backing / "t1.json").read_text() == "old"
    assert (share.backing / "t1.json.tmp").read_text() == "new"


def test_reads_fail_with_eio_for_the_next_two_calls(slow_share):
    share = slow_share()
    (share.backing / "t1.json").write_text("data")
    share.fail("read", count=2)
    for _ in range(2):
        with pytest.raises(OSError) as failed:
            (share.mount / "t1.json").read_text()
        assert failed.value.errno == errno.EIO
    assert (share.mount / "t1.json").read_text() == "data"


def test_the_share_vanishes_in_the_middle_of_a_write_and_comes_back(slow_share):
    share = slow_share()
    (share.backing / "core").mkdir()
    handle = open(share.mount / "core" / "t1.json.tmp", "wb", buffering=0)
    handle.write(b'{"half": ')

    share.vanish()
    with pytest.raises(FileNotFoundError):
        handle.write(b"1}")
    with pytest.raises(FileNotFoundError):
        handle.close()
    with pytest.raises(FileNotFoundError):
        os.listdir(share.mount / "core")
    with pytest.raises(FileNotFoundError):
        os.stat(share.mount / "core")
    assert (share.backing / "core" / "t1.json.tmp").read_bytes() == b'{"half": ', "what reached the server stays, half written"

    share.come_back()
    assert os.listdir(share.mount / "core") == ["t1.json.tmp"]
    write_through(share.mount / "core" / "t1.json", b'{"whole": 1}')
    assert (share.backing / "core" / "t1.json").read_bytes() == b'{"whole": 1}'


def test_a_vanished_share_can_answer_like_a_lost_linux_connection(slow_share):
    share = slow_share()
    (share.backing / "t1.json").write_text("x")
    share.vanish("ENOTCONN")
    with pytest.raises(OSError) as failed:
        (share.mount / "t1.json").read_text()
    assert failed.value.errno == errno.ENOTCONN
    share.come_back()
    assert (share.mount / "t1.json").read_text() == "x"


READER = """
import sys
for line in sys.stdin:
    try:
        with open(line.strip(), "rb") as handle:
            print("OK", handle.read().decode(), flush=True)
    except OSError as exc:
        print("ERR", exc.errno, flush=True)
"""


def test_faults_reach_another_process_that_is_using_the_share(slow_share):
    share = slow_share()
    (share.backing / "t1.json").write_text("shared")
    other = subprocess.Popen([sys.executable, "-c", READER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:

        def read_there() -> str:
            other.stdin.write(f"{share.mount / 't1.json'}\n")
            other.stdin.flush()
            return other.stdout.readline().strip()

        assert read_there() == "OK shared"
        share.fail("read", "EIO", count=1)
        assert read_there() == f"ERR {errno.EIO}"
        assert read_there() == "OK shared"
        share.vanish("EIO")
        assert read_there() == f"ERR {errno.EIO}"
        share.come_back()
        assert read_there() == "OK shared"
    finally:
        other.stdin.close()
        other.wait(timeout=10)


def test_unknown_kinds_and_errno_names_are_refused_at_once(slow_share):
    share = slow_share()
    with pytest.raises(ValueError, match="call kind"):
        share.fail("writ")
    with pytest.raises(ValueError, match="errno"):
        share.fail("write", "ENOSUCH")
    with pytest.raises(ValueError, match="errno"):
        share.vanish("nope")
