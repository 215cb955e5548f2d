"""The file-system calls of the simulated share: a passthrough to a backing folder that waits,
counts, remembers like an SMB client and fails on request.

mfusepy calls these methods from libfuse's worker threads (one request per thread, many at once);
nothing here imports mfusepy, so the rules can be read and tested without FUSE. An ``OSError``
with an errno is what libfuse hands back to the kernel as the call's error.

What costs a round trip (counted by kind in ``calls``, delayed by the latency): every call except
answers the client gives from its cache (counted in ``cache_hits``), ``flush`` and ``release``
(the redirector closes handles in the background; a vanished share still makes ``close`` fail).
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from smtte_tui.sharesim.cache import MISSING, Attrs, ClientCache, Lifetimes
from smtte_tui.sharesim.faults import Faults

_STAT_FIELDS = ("st_mode", "st_nlink", "st_uid", "st_gid", "st_size", "st_ino")
# utimensat's "now" and "leave alone" markers, as libfuse passes them in tv_nsec
_UTIME_NOW = (1 << 30) - 1
_UTIME_OMIT = (1 << 30) - 2


class SimClock:
    """Monotonic time plus an offset the controller can move forward to age the caches."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset


class SlowShareOps:
    """mfusepy operations over ``backing``; paths arrive as ``/folder/file`` relative to the share."""

    use_ns = True  # mfusepy: times in integer nanoseconds, no float rounding of mtimes

    def __init__(self, backing: Path, latency_ms: float, lifetimes: Lifetimes, on_ready: Callable[[], None] = lambda: None) -> None:
        self.backing = backing
        self.latency_s = latency_ms / 1000
        self.clock = SimClock()
        self.cache = ClientCache(lifetimes, self.clock)
        self.faults = Faults()
        self._on_ready = on_ready
        self._guard = threading.Lock()
        self.calls: Counter[str] = Counter()
        self.cache_hits: Counter[str] = Counter()
        self.faults_fired: Counter[str] = Counter()
        self.waited_s = 0.0
        self._in_flight = 0
        self.peak_in_flight = 0

    # --- bookkeeping -------------------------------------------------------------------------

    def stats(self) -> dict[str, object]:
        with self._guard:
            return {
                "calls": dict(self.calls),
                "cache_hits": dict(self.cache_hits),
                "faults": dict(self.faults_fired),
                "waited_ms": round(self.waited_s * 1000, 6),
                "peak_in_flight": self.peak_in_flight,
            }

    def reset_stats(self) -> None:
        with self._guard:
            self.calls.clear()
            self.cache_hits.clear()
            self.faults_fired.clear()
            self.waited_s = 0.0
            self.peak_in_flight = self._in_flight

    def vanish(self, errno_name: str) -> None:
        self.faults.vanish(errno_name)
        self.cache.clear()  # the redirector drops what it knew with the connection

    @contextmanager
    def _round_trip(self, kind: str, *paths: str | None) -> Iterator[None]:
        """One request to the server: counted, delayed by the latency, then failed if a fault says so."""
        with self._guard:
            self.calls[kind] += 1
            latency = self.latency_s
            self.waited_s += latency
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
        try:
            if latency > 0:
                time.sleep(latency)
            code = self.faults.error_for(kind, *(p or "" for p in paths))
            if code is not None:
                with self._guard:
                    self.faults_fired[kind] += 1
                raise OSError(code, os.strerror(code))
            yield
        finally:
            with self._guard:
                self._in_flight -= 1

    def _hit(self, kind: str) -> None:
        with self._guard:
            self.cache_hits[kind] += 1

    def _real(self, path: str) -> str:
        return str(self.backing / path.lstrip("/"))

    # --- mfusepy operations --------------------------------------------------------------------

    def init(self, path: str) -> None:
        self._on_ready()

    def getattr(self, path: str | None, fh: int | None = None) -> Attrs:
        if path is None:  # a handle whose name is gone (unlinked while open)
            with self._round_trip("getattr"):
                return _attrs(os.fstat(fh))  # type: ignore[arg-type]
        if self.faults.vanished_errno is None:
            cached = self.cache.attrs(path)
            if cached is MISSING:
                self._hit("notfound")
                raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
            if cached is not None:
                self._hit("getattr")
                return cached  # type: ignore[return-value]
        with self._round_trip("getattr", path):
            try:
                attrs = _attrs(os.lstat(self._real(path)))
            except FileNotFoundError:
                self.cache.remember_missing(path)
                raise
        self.cache.remember_attrs(path, attrs)
        return attrs

    def readdir(self, path: str, fh: int) -> list[str]:
        if self.faults.vanished_errno is None:
            names = self.cache.listing(path)
            if names is not None:
                self._hit("readdir")
                return [".", "..", *names]
        with self._round_trip("readdir", path):
            names = sorted(os.listdir(self._real(path)))
        self.cache.remember_listing(path, names)
        return [".", "..", *names]

    def open(self, path: str, flags: int) -> int:
        # always asks the server, and never refreshes the attribute cache: code must not rely on a
        # size or mtime it saw with stat() to know what an open file holds
        with self._round_trip("open", path):
            return os.open(self._real(path), flags)

    def create(self, path: str, mode: int, flags: int) -> int:
        with self._round_trip("create", path):
            fh = os.open(self._real(path), flags | os.O_CREAT, mode)
        self.cache.named_here(path)
        return fh

    def read(self, path: str | None, size: int, offset: int, fh: int) -> bytes:
        with self._round_trip("read", path):
            return os.pread(fh, size, offset)

    def write(self, path: str | None, data: bytes, offset: int, fh: int) -> int:
        with self._round_trip("write", path):
            written = os.pwrite(fh, data, offset)
        if path is not None:
            self.cache.changed_here(path)
        return written

    def truncate(self, path: str | None, length: int, fh: int | None = None) -> None:
        with self._round_trip("truncate", path):
            if path is None:
                os.ftruncate(fh, length)  # type: ignore[arg-type]
            else:
                os.truncate(self._real(path), length)
        if path is not None:
            self.cache.changed_here(path)

    def flush(self, path: str | None, fh: int) -> None:
        code = self.faults.vanished_errno
        if code is not None:  # close() on a share that is gone reports it
            raise OSError(code, os.strerror(code))

    def release(self, path: str | None, fh: int) -> None:
        os.close(fh)  # always: the kernel ignores release's answer and the handle must not leak

    def fsync(self, path: str | None, datasync: int, fh: int) -> None:
        with self._round_trip("fsync", path):
            (os.fdatasync if datasync else os.fsync)(fh)

    def fsyncdir(self, path: str | None, datasync: int, fh: int) -> None:
        with self._round_trip("fsyncdir", path):
            pass  # the backing folder's own durability is not what is being simulated

    def rename(self, old: str, new: str, flags: int = 0) -> None:
        if flags:
            raise OSError(errno.EINVAL, "rename flags are not supported by an SMB share")
        with self._round_trip("rename", old, new):
            os.replace(self._real(old), self._real(new))
        self.cache.named_here(old)
        self.cache.named_here(new)

    def unlink(self, path: str) -> None:
        with self._round_trip("unlink", path):
            os.unlink(self._real(path))
        self.cache.named_here(path)

    def mkdir(self, path: str, mode: int) -> None:
        with self._round_trip("mkdir", path):
            os.mkdir(self._real(path), mode)
        self.cache.named_here(path)

    def rmdir(self, path: str) -> None:
        with self._round_trip("rmdir", path):
            os.rmdir(self._real(path))
        self.cache.named_here(path)

    def utimens(self, path: str | None, times: tuple[int, int] | None = None) -> None:
        with self._round_trip("utimens", path):
            real = self._real(path or "/")
            os.utime(real, ns=_utime_ns(real, times))
        if path is not None:
            self.cache.changed_here(path)

    def chmod(self, path: str | None, mode: int) -> None:
        with self._round_trip("chmod", path):
            os.chmod(self._real(path or "/"), mode)
        if path is not None:
            self.cache.changed_here(path)

    def statfs(self, path: str) -> dict[str, int]:
        with self._round_trip("statfs", path):
            st = os.statvfs(self._real(path))
        return {name: getattr(st, name) for name in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")}


def _attrs(st: os.stat_result) -> Attrs:
    attrs = {name: getattr(st, name) for name in _STAT_FIELDS}
    attrs.update(st_atime=st.st_atime_ns, st_mtime=st.st_mtime_ns, st_ctime=st.st_ctime_ns)
    return attrs


def _utime_ns(real: str, times: tuple[int, int] | None) -> tuple[int, int]:
    """(atime, mtime) in ns from libfuse's pair, resolving its "now" and "leave alone" markers."""
    now = time.time_ns()
    if times is None:
        return now, now
    current = os.stat(real)
    resolved = []
    for value, keep in zip(times, (current.st_atime_ns, current.st_mtime_ns)):
        # libfuse sends the markers with tv_sec 0, so the whole value equals the marker
        resolved.append(now if value == _UTIME_NOW else keep if value == _UTIME_OMIT else value)
    return resolved[0], resolved[1]
