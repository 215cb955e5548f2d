"""A terminal that runs on the municipality's PostgreSQL (``--data-dir postgresql://…?house=<id>``).

The terminal works on a private *mirror*: an ordinary house folder on this PC's own disk
(``<local>/postgres/<house>-<database key>/hus``) with this terminal's own writer, opened by the
normal ``Store``. So roles, audit, conflicts, history and the journal (every save durable on this
PC before "Gemt") are exactly a folder's. A :class:`Mirror` keeps it level with the database in a
background thread, with the same code as ``smtte replicate``:

* **push** (``push.push``): what this terminal wrote goes into ``smtte.revisions`` under the
  house's id, with the mirror's own folder id as ``from_folder``; checked every half second (the
  terminal's manifest changed: a save was published) and every few seconds;
* **pull**: every revision of the house that did not come from this mirror and committed since the
  last pull (other terminals on the database, the house's own folder through its replicator, the
  office) is imported by the mirror's *puller*, a second ``Store`` with a writer of its own, as
  ``smtte replicate`` pulls back into a house folder; the terminal's store reads it at its next
  poll like any other terminal's files. "Since the last pull" is a PostgreSQL snapshot
  (``pg_current_snapshot``) kept next to the mirror: a row counts as new when its transaction
  (``revisions.txid``) was not visible in the last one, so a long transaction that commits late
  is never skipped, which a sequence number cannot promise. A revision the store refuses is
  kept in ``pulled.json`` by id and fetched again at every pull (the folder replicator's rule);
  a mirror that lost ``pulled.json`` fetches the house again but reads its own files first, so
  nothing is published into it twice.

What the sync bar says (:meth:`Mirror.sync_text`): the saves that wait for the database (counted
from the mirror's manifests against ``sent.json``, no round trip), and whether the database is
away or refuses this terminal, with the reason in a few words. The houses row's ``last_push`` is
written at most once a minute (docs/architecture.md, Replication rule 9).

The first start of a terminal fetches the whole house before the store opens (and refuses with a
sentence when the database cannot be reached then: an empty mirror would look like a new house).
Later, while the database is away, the terminal works on the mirror, the sync bar says so, and the
next sync sends everything. The address may hold a password: it is never printed or logged
(:func:`db.describe`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smtte_tui.i18n import t
from smtte_tui.replicate import db, pull, push
from smtte_tui.replicate.db import DatabaseError, DatabaseRefused, DatabaseUnavailable
from smtte_tui.store import StoreError, layout
from smtte_tui.store.files import atomic_write

if TYPE_CHECKING:
    import psycopg

    from smtte_tui.store import Store

log = logging.getLogger(__name__)
SCHEMES = ("postgresql://", "postgres://")
PULLER_NAME = "database"  # the puller's display name among the mirror's writers
STATE_FILE = "pulled.json"
SENT_FILE = "sent.json"  # per writer of this PC, how many of its records the database had at the last push
RELEASE_AFTER = 20_000  # revisions fetched at a first start after which the puller is opened again

_NEW_SINCE = """
SELECT r.id, r.writer, r.hlc, r.at, r.entity, r.entity_id, r.borger_id, r.op, r.parents, r.author, r.data
FROM smtte.revisions r
WHERE r.house_id = %(house)s AND r.from_folder IS DISTINCT FROM %(folder)s
  AND r.txid >= pg_snapshot_xmin(%(since)s::pg_snapshot) AND NOT pg_visible_in_snapshot(r.txid, %(since)s::pg_snapshot)
ORDER BY r.hlc, r.id
"""
_EVERYTHING = """
SELECT r.id, r.writer, r.hlc, r.at, r.entity, r.entity_id, r.borger_id, r.op, r.parents, r.author, r.data
FROM smtte.revisions r
WHERE r.house_id = %(house)s AND r.from_folder IS DISTINCT FROM %(folder)s
ORDER BY r.hlc, r.id
"""
_AGAIN = """
SELECT r.id, r.writer, r.hlc, r.at, r.entity, r.entity_id, r.borger_id, r.op, r.parents, r.author, r.data
FROM smtte.revisions r
WHERE r.house_id = %(house)s AND r.id = ANY(%(ids)s)
ORDER BY r.hlc, r.id
"""
_NOTE_HOUSE = "UPDATE smtte.houses SET last_push = now(), replicator = coalesce(%(writer)s, replicator) WHERE id = %(id)s"


class MirrorRefused(StoreError):
    """This terminal cannot run on the database now (a Danish sentence says why and what to do)."""


class MirrorUnreachable(MirrorRefused):
    """The house was never fetched to this PC and the database cannot be reached now."""


def is_address(text: str | None) -> bool:
    """Whether a data-dir setting names a database rather than a folder."""
    return bool(text) and str(text).strip().lower().startswith(SCHEMES)


@dataclass(frozen=True)
class DatabaseHouse:
    """A house on a database: the connection string (without ``house=``; it may hold a password,
    so never print it: :attr:`where`) and the house's id."""

    url: str
    house: str

    @property
    def where(self) -> str:
        return db.describe(self.url)


def parse(address: str, config_house: str | None = None) -> DatabaseHouse:
    """``postgresql://user@host/db?house=lindely`` (``house`` in config.toml when the address
    names none). The parameter is taken out before connecting (libpq does not know it); every
    other parameter stays as written."""
    address = address.strip()
    base, _, query = address.partition("?")
    kept: list[str] = []
    named: list[str] = []
    for part in query.split("&") if query else []:
        (named if part.startswith("house=") else kept).append(part)
    house = named[-1].removeprefix("house=") if named else (config_house or "")
    if not house:
        raise MirrorRefused("mirror.error.no_house")
    if not layout.SAFE_ID.match(house):
        raise MirrorRefused("mirror.error.house_id", house=house[:80])
    url = base + ("?" + "&".join(kept) if kept else "")
    try:
        db.describe(url)  # psycopg present, the address readable
    except DatabaseError as exc:
        raise MirrorRefused(exc.key, **exc.params) from exc
    if not url.lower().startswith(SCHEMES):
        raise MirrorRefused("replicate.error.url")
    return DatabaseHouse(url, house)


def mirror_dir(local_dir: Path, target: DatabaseHouse) -> Path:
    """This PC's folder for one house on one database (the same house on two databases, a test and
    a real one, are two mirrors). Keyed by host and database, never by user or password."""
    key = hashlib.sha256(target.where.encode("utf-8")).hexdigest()[:10]
    return Path(local_dir) / "postgres" / f"{target.house}-{key}"


class Mirror:
    """The mirror of one house and its background sync (module text).

    ``open()`` (in a worker: the first start fetches the house), then ``open_store()`` for the
    terminal's own store, ``close()`` at the end. ``reachable`` says whether the last contact with
    the database worked (None before the first)."""

    CHECK_S = 0.5  # how often the mirror is looked at for new saves (a stat of a few local files)
    SYNC_EVERY_S = 5.0  # push and pull this often (and retry this often while the database is away)
    NOTE_HOUSE_EVERY_S = 60.0  # the houses row's last_push is written at most this often (and at the end)

    def __init__(self, target: DatabaseHouse, local_dir: Path, *, house_name: str | None = None) -> None:
        self.target = target
        self.house_name = house_name
        self.base = mirror_dir(local_dir, target)
        self.root = self.base / "hus"
        self.reachable: bool | None = None
        self.problem: str | None = None  # the sentence of the last failure (for the log and `check`)
        self.refusal: str | None = None  # while the database refuses this terminal: the catalog's words for why
        self.unsent: int | None = None  # this PC's saves in the mirror the database lacks (None: not known yet)
        self.refused: list[str] = []  # revisions of the database the store refused at the last pull (tried again at every pull)
        self.terminal_writer: str | None = None
        self.last_sync: dt.datetime | None = None
        self._puller: Store | None = None
        self._folder_id = ""
        self._conn: psycopg.Connection | None = None
        self._sync_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: tuple = ()
        self._counted: tuple | None = None
        self._sent: dict[str, int] | None = None
        self._house_noted = float("-inf")
        self._pushed_since_note = False
        self._loaded_everything = False
        self._store_opened = threading.Event()
        self.opened_with: tuple[int, int] | None = None  # (sent, fetched) by the sync at open; None: database away

    # --- life ------------------------------------------------------------------------------------

    def open(self, *, background: bool = True) -> None:
        """Make the mirror and start the sync. A mirror that has never fetched its house fetches
        it now (the whole house, before any store opens on it: an empty mirror would look like a
        new house) and raises :class:`MirrorUnreachable` when the database cannot be reached, or
        :class:`MirrorRefused` when it refuses. A mirror fetched before opens at once (home data
        as fast as from a folder) and its first sync runs in the background thread, after the
        terminal's store has opened. ``background=False`` (``smtte check``): one sync now, no
        thread."""
        from smtte_tui import locations

        locations.private_dir(self.root)
        self._folder_id = self._mirror_id()
        self._sent = self._load_sent()
        self.refused = self._refused_before()
        if not background or not self._folder_id or self._snapshot() is None:
            self._first_sync(fetched=bool(self._folder_id) and self._snapshot() is not None)
            if background and self._puller is not None and (self._loaded_everything or (self.opened_with and self.opened_with[1] >= RELEASE_AFTER)):
                # the puller now holds the whole house in memory: the loop opens it again, lean
                self._puller.close()
                self._puller = None
        if background:
            self._thread = threading.Thread(target=self._loop, name="smtte-database", daemon=True)
            self._thread.start()

    def _mirror_id(self) -> str:
        """The mirror folder's own id (FORMAT.json), "" when it has none yet."""
        try:
            info = json.loads((self.root / layout.FORMAT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        folder_id = info.get("id") if isinstance(info, dict) else None
        return folder_id if isinstance(folder_id, str) and layout.SAFE_ID.match(folder_id) else ""

    def _open_puller(self) -> Store:
        """The puller, opened if it is not (it is let go after a large first fetch)."""
        from smtte_tui.store import Store

        if self._puller is None:
            self._puller = Store(self.root, local_dir=self.base / "puller", terminal_name=PULLER_NAME, create=True)
            self._folder_id = str(self._puller.format_info["id"])
        return self._puller

    def _close_puller(self) -> None:
        if self._puller is not None:
            self._puller.close()
            self._puller = None

    def _first_sync(self, *, fetched: bool) -> None:
        self._open_puller()
        try:
            self.opened_with = self.sync(full_scan=True)
        except DatabaseRefused as exc:
            self._close_puller()
            raise MirrorRefused(exc.key, **exc.params) from exc
        except DatabaseUnavailable as exc:
            if not fetched:
                self._close_puller()
                raise MirrorUnreachable("mirror.error.first_fetch", where=self.target.where) from exc
            log.warning("terminal on %s works on its mirror: the database cannot be reached", self.target.where)
        self._seen = self._local_changes()

    def open_store(self, *, terminal_name: str | None = None, write_behind: bool = True, readonly: bool = False) -> Store:
        """The terminal's own store on the mirror (its own writer, kept in the mirror's ``pc``)."""
        from smtte_tui.store import Store

        try:
            store = Store(self.root, local_dir=self.base / "pc", terminal_name=terminal_name, write_behind=write_behind, readonly=readonly)
            self.terminal_writer = store.writer  # named in the houses row as the last to sync it
            return store
        finally:
            self._store_opened.set()  # the background sync may start reading now

    def close(self) -> None:
        """Stop the background sync; send what this terminal saved last (when the database was
        there a moment ago; otherwise it waits in the mirror for the next start)."""
        self._stop.set()
        self._store_opened.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
        if self.reachable and self._puller is not None:
            try:
                self.sync(pull=False, final=True)
            except DatabaseError:
                pass  # said in the log; the next start sends it
        self._drop_connection()
        if self._puller is not None:
            self._puller.close()
            self._puller = None

    def __enter__(self) -> Mirror:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one sync --------------------------------------------------------------------------------

    def sync(self, *, full_scan: bool = False, pull: bool = True, final: bool = False) -> tuple[int, int]:
        """Push what the mirror has that the database lacks, then (``pull``) take in what was
        committed for the house since the last pull. Returns (new in the database, new in the
        mirror). Raises :class:`DatabaseUnavailable` or :class:`DatabaseRefused` with a sentence.
        The houses row's ``last_push`` and ``replicator`` are written at the first sync, then at
        most every ``NOTE_HOUSE_EVERY_S`` (one more round trip), and at the ``final`` sync when
        anything was sent since."""
        with self._sync_lock:
            try:
                conn = self._connection()
                today = dt.datetime.now(dt.UTC).date()
                published = self._published()  # read before the push plans: the push sends at least these
                pushed = push.push(conn, self.root, self.target.house, today=today, full_scan=full_scan, from_folder=self._folder_id, skip_writers=frozenset({self._open_puller().writer}))
                pulled = self._pull(conn) if pull else 0
                self._pushed_since_note |= pushed.inserted > 0
                if (final and self._pushed_since_note) or time.monotonic() - self._house_noted >= self.NOTE_HOUSE_EVERY_S:
                    conn.execute(_NOTE_HOUSE, {"id": self.target.house, "writer": self.terminal_writer})
                    self._house_noted, self._pushed_since_note = time.monotonic(), False
            except Exception as exc:
                self._drop_connection()
                error = self._as_database_error(exc)
                if self.reachable is not False or str(error) != self.problem:  # once per outage
                    log.warning("terminal on %s: %s", self.target.where, error)
                self.reachable, self.problem = False, str(error)
                self.refusal = error.reason if isinstance(error, DatabaseRefused) else None
                self._count_unsent()
                raise error from exc
            if self.reachable is False:
                log.info("terminal on %s: the database is back", self.target.where)
            self.reachable, self.problem, self.refusal = True, None, None
            self.last_sync = dt.datetime.now(dt.UTC)
            self._note_sent(published)
            return pushed.inserted, pulled

    def _as_database_error(self, exc: Exception) -> DatabaseError:
        if isinstance(exc, DatabaseError):
            return exc
        if db.is_unavailable(exc):
            return DatabaseUnavailable("replicate.error.unreachable", where=self.target.where)
        if type(exc).__module__.startswith("psycopg"):
            log.error("the database refused the terminal's sync", exc_info=(type(exc), exc, exc.__traceback__))
            return DatabaseRefused("replicate.error.refused", reason=db.refusal_reason(exc), where=self.target.where, detail=type(exc).__name__)
        log.error("the terminal's sync failed", exc_info=(type(exc), exc, exc.__traceback__))
        return DatabaseRefused("replicate.error.refused", where=self.target.where, detail=type(exc).__name__)

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            conn = db.connect(self.target.url, application="smtte terminal")
            try:
                db.ensure_schema(conn)
                conn.execute(
                    "INSERT INTO smtte.houses AS h (id, name) VALUES (%(id)s, %(name)s) ON CONFLICT (id) DO UPDATE SET name = coalesce(EXCLUDED.name, h.name)",
                    {"id": self.target.house, "name": self.house_name},
                )
            except Exception:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None

    def _pull(self, conn: psycopg.Connection) -> int:
        """Take in what committed since the last pull, and once more every revision the store
        refused before (by id: the folder replicator's rule, as cheap as a primary-key lookup)."""
        since, again = self._snapshot(), self._refused_before()
        params = {"house": self.target.house, "folder": self._folder_id, "since": since}
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # the rows and the snapshot agree
            snapshot = _one(conn.execute("SELECT pg_current_snapshot()::text").fetchone())
            rows = conn.execute(_EVERYTHING if since is None else _NEW_SINCE, params).fetchall()
            if again and since is not None:
                rows += conn.execute(_AGAIN, {"house": self.target.house, "ids": again}).fetchall()
        imported = 0
        refused: list[str] = []
        if rows:
            puller = self._open_puller()
            if since is None and puller.record_counts().total():
                # a mirror that lost pulled.json: most of the house is in it already, and the
                # puller knows only the recent months; knowing every id, it publishes none twice
                puller.load_everything()
                self._loaded_everything = True
            known = set(again)  # refused before: said in the log then, not at every pull
            revisions = []
            for row in rows:
                try:
                    revisions.append(pull.revision_of(row))
                except (ValueError, TypeError) as exc:
                    refused.append(str(row[0])[:64])
                    if row[0] not in known:
                        log.warning("revision %.64s in the database is no valid revision: %s", row[0], str(exc).splitlines()[0])
            for first in range(0, len(revisions), pull.BATCH):
                imported += pull.importable(puller, revisions[first : first + pull.BATCH], refused, known=known)
            if puller.flush():  # the mirror is on this PC's disk: only a full disk stops it
                raise DatabaseRefused("mirror.error.disk", path=self.root)
            if any(rev.entity == "medarbejder" for rev in revisions):
                self._note_staff()
        self._save_snapshot(snapshot, refused)
        return imported

    def _note_staff(self) -> None:
        """The house has staff: the mirror's FORMAT.json says so, as a folder's does, so an empty
        or unreadable core never offers "first start" on this terminal."""
        format_file = self.root / layout.FORMAT_FILE
        info = json.loads(format_file.read_text(encoding="utf-8"))
        if not info.get("personale"):
            info["personale"] = True
            atomic_write(format_file, json.dumps(info, ensure_ascii=False).encode("utf-8"))

    def _state_file(self) -> Path:
        return self.base / STATE_FILE

    def _state(self) -> dict[str, Any] | None:
        """pulled.json, when it was written for this very mirror folder."""
        try:
            state = json.loads(self._state_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(state, dict) or state.get("folder") != self._folder_id or not isinstance(state.get("snapshot"), str):
            return None
        return state

    def _snapshot(self) -> str | None:
        """The snapshot of the last pull, when it was taken for this very mirror folder."""
        state = self._state()
        return state["snapshot"] if state is not None else None

    def _refused_before(self) -> list[str]:
        """The revisions the store refused at the last pull (tried again at this one)."""
        state = self._state() or {}
        found = state.get("refused")
        return [rev_id for rev_id in found if isinstance(rev_id, str) and layout.SAFE_ID.match(rev_id)] if isinstance(found, list) else []

    def _save_snapshot(self, snapshot: str, refused: list[str]) -> None:
        # one file, one atomic write: the snapshot never moves on without the refused ids it left behind
        self.refused = sorted(set(refused))
        atomic_write(self._state_file(), json.dumps({"folder": self._folder_id, "snapshot": snapshot, "house": self.target.house, "refused": self.refused}).encode("utf-8"))

    # --- saves waiting for the database ----------------------------------------------------------

    def _published(self) -> dict[str, int]:
        """Records published into the mirror per writer of this PC (their manifests' ``poster``;
        the puller's are left out: they came from the database)."""
        from smtte_tui.store import manifest

        puller = self._puller.writer if self._puller is not None else ""
        found: dict[str, int] = {}
        folder = self.root / layout.MANIFESTS
        try:
            names = [name for name in os.listdir(folder) if name.endswith(".json") and name[:-5] != puller and layout.WRITER_ID.match(name[:-5])]
        except OSError:
            return found
        for name in names:
            try:
                found[name[:-5]] = manifest.read(folder / name).poster
            except (OSError, ValueError):
                continue
        return found

    def _load_sent(self) -> dict[str, int] | None:
        try:
            state = json.loads((self.base / SENT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        sent = state.get("sent") if isinstance(state, dict) and state.get("folder") == self._folder_id else None
        return {str(k): v for k, v in sent.items() if isinstance(v, int)} if isinstance(sent, dict) else None

    def _note_sent(self, published: dict[str, int]) -> None:
        """After a push that worked: the database has what the manifests said before it (a
        manifest that could not be read now keeps its last count)."""
        sent = {**(self._sent or {}), **published}
        if sent != self._sent:
            self._sent = sent
            try:
                atomic_write(self.base / SENT_FILE, json.dumps({"folder": self._folder_id, "sent": sent}).encode("utf-8"))
            except OSError:  # only the count after a restart is at stake: it is right again at the next push
                log.warning("the mirror's %s could not be written", SENT_FILE, exc_info=True)
        self._count_unsent()

    def _count_unsent(self) -> None:
        if self._sent is not None and self._puller is not None:  # the puller's own records never count
            self.unsent = sum(max(0, n - self._sent.get(writer, 0)) for writer, n in self._published().items())

    def sync_text(self, pending: int) -> str | None:
        """The sync bar's words for the database, None when there is nothing to say beyond the
        folder's ("Gemt og delt"). ``pending``: saves not in the mirror yet (the store's own)."""
        waiting = pending + (self.unsent or 0)
        if self.reachable is False:
            if self.refusal:
                return t("mirror.sync.refused" if waiting else "mirror.sync.refused.none", reason=self.refusal, n=waiting)
            return t("mirror.sync.offline" if waiting else "mirror.sync.offline.none", n=waiting)
        return t("mirror.sync.pending", n=waiting) if waiting else None

    # --- the background loop ---------------------------------------------------------------------

    def _local_changes(self) -> tuple:
        """The writers' manifests in the mirror (name, size, mtime): a save published by the
        terminal's store rewrites its manifest. The puller's own are left out."""
        puller = f"{self._puller.writer}.json" if self._puller is not None else ""
        try:
            with os.scandir(self.root / layout.MANIFESTS) as entries:
                return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.name != puller and e.name.endswith(".json")))
        except OSError:
            return ()

    def _loop(self) -> None:
        if self._puller is None:
            # a mirror fetched before: the terminal's store opens first (home data at once), then
            # the puller, then the start's sync (push + pull)
            self._store_opened.wait(timeout=30)
            if self._stop.is_set():
                return
            try:
                self._open_puller()
            except Exception:  # the mirror folder itself failed: the terminal's store says so
                log.exception("the terminal's database sync could not start")
                return
            last = time.monotonic() - self.SYNC_EVERY_S  # due now
            full_scan = True
        else:
            last, full_scan = time.monotonic(), False
        while True:
            changes = self._local_changes()
            if changes != self._counted:  # a save was published into the mirror: one more waits
                self._counted = changes
                self._count_unsent()
            due = time.monotonic() - last >= self.SYNC_EVERY_S
            # a new save is sent at once, but while the database is away only every few seconds
            if due or (changes != self._seen and self.reachable is not False):
                try:
                    self.sync(pull=due, full_scan=full_scan)
                    self._seen, full_scan = changes, False
                except DatabaseError:
                    pass  # said in the log once; the sync bar shows it
                except Exception:  # never let the sync die: the mirror keeps everything
                    log.exception("the terminal's database sync failed")
                if due:
                    last = time.monotonic()
            if self._stop.wait(self.CHECK_S):
                return

    def status(self) -> dict[str, Any]:
        return {"house": self.target.house, "where": self.target.where, "reachable": self.reachable, "mirror": str(self.root), "unsent": self.unsent, "refused": self.refused}


def _one(row: tuple[Any, ...] | None) -> Any:
    """The single value of a row a query always returns."""
    if row is None:
        raise DatabaseRefused("replicate.error.refused", where="?", detail="no row")
    return row[0]
