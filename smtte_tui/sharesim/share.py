"""``SlowShare``: mount a backing folder as a slow, caching, faulty share and steer it.

    with SlowShare(backing, tmp_path / "mnt", latency_ms=5) as share:
        ...                                  # any process may use share.mount
        share.fail("write", "ENOSPC", count=1)
        share.vanish(); share.come_back()
        share.calls()                        # {"getattr": 12, "open": 3, ...}

The share runs in a process of its own (``server.py``) that this object talks to over a pipe, so
it serves the process under test while the test steers it. Leaving the ``with`` block always
unmounts, also when the test failed.
"""

from __future__ import annotations

import importlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from smtte_tui.sharesim.faults import OP_KINDS, errno_code

_ANSWER_S = 10.0  # the share answers an order at once; this long means it is stuck or gone


class ShareSimUnavailable(RuntimeError):
    """FUSE cannot be used on this machine; the message names what is missing and how to get it."""


class ShareSimError(RuntimeError):
    """The share's process failed or stopped answering."""


@dataclass(frozen=True)
class ShareStats:
    """What the share has done since it was mounted (or since ``reset_calls``)."""

    calls: dict[str, int]  # round trips to the "server", by kind
    cache_hits: dict[str, int]  # answers the client gave from memory: getattr, readdir, notfound
    faults: dict[str, int]  # calls failed on purpose (rules and vanished), by kind
    waited_ms: float  # latency added in total: calls x the latency in force at each
    peak_in_flight: int  # most round trips being served at the same moment


def missing_fuse_parts() -> list[str]:
    """What this machine lacks to mount a FUSE share; empty when everything is there."""
    missing = []
    if not sys.platform.startswith("linux"):
        missing.append(f"Linux (this is {sys.platform}; the share simulator uses FUSE)")
    if not os.path.exists("/dev/fuse"):
        missing.append("/dev/fuse (load the fuse kernel module, or mknod /dev/fuse c 10 229)")
    elif not os.access("/dev/fuse", os.R_OK | os.W_OK):
        missing.append("read/write access to /dev/fuse")
    if shutil.which("fusermount3") is None:
        missing.append("fusermount3 (apt-get install fuse3)")
    try:
        importlib.import_module("mfusepy")
    except ImportError:
        missing.append('the mfusepy package (pip install -e ".[share]")')
    except OSError as exc:  # mfusepy is there but cannot load libfuse
        missing.append(f"libfuse3 for mfusepy ({exc}; apt-get install fuse3)")
    return missing


def is_mounted(path: Path) -> bool:
    """Whether ``path`` is a mount point, read from the mount table: no call reaches the share
    (a stat would be counted, and hangs or fails on a share that is gone)."""
    target = os.path.realpath(path)
    try:
        table = Path("/proc/self/mounts").read_text(encoding="utf-8")
    except OSError:
        return os.path.ismount(target)
    for line in table.splitlines():
        fields = line.split()
        if len(fields) > 1 and _unescape(fields[1]) == target:
            return True
    return False


def _unescape(field: str) -> str:
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


class SlowShare:
    """A backing folder served at ``mount`` like a Windows SMB share over a WAN link.

    ``latency_ms`` is added to every round trip; attributes, listings and "not found" are served
    from the client's cache for ``attr_cache_s``, ``dir_cache_s`` and ``notfound_cache_s`` seconds
    (the SMB2 redirector's defaults are 10, 10 and 5); ``threads`` caps how many requests are
    served at once.
    """

    def __init__(
        self,
        backing: Path,
        mount: Path,
        *,
        latency_ms: float = 5.0,
        attr_cache_s: float = 10.0,
        dir_cache_s: float = 10.0,
        notfound_cache_s: float = 5.0,
        threads: int = 32,
        ready_timeout_s: float = 20.0,
    ) -> None:
        self.backing = Path(backing).resolve()
        self.mount = Path(mount).absolute()
        self._settings = {
            "backing": str(self.backing),
            "mount": str(self.mount),
            "latency_ms": float(latency_ms),
            "attr_cache_s": float(attr_cache_s),
            "dir_cache_s": float(dir_cache_s),
            "notfound_cache_s": float(notfound_cache_s),
            "threads": int(threads),
        }
        self._ready_timeout_s = ready_timeout_s
        self._process: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._order_guard = threading.Lock()
        self._log: IO[str] | None = None  # the share process's stderr, quoted when it fails

    # --- mounting ------------------------------------------------------------------------------

    def __enter__(self) -> SlowShare:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> SlowShare:
        """Mount and return once the share answers; raises ``ShareSimUnavailable`` without FUSE."""
        missing = missing_fuse_parts()
        if missing:
            raise ShareSimUnavailable("the slow share needs FUSE; missing: " + "; ".join(missing))
        if not self.backing.is_dir():
            raise FileNotFoundError(f"backing folder {self.backing} does not exist")
        if is_mounted(self.mount):
            raise ShareSimError(f"{self.mount} is already a mount point")
        self.mount.mkdir(parents=True, exist_ok=True)
        self._answers = queue.Queue()
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "smtte_tui.sharesim.server", json.dumps(self._settings)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        threading.Thread(target=self._read_answers, daemon=True, name="slowshare-answers").start()
        try:
            self._await({"ready"}, self._ready_timeout_s, "mount")
            if not is_mounted(self.mount):
                raise ShareSimError(f"the share said it was ready, but {self.mount} is not mounted")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Unmount (lazily if something still holds a file open) and end the share's process.
        Safe to call twice and after a failed start."""
        process, self._process = self._process, None
        lazily = False
        if is_mounted(self.mount):
            if subprocess.run(["fusermount3", "-u", str(self.mount)], capture_output=True).returncode != 0:
                # busy: a file or folder on it is still open, e.g. in a test that failed half-way
                subprocess.run(["fusermount3", "-u", "-z", str(self.mount)], capture_output=True)
                lazily = True
        if process is None:
            return
        if process.stdin is not None:
            try:
                process.stdin.close()  # tells the share its controller is done
            except OSError:
                pass
        if lazily:
            # a lazily unmounted share serves its open files until they close; nobody should be
            # served any more, so end it (open handles then answer ENOTCONN)
            process.terminate()
        try:
            process.wait(timeout=_ANSWER_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if is_mounted(self.mount):  # the process died without unmounting: never leave a dead mount
            subprocess.run(["fusermount3", "-u", "-z", str(self.mount)], capture_output=True)
        if self._log is not None:
            self._log.close()

    # --- steering ------------------------------------------------------------------------------

    def stats(self) -> ShareStats:
        answer = self._order({"op": "stats"})
        return ShareStats(answer["calls"], answer["cache_hits"], answer["faults"], answer["waited_ms"], answer["peak_in_flight"])

    def calls(self) -> dict[str, int]:
        """Round trips to the share since mounting (or ``reset_calls``), by kind: getattr, open, read..."""
        return self.stats().calls

    def reset_calls(self) -> None:
        """Start counting calls, cache hits, faults, waited time and peak concurrency from zero."""
        self._order({"op": "reset"})

    def set_latency(self, ms: float) -> None:
        """From now on every round trip waits ``ms`` milliseconds."""
        self._order({"op": "latency", "ms": float(ms)})

    def fail(self, kind: str, errno_name: str = "EIO", path_glob: str = "*", count: int | None = None) -> None:
        """Make calls of ``kind`` ("write", "rename"... or "*") on paths matching ``path_glob``
        (relative to the share's root, e.g. "core/*.json") fail with ``errno_name``: the next
        ``count`` of them, or all until ``clear_faults``."""
        if kind != "*" and kind not in OP_KINDS:
            raise ValueError(f"unknown call kind {kind!r}; one of {', '.join(OP_KINDS)} or '*'")
        errno_code(errno_name)
        self._order({"op": "fail", "kind": kind, "errno": errno_name, "glob": path_glob, "count": count})

    def clear_faults(self) -> None:
        self._order({"op": "clear_faults"})

    def vanish(self, errno_name: str = "ENOENT") -> None:
        """The share is gone: every call fails with ``errno_name`` until ``come_back``. ENOENT by
        default, as a Windows drive letter whose server is unreachable answers "path not found"
        (code must not take that for an empty folder); ENOTCONN or EIO are the Linux client's."""
        errno_code(errno_name)
        self._order({"op": "vanish", "errno": errno_name})

    def come_back(self) -> None:
        """The share answers again (with empty caches, as after a reconnect)."""
        self._order({"op": "come_back"})

    def advance(self, seconds: float) -> None:
        """Age the client's caches by ``seconds`` at once, as if that much time had passed."""
        self._order({"op": "advance", "seconds": float(seconds)})

    def drop_caches(self) -> None:
        """Forget every cached attribute, listing and "not found"."""
        self._order({"op": "drop_caches"})

    # --- the pipe ------------------------------------------------------------------------------

    def _read_answers(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        for line in process.stdout:
            self._answers.put(json.loads(line))
        self._answers.put(None)  # the process ended

    def _order(self, order: dict[str, Any]) -> dict[str, Any]:
        with self._order_guard:
            process = self._process
            if process is None or process.stdin is None:
                raise ShareSimError("the share is not mounted")
            try:
                process.stdin.write(json.dumps(order) + "\n")
                process.stdin.flush()
            except OSError as exc:
                raise ShareSimError(f"the share's process is gone{self._log_tail()}") from exc
            answer = self._await({"ok"}, _ANSWER_S, order["op"])
        if not answer["ok"]:
            raise ValueError(answer["error"])
        return answer

    def _await(self, keys: set[str], timeout_s: float, what: str) -> dict[str, Any]:
        try:
            answer = self._answers.get(timeout=timeout_s)
        except queue.Empty:
            raise ShareSimError(f"the share did not answer {what!r} within {timeout_s:g} s{self._log_tail()}") from None
        if answer is None:
            self._answers.put(None)  # every later order learns it too
            raise ShareSimError(f"the share's process ended during {what!r}{self._log_tail()}")
        if not keys & answer.keys():
            raise ShareSimError(f"unexpected answer to {what!r}: {answer}")
        return answer

    def _log_tail(self) -> str:
        if self._log is None or self._log.closed:
            return ""
        self._log.flush()
        self._log.seek(0)
        tail = self._log.read()[-2000:].strip()
        return f"; its log ends:\n{tail}" if tail else ""
