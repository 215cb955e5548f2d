"""Reading other terminals' files from the share: as few calls as possible, many at once.

Cost on a share follows the number of file-system calls, each a round trip (1-20 ms over a WAN),
not the bytes. So this module:

* reads a file from the offset it had reached before (only what was appended since), in one
  open, one read and one close when the size is known from the writer's manifest;
* reads many files at once on a small thread pool (SMB, like the kernel's FUSE, serves concurrent
  requests in parallel; the wait is the network's, not the CPU's);
* lists folders only where a listing is the only way to learn of a file (start-up, a borger's
  history, the periodic sweep for sync clients' conflict copies), never on every poll, because
  listings come from a 10 s cache on Windows.

It knows nothing of entities; the store ingests what it returns.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from smtte_tui.i18n import t
from smtte_tui.store import layout, records
from smtte_tui.store.files import LinkRefused, TooLarge, check_no_links, read_from

PARALLEL_READS = 16


@dataclass
class Seen:
    """How far this terminal has read one file."""

    consumed: int = 0  # bytes of complete lines read (or skipped on purpose, see ``crc``)
    crc: int | None = 0  # CRC-32 of those bytes; None when a prefix was skipped unread
    lines: int = 0
    ids: set[str] = field(default_factory=set)


@dataclass
class FileRead:
    """One file's new content, parsed (or why it could not be read)."""

    rel: str
    parsed: records.Parsed | None = None
    size: int = 0  # the file's size as read
    problem: str | None = None
    gone: bool = False
    failed: OSError | None = None  # the share failed to answer (try again; not the file's fault)
    offset: int = 0  # where this read started
    crc: int | None = None  # CRC-32 of the file's complete lines up to consumed (None: unknown)


def read_one(root: Path, rel: str, seen: Seen | None, expect: int | None = None) -> FileRead:
    """Read ``rel`` from where ``seen`` left off (from the start when ``seen`` is None)."""
    out, raw = fetch_one(root, rel, seen, expect)
    return parse_fetched(out, raw, seen)


def fetch_one(root: Path, rel: str, seen: Seen | None, expect: int | None = None) -> tuple[FileRead, bytes | None]:
    """The bytes of ``rel`` from where ``seen`` left off (I/O only: run on the pool)."""
    offset = seen.consumed if seen else 0
    out = FileRead(rel, offset=offset)
    try:
        path = layout.resolve(root, rel)
        raw, out.size = read_from(path, offset, expect=expect, limit=records.MAX_FILE_BYTES)
    except FileNotFoundError:
        out.gone = True
        return out, None
    except TooLarge as exc:
        out.problem, out.size = t("store.reason.too_large", limit=records.MAX_FILE_BYTES // (1024 * 1024)), exc.size
        return out, None
    except LinkRefused:
        out.problem = t("store.reason.link")
        return out, None
    except (layout.UnsafePath, IsADirectoryError, NotADirectoryError):
        out.problem = t("store.reason.unexpected_name")
        return out, None
    except OSError as exc:  # EIO, a share that went away mid-read: nothing known about the file
        out.failed = exc
        return out, None
    return out, raw


def parse_fetched(out: FileRead, raw: bytes | None, seen: Seen | None) -> FileRead:
    """Parse what ``fetch_one`` brought (CPU only: run where the result is taken in)."""
    if raw is None:
        return out
    out.parsed = records.parse(raw, first_line=(seen.lines if seen else 0) + 1)
    complete = raw[: out.parsed.consumed]
    previous = seen.crc if seen else 0
    out.crc = zlib.crc32(complete, previous) if previous is not None else None
    return out


class ShareReader:
    """Parallel reads of share files; the thread pool is made on first use and reused.

    Links are never followed: a listing leaves out entries that are links and notes them in
    ``links`` (relative paths; the store reports them), and a file is read only when every folder
    on its way is a real folder (checked once per folder and remembered)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._pool: ThreadPoolExecutor | None = None
        self.links: set[str] = set()
        self._real_dirs: set[str] = set()

    def _dirs_real(self, folder_rel: str) -> bool:
        if not folder_rel or folder_rel in self._real_dirs:
            return True
        try:
            check_no_links(self.root, layout.resolve(self.root, folder_rel))
        except (LinkRefused, layout.UnsafePath):
            self.links.add(folder_rel)
            return False
        self._real_dirs.add(folder_rel)
        return True

    def _fetch(self, rel: str, seen: Seen | None, expect: int | None) -> tuple[FileRead, bytes | None]:
        folder = rel.rpartition("/")[0]
        if not self._dirs_real(folder):
            return FileRead(rel, offset=seen.consumed if seen else 0, problem=t("store.reason.link")), None
        return fetch_one(self.root, rel, seen, expect)

    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(PARALLEL_READS, thread_name_prefix="smtte-read")
        return self._pool

    def read_many(self, wanted: Iterable[tuple[str, Seen | None, int | None]]) -> list[FileRead]:
        """Fetch the files on the pool (waiting is the network's: many at once), parse them here
        (parsing is the CPU's: threads would only queue for Python's lock)."""
        jobs = list(wanted)
        if len(jobs) <= 1:
            fetched = [self._fetch(*job) for job in jobs]
        else:
            fetched = list(self.pool().map(lambda job: self._fetch(*job), jobs))
        return [parse_fetched(out, raw, job[1]) for (out, raw), job in zip(fetched, jobs)]

    def list_many(self, folders: Iterable[str]) -> dict[str, list[str] | None]:
        """Names in each folder (relative paths), hidden and temp files left out; None where the
        folder is missing or cannot be listed."""
        names = list(folders)

        def listing(rel: str) -> list[str] | None:
            if not self._dirs_real(rel):
                return None
            try:
                path = layout.resolve(self.root, rel) if rel else self.root
                names = []
                for entry in os.scandir(path):
                    if entry.name.startswith("."):
                        continue
                    if entry.is_symlink():
                        self.links.add(f"{rel}/{entry.name}" if rel else entry.name)
                        continue
                    names.append(entry.name)
                return sorted(names)
            except (OSError, layout.UnsafePath):
                return None

        if len(names) <= 1:
            return {rel: listing(rel) for rel in names}
        return dict(zip(names, self.pool().map(listing, names)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
