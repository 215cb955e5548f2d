"""Mounting and unmounting: the share is live when ``with`` is entered, and gone when it is left,
whatever happened inside; without FUSE the error names what is missing."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import textwrap

import pytest

from smtte_tui.sharesim import ShareSimUnavailable, SlowShare, is_mounted
from smtte_tui.sharesim import share as share_module
from tests.sharefs.waiting import eventually


def test_the_share_is_mounted_inside_the_block_and_unmounted_after_it(tmp_path):
    server = tmp_path / "server"
    server.mkdir()
    (server / "FORMAT.json").write_text("{}")
    with SlowShare(server, tmp_path / "mnt", latency_ms=0) as share:
        assert is_mounted(share.mount)
        assert (share.mount / "FORMAT.json").read_text() == "{}"
    assert not is_mounted(tmp_path / "mnt")
    assert (server / "FORMAT.json").read_text() == "{}"


def test_the_share_is_unmounted_when_the_test_fails_with_a_file_still_open(tmp_path):
    server = tmp_path / "server"
    server.mkdir()
    with pytest.raises(RuntimeError, match="the test failed"):
        with SlowShare(server, tmp_path / "mnt", latency_ms=0) as share:
            handle = open(share.mount / "open.json", "w")
            raise RuntimeError("the test failed")
    assert not is_mounted(tmp_path / "mnt")
    with pytest.raises(OSError):
        handle.close()  # the share is gone under it


def test_the_share_unmounts_itself_when_its_controller_is_killed(tmp_path):
    server = tmp_path / "server"
    server.mkdir()
    mount = tmp_path / "mnt"
    controller = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from smtte_tui.sharesim import SlowShare
        SlowShare(Path({str(server)!r}), Path({str(mount)!r}), latency_ms=0).start()
        print("MOUNTED", flush=True)
        sys.stdin.read()
        """
    )
    process = subprocess.Popen([sys.executable, "-c", controller], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "MOUNTED"
        assert is_mounted(mount)
        process.kill()
        process.wait(timeout=10)
        eventually(lambda: is_mounted(mount), lambda mounted: not mounted, what="the orphaned share unmounting")
    finally:
        if process.poll() is None:
            process.kill()
        subprocess.run(["fusermount3", "-u", "-z", str(mount)], capture_output=True)


def test_without_fusermount3_the_error_names_it(tmp_path, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(share_module.shutil, "which", lambda name: None if name == "fusermount3" else real_which(name))
    (tmp_path / "server").mkdir()
    with pytest.raises(ShareSimUnavailable, match="fusermount3 .apt-get install fuse3."):
        SlowShare(tmp_path / "server", tmp_path / "mnt").start()
    assert not is_mounted(tmp_path / "mnt")


def test_without_mfusepy_the_error_names_the_share_extra(tmp_path, monkeypatch):
    real_import = importlib.import_module

    def no_mfusepy(name, *args):
        if name == "mfusepy":
            raise ModuleNotFoundError("No module named 'mfusepy'")
        return real_import(name, *args)

    monkeypatch.setattr(share_module.importlib, "import_module", no_mfusepy)
    (tmp_path / "server").mkdir()
    with pytest.raises(ShareSimUnavailable, match=r"mfusepy package \(pip install -e \"\.\[share\]\"\)"):
        SlowShare(tmp_path / "server", tmp_path / "mnt").start()


def test_importing_the_simulator_loads_neither_fuse_nor_textual():
    code = "import sys, smtte_tui.sharesim; print(sorted(m for m in ('mfusepy', 'textual') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
