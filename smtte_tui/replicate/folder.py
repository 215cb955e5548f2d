"""Reading a house folder for replication: which files to read, from where, and what they hold.

The replicator only ever reads the folder (what it writes there goes through its own ``Store``,
see ``pull.py``). It reads cheaply, the way a terminal's poll does (docs/architecture.md, store
rule 7): the writers' manifests say which files grew, with their size and CRC-32, and a file is
read from the byte offset it was pushed up to (its *mark*, kept in the database). A file that is
shorter than its mark, or of the same size with another CRC, was replaced by another copy
(restored, repaired): it is read and pushed again whole, which is harmless because revisions are
unique by id. Files no manifest names (sync clients' conflict copies, old months of a writer long
gone, a restored folder) are found by listing: the recent months at every run, every folder at
the first run and once a day after that.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from smtte_tui.i18n import t
from smtte_tui.store import layout, records
from smtte_tui.store import manifest as manifests
from smtte_tui.store.files import LinkRefused, TooLarge, read_from
from smtte_tui.usererror import UserError

log = logging.getLogger(__name__)
PARALLEL_READS = 16
READ_AHEAD = 64  # files fetched ahead of the one being parsed (bounds memory on a first run)
# Every revision line starts with its id (records.line: model_dump keeps the field order), so a
# line whose id was already pushed in this run (a borger record is in its month's log and in its
# year's file) is skipped before it is parsed. A line of another shape is simply parsed.
_LEADING_ID = re.compile(rb'^\{"id":"([A-Za-z0-9_-]{1,64})"')
# an escaped NUL (an odd number of backslashes before "u0000"; an even number is a literal backslash)
_NUL = re.compile(rb"(?<!\\)((?:\\\\)*)\\u0000")
# Reading order: the month logs before the borgere/ copies of the same records (most of those are
# then skipped unparsed), core and audit in between.
_AREA_ORDER = {layout.CORE: 0, layout.LOG: 1, layout.AUDIT: 2, layout.BORGERE: 3}


class FolderRefused(UserError):
    """The folder cannot be replicated (a catalog key and its parameters say why)."""


@dataclass(frozen=True)
class Mark:
    """How far one file has been pushed: bytes of complete lines, their CRC-32, and revisions."""

    size: int
    crc: int
    records: int = 0


@dataclass(frozen=True)
class Job:
    rel: str
    start: Mark | None  # read from this mark; None: from the beginning
    expect: tuple[int, int] | None = None  # (size, crc) the file's writer published, if known


@dataclass
class Chunk:
    """What one file added since its mark: the raw lines of valid revisions and the new mark."""

    rel: str
    lines: list[bytes] = field(default_factory=list)
    mark: Mark | None = None  # None: nothing learned (the read failed; try again next run)
    bad: int = 0  # lines that are no valid revision (never pushed; ``smtte check`` names them)
    problem: str | None = None
    failed: bool = False


def house_id(root: Path) -> str:
    """The folder's own id from ``FORMAT.json`` (every format-2 folder has one). Raises
    :class:`FolderRefused` with a sentence when the folder is missing, not smtte's, of a format
    this smtte does not read, or has no id."""
    format_file = root / layout.FORMAT_FILE
    if not root.is_dir():
        raise FolderRefused("cli.error.data_dir_missing", path=root)
    try:
        info = json.loads(read_from(format_file, limit=64 * 1024)[0])
    except FileNotFoundError as exc:
        raise FolderRefused("replicate.error.not_house", path=root) from exc
    except (OSError, ValueError, RecursionError) as exc:
        raise FolderRefused("store.error.format_unreadable", path=format_file) from exc
    if not isinstance(info, dict) or info.get("format") != layout.FORMAT_NAME:
        raise FolderRefused("replicate.error.not_house", path=root)
    version = info.get("version")
    if version != layout.FORMAT_VERSION:
        raise FolderRefused("replicate.error.format", path=root, version=version, known=layout.FORMAT_VERSION)
    folder_id = info.get("id")
    if not isinstance(folder_id, str) or not layout.SAFE_ID.match(folder_id):
        raise FolderRefused("replicate.error.no_house_id", path=format_file)
    return folder_id


def read_manifests(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file the writers' manifests name, with (size, count, crc). A manifest that cannot
    be read is left out (its files are found by listing)."""
    found: dict[str, tuple[int, int, int]] = {}
    folder = root / layout.MANIFESTS
    for name in _names(folder):
        if not name.endswith(".json") or not layout.WRITER_ID.match(name[:-5]):
            continue
        try:
            for rel, entry in manifests.read(folder / name).filer.items():
                found[rel] = entry
        except (OSError, ValueError) as exc:
            log.warning("manifest %s not used: %s", name, exc)
    return found


def _names(folder: Path) -> list[str]:
    """Names in a folder, links and hidden files left out; [] when it cannot be listed."""
    try:
        return sorted(entry.name for entry in os.scandir(folder) if not entry.name.startswith(".") and not entry.is_symlink())
    except OSError:
        return []


def recent_folders(today: dt.date) -> list[str]:
    """The folders a run always lists: core and this month's, last month's and next month's log
    and audit (a PC whose clock is ahead writes there)."""
    months = layout.month_folders(today.replace(day=1) + dt.timedelta(days=31), 3)
    return [layout.CORE] + [f"{area}/{month}" for area in (layout.LOG, layout.AUDIT) for month in months]


def every_folder(root: Path) -> list[str]:
    """Every folder that holds data files: core, each month of log and audit, each year of each
    borger."""
    folders = [layout.CORE]
    for area in (layout.LOG, layout.AUDIT):
        folders += [f"{area}/{name}" for name in _names(root / area) if layout.MONTH.match(name)]
    for borger in _names(root / layout.BORGERE):
        if layout.SAFE_ID.match(borger):
            folders += [f"{layout.BORGERE}/{borger}/{year}" for year in _names(root / layout.BORGERE / borger) if layout.YEAR.match(year)]
    return folders


def data_files(root: Path, folders: Iterable[str]) -> dict[str, int]:
    """The data files (``.jsonl``) in these folders with their sizes."""
    found: dict[str, int] = {}
    for folder in folders:
        try:
            entries = list(os.scandir(root / folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(layout.SUFFIX) or entry.is_symlink():
                continue
            try:
                found[f"{folder}/{entry.name}"] = entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    return found


def plan(root: Path, marks: dict[str, Mark], *, today: dt.date, full_scan: bool) -> list[Job]:
    """The files to read now and from where (module text), in reading order."""
    jobs: dict[str, Job] = {}
    published = read_manifests(root)
    for rel, (size, _count, crc) in published.items():
        if layout.classify(rel).role != "shard":
            continue
        mark = marks.get(rel)
        if mark is None or size < mark.size or (size == mark.size and crc != mark.crc):
            jobs[rel] = Job(rel, None, (size, crc))  # new, or replaced by another copy: whole
        elif size > mark.size:
            jobs[rel] = Job(rel, mark, (size, crc))
    listed = data_files(root, every_folder(root) if full_scan else recent_folders(today))
    for rel, size in listed.items():
        if rel in jobs:
            continue
        mark = marks.get(rel)
        if mark is None or size < mark.size:
            jobs[rel] = Job(rel, None)  # new to us, or shorter than pushed (replaced): whole
        elif size > mark.size:
            jobs[rel] = Job(rel, mark)  # grew (no manifest names it, or its manifest is not written yet)
    return sorted(jobs.values(), key=lambda job: (_AREA_ORDER.get(job.rel.split("/")[0], 9), job.rel))


def _fetch(root: Path, job: Job) -> tuple[Job, bytes | None, str | None, bool]:
    """The file's bytes from the job's mark (I/O only: runs on the pool)."""
    try:
        raw, _size = read_from(layout.resolve(root, job.rel), job.start.size if job.start else 0, limit=records.MAX_FILE_BYTES)
        return job, raw, None, False
    except FileNotFoundError:
        return job, b"", None, False  # moved away (quarantine) since it was listed: nothing to add
    except TooLarge:
        return job, None, t("store.reason.too_large", limit=records.MAX_FILE_BYTES // (1024 * 1024)), False
    except (LinkRefused, layout.UnsafePath, IsADirectoryError, NotADirectoryError):
        return job, None, t("store.reason.link"), False
    except OSError as exc:
        log.warning("%s could not be read: %s", job.rel, exc)
        return job, None, None, True


def read(root: Path, jobs: list[Job], pushed: set[bytes]) -> Iterator[Chunk]:
    """Read the jobs' files (many at once on a small pool, parsed here in order) and yield what
    each adds. ``pushed`` holds the ids pushed in this run; every id yielded is added to it."""
    with ThreadPoolExecutor(PARALLEL_READS, thread_name_prefix="smtte-replicate") as pool:
        for first in range(0, len(jobs), READ_AHEAD):
            for job, raw, problem, failed in pool.map(lambda job: _fetch(root, job), jobs[first : first + READ_AHEAD]):
                if failed:
                    yield Chunk(job.rel, failed=True)
                elif raw is None:
                    yield Chunk(job.rel, problem=problem)
                else:
                    chunk = take(job, raw, pushed)
                    if chunk is None:  # the content differs from what its writer published: replaced
                        again = Job(job.rel, None, job.expect)
                        _job, raw, problem, failed = _fetch(root, again)
                        chunk = take(again, raw, pushed) if raw is not None else Chunk(job.rel, problem=problem, failed=failed)
                    yield chunk or Chunk(job.rel, failed=True)


def take(job: Job, raw: bytes, pushed: set[bytes]) -> Chunk | None:
    """The valid revision lines of ``raw`` (the file's bytes from the job's mark) and the new mark.
    None when the file turns out to have been replaced (its CRC at the published size differs)."""
    start = job.start
    end = raw.rfind(b"\n") + 1  # a last line without its newline is a write under way: left for later
    complete = raw[:end]
    crc = zlib.crc32(complete, start.crc if start else 0)
    size = (start.size if start else 0) + end
    if start is not None and job.expect is not None and size == job.expect[0] and crc != job.expect[1]:
        return None
    lines = complete.split(b"\n")[:-1]
    count = start.records if start else 0
    fresh: list[bytes] = []
    for item in lines:
        if not item.strip():
            continue
        count += 1
        found = _LEADING_ID.match(item)
        if found is not None and found.group(1) in pushed:
            continue
        fresh.append(item)
    chunk = Chunk(job.rel, mark=Mark(size, crc, count))
    if not fresh:
        return chunk
    parsed = records.parse(b"\n".join(fresh) + b"\n")
    if start is not None and parsed.bad and parsed.bad[0][0] == 1 and not fresh[0].startswith(b"{"):
        return None  # the bytes after the mark start inside a record: another copy replaced the file
    if not parsed.bad:
        chunk.lines = fresh
    else:  # a damaged line among them: keep each line that is a valid revision on its own
        chunk.bad = len(parsed.bad)
        chunk.problem = parsed.problem()
        chunk.lines = [item for item in fresh if records.parse(item + b"\n").revisions]
    for index, item in enumerate(chunk.lines):
        if b"u0000" in item and _NUL.search(item):
            # PostgreSQL's text cannot hold U+0000: the database copy gets U+FFFD instead (logged)
            log.warning("%s: a NUL character in a revision was stored as U+FFFD in the database", job.rel)
            chunk.lines[index] = _NUL.sub(rb"\1\\ufffd", item)
        found = _LEADING_ID.match(item)
        pushed.add(found.group(1) if found is not None else json.loads(item)["id"].encode())
    return chunk
