"""The store: validated entities over immutable revisions in per-writer JSON Lines files.

Rules it keeps (docs/architecture.md has the reasons and the figures):

* Roles: every write made here is checked against the author's role (``access.py``).
* One writer per file: this process writes only files named after its writer id.
* Durable before acknowledged: a change is fsync'ed into the local journal before anything else;
  then it is added to this PC's copy of its files and the share's files are brought up to date
  (``ownfiles.py``). When the share is gone it stays pending and is published when it is back.
* Cost follows what changed: a poll reads the writers' manifests (O(writers) small files) and then
  only the files they say grew, from where it stopped; start-up reads the core and the recent months
  (O(writers) files), a borger's whole history one file per writer and year.
* Readers merge everything (union by revision id), including sync clients' conflict copies, and
  report files and records they cannot use instead of skipping them silently.
* Share I/O never holds the lock that in-memory reads take: a screen asking for what is in memory
  never waits for the network.

All public methods are thread-safe (the app calls them from worker threads).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from smtte_tui.i18n import t
from smtte_tui.models import ENTITY_MODELS, Borger, Entity, Medarbejder
from smtte_tui.store import compact, layout, legacy, records
from smtte_tui.store import manifest as manifests
from smtte_tui.store.access import active_staff, check_write, first_start_staff
from smtte_tui.store.compact import full
from smtte_tui.store.files import LinkRefused, ShareUnavailable, TooLarge, atomic_write, check_no_links, ensure_dir, read_from, remove_stale_temps
from smtte_tui.store.fold import FieldConflict
from smtte_tui.store.hlc import CEILING_MS, MAX_AHEAD, Clock, HybridClock, encode, system_clock, wall_ms
from smtte_tui.store.index import RevisionIndex
from smtte_tui.store.journal import Journal
from smtte_tui.store.ownfiles import OwnFiles
from smtte_tui.store.revision import Revision
from smtte_tui.store.sharereader import FileRead, Seen, ShareReader
from smtte_tui.store.terminal import TerminalIdentity, TerminalState, WriterLock, load_identity, random_writer_id
from smtte_tui.usererror import UserError

log = logging.getLogger(__name__)
E = TypeVar("E", bound=Entity)
KIND_OF_MODEL: dict[type[Entity], str] = {model: kind for kind, model in ENTITY_MODELS.items()}


class StoreError(UserError):
    """A refusal of the store (a catalog key and its parameters) a person can act on."""


class DataDirMissing(StoreError):
    pass


class NotSmtteFolder(StoreError):
    pass


class ReadOnlyStore(StoreError):
    pass


class InvalidData(StoreError):
    pass


class UnknownEntity(StoreError):
    pass


@dataclass
class Changes:
    """What a poll brought in from other terminals."""

    kinds: set[str] = field(default_factory=set)
    borgere: set[str] = field(default_factory=set)
    files: int = 0
    failed: set[str] = field(default_factory=set)  # files the share failed to deliver this time

    def __bool__(self) -> bool:
        return self.files > 0


@dataclass(frozen=True)
class SyncState:
    pending: int
    share_ok: bool
    conflicts: int
    problems: int  # bad files and conflict copies waiting for a look
    rewritten: int = 0  # records this PC wrote to the share again after it lost them (a restore)


class Store:
    RECENT_MONTHS = 2  # months of log read at start-up (and the next one: clocks ahead write there)
    LIST_MANIFESTS_EVERY_S = 0.0  # new writers are found by listing manifests/ (one call) this often
    DORMANT_AFTER_S = 15 * 60.0  # a writer whose manifest has not changed this long is switched off
    DORMANT_EVERY_S = 20.0  # ... and its manifest is read this often instead of at every poll
    SWEEP_EVERY_S = 60.0  # conflict copies and files without a manifest: listing the recent folders
    HEARTBEAT_S = 300.0  # an idle writer still rewrites its manifest this often (last sign of life)
    LEGACY_SWEEP_EVERY_S = 300.0  # format-1 files written late by a terminal not yet updated
    LEGACY_SWEEP_DAYS = 30

    def __init__(
        self,
        root: Path,
        *,
        local_dir: Path,
        terminal_name: str | None = None,
        clock: Clock = system_clock,
        create: bool = False,
        readonly: bool = False,
        fsync: bool = True,
        write_behind: bool = False,
        history_mb: int = 150,
    ) -> None:
        self.root = Path(root)
        self.local_dir = Path(local_dir)
        self._clock = clock
        self._fsync = fsync
        self._lock = threading.RLock()  # the in-memory index; never held during share I/O
        self._read_lock = threading.Lock()  # one reader of the share at a time (its offsets)
        self._flush_lock = threading.Lock()  # one publisher at a time
        self._commit_lock = threading.Lock()  # journal appends
        self.readonly = readonly
        self.format_info = self._open_format(create)
        self.format_version = int(self.format_info["version"])
        if self.format_version > layout.FORMAT_VERSION:
            self.readonly = True

        if self.format_version == 1 and not self.readonly:
            self._write_format(version=layout.FORMAT_VERSION, id=self.format_info.get("id") or new_folder_id(), migration={"from": 1, "started": self._clock().isoformat()})
            self.format_version = layout.FORMAT_VERSION  # a format-1 terminal started now writes nothing
        self.reader = ShareReader(self.root)
        self.unlistable = self._unlistable_folders()
        self.identity: TerminalIdentity = load_identity(self.local_dir, terminal_name, clock())
        self.writer = self.identity.id
        self._writer_lock = WriterLock(self._lock_path(self.writer))
        if not self.readonly and not self._writer_lock.acquire():
            # Another smtte on this PC is writing as this terminal (a second window, or the same
            # share reached by another path such as S:\ and \\server\share): a separate writer.
            self.writer = random_writer_id()
            self._writer_lock = WriterLock(self._lock_path(self.writer))
            self._writer_lock.acquire()
        self.own = OwnFiles(self._journal_dir() / self.writer, self.writer, fsync=fsync)
        self.hlc = HybridClock(self.writer, clock, self.own.state.hlc or None)
        try:
            self.journal = Journal(self._journal_dir() / f"{self.writer}.jsonl")
        except OSError as exc:  # held by a scan for longer than a moment: never taken for empty
            self._writer_lock.release()
            self.reader.close()
            raise StoreError("store.error.journal_unreadable", path=exc.filename or self._journal_dir()) from exc

        self._index = RevisionIndex()
        self._seen: dict[str, Seen] = {}
        self._manifests: dict[str, manifests.Manifest] = {}
        self._unread_manifests: set[str] = set()  # writers whose manifest the share failed to deliver last time
        self._history_loaded: OrderedDict[str, int] = OrderedDict()  # opened histories, least recent first: records each
        self._pinned: dict[str, int] = {}  # borgere on screen: never evicted
        self.history_mb = history_mb
        self._strict = False  # smtte check: a file that ends mid-record is damage, not a write under way
        self._log_from: str | None = None  # the earliest log month read whole
        self.problems: dict[Path, str] = {}
        self.conflict_copies: set[Path] = set()
        self.clock_notices: dict[Path, str] = {}  # files holding records from a PC whose clock is far ahead
        self.rewritten = 0  # records the share had lost (a restore, a deleted file) that this PC wrote again
        self.share_ok = True
        self._backdate_seq = 0
        self._last_listing = self._last_sweep = self._last_legacy_sweep = self._last_dormant = time.monotonic()
        self._manifest_changed: dict[str, float] = {}  # writer -> when (monotonic) its manifest last changed
        self._last_manifest_write = 0.0
        self._manifest_dir_ok = False
        self._published_seq = self.own.state.seq
        self._stop = threading.Event()
        self._flush_wanted = threading.Event()
        self._flusher: threading.Thread | None = None

        if self._migration_unfinished() and not self.readonly:
            self._run_migration()  # just begun above, or an earlier start was interrupted: ids make it idempotent
        if self.format_version == 1 or self._migration_unfinished():
            self._read_legacy()  # an old folder looked at read-only, or a migration under way
        if self.format_version >= layout.FORMAT_VERSION:
            self._load_initial()  # a newer format is read as far as it is understood
        for rev in self.journal.pending:
            self._add(rev, None)
        if not self.readonly:
            self._adopt_orphan_journals()
            if (self.root / layout.FORMAT_FILE).exists():
                self._self_check()
            self.flush()
            self._write_manifest_if_idle(force=True)
            if write_behind:
                self._flusher = threading.Thread(target=self._flush_loop, name="smtte-flush", daemon=True)
                self._flusher.start()

    # --- opening ------------------------------------------------------------------------------

    def _open_format(self, create: bool) -> dict[str, Any]:
        if not self.root.exists():
            raise DataDirMissing("cli.error.data_dir_missing", path=self.root)
        if not self.root.is_dir():
            raise DataDirMissing("cli.error.data_dir_not_folder", path=self.root)
        format_file = self.root / layout.FORMAT_FILE
        if format_file.exists():
            try:
                info = json.loads(read_from(format_file, limit=64 * 1024)[0])
                if not isinstance(info, dict) or info.get("format") != layout.FORMAT_NAME:
                    raise ValueError
                info["version"] = int(info["version"])
                return info
            except (ValueError, KeyError, TypeError, RecursionError, TooLarge, LinkRefused) as exc:
                raise NotSmtteFolder("store.error.format_unreadable", path=format_file) from exc
            except OSError as exc:  # a read that failed says nothing of the file: try again, restore nothing
                raise DataDirMissing("store.error.format_busy", path=format_file) from exc
        visible = [p for p in self.root.iterdir() if not p.name.startswith(".") and p.name != "README.md" and p.name.casefold() not in SHELL_FILES]
        if visible or not create:
            raise NotSmtteFolder("cli.error.not_smtte_folder", path=self.root)
        info = {"format": layout.FORMAT_NAME, "version": layout.FORMAT_VERSION, "id": new_folder_id(), "created": self._clock().isoformat()}
        try:
            atomic_write(format_file, json.dumps(info).encode("utf-8"))
        except OSError as exc:
            raise DataDirMissing("cli.error.data_dir_unwritable", path=self.root) from exc
        return info

    def _unlistable_folders(self) -> list[str]:
        """The share's folders this PC may not list (``core``, ``log/2026-11``, ...): the top
        folders and the months read at start-up, tried at once. A folder another PC made
        owner-only (see ``files.folder_mode``) hides every record in it from this PC; that is for
        IT to fix, so it is named (overview, ``smtte check``), and it never counts as an empty
        folder. A folder that is not there yet is fine."""
        months = [f"{area}/{month}" for area in (layout.LOG, layout.AUDIT) for month in self._window()]
        folders = [layout.CORE, layout.LOG, layout.BORGERE, layout.AUDIT, layout.MANIFESTS, *months]

        def refused(rel: str) -> bool:
            try:
                with os.scandir(self.root / rel):
                    return False
            except PermissionError:
                return True
            except OSError:
                return False  # missing (fine) or the share failing for a moment (tried at every read)

        found = list(self.reader.pool().map(refused, folders))
        if any(found):
            log.warning("this PC may not list %s in %s", ", ".join(f for f, no in zip(folders, found) if no), self.root)
        return [folder for folder, no in zip(folders, found) if no]

    def _write_format(self, **changes: Any) -> None:
        """FORMAT.json is written at creation, by a migration and once when the first staff account
        exists; every change keeps what was there."""
        info = {**self.format_info, **changes}
        atomic_write(self.root / layout.FORMAT_FILE, json.dumps(info, ensure_ascii=False).encode("utf-8"))
        self.format_info = info

    @property
    def staff_expected(self) -> bool:
        """Whether this folder has had staff accounts (first start is offered only when it has not:
        a core file that cannot be read must never look like an empty folder)."""
        return bool(self.format_info.get("personale"))

    def _journal_dir(self) -> Path:
        """This PC's journal and copies for this folder. Keyed by the folder's own id (FORMAT.json),
        so the same share reached as S:\\smtte and \\\\server\\share\\smtte is one folder here; a folder
        from before ids were given out is keyed by its path, as it always was."""
        folder_id = self.format_info.get("id")
        if isinstance(folder_id, str) and layout.SAFE_ID.match(folder_id):
            return self.local_dir / "journal" / folder_id
        return self._path_journal_dir()

    def _path_journal_dir(self) -> Path:
        key = hashlib.sha256(str(self.root.resolve()).encode("utf-8")).hexdigest()[:16]
        return self.local_dir / "journal" / key

    def _lock_path(self, writer: str) -> Path:
        # per installation, whatever folder or path: one writer id is used by one process at a time
        return self.local_dir / "locks" / f"{writer}.lock"

    def _today(self) -> dt.date:
        # UTC, like the file names (the month of the revision's UTC wall time), not the local date
        return self._clock().astimezone(dt.UTC).date()

    def _window(self) -> list[str]:
        """The log and audit months read at start-up and watched: the recent ones and the next
        (a PC whose clock is ahead of this one's may already write there)."""
        this_month = self._today().replace(day=1)
        return sorted(layout.month_folders(this_month + dt.timedelta(days=31), self.RECENT_MONTHS + 1))

    def _in_window(self, rel: str) -> bool:
        kind = layout.classify(rel)
        if kind.area == layout.CORE:
            return True
        if kind.area in (layout.LOG, layout.AUDIT):
            return kind.period >= self._window()[0]
        return kind.area == layout.BORGERE and kind.borger_id in self._history_loaded

    def _load_initial(self) -> None:
        window = self._window()
        folders = [layout.MANIFESTS, layout.CORE] + [f"{area}/{m}" for area in (layout.LOG, layout.AUDIT) for m in window]
        with self._read_lock:
            listings = self.reader.list_many(folders)
            writers = self._writers_in(listings.get(layout.MANIFESTS))
            self._manifests.update(self._read_manifests(writers))
            if not self.readonly and listings.get(layout.MANIFESTS) is not None and self.writer not in self._unread_manifests:
                self._check_own_manifest(self._manifests.get(self.writer))
            wanted: dict[str, int | None] = {}
            for folder in folders[1:]:
                for name in _data_names(listings.get(folder)):
                    wanted[f"{folder}/{name}"] = None
            for found in self._manifests.values():
                for rel, (size, _count, _crc) in found.filer.items():
                    if self._in_window(rel):
                        wanted[rel] = size
                    elif rel not in self._seen:
                        self._seen[rel] = Seen(consumed=size, crc=None)  # older months: not needed now
            failed = self._read_files(wanted).failed
            # as in a poll: a manifest counts as read only once every file it named was read, so a
            # file the share failed to deliver now (Windows: a scan holding it) is read at the next poll
            for writer in [w for w, found in self._manifests.items() if failed & set(found.filer)]:
                del self._manifests[writer]

    def _writers_in(self, names: list[str] | None) -> list[str]:
        found = [name[:-5] for name in names or [] if name.endswith(".json") and layout.WRITER_ID.match(name[:-5])]
        return sorted(set(found) | set(self._manifests))

    def _read_manifests(self, writers: Iterable[str]) -> dict[str, manifests.Manifest]:
        """Read these writers' manifests (in parallel); returns the ones that could be read."""
        names = list(writers)

        def one(writer: str) -> tuple[str, manifests.Manifest | None, str | None]:
            path = layout.resolve(self.root, layout.manifest_file(writer))
            try:
                return writer, manifests.read(path), None
            except FileNotFoundError:
                return writer, None, None
            except LinkRefused:
                return writer, None, t("store.reason.link")
            except ValueError as exc:
                return writer, None, t("store.reason.bad_manifest", detail=str(exc)[:120])
            except OSError:
                return writer, None, UNREAD  # the share failed to answer now: nothing known about it

        results = [one(w) for w in names] if len(names) <= 1 else list(self.reader.pool().map(one, names))
        self._unread_manifests = {writer for writer, _found, problem in results if problem is UNREAD}
        results = [(writer, found, problem) for writer, found, problem in results if problem is not UNREAD]
        read: dict[str, manifests.Manifest] = {}
        with self._lock:
            for writer, found, problem in results:
                path = self.root / layout.manifest_file(writer)
                if problem:
                    self.problems[path] = problem
                else:
                    self.problems.pop(path, None)
                if found is not None:
                    read[writer] = found
        return read

    def _read_files(self, wanted: dict[str, int | None]) -> Changes:
        """Read these files (own ones from this PC's copy, the rest from the share, from where
        reading stopped last time) and take in what they hold."""
        with gc_paused():
            return self._read_files_now(wanted)

    def _read_files_now(self, wanted: dict[str, int | None]) -> Changes:
        changes = Changes()
        share_jobs = []
        for rel, size in sorted(wanted.items()):
            kind = layout.classify(rel)
            if kind.writer == self.writer and kind.role == "shard":
                self._ingest_own(rel, changes)
                continue
            seen = self._seen.get(rel)
            if seen is not None and seen.crc is None:
                seen = None  # a prefix skipped at start-up: read it all now that it is wanted
            share_jobs.append((rel, seen, size))
        for result in self.reader.read_many(share_jobs):
            self._ingest(result, changes)
        self._note_links()
        return changes

    def _note_links(self) -> None:
        """Links the reader met (and did not follow) are problems a person must look at."""
        if self.reader.links:
            with self._lock:
                for rel in sorted(self.reader.links):
                    self.problems[self.root / rel] = t("store.reason.link")

    def _ingest_own(self, rel: str, changes: Changes) -> None:
        if rel in self._seen:
            return  # what this writer wrote since is in memory already
        data = self.own.read_copy(rel)
        parsed = records.parse(data)
        with self._lock:
            self._seen[rel] = Seen(consumed=len(data), crc=None, lines=data.count(b"\n"), ids={rev.id for rev in parsed.revisions} if self._strict else set())
            self._take(parsed, self.root / rel, changes)

    def _ingest(self, read: FileRead, changes: Changes) -> None:
        path = self.root / read.rel
        kind = layout.classify(read.rel)
        with self._lock:
            if read.failed is not None:
                changes.failed.add(read.rel)
                return  # nothing learned: the same read is tried again next time
            if read.gone:
                self.problems.pop(path, None)
                self.conflict_copies.discard(path)
                return
            if read.problem:
                self.problems[path] = read.problem
                log.warning("%s: %s", path, read.problem)
                return
            parsed = read.parsed
            assert parsed is not None
            seen = self._seen.get(read.rel) if read.offset else None
            if seen is None:
                seen = self._seen[read.rel] = Seen()
            seen.consumed = read.offset + parsed.consumed
            seen.crc = read.crc
            seen.lines += len(parsed.revisions) + len(parsed.bad)
            if self._strict:  # which file holds which record: only check and repair ask (memory)
                seen.ids.update(rev.id for rev in parsed.revisions)
            if kind.role == "conflict_copy":
                self.conflict_copies.add(path)
            if kind.role == "unexpected":
                self.problems[path] = t("store.reason.unexpected_name")
            elif parsed.bad:
                self.problems[path] = parsed.problem() or ""
                log.warning("%s: %s", path, self.problems[path])
            elif parsed.partial_tail and (self._strict or not self._append_under_way(read, kind)):
                self.problems[path] = t("store.reason.cut_short")
            elif read.offset == 0:
                self.problems.pop(path, None)
            if parsed.revisions:
                changes.files += 1
            self._take(parsed, path, changes)

    def _append_under_way(self, read: FileRead, kind: layout.FileKind) -> bool:
        """Whether an unfinished last line is a write still under way: only when the file's
        writer says (in its manifest) that the file will be longer than what was read. Otherwise
        the line was cut short for good (a crash never repaired, a half-synced copy). Caller
        holds the lock."""
        found = self._manifests.get(kind.writer or "") if kind.role == "shard" else None
        entry = found.entry(read.rel) if found else None
        return entry is not None and entry[0] > read.size

    def _take(self, parsed: records.Parsed, path: Path, changes: Changes) -> None:
        """Add parsed revisions to memory (caller holds the lock)."""
        forged = 0
        limit = self._clock() + MAX_AHEAD
        limit_ms = int(limit.timestamp() * 1000)
        # the writer's own clock says when (the hybrid clock may have followed a fast one
        # legitimately); a format-1 record has only its stamp
        future = sum(1 for rev in parsed.revisions if wall_ms(rev.hlc) > CEILING_MS or (rev.written_at > limit if rev.at is not None else wall_ms(rev.hlc) > limit_ms))
        if future:
            # kept and used (nothing is dropped, nothing to repair), but a PC's wrong clock is worth a look
            self.clock_notices[path] = t("store.reason.future_stamp", n=future)
        newest = ""
        for rev in parsed.revisions:
            added = self._add(rev, parsed.created.get(rev.id), observe=False)
            if added:
                newest = max(newest, rev.hlc)
            if added is None:
                forged += 1
            elif added:
                changes.kinds.add(rev.entity)
                if rev.borger_id:
                    changes.borgere.add(rev.borger_id)
        if forged:
            self.problems[path] = t("store.reason.duplicate_id", n=forged)
        if newest:
            self.hlc.observe(newest)  # the newest stamp of the batch moves the clock past them all

    def _add(self, rev: Revision, created: Entity | None, observe: bool = True) -> bool | None:
        added = self._index.add(rev, created)
        if added and observe:
            self.hlc.observe(rev.hlc)
        return added

    def _adopt_orphan_journals(self) -> None:
        """Publish journals left by an earlier secondary writer of this PC that is no longer running,
        and journals kept under this folder's path before it had an id (a format-1 migration)."""
        folders = dict.fromkeys([self._journal_dir(), self._path_journal_dir()])
        for folder in folders:
            for other in folder.glob("t*.jsonl"):
                if other == self.journal.path:
                    continue
                self._adopt_journal(other)

    def _adopt_journal(self, other: Path) -> None:
        writer = other.stem
        if not layout.WRITER_ID.match(writer):
            return
        same = writer == self.writer
        lock = self._writer_lock if same else WriterLock(self._lock_path(writer))
        if not same and not lock.acquire():
            return  # still running
        try:
            journal = Journal(other)
            pending = journal.pending
            if pending:
                with self._lock:
                    for rev in pending:
                        self._add(rev, None)
                orphan = self.own if same else OwnFiles(other.parent / writer, writer, fsync=self._fsync)
                self._publish(orphan, pending, navn=self.identity.navn)
                journal.mark_flushed([rev.id for rev in pending])
        except OSError:
            self.share_ok = False
        finally:
            if not same:
                lock.release()

    def close(self) -> None:
        self._stop.set()
        self._flush_wanted.set()
        if self._flusher is not None:
            self._flusher.join(timeout=5)
            if self.journal.pending:
                try:
                    self.flush()  # one last try; what stays pending is published by the next start
                except Exception:
                    log.exception("last flush at close failed; the journal keeps everything")
        self.reader.close()
        with self._lock:
            self._writer_lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------------------

    def get(self, model: type[E], entity_id: str) -> E | None:
        """The current state of one entity, or None if unknown or withdrawn."""
        with self._lock:
            entity = self._index.folded((KIND_OF_MODEL[model], entity_id))
            return entity if isinstance(entity, model) else None

    def all(self, model: type[E], borger_id: str | None = None) -> list[E]:
        """Every current (not withdrawn) entity of a kind, optionally of one borger only."""
        with self._lock:
            return self._index.all(KIND_OF_MODEL[model], model, borger_id)

    def values(self, model: type[Entity], borger_id: str, names: tuple[str, ...]) -> list[tuple[Any, ...]]:
        """The fields ``names`` of every entity ``all(model, borger_id)`` gives, one tuple each
        (same records, same values, corrections applied, withdrawn ones left out), for a view
        that reads a few fields of thousands of records (the group's verdicts): an observation
        never corrected is not built as a model for it."""
        with self._lock:
            return self._index.values(KIND_OF_MODEL[model], model, borger_id, names)

    def revisions_about(self, borger_id: str) -> list[Revision]:
        """Every revision of every record about one borger (withdrawn ones too), oldest first;
        only what is read so far (``load_borger_history`` first for the whole history)."""
        with self._lock:
            return self._index.about(borger_id)

    def history(self, model: type[Entity], entity_id: str) -> list[Revision]:
        """Every revision of one entity, oldest first (corrections and withdrawals included)."""
        with self._lock:
            return list(self._index.revisions((KIND_OF_MODEL[model], entity_id)))

    def heads(self, model: type[Entity], entity_id: str) -> list[str]:
        with self._lock:
            return self._index.heads((KIND_OF_MODEL[model], entity_id))

    def conflicts(self) -> list[FieldConflict]:
        with self._lock:
            return self._index.conflicts()

    def record_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(self._index.counts())

    @property
    def _revs(self) -> dict[str, Revision]:
        """Every revision read, by id, each as a full :class:`Revision` (tests and tools)."""
        with self._lock:
            return {rev_id: full(rev) for rev_id, rev in self._index.revs.items()}

    @property
    def files(self) -> dict[Path, Seen]:
        """Every file read so far (own files included), with how far it was read."""
        with self._lock:
            return {self.root / rel: seen for rel, seen in self._seen.items()}

    def behind(self) -> list[tuple[str, str, int, int]]:
        """Per writer whose share holds fewer of its records than it has published: (writer, name,
        published, found). ``published`` comes from its manifest (this PC's own from what it
        knows, which a restored manifest cannot take away). Call after ``load_everything``."""
        with self._lock:
            found: dict[str, set[str]] = defaultdict(set)
            for rel, seen in self._seen.items():
                kind = layout.classify(rel)
                if kind.role == "shard" and kind.writer:
                    found[kind.writer] |= seen.ids
            published = {writer: (m.navn, m.poster) for writer, m in self._manifests.items()}
        if not self.readonly:
            navn, poster = published.get(self.writer, (self.identity.navn, 0))
            published[self.writer] = (navn, max(poster, self.own.total))
        return sorted((writer, navn, poster, len(found[writer])) for writer, (navn, poster) in published.items() if len(found[writer]) < poster)

    def terminals(self) -> list[TerminalState]:
        """Every writer's last sign of life from its manifest, newest first."""
        with self._lock:
            found = [TerminalState(m.writer, m.navn, m.vaert, m.opdateret, m.ventende) for m in self._manifests.values()]
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(found, key=lambda s: s.last_seen or epoch, reverse=True)

    def load_borger_history(self, borger_id: str) -> Changes:
        """Read all of one borger's years (the recent months are read at start-up)."""
        changes = Changes()
        try:
            layout.safe_id(borger_id)
        except layout.UnsafePath:
            return changes
        if borger_id in self._history_loaded:
            self._history_loaded.move_to_end(borger_id)  # the most recently opened is evicted last
            return changes
        with self._read_lock:
            base = f"{layout.BORGERE}/{borger_id}"
            years = [name for name in self.reader.list_many([base]).get(base) or [] if layout.YEAR.match(name)]
            listings = self.reader.list_many([f"{base}/{year}" for year in years])
            wanted: dict[str, int | None] = {f"{folder}/{name}": None for folder, names in listings.items() for name in _data_names(names)}
            wanted.update({rel: None for rel in list(self.own.state.files) if rel.startswith(base + "/")})
            changes = self._read_files(wanted)
            if not changes.failed:  # a file the share failed to deliver is read when the timeline is opened again
                with self._lock:
                    self._history_loaded[borger_id] = len(self._index.keys_of_borger(borger_id))
            changes.borgere.add(borger_id)
            self._evict_histories(keep=borger_id)
        return changes

    def pin_history(self, borger_id: str, pinned: bool = True) -> None:
        """A borger on screen (timeline, charts, meeting): their history is never evicted while
        pinned. Unpin when the screen closes."""
        with self._lock:
            if pinned:
                self._pinned[borger_id] = self._pinned.get(borger_id, 0) + 1
            elif self._pinned.get(borger_id, 0) > 1:
                self._pinned[borger_id] -= 1
            else:
                self._pinned.pop(borger_id, None)

    def _evict_histories(self, keep: str) -> None:
        """Keep the opened histories within ``history_mb``: the least recently opened go first,
        never the one just opened nor a pinned one. Only what the history added leaves memory:
        records of the recent months (start-up) and of a house-wide period stay."""
        with self._lock:
            budget = self.history_mb * 1024 * 1024
            while sum(self._history_loaded.values()) * compact.BYTES_PER_RECORD > budget:
                victim = next((bid for bid in self._history_loaded if bid != keep and bid not in self._pinned), None)
                if victim is None:
                    break
                self._forget_history(victim)

    def _forget_history(self, borger_id: str) -> None:
        """Drop what opening ``borger_id``'s history added (caller holds the lock)."""
        window = self._window()[0]
        first = min(window, self._log_from) if self._log_from else window  # what other views hold stays
        dropped = self._index.drop_borger_records(borger_id, older_than=first)
        for rel in [rel for rel in self._seen if rel.startswith(f"{layout.BORGERE}/{borger_id}/")]:
            del self._seen[rel]  # read again when the history is opened again
        del self._history_loaded[borger_id]
        log.info("history of %s left memory (%d records)", borger_id, dropped)

    def load_log_since(self, since: dt.date) -> Changes:
        """Read every borger's records from ``since`` on (house-wide views over a period, such as
        the group picture's half-year): the log months from the month before ``since``, one file
        per writer and month. Records are filed by write time in UTC, so the month of the day
        before ``since`` is read too; later entries about earlier days are in later months."""
        first = f"{since - dt.timedelta(days=1):%Y-%m}"
        if self._log_from is not None and first >= self._log_from:
            return Changes()
        with self._read_lock:
            months = [m for m in self.reader.list_many([layout.LOG]).get(layout.LOG) or [] if layout.MONTH.match(m) and m >= first]
            listings = self.reader.list_many([f"{layout.LOG}/{m}" for m in months])
            wanted: dict[str, int | None] = {f"{folder}/{name}": None for folder, names in listings.items() for name in _data_names(names)}
            wanted.update({rel: None for rel in list(self.own.state.files) if rel.startswith(layout.LOG + "/") and layout.classify(rel).period >= first})
            wanted = {rel: size for rel, size in wanted.items() if rel not in self._seen or self._seen[rel].crc is None}
            changes = self._read_files(wanted)
            if not changes.failed:  # otherwise read again (what was read is not read twice) next time
                self._log_from = first if self._log_from is None else min(first, self._log_from)
        return changes

    def load_borger_since(self, borger_id: str, since: dt.date) -> Changes:
        """One borger's records from ``since`` on (they are read for every borger at once)."""
        changes = self.load_log_since(since)
        changes.borgere &= {borger_id}
        return changes

    def _files_below(self, area: str, depth: int) -> list[str]:
        """Data files (``.jsonl``) ``depth`` folder levels below ``area``, as relative paths."""
        folders = [area]
        for _ in range(depth):
            listings = self.reader.list_many(folders)
            folders = [f"{folder}/{name}" for folder, names in listings.items() for name in names or [] if "." not in name]
        listings = self.reader.list_many(folders)
        return [f"{folder}/{name}" for folder, names in listings.items() for name in _data_names(names)]

    def _read_from_share(self, rels: Iterable[str]) -> Changes:
        """Read these files whole from the share, own ones too (what ``check`` must look at)."""
        # from the start, every one: which file holds which record is only kept for a check
        jobs = [(rel, None, None) for rel in sorted(set(rels))]
        changes = Changes()
        for result in self.reader.read_many(jobs):
            self._ingest(result, changes)
        self._note_links()
        return changes

    def load_audit(self) -> None:
        """Every audit month of every terminal (the audit viewer)."""
        self.refresh()
        with self._read_lock:
            self._read_files({rel: None for rel in self._files_below(layout.AUDIT, 1)})

    def load_recent_audit(self, months: int = 2) -> None:
        """This and last month's audit (sign-in lockout needs them), fresh from the share: the
        manifests are read again, so an attempt another PC made a moment ago counts here."""
        self.refresh()
        with self._read_lock:
            folders = [f"{layout.AUDIT}/{m}" for m in layout.month_folders(self._today(), months)]
            listings = self.reader.list_many(folders)
            self._read_files({f"{folder}/{name}": None for folder, names in listings.items() for name in _data_names(names) if f"{folder}/{name}" not in self._seen})

    def load_everything(self) -> None:
        """Read every file in the folder, own files from the share too (``smtte check``)."""
        self._strict = True
        self.refresh()
        with self._read_lock:
            rels = [rel for area, depth in ((layout.CORE, 0), (layout.LOG, 1), (layout.AUDIT, 1), (layout.BORGERE, 2)) for rel in self._files_below(area, depth)]
            self._read_from_share(rels)
            for rel in rels:
                if rel.startswith(layout.BORGERE + "/"):
                    self._history_loaded.setdefault(layout.classify(rel).borger_id, 0)  # check: never evicted
            self._log_from = "0000-00"
        if self._has_legacy_files():
            self._read_legacy()

    @property
    def pending_count(self) -> int:
        return len(self.journal.pending)

    def pending_on_this_pc(self) -> int:
        """Revisions in any of this PC's journals for this folder that are not on the share yet."""
        total = 0
        for folder in dict.fromkeys([self._journal_dir(), self._path_journal_dir()]):
            for path in folder.glob("t*.jsonl"):
                total += len(self.journal.pending) if path == self.journal.path else len(Journal(path).pending)
        return total

    def sync_state(self) -> SyncState:
        with self._lock:
            return SyncState(self.pending_count, self.share_ok, len(self._index.conflicts()), len(self.problems) + len(self.conflict_copies), self.rewritten)

    # --- writing ------------------------------------------------------------------------------

    def _revision(self, kind: str, entity_id: str, op: str, data: dict[str, Any], author: str, parents: list[str], borger_id: str | None, at: dt.datetime | None = None) -> Revision:
        if at is None:
            stamp = self.hlc.now()
            at = self._clock().astimezone(dt.UTC)
        else:
            # Backdated history (demo, bench, imports): the record's time is when it happened,
            # so it lands in that month's file. A counter keeps stamps unique and ordered.
            self._backdate_seq += 1
            stamp = encode(int(at.timestamp() * 1000), self._backdate_seq % 100000, self.writer)
        if borger_id is not None:
            layout.safe_id(borger_id)
        return Revision(
            entity=kind,
            entity_id=entity_id,
            op=op,
            parents=parents,
            hlc=stamp,
            author=author,
            terminal=self.writer,
            borger_id=borger_id,
            data=data,
            at=at.astimezone(dt.UTC) if at.tzinfo else at.replace(tzinfo=dt.UTC),
        )

    @staticmethod
    def _borger_of(entity: Entity) -> str | None:
        if isinstance(entity, Borger):
            return entity.id
        return getattr(entity, "borger_id", None)

    def create(self, entity: Entity, author: str) -> Revision:
        return self.create_many([entity], author)[0]

    def create_many(self, entities: list[Entity], author: str, at: list[dt.datetime] | None = None) -> list[Revision]:
        """Add new entities in one durable batch (one journal fsync, one append per file).

        ``at`` backdates each record (history generated or imported in bulk); normal use leaves
        it out and the hybrid logical clock stamps the records.
        """
        self._refuse_if_readonly(KIND_OF_MODEL[type(entity)] for entity in entities)
        with self._lock:
            accounts = self._index.all("medarbejder", Medarbejder)
            # First start only in a folder that has never had staff: staff that cannot be read (a
            # damaged core file) must never let anyone make themself leder.
            first = first_start_staff(accounts, entities) if not self.staff_expected else {}
            staff = active_staff(accounts) | first
            for entity in entities:
                check_write(KIND_OF_MODEL[type(entity)], author, staff)
            revs, created = [], {}
            for number, entity in enumerate(entities):
                kind = KIND_OF_MODEL[type(entity)]
                # validate again: a model built with model_construct or mutated must still be valid
                try:
                    checked = type(entity).model_validate(entity.model_dump())
                    rev = self._revision(kind, checked.id, "create", checked.model_dump(mode="json"), author, [], self._borger_of(checked), at[number] if at else None)
                except (ValidationError, layout.UnsafePath) as exc:
                    raise InvalidData("store.error.invalid", detail=_first_error(exc)) from exc
                revs.append(rev)
                created[rev.id] = checked
        first_staff = not accounts and any(isinstance(e, Medarbejder) for e in entities)
        self._commit(revs, created)
        if first_staff and not self.staff_expected:
            try:
                self._write_format(personale=True)
            except OSError:
                log.warning("FORMAT.json could not note that the folder has staff now")
        return revs

    def update(self, model: type[E], entity_id: str, changes: dict[str, Any], author: str, parents: list[str] | None = None, at: dt.datetime | None = None) -> Revision:
        """Change some fields. ``parents`` defaults to every current head (this edit saw them all)."""
        kind = KIND_OF_MODEL[model]
        self._refuse_if_readonly([kind])
        with self._lock:
            current = self.get(model, entity_id)
            if current is None:
                raise UnknownEntity("store.error.unknown_entity", kind=kind, id=entity_id)
            check_write(kind, author, active_staff(self.all(Medarbejder)), entity_id=entity_id, fields=changes)
            if "id" in changes:
                raise InvalidData("store.error.invalid", detail="id")
            try:
                new = model.model_validate({**current.model_dump(), **changes})
            except ValidationError as exc:
                raise InvalidData("store.error.invalid", detail=_first_error(exc)) from exc
            dumped = new.model_dump(mode="json")
            patch = {name: dumped[name] for name in changes}
            parents = parents if parents is not None else self._index.heads((kind, entity_id))
            rev = self._revision(kind, entity_id, "update", patch, author, parents, self._borger_of(new), at)
        self._commit([rev], {})
        return rev

    def retract(self, model: type[Entity], entity_id: str, author: str) -> Revision:
        """Withdraw an entity. Its history stays; it no longer counts."""
        kind = KIND_OF_MODEL[model]
        self._refuse_if_readonly([kind])
        with self._lock:
            current = self.get(model, entity_id)
            if current is None:
                raise UnknownEntity("store.error.unknown_entity", kind=kind, id=entity_id)
            check_write(kind, author, active_staff(self.all(Medarbejder)))
            rev = self._revision(kind, entity_id, "retract", {}, author, self._index.heads((kind, entity_id)), self._borger_of(current))
        self._commit([rev], {})
        return rev

    def import_revisions(self, revisions: Iterable[Revision]) -> int:
        """Take in revisions made elsewhere (another house's database, a replicator pulling back
        what was written on PostgreSQL): each is checked like a record read from a file, and those
        not known yet are published in this writer's own files under their own ids, stamps and
        authors (so every terminal reads them, and doing it twice adds nothing). Returns how many
        were new. Roles are not re-checked: the writer elsewhere was checked where it wrote."""
        if self.readonly:
            raise ReadOnlyStore("store.error.readonly")
        checked = records.Parsed()
        for rev in revisions:
            try:
                records.check_revision(rev, checked)
                layout.safe_id(rev.borger_id) if rev.borger_id else None
            except (ValidationError, ValueError, KeyError, TypeError) as exc:
                raise InvalidData("store.error.invalid", detail=_first_error(exc)) from exc
            checked.revisions.append(rev)
        with self._lock:
            fresh = [rev for rev in checked.revisions if rev.id not in self._index.revs]
        if not fresh:
            return 0
        self._commit(fresh, checked.created)
        return len(fresh)

    def _refuse_if_readonly(self, kinds: Iterable[str]) -> None:
        """A read-only terminal (a folder of a newer format) writes nothing. Audit events are the
        exception: sign-in needs them to count wrong PINs, so they are kept in memory for this
        session only (never written), and a block still holds on this terminal."""
        if self.readonly and any(kind not in layout.AUDIT_KINDS for kind in kinds):
            raise ReadOnlyStore("store.error.readonly")

    def _commit(self, revs: list[Revision], created: dict[str, Entity]) -> None:
        if self.readonly:
            with self._lock:
                for rev in revs:
                    self._add(rev, created.get(rev.id))
            return
        with self._commit_lock:
            self.journal.append(revs)  # durable from here on
        with self._lock:
            for rev in revs:
                self._add(rev, created.get(rev.id))
        if self._flusher is not None:
            self._flush_wanted.set()  # the share write follows in the background
        else:
            self.flush()

    def _flush_loop(self) -> None:
        """Write-behind: publish soon after each commit; retry with a growing pause while the
        share is away (the journal keeps everything meanwhile)."""
        pause = 1.0
        while not self._stop.is_set():
            self._flush_wanted.wait(timeout=pause if self.pending_count else 30.0)
            self._flush_wanted.clear()
            if self._stop.is_set():
                break
            try:
                left = self.flush()
            except Exception:  # never let the background writer die; the journal keeps all
                log.exception("background flush failed")
                left = self.pending_count
            pause = 1.0 if not left else min(pause * 2, 30.0)

    def flush(self) -> int:
        """Publish pending revisions to the share. Returns how many are still pending."""
        if self.readonly:
            return self.pending_count
        with self._flush_lock:
            pending = self.journal.pending
            if not pending and not self.own.unshared():
                return 0
            try:
                self._publish(self.own, pending, navn=self.identity.navn)
            except OSError as exc:
                if self.share_ok:
                    log.warning("share unavailable, %d revisions kept in the journal: %s", len(pending), exc)
                self.share_ok = False
                return self.pending_count
            self.journal.mark_flushed([rev.id for rev in pending])
            self.share_ok = True
            return 0

    def _publish(self, own: OwnFiles, pending: list[Revision], *, navn: str) -> None:
        """Add ``pending`` to ``own``'s copies, bring the share's files up to date and rewrite the
        manifest. Raises OSError (nothing lost) when the share cannot be written."""
        now = self._clock()
        by_file: dict[str, list[Revision]] = defaultdict(list)
        for rev in pending:
            for rel in layout.targets(rev.entity, rev.borger_id, rev.written_at, own.writer):
                by_file[rel].append(rev)
        own.add(by_file, now.isoformat())
        if own is self.own:
            own.state.hlc = self.hlc.last
        own.save_state()
        if not (self.root / layout.FORMAT_FILE).exists():
            raise ShareUnavailable(f"{self.root} is not reachable")
        found = own.publish(self.root, self._quarantine_copy)
        if found.links:
            with self._lock:
                for path in found.links:
                    self.problems[path] = t("store.reason.link")
        if found.adopted:
            with self._lock:
                for rev in found.adopted:
                    self._add(rev, None)
        for path in found.quarantined:
            log.warning("a damaged copy of our own file was kept in %s", path)
        if found.rewritten:
            log.warning("%d records this PC had published were missing from the share: written again", found.rewritten)
            self.rewritten += found.rewritten
        own.state.seq += 1
        self._write_manifest(own, navn, now, pending=self.pending_count - len(pending) if own is self.own else 0)
        own.save_state()
        if own is self.own:
            self._published_seq = own.state.seq
            with self._lock:  # what this writer published is read: its readers need not re-read it
                for rel, state in list(own.state.files.items()):
                    seen = self._seen.get(rel)
                    if seen is not None:
                        seen.consumed = state.size

    def _write_manifest(self, own: OwnFiles, navn: str, now: dt.datetime, pending: int | None = None) -> None:
        recent = now - manifests.RECENT
        files = {}
        for rel, state in list(own.state.files.items()):
            if rel.startswith(layout.BORGERE + "/"):
                continue  # a borger's year file holds the log's records again; readers need the log
            touched = dt.datetime.fromisoformat(state.touched) if state.touched else None
            if rel.startswith(layout.CORE + "/") or touched is None or touched >= recent:
                files[rel] = (state.size, state.count, state.crc)
        found = manifests.Manifest(
            writer=own.writer,
            navn=navn[:200],
            vaert=self.identity.vaert[:200],
            seq=own.state.seq,
            opdateret=now,
            ventende=max(0, self.pending_count if pending is None else pending),
            poster=own.total,
            filer=files,
        )
        if not self._manifest_dir_ok:
            ensure_dir(self.root / layout.MANIFESTS, inside=self.root)
            remove_stale_temps(self.root / layout.MANIFESTS, own.writer)  # left by a crash or a full share
            self._manifest_dir_ok = True
        manifests.write(self.root, found, fsync=self._fsync)
        if own is self.own:
            self._last_manifest_write = time.monotonic()
            with self._lock:
                self._manifests[own.writer] = found

    def _write_manifest_if_idle(self, force: bool = False) -> None:
        if self.readonly or (not force and time.monotonic() - self._last_manifest_write < self.HEARTBEAT_S):
            return
        with self._flush_lock:
            try:
                self._write_manifest(self.own, self.identity.navn, self._clock())
            except OSError:
                self.share_ok = False

    # --- watching -----------------------------------------------------------------------------

    def poll(self) -> Changes:
        """Take in what other terminals wrote since the last poll, and retry pending writes.

        Network shares deliver no change events and cache listings and attributes, so this reads
        the writers' manifests (small files, content is never cached stale) and then only the
        files they say changed, from where reading stopped. Called every couple of seconds."""
        changes = self.refresh(blocking=False, every_writer=False)
        if self.journal.pending or self.own.unshared():
            if self._flusher is not None:
                self._flush_wanted.set()
            else:
                self.flush()
        self._write_manifest_if_idle()
        return changes

    def refresh(self, blocking: bool = True, *, every_writer: bool = True) -> Changes:
        """Read the manifests and every file they say grew. With ``blocking=False`` a refresh
        already under way (another thread) is not waited for; ``every_writer=False`` (the
        poll) reads the manifests of switched-off writers only now and then."""
        if not self._read_lock.acquire(blocking=blocking):
            return Changes()
        try:
            return self._refresh(every_writer)
        finally:
            self._read_lock.release()

    def _awake(self, writers: list[str], now: float) -> list[str]:
        """The writers to read now. A terminal that is switched off (or a PC long gone: manifests
        stay, one per installation) would cost every running terminal a read at every poll
        forever; its manifest is read every ``DORMANT_EVERY_S`` instead. Dormant means unchanged
        for ``DORMANT_AFTER_S`` as this terminal watched it (a running writer rewrites its
        manifest at least every ``HEARTBEAT_S``); at first sight, by the time the manifest says."""
        if now - self._last_dormant >= self.DORMANT_EVERY_S:
            self._last_dormant = now
            return writers
        wall = self._clock()
        awake = []
        for writer in writers:
            changed = self._manifest_changed.get(writer)
            found = self._manifests.get(writer)
            if found is None or writer == self.writer:
                awake.append(writer)
            elif changed is not None and now - changed < self.DORMANT_AFTER_S:
                awake.append(writer)
            elif changed is None and found.opdateret is not None and wall - found.opdateret < dt.timedelta(seconds=self.DORMANT_AFTER_S):
                awake.append(writer)
        return awake

    def _refresh(self, every_writer: bool = True) -> Changes:
        now = time.monotonic()
        try:
            if now - self._last_listing >= self.LIST_MANIFESTS_EVERY_S or not self._manifests:
                self._last_listing = now
                listing = self.reader.list_many([layout.MANIFESTS]).get(layout.MANIFESTS)
                if listing is None and not (self.root / layout.FORMAT_FILE).exists():
                    raise ShareUnavailable(str(self.root))
                writers = self._writers_in(listing)
            else:
                writers = sorted(self._manifests)
            if not every_writer:
                writers = self._awake(writers, now)
            fresh = self._read_manifests(writers)
        except OSError:
            self.share_ok = False
            return Changes()
        if not fresh and writers and not (self.root / layout.FORMAT_FILE).exists():
            self.share_ok = False
            return Changes()
        wanted: dict[str, int | None] = {}
        owners: dict[str, str] = {}  # file -> the writer whose manifest asked for it
        with self._lock:
            if not self.readonly and self.writer not in fresh and self.writer in writers and self.writer not in self._unread_manifests:
                self._check_own_manifest(None)  # ours is gone from the share
            for writer, found in fresh.items():
                old = self._manifests.get(writer)
                if old is not None and (old.seq, old.opdateret) != (found.seq, found.opdateret):
                    self._manifest_changed[writer] = now
                if writer == self.writer:
                    self._manifests[writer] = found
                    self._check_own_manifest(found)
                    continue
                if old is not None and old.seq == found.seq:
                    self._manifests[writer] = found  # a heartbeat: last sign of life only
                    continue
                for rel, (size, _count, crc) in found.filer.items():
                    seen = self._seen.get(rel)
                    if seen is None:
                        if old is None and not self._in_window(rel):
                            self._seen[rel] = Seen(consumed=size, crc=None)  # a new writer's old months
                        else:
                            wanted[rel] = size
                    elif size < seen.consumed or (size == seen.consumed and seen.crc is not None and crc != seen.crc):
                        self._seen.pop(rel)  # replaced by another copy (restored, repaired): read it again
                        wanted[rel] = size
                    elif size > seen.consumed:
                        wanted[rel] = size
                for rel in found.filer:
                    owners[rel] = writer
        changes = self._read_files(wanted)
        with self._lock:
            # a writer's manifest counts as read only once every file it named was read: a file
            # the share failed to deliver is asked for again at the next poll
            unread = {owners.get(rel) for rel in changes.failed}
            for writer, found in fresh.items():
                if writer not in unread:
                    self._manifests[writer] = found
        if changes.failed or self._unread_manifests:  # a file or manifest the share failed to deliver
            self.share_ok = False
            return changes
        changes = self._verify_against_manifests(wanted, changes)
        if now - self._last_sweep >= self.SWEEP_EVERY_S:
            self._last_sweep = now
            self._sweep(changes)
        if self._legacy_sweep_due(now):
            self._last_legacy_sweep = now
            self._read_legacy(recent_only=True)
        if not self.journal.pending:
            self.share_ok = True
        return changes

    def _verify_against_manifests(self, wanted: dict[str, int | None], changes: Changes) -> Changes:
        """A file whose content does not match its manifest's CRC after reading up to the same
        size was replaced under us (restored, rewritten by its writer): read it whole again."""
        again: dict[str, int | None] = {}
        with self._lock:
            for rel in wanted:
                seen = self._seen.get(rel)
                kind = layout.classify(rel)
                found = self._manifests.get(kind.writer or "")
                entry = found.entry(rel) if found else None
                if seen is not None and entry is not None and seen.crc is not None and seen.consumed == entry[0] and seen.crc != entry[2]:
                    self._seen.pop(rel)
                    again[rel] = entry[0]
        if again:
            more = self._read_files(again)
            changes.files += more.files
            changes.kinds |= more.kinds
            changes.borgere |= more.borgere
        return changes

    def _check_own_manifest(self, found: manifests.Manifest | None) -> None:
        """Our own manifest on the share is older than what we last published, or gone: the share
        was restored or replaced. Check every one of our files on the next publish (caller holds
        lock); what the share lost is written again from this PC's copies."""
        seq = found.seq if found is not None else -1
        if self._published_seq > 0 and seq < self._published_seq:
            log.warning("the share holds an older manifest of ours (%d < %d): checking every file", seq, self._published_seq)
            self.own.forget_share()
            self._published_seq = max(seq, 0)

    def _self_check(self) -> None:
        """At start: every file this PC has published is still on the share with the size it left
        (a stat each, many at once). One that is missing or shorter (a restore, a sync client's
        delete) is reconciled on the next publish. A changed file of the same size (a replaced
        copy) is found by the manifests' CRCs instead, when another PC reads it."""
        rels = [rel for rel, state in list(self.own.state.files.items()) if state.shared > 0]
        if not rels:
            return

        def size_on_share(rel: str) -> int:
            try:
                return os.stat(layout.resolve(self.root, rel), follow_symlinks=False).st_size
            except FileNotFoundError:
                return -1
            except (OSError, layout.UnsafePath):
                return -2  # not known now: leave it

        sizes = list(self.reader.pool().map(size_on_share, rels)) if len(rels) > 1 else [size_on_share(r) for r in rels]
        for rel, size in zip(rels, sizes):
            state = self.own.state.files[rel]
            if size != -2 and size < state.shared:
                log.warning("%s: the share holds %d of the %d bytes this PC published; reconciling", rel, max(size, 0), state.shared)
                state.shared = -1

    def _sweep(self, changes: Changes) -> None:
        """List the recent folders: files no manifest named (a writer whose manifest is damaged or
        missing) and sync clients' conflict copies are found here."""
        folders = [layout.CORE] + [f"{area}/{m}" for area in (layout.LOG, layout.AUDIT) for m in self._window()]
        listings = self.reader.list_many(folders)
        wanted: dict[str, int | None] = {}
        for folder, names in listings.items():
            for name in _data_names(names):
                rel = f"{folder}/{name}"
                if rel not in self._seen:
                    wanted[rel] = None
            if names is not None and not self.readonly:
                ours = f"{self.writer}{layout.SUFFIX}"
                state = self.own.state.files.get(f"{folder}/{ours}")
                if state is not None and state.shared > 0 and ours not in names:
                    state.shared = -1  # deleted from the share (a sync client): write it again
        more = self._read_files(wanted)
        changes.files += more.files
        changes.kinds |= more.kinds
        changes.borgere |= more.borgere

    # --- format 1 ------------------------------------------------------------------------------

    def _migration_unfinished(self) -> bool:
        migration = self.format_info.get("migration")
        return isinstance(migration, dict) and not migration.get("finished")

    def _has_legacy_files(self) -> bool:
        return isinstance(self.format_info.get("migration"), dict) or self.format_version == 1

    def _legacy_sweep_due(self, now: float) -> bool:
        migration = self.format_info.get("migration")
        if not isinstance(migration, dict) or not migration.get("finished") or now - self._last_legacy_sweep < self.LEGACY_SWEEP_EVERY_S:
            return False
        try:
            finished = dt.datetime.fromisoformat(migration["finished"])
        except (TypeError, ValueError):
            return False
        return self._clock() - finished < dt.timedelta(days=self.LEGACY_SWEEP_DAYS)

    def _run_migration(self) -> None:
        """Format 1 -> 2, in place and resumable. Before this runs, FORMAT.json already says
        version 2 (a format-1 terminal started now opens read-only and writes nothing) and gives
        the folder its id; here every format-1 record is published again in this writer's format-2
        files, then FORMAT.json says the migration is finished. The format-1 files stay where they
        are. Interrupted, the next writable start does it again (records are identified by id, so
        doing it twice adds nothing)."""
        files = staff = 0
        migrated: set[str] = set()
        touched = self._clock().isoformat()
        unread = 0
        for path in legacy.shard_files(self.root):
            found = legacy.read_file(path)
            files += 1
            if found.failed is not None:
                unread += 1  # the next start migrates it (records are identified by id)
                log.warning("format 1 file %s could not be read now: %s", path, found.failed)
                continue
            if found.problem:
                log.warning("format 1 file %s: %s", path, found.problem)
            by_file: dict[str, list[Revision]] = defaultdict(list)
            for rev in found.revisions:
                for rel in layout.targets(rev.entity, rev.borger_id, rev.written_at, self.writer):
                    by_file[rel].append(rev)
                staff += rev.entity == "medarbejder"
                migrated.add(rev.id)
            self.own.add(by_file, touched)
        self.own.save_state()
        with self._flush_lock:
            self.own.state.seq += 1
            self.own.publish(self.root, self._quarantine_copy)
            self._write_manifest(self.own, self.identity.navn, self._clock())
            self.own.save_state()
            self._published_seq = self.own.state.seq
        if unread:
            log.warning("the migration is not finished: %d format 1 files could not be read now", unread)
            return
        migration = {**self.format_info["migration"], "by": self.writer, "finished": self._clock().isoformat(), "files": files, "records": len(migrated)}
        self._write_format(migration=migration, **({"personale": True} if staff else {}))
        log.info("migrated %d format-1 records from %d files", len(migrated), files)

    def _read_legacy(self, recent_only: bool = False) -> None:
        """Take in format-1 files: all of them (an old folder looked at read-only, a migration not
        finished, ``smtte check``), or the recent ones a terminal not yet updated may still write
        to; records not yet published in format 2 are published again by this writer."""
        periods: dict[str, Any] = {}
        if recent_only:
            months = set(layout.month_folders(self._today(), 2))
            periods = {"borger_months": months, "audit_months": months, "core_years": {f"{self._today():%Y}"}}
        fresh: list[Revision] = []
        for path in legacy.shard_files(self.root, **periods):
            found = legacy.read_file(path)
            if found.failed is not None:
                continue  # not read now: neither damaged nor seen, so the next sweep reads it
            with self._lock:
                self._seen[path.relative_to(self.root).as_posix()] = Seen(crc=None, ids={rev.id for rev in found.revisions})
                if found.problem:
                    self.problems[path] = found.problem
                for rev in found.revisions:
                    if self._add(rev, found.created.get(rev.id)):
                        fresh.append(rev)
        if fresh and recent_only and not self.readonly:
            log.warning("%d records written in format 1 after the migration: publishing them", len(fresh))
            with self._commit_lock:
                self.journal.append(fresh)
            self.flush()

    # --- repair -------------------------------------------------------------------------------

    def _quarantine_copy(self, path: Path, reason: str) -> Path:
        return self._quarantine(path, reason, copy_only=True)

    def _quarantine(self, path: Path, reason: str, *, copy_only: bool = False) -> Path:
        folder = self.root / layout.QUARANTINE
        try:
            ensure_dir(folder, inside=self.root)
            check_no_links(self.root, path.parent)
        except LinkRefused:
            with self._lock:
                self.problems[folder if folder.is_symlink() else path.parent] = t("store.reason.link")
            raise
        rel = path.relative_to(self.root).as_posix()
        # short names: a deep path under a long OneDrive root must stay within Windows' 260
        # characters; the hash keeps two files of one name apart, the reason file says where from
        name = path.name if len(path.name) <= 64 else path.name[:48] + path.name[-16:]
        prefix = f"{self._clock():%Y%m%d-%H%M%S}-{hashlib.sha256(rel.encode('utf-8')).hexdigest()[:8]}"
        target, number = folder / f"{prefix}-{name}", 1
        while target.exists() or target.with_name(target.name + ".reason.txt").exists():
            number += 1  # the same file set aside twice within a second: never overwrite the first
            target = folder / f"{prefix}-{number}-{name}"
        if copy_only:
            shutil.copyfile(path, target, follow_symlinks=False)
            os.chmod(target, 0o600) if os.name != "nt" else None
        else:
            os.replace(path, target)
        note = f"{reason}\n{t('store.quarantine.from', path=rel)}\n"
        atomic_write(target.with_name(target.name + ".reason.txt"), note.encode("utf-8"), fsync=False)
        with self._lock:
            if not copy_only:
                self._seen.pop(rel, None)
                self.problems.pop(path, None)
                self.conflict_copies.discard(path)
        log.warning("quarantined %s: %s", path, reason)
        return target

    def repair(self) -> tuple[int, int]:
        """Merge conflict copies and quarantine bad files, rescuing every valid record first.

        A record that only a conflict copy or a damaged file holds is written again into this
        writer's own files (same revision id, so nothing is counted twice) before the file is
        moved to ``quarantine/`` with a reason. A damaged file of a writer that is still running
        is safe to move: that writer rewrites it from its own copy on its next publish. Returns
        (copies merged, files quarantined).
        """
        if self.readonly:
            raise ReadOnlyStore("store.error.readonly")
        merged = quarantined = 0
        with self._lock:
            targets = [(p, t("store.reason.conflict_copy"), True) for p in sorted(self.conflict_copies)]
            targets += [(p, reason, False) for p, reason in sorted(self.problems.items()) if p not in self.conflict_copies]
        for path, reason, is_copy in targets:
            if not path.exists() or layout.MANIFESTS in path.relative_to(self.root).parts:
                continue
            if path == self.root / layout.FORMAT_FILE:
                continue
            rescued = self._records_only_in(path)
            if rescued:
                with self._commit_lock:
                    self.journal.append(rescued)
                if self.flush():
                    raise StoreError("store.error.share_unavailable")
            try:
                self._quarantine(path, reason)
            except LinkRefused:
                break  # nothing is moved across a link; check names it
            merged += is_copy
            quarantined += not is_copy
        return merged, quarantined

    def _records_only_in(self, path: Path) -> list[Revision]:
        """Revisions a file holds that no sound file (nor this writer's copy) holds. A file over
        the size limit is not rescued from: its records could only land in a file as large, which
        every reader refuses too; it is set aside whole for a person to look at."""
        rel = path.relative_to(self.root).as_posix()
        try:
            if path.is_symlink() or path.stat().st_size > records.MAX_FILE_BYTES:
                return []
        except OSError:
            return []
        with self._lock:
            seen = self._seen.get(rel)
            ids = set(seen.ids) if seen else set()
            if not ids and path.suffix == ".json":
                ids = {rev.id for rev in legacy.read_file(path).revisions}
            sound = set()
            for other, state in self._seen.items():
                other_path = self.root / other
                if other != rel and other_path not in self.problems and other_path not in self.conflict_copies:
                    sound |= state.ids
        own = {i for rel_own in list(self.own.state.files) for i in self.own.ids(rel_own)}
        with self._lock:
            return [full(self._index.revs[i]) for i in sorted(ids - sound - own) if i in self._index.revs]

    def quarantine_listing(self) -> list[tuple[Path, str]]:
        folder = self.root / layout.QUARANTINE
        found = []
        for path in sorted(folder.glob("*")) if folder.exists() else []:
            if path.name.endswith(".reason.txt"):
                continue
            reason_file = path.with_name(path.name + ".reason.txt")
            note = reason_file.read_text(encoding="utf-8", errors="replace") if reason_file.exists() else ""
            reason = note.split("\n", 1)[0]  # the reason; the line after it says where the file was
            found.append((path, reason))
        return found


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a burst of objects without cycles (it runs
    again after). Reading thousands of records makes thousands of objects that live on; the
    collector would walk them again and again while they are made (a third of a cold start's
    time). The group picture pauses it too (``group.picture``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Files Windows Explorer (desktop.ini, Thumbs.db) writes into a folder it shows; macOS's .DS_Store
# starts with a dot. A new, empty share folder holding one is still empty to smtte.
SHELL_FILES = frozenset({"desktop.ini", "thumbs.db"})


def new_folder_id() -> str:
    return uuid.uuid4().hex


UNREAD = "unread"  # a manifest the share failed to deliver (not a problem with the manifest)


def _data_names(names: list[str] | None) -> list[str]:
    """The data files among a folder's names (format-1 ``.json`` files and others are not)."""
    return [name for name in names or [] if name.endswith(layout.SUFFIX)]


def _first_error(exc: Exception) -> str:
    if not isinstance(exc, ValidationError):
        return str(exc)[:160]
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))
