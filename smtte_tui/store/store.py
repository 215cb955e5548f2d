"""The store: validated entities over immutable revisions in per-writer JSON files.

Rules it keeps (see docs/architecture.md for the reasons):

* Roles: every write made here is checked against the author's role (``access.py``); a
  medarbejder's edit of a plan is refused here, whatever screen or script tried it.

* One writer per file: this process writes only files named after its writer id.
* Durable before acknowledged: a change is fsync'ed into the local journal before anything else,
  then written to the share atomically; when the share is gone it stays pending and is flushed
  when the share is back.
* Readers merge everything (union by revision id), including sync clients' conflict copies, and
  report files they cannot use instead of skipping them silently.
* Start-up reads the core data and the recent months only; a borger's older history is read when
  asked for, and :meth:`Store.poll` re-reads only files whose size or mtime changed.

All public methods are thread-safe (the app calls them from worker threads).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from smtte_tui.i18n import t
from smtte_tui.models import ENTITY_MODELS, Borger, Entity, Medarbejder
from smtte_tui.store import layout
from smtte_tui.store.access import active_staff, check_write, first_start_staff
from smtte_tui.store.files import ShareUnavailable, atomic_write, ensure_dir, remove_stale_temps
from smtte_tui.store.fold import FieldConflict, conflicts, fold, heads
from smtte_tui.store.hlc import Clock, HybridClock, encode, system_clock, wall_time
from smtte_tui.store.journal import Journal
from smtte_tui.store.revision import Revision
from smtte_tui.store.shardfile import dump_json, open_shard, read_shard
from smtte_tui.store.terminal import TerminalIdentity, WriterLock, describe, load_identity, random_writer_id

log = logging.getLogger(__name__)
E = TypeVar("E", bound=Entity)
KIND_OF_MODEL: dict[type[Entity], str] = {model: kind for kind, model in ENTITY_MODELS.items()}
Key = tuple[str, str]  # (entity kind, entity id)


class StoreError(Exception):
    """An error with a Danish (catalog) sentence a person can act on."""


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
class FileState:
    size: int
    mtime_ns: int
    ids: set[str] = field(default_factory=set)


@dataclass
class Changes:
    """What a poll brought in from other terminals."""

    kinds: set[str] = field(default_factory=set)
    borgere: set[str] = field(default_factory=set)
    files: int = 0

    def __bool__(self) -> bool:
        return self.files > 0


@dataclass(frozen=True)
class SyncState:
    pending: int
    share_ok: bool
    conflicts: int
    problems: int  # bad files and conflict copies waiting for a look


class Store:
    RECENT_MONTHS = 2  # months of borger data read at start-up and watched by poll

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
    ) -> None:
        self.root = Path(root)
        self.local_dir = Path(local_dir)
        self._clock = clock
        self._fsync = fsync
        self._lock = threading.RLock()
        self.readonly = readonly
        self.format_version = self._open_format(create)
        if self.format_version > layout.FORMAT_VERSION:
            self.readonly = True

        self.identity: TerminalIdentity = load_identity(self.local_dir, terminal_name, clock())
        self.writer = self.identity.id
        self._writer_lock = WriterLock(self._journal_dir() / f"{self.writer}.lock")
        if not self.readonly and not self._writer_lock.acquire():
            # Another smtte on this PC is writing as this terminal: be a separate writer.
            self.writer = random_writer_id()
            self._writer_lock = WriterLock(self._journal_dir() / f"{self.writer}.lock")
            self._writer_lock.acquire()
        self.hlc = HybridClock(self.writer, clock)
        self.journal = Journal(self._journal_dir() / f"{self.writer}.jsonl")

        self._revs: dict[str, Revision] = {}
        self._created: dict[str, Entity] = {}
        self._by_entity: dict[Key, list[Revision]] = defaultdict(list)
        # keys per kind, in first-seen order: all(Model) must not scan every entity (the role
        # check asks for all staff on every write)
        self._by_kind: dict[str, dict[Key, None]] = defaultdict(dict)
        self._unsorted: set[Key] = set()
        self._state: dict[Key, Entity | None] = {}
        self._by_borger: dict[str, set[Key]] = defaultdict(set)
        self._files: dict[Path, FileState] = {}
        self._own_shards: dict[Path, Any] = {}
        self._history_loaded: set[str] = set()
        self.problems: dict[Path, str] = {}
        self.conflict_copies: set[Path] = set()
        self.share_ok = True
        self._last_terminal_touch = 0.0
        self._backdate_seq = 0

        self._load_initial()
        for rev in self.journal.pending:
            self._add(rev, None)
        if not self.readonly:
            self._adopt_orphan_journals()
            self.flush()
            self._touch_terminal(force=True)

    # --- opening ------------------------------------------------------------------------------

    def _open_format(self, create: bool) -> int:
        if not self.root.exists():
            raise DataDirMissing(t("cli.error.data_dir_missing", path=self.root))
        if not self.root.is_dir():
            raise DataDirMissing(t("cli.error.data_dir_not_folder", path=self.root))
        format_file = self.root / layout.FORMAT_FILE
        if format_file.exists():
            try:
                info = json.loads(format_file.read_bytes())
                if info.get("format") != layout.FORMAT_NAME:
                    raise ValueError
                return int(info["version"])
            except (ValueError, KeyError, TypeError, OSError) as exc:
                raise NotSmtteFolder(t("cli.error.not_smtte_folder", path=self.root)) from exc
        visible = [p for p in self.root.iterdir() if not p.name.startswith(".") and p.name != "README.md"]
        if visible or not create:
            raise NotSmtteFolder(t("cli.error.not_smtte_folder", path=self.root))
        info = {"format": layout.FORMAT_NAME, "version": layout.FORMAT_VERSION, "created": self._clock().isoformat()}
        try:
            atomic_write(format_file, dump_json(info))
        except OSError as exc:
            raise DataDirMissing(t("cli.error.data_dir_unwritable", path=self.root)) from exc
        return layout.FORMAT_VERSION

    def _journal_dir(self) -> Path:
        key = hashlib.sha256(str(self.root.resolve()).encode("utf-8")).hexdigest()[:16]
        return self.local_dir / "journal" / key

    def _load_initial(self) -> None:
        for path in self._scan([self.root / layout.CORE], depth=2):
            self._ingest_file(path)
        for path in self._scan(self._recent_borger_dirs(), depth=1):
            self._ingest_file(path)

    def _adopt_orphan_journals(self) -> None:
        """Flush journals left by an earlier secondary writer of this PC that is no longer running."""
        for other in self._journal_dir().glob("t*.jsonl"):
            writer = other.stem
            if writer == self.writer or not layout.WRITER_ID.match(writer):
                continue
            lock = WriterLock(other.with_suffix(".lock"))
            if not lock.acquire():
                continue  # still running
            try:
                journal = Journal(other)
                pending = journal.pending
                if pending:
                    for rev in pending:
                        self._add(rev, None)
                    self._write_pending(pending, writer)
                    journal.mark_flushed([rev.id for rev in pending])
            except OSError:
                self.share_ok = False
            finally:
                lock.release()

    def close(self) -> None:
        with self._lock:
            self._writer_lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- scanning and ingesting files ---------------------------------------------------------

    def _today(self) -> dt.date:
        # UTC, like the shard names (the month of the revision's UTC wall time), not the local date
        return self._clock().astimezone(dt.timezone.utc).date()

    def _recent_borger_dirs(self) -> list[Path]:
        # Next month too: a PC whose clock is ahead of this one's may already write there.
        this_month = self._today().replace(day=1)
        months = layout.month_folders(this_month + dt.timedelta(days=31), self.RECENT_MONTHS + 1)
        borgere = self.root / layout.BORGERE
        try:
            ids = [entry.name for entry in os.scandir(borgere) if entry.is_dir()]
        except OSError:
            return []
        return [borgere / bid / month for bid in ids for month in months]

    def _scan(self, folders: Iterable[Path], depth: int) -> Iterator[Path]:
        """``.json`` files ``depth`` levels below each folder (temp and hidden files excluded)."""
        for folder in folders:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if depth > 1:
                    if entry.is_dir():
                        yield from self._scan([Path(entry.path)], depth - 1)
                elif entry.name.endswith(".json") and entry.is_file():
                    yield Path(entry.path)

    def _ingest_file(self, path: Path, stat: os.stat_result | None = None) -> set[Key]:
        """Read one file if it is new or changed; return the entities that changed."""
        try:
            stat = stat or os.stat(path)
        except OSError:
            return set()
        known = self._files.get(path)
        if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
            return set()
        kind = layout.classify(path)
        result = read_shard(path)
        if result.problem:
            self.problems[path] = result.problem
            log.warning("%s: %s", path, result.problem)
        else:
            self.problems.pop(path, None)
            if kind.role == "unexpected":
                self.problems[path] = t("store.reason.unexpected_name")
        if kind.role == "conflict_copy":
            self.conflict_copies.add(path)
        state = FileState(stat.st_size, stat.st_mtime_ns, {rev.id for rev in result.revisions})
        if known:
            state.ids |= known.ids
        self._files[path] = state
        changed: set[Key] = set()
        for rev in result.revisions:
            if self._add(rev, result.created.get(rev.id)):
                changed.add((rev.entity, rev.entity_id))
        return changed

    def _add(self, rev: Revision, created: Entity | None) -> bool:
        if rev.id in self._revs:
            return False
        self._revs[rev.id] = rev
        if created is not None:
            self._created[rev.id] = created
        key = (rev.entity, rev.entity_id)
        self._by_entity[key].append(rev)
        self._by_kind[rev.entity][key] = None
        self._unsorted.add(key)
        self._state.pop(key, None)
        if rev.borger_id:
            self._by_borger[rev.borger_id].add(key)
        self.hlc.observe(rev.hlc)
        return True

    # --- reading ------------------------------------------------------------------------------

    def _revisions(self, key: Key) -> list[Revision]:
        revs = self._by_entity.get(key, [])
        if key in self._unsorted:
            revs.sort(key=lambda rev: rev.hlc)
            self._unsorted.discard(key)
        return revs

    def _folded(self, key: Key) -> Entity | None:
        if key in self._state:
            return self._state[key]
        revs = self._revisions(key)
        try:
            state = fold(revs, self._created) if revs else None
        except ValidationError as exc:
            log.error("entity %s does not fold to a valid state: %s", key, exc)
            state = None
        self._state[key] = state
        return state

    def get(self, model: type[E], entity_id: str) -> E | None:
        """The current state of one entity, or None if unknown or withdrawn."""
        with self._lock:
            entity = self._folded((KIND_OF_MODEL[model], entity_id))
            return entity if isinstance(entity, model) else None

    def all(self, model: type[E], borger_id: str | None = None) -> list[E]:
        """Every current (not withdrawn) entity of a kind, optionally of one borger only."""
        kind = KIND_OF_MODEL[model]
        with self._lock:
            if borger_id is not None:
                keys: Iterable[Key] = [key for key in self._by_borger.get(borger_id, ()) if key[0] == kind]
            else:
                keys = list(self._by_kind.get(kind, ()))
            found = [self._folded(key) for key in keys]
            return [entity for entity in found if isinstance(entity, model)]

    def revisions_about(self, borger_id: str) -> list[Revision]:
        """Every revision of every record about one borger (withdrawn ones too), oldest first;
        only what is read so far (``load_borger_history`` first for the whole history)."""
        with self._lock:
            found = [rev for key in list(self._by_borger.get(borger_id, ())) for rev in self._revisions(key)]
            return sorted(found, key=lambda rev: rev.hlc)

    def history(self, model: type[Entity], entity_id: str) -> list[Revision]:
        """Every revision of one entity, oldest first (corrections and withdrawals included)."""
        with self._lock:
            return list(self._revisions((KIND_OF_MODEL[model], entity_id)))

    def heads(self, model: type[Entity], entity_id: str) -> list[str]:
        with self._lock:
            return heads(self._revisions((KIND_OF_MODEL[model], entity_id)))

    def conflicts(self) -> list[FieldConflict]:
        with self._lock:
            found: list[FieldConflict] = []
            for key in list(self._by_entity):
                found.extend(conflicts(self._revisions(key)))
            return found

    def load_borger_history(self, borger_id: str) -> Changes:
        """Read all of one borger's months (the recent ones are read at start-up)."""
        changes = Changes()
        with self._lock:
            if borger_id in self._history_loaded:
                return changes
            for path in self._scan([self.root / layout.BORGERE / borger_id], depth=2):
                if self._ingest_file(path):
                    changes.files += 1
            self._history_loaded.add(borger_id)
            changes.borgere.add(borger_id)
        return changes

    def load_borger_since(self, borger_id: str, since: dt.date) -> Changes:
        """Read one borger's months from ``since`` on, not the whole history (the group picture
        needs half a year of 40 borgere; five years of each would be seconds and a gigabyte).

        Shards are named by write time in UTC, so the month of the day before ``since`` is read
        too; anything written later (late entries) is in a later month and read as well."""
        changes = Changes()
        first = f"{since - dt.timedelta(days=1):%Y-%m}"
        folder = self.root / layout.BORGERE / borger_id
        with self._lock:
            if borger_id in self._history_loaded:
                return changes
            try:
                months = [entry.name for entry in os.scandir(folder) if entry.is_dir() and entry.name >= first]
            except OSError:
                return changes
            for path in self._scan([folder / month for month in months], depth=1):
                if self._ingest_file(path):
                    changes.files += 1
            if changes.files:
                changes.borgere.add(borger_id)
        return changes

    def load_everything(self) -> None:
        """Read every file in the folder (``smtte check``); the app never needs this."""
        with self._lock:
            for path in self._scan([self.root / layout.BORGERE], depth=3):
                self._ingest_file(path)
            for path in self._scan([self.root / layout.AUDIT], depth=2):
                self._ingest_file(path)
            self._history_loaded.update(p.name for p in (self.root / layout.BORGERE).glob("*") if p.is_dir())

    def load_audit(self) -> None:
        with self._lock:
            for path in self._scan([self.root / layout.AUDIT], depth=2):
                self._ingest_file(path)

    def load_recent_audit(self, months: int = 2) -> None:
        """Read this and last month's audit files (sign-in lockout needs them; cheap when unchanged)."""
        with self._lock:
            folders = [self.root / layout.AUDIT / month for month in layout.month_folders(self._today(), months)]
            for path in self._scan(folders, depth=1):
                self._ingest_file(path)

    def record_counts(self) -> Counter[str]:
        with self._lock:
            return Counter(rev.entity for rev in self._revs.values())

    @property
    def files(self) -> dict[Path, FileState]:
        return dict(self._files)

    @property
    def pending_count(self) -> int:
        return len(self.journal.pending)

    def pending_on_this_pc(self) -> int:
        """Revisions in any of this PC's journals for this folder that are not on the share yet."""
        total = 0
        for path in self._journal_dir().glob("t*.jsonl"):
            total += len(self.journal.pending) if path == self.journal.path else len(Journal(path).pending)
        return total

    def sync_state(self) -> SyncState:
        with self._lock:
            return SyncState(self.pending_count, self.share_ok, len(self.conflicts()), len(self.problems) + len(self.conflict_copies))

    # --- writing ------------------------------------------------------------------------------

    def _revision(
        self, kind: str, entity_id: str, op: str, data: dict[str, Any], author: str, parents: list[str], borger_id: str | None, at: dt.datetime | None = None
    ) -> Revision:
        if at is None:
            stamp = self.hlc.now()
        else:
            # Backdated history (demo, bench, imports): the record's time is when it happened,
            # so it lands in that month's shard. A counter keeps stamps unique and ordered.
            self._backdate_seq += 1
            stamp = encode(int(at.timestamp() * 1000), self._backdate_seq % 100000, self.writer)
        return Revision(
            entity=kind,  # type: ignore[arg-type]
            entity_id=entity_id,
            op=op,  # type: ignore[arg-type]
            parents=parents,
            hlc=stamp,
            author=author,
            terminal=self.writer,
            borger_id=borger_id,
            data=data,
        )

    @staticmethod
    def _borger_of(entity: Entity) -> str | None:
        if isinstance(entity, Borger):
            return entity.id
        return getattr(entity, "borger_id", None)

    def create(self, entity: Entity, author: str) -> Revision:
        return self.create_many([entity], author)[0]

    def create_many(self, entities: list[Entity], author: str, at: list[dt.datetime] | None = None) -> list[Revision]:
        """Add new entities in one durable batch (one journal fsync, one write per shard).

        ``at`` backdates each record (history generated or imported in bulk); normal use leaves
        it out and the hybrid logical clock stamps the records.
        """
        with self._lock:
            accounts = self.all(Medarbejder)
            staff = active_staff(accounts) | first_start_staff(accounts, entities)
            for entity in entities:
                check_write(KIND_OF_MODEL[type(entity)], author, staff)
            revs = []
            for number, entity in enumerate(entities):
                kind = KIND_OF_MODEL[type(entity)]
                # validate again: a model built with model_construct or mutated must still be valid
                checked = type(entity).model_validate(entity.model_dump())
                when = at[number] if at else None
                revs.append(self._revision(kind, checked.id, "create", checked.model_dump(mode="json"), author, [], self._borger_of(checked), when))
                self._created[revs[-1].id] = checked
            self._commit(revs)
            return revs

    def update(
        self, model: type[E], entity_id: str, changes: dict[str, Any], author: str, parents: list[str] | None = None, at: dt.datetime | None = None
    ) -> Revision:
        """Change some fields. ``parents`` defaults to every current head (this edit saw them all)."""
        kind = KIND_OF_MODEL[model]
        with self._lock:
            current = self.get(model, entity_id)
            if current is None:
                raise UnknownEntity(t("store.error.unknown_entity", kind=kind, id=entity_id))
            check_write(kind, author, active_staff(self.all(Medarbejder)))
            if "id" in changes:
                raise InvalidData(t("store.error.invalid", detail="id"))
            try:
                new = model.model_validate({**current.model_dump(), **changes})
            except ValidationError as exc:
                raise InvalidData(t("store.error.invalid", detail=_first_error(exc))) from exc
            dumped = new.model_dump(mode="json")
            patch = {name: dumped[name] for name in changes}
            parents = parents if parents is not None else self.heads(model, entity_id)
            rev = self._revision(kind, entity_id, "update", patch, author, parents, self._borger_of(new), at)
            self._commit([rev])
            return rev

    def retract(self, model: type[Entity], entity_id: str, author: str) -> Revision:
        """Withdraw an entity. Its history stays; it no longer counts."""
        kind = KIND_OF_MODEL[model]
        with self._lock:
            current = self.get(model, entity_id)
            if current is None:
                raise UnknownEntity(t("store.error.unknown_entity", kind=kind, id=entity_id))
            check_write(kind, author, active_staff(self.all(Medarbejder)))
            rev = self._revision(kind, entity_id, "retract", {}, author, self.heads(model, entity_id), self._borger_of(current))
            self._commit([rev])
            return rev

    def _commit(self, revs: list[Revision]) -> None:
        if self.readonly:
            raise ReadOnlyStore(t("store.error.readonly"))
        self.journal.append(revs)  # durable from here on
        for rev in revs:
            self._add(rev, self._created.get(rev.id))
        self.flush()

    def flush(self) -> int:
        """Write pending revisions to the share. Returns how many are still pending."""
        with self._lock:
            if self.readonly:
                return self.pending_count
            pending = self.journal.pending
            if not pending:
                return 0
            try:
                self._write_pending(pending, self.writer)
            except OSError as exc:
                if self.share_ok:
                    log.warning("share unavailable, %d revisions kept in the journal: %s", len(pending), exc)
                self.share_ok = False
                return self.pending_count
            self.journal.mark_flushed([rev.id for rev in pending])
            self.share_ok = True
            self._touch_terminal()
            return 0

    def _write_pending(self, pending: list[Revision], writer: str) -> None:
        if not (self.root / layout.FORMAT_FILE).exists():
            raise ShareUnavailable(f"{self.root} is not reachable")
        by_shard: dict[Path, list[Revision]] = defaultdict(list)
        for rev in pending:
            path = layout.shard_path(self.root, rev.entity, rev.borger_id, wall_time(rev.hlc), writer)
            by_shard[path].append(rev)
        for path, revs in by_shard.items():
            self._append_to_shard(path, revs)

    def _append_to_shard(self, path: Path, revs: list[Revision]) -> None:
        db = self._own_shards.get(path)
        if db is None:
            ensure_dir(path.parent)
            remove_stale_temps(path.parent, path.name)
            db = self._own_shards[path] = open_shard(path, fsync=self._fsync)
        try:
            present = {doc["id"] for table in (db.storage.read() or {}).values() for doc in table.values()}
        except ValueError as exc:
            # Our own file was damaged from outside: set it aside and write it anew from memory.
            self._quarantine(path, t("store.reason.bad_json", detail=str(exc)[:120]))
            known = self._files.get(path, FileState(0, 0)).ids
            revs = [self._revs[i] for i in known if i in self._revs] + revs
            present = set()
            db = self._own_shards[path] = open_shard(path, fsync=self._fsync)
        fresh = [rev for rev in revs if rev.id not in present]  # a retried flush must not duplicate
        by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rev in fresh:
            by_kind[rev.entity].append(rev.model_dump(mode="json"))
        for kind, docs in by_kind.items():
            db.table(kind).insert_multiple(docs)
        st = os.stat(path)
        state = self._files.setdefault(path, FileState(0, 0))
        state.size, state.mtime_ns = st.st_size, st.st_mtime_ns
        state.ids.update(rev.id for rev in revs)

    def _touch_terminal(self, force: bool = False) -> None:
        """Keep ``terminals/<writer>.json`` current (last seen, pending) at most once a minute."""
        now = time.monotonic()
        if not force and now - self._last_terminal_touch < 60:
            return
        self._last_terminal_touch = now
        info = json.loads(describe(self.identity, self.writer))
        info.update(sidst_set=self._clock().isoformat(), ventende=self.pending_count, format=layout.FORMAT_VERSION)
        try:
            folder = self.root / layout.TERMINALS
            ensure_dir(folder)
            atomic_write(folder / f"{self.writer}.json", dump_json(info), fsync=False)
        except OSError:
            pass  # informative only; the next flush tries again

    # --- repair -------------------------------------------------------------------------------

    def _quarantine(self, path: Path, reason: str) -> Path:
        folder = self.root / layout.QUARANTINE
        ensure_dir(folder)
        relative = path.relative_to(self.root).as_posix().replace("/", "__")
        stamp = f"{self._clock():%Y%m%d-%H%M%S}"
        target, number = folder / f"{stamp}-{relative}", 1
        while target.exists() or target.with_name(target.name + ".reason.txt").exists():
            number += 1  # the same file set aside twice within a second: never overwrite the first
            target = folder / f"{stamp}-{number}-{relative}"
        os.replace(path, target)
        atomic_write(target.with_name(target.name + ".reason.txt"), reason.encode("utf-8"), fsync=False)
        self._files.pop(path, None)
        self.problems.pop(path, None)
        self.conflict_copies.discard(path)
        log.warning("quarantined %s: %s", path, reason)
        return target

    def repair(self) -> tuple[int, int]:
        """Merge conflict copies and quarantine bad files, rescuing every valid record first.

        A record that only a conflict copy or a damaged file holds is written again into this
        writer's own file (same revision id, so nothing is counted twice) before the file is moved
        to ``quarantine/`` with a reason. Returns (copies merged, files quarantined).
        """
        with self._lock:
            if self.readonly:
                raise ReadOnlyStore(t("store.error.readonly"))
            merged = quarantined = 0
            targets = [(p, t("store.reason.conflict_copy"), True) for p in sorted(self.conflict_copies)]
            targets += [(p, reason, False) for p, reason in sorted(self.problems.items()) if p not in self.conflict_copies]
            for path, reason, is_copy in targets:
                rescued = self._records_only_in(path)
                if rescued:
                    self.journal.append(rescued)
                    self._write_pending(rescued, self.writer)
                    self.journal.mark_flushed([rev.id for rev in rescued])
                self._quarantine(path, reason if is_copy else self.problems.get(path, reason))
                merged += is_copy
                quarantined += not is_copy
            return merged, quarantined

    def _records_only_in(self, path: Path) -> list[Revision]:
        ids = self._files.get(path, FileState(0, 0)).ids
        sound = (
            state
            for p, state in self._files.items()
            if p != path and p not in self.problems and layout.classify(p).role == "shard"
        )
        elsewhere = {i for state in sound for i in state.ids}
        elsewhere |= {rev.id for rev in self.journal.pending}
        return [self._revs[i] for i in ids - elsewhere if i in self._revs]

    def quarantine_listing(self) -> list[tuple[Path, str]]:
        folder = self.root / layout.QUARANTINE
        found = []
        for path in sorted(folder.glob("*")) if folder.exists() else []:
            if path.name.endswith(".reason.txt"):
                continue
            reason_file = path.with_name(path.name + ".reason.txt")
            reason = reason_file.read_text(encoding="utf-8") if reason_file.exists() else ""
            found.append((path, reason))
        return found

    # --- watching -----------------------------------------------------------------------------

    def poll(self) -> Changes:
        """Re-read files other terminals changed (by size and mtime), and retry pending writes.

        Network shares deliver no change events, so this is called every second or so; it stats
        only the core folders and the recent months (a few hundred files: milliseconds).
        """
        changes = Changes()
        with self._lock:
            folders = [self.root / layout.CORE] + self._recent_borger_dirs()
            paths = list(self._scan(folders[:1], depth=2)) + list(self._scan(folders[1:], depth=1))
            for path in paths:
                changed = self._ingest_file(path)
                if changed:
                    changes.files += 1
                    for kind, entity_id in changed:
                        changes.kinds.add(kind)
                        borger = self._revisions((kind, entity_id))[-1].borger_id
                        if borger:
                            changes.borgere.add(borger)
            if self.journal.pending:
                self.flush()
        return changes


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))
