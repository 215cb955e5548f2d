"""One replication run of one house, and the loop that repeats it (``smtte replicate``).

A run: read the folder's id, connect, apply the schema if it is missing, take the house's lock
(one replicator per house at a time), push what the folder has that the database lacks
(``push.py``), pull back what the database has for this house that the folder lacks
(``pull.py``), and note the run on the house's row. The house never waits for any of it: the
replicator only reads the folder, and when the database is away the run stops with one sentence
and nothing changed; the next run goes on from the marks.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smtte_tui.i18n import t
from smtte_tui.replicate import db, folder, pull, push
from smtte_tui.replicate.db import DatabaseRefused, DatabaseUnavailable

log = logging.getLogger(__name__)
FULL_SCAN_EVERY = dt.timedelta(hours=24)  # every folder is listed this often (files no manifest names)
STORE_NAME = "replikering"
ANALYZE_AFTER = 20_000  # revisions new to the database in one run that make the run refresh statistics  # the replicator's display name among the house's terminals


@dataclass
class RunResult:
    house: str
    name: str | None
    pushed: push.PushResult = field(default_factory=push.PushResult)
    pulled: pull.PullResult = field(default_factory=pull.PullResult)
    full_scan: bool = False
    seconds: float = 0.0

    @property
    def attention(self) -> bool:
        """Something a person should look at (files with bad records, revisions refused)."""
        return bool(self.pushed.problems or self.pulled.refused)

    def as_json(self) -> dict[str, Any]:
        return {
            "house": self.house,
            "name": self.name,
            "files": self.pushed.files,
            "lines": self.pushed.lines,
            "inserted": self.pushed.inserted,
            "problems": self.pushed.problems,
            "unread": self.pushed.unread,
            "pulled_waiting": self.pulled.waiting,
            "pulled": self.pulled.imported,
            "refused": self.pulled.refused,
            "unpublished": self.pulled.unpublished,
            "full_scan": self.full_scan,
            "seconds": round(self.seconds, 3),
        }


def replicator_local_dir(local_dir: Path, house: str) -> Path:
    """The replicator's own PC folder for one house: its own writer identity and journal, so it
    never shares a writer id with a terminal on the same PC, and replicators of several houses on
    one server run side by side."""
    return local_dir / "replikering" / house


def run_once(
    url: str, root: Path, *, local_dir: Path, house_name: str | None = None, full_scan: bool = False, today: dt.date | None = None, progress: Callable[[push.PushResult], None] | None = None
) -> RunResult:
    """Replicate one house once (module text). Raises :class:`folder.FolderRefused`,
    :class:`DatabaseUnavailable` or :class:`DatabaseRefused`, each with a Danish sentence."""
    started = time.perf_counter()
    root = Path(root)
    house = folder.house_id(root)
    today = today or dt.datetime.now(dt.UTC).date()
    conn = db.connect(url, application="smtte replicate")
    try:
        return _run(conn, url, root, house, local_dir=local_dir, house_name=house_name, full_scan=full_scan, today=today, progress=progress, started=started)
    except Exception as exc:
        if isinstance(exc, (DatabaseUnavailable, DatabaseRefused, folder.FolderRefused)):
            raise
        if db.is_unavailable(exc):
            log.warning("the database went away during replication of %s: %s", house, exc)
            raise DatabaseUnavailable("replicate.error.lost", where=db.describe(url)) from exc
        if type(exc).__module__.startswith("psycopg"):
            log.exception("the database refused replication of %s", house)
            raise DatabaseRefused("replicate.error.refused", where=db.describe(url), detail=type(exc).__name__) from exc
        raise
    finally:
        _unlock(conn, house)
        conn.close()


def _unlock(conn: Any, house: str) -> None:
    """Give the house's run lock back before closing: a closed connection's server process lets
    go of its locks only when it has exited, and the next run (a second later, or the next test)
    could otherwise find the house still "busy" on a loaded server."""
    try:
        if not conn.closed:
            conn.execute("SELECT pg_advisory_unlock(hashtext('smtte.replicate'), hashtext(%s))", (house,))
    except Exception as exc:  # a connection already lost holds nothing any more
        log.debug("unlocking the replication of %s: %s", house, exc)


def _run(
    conn: Any, url: str, root: Path, house: str, *, local_dir: Path, house_name: str | None, full_scan: bool, today: dt.date, progress: Callable[[push.PushResult], None] | None, started: float
) -> RunResult:
    db.ensure_schema(conn)
    if not conn.execute("SELECT pg_try_advisory_lock(hashtext('smtte.replicate'), hashtext(%s))", (house,)).fetchone()[0]:
        raise DatabaseRefused("replicate.error.busy", house=house)
    row = conn.execute(
        """INSERT INTO smtte.houses AS h (id, name) VALUES (%(id)s, %(name)s)
           ON CONFLICT (id) DO UPDATE SET name = coalesce(EXCLUDED.name, h.name)
           RETURNING name, last_full_scan, now()""",
        {"id": house, "name": house_name},
    ).fetchone()
    name, last_full_scan, now = row
    due = full_scan or last_full_scan is None or now - last_full_scan >= FULL_SCAN_EVERY
    result = RunResult(house, name, full_scan=due)
    result.pushed = push.push(conn, root, house, today=today, full_scan=due, progress=progress)
    if result.pushed.inserted >= ANALYZE_AFTER:
        # a house's first push: the planner's statistics (and the visibility map that lets a
        # report read observations from the index alone) would otherwise lag until autovacuum runs
        conn.execute("VACUUM (ANALYZE) smtte.revisions, smtte.entity_state")
    store_dir = replicator_local_dir(local_dir, house)
    writer: list[str] = []

    def open_store():
        from smtte_tui.store import Store

        store = Store(root, local_dir=store_dir, terminal_name=STORE_NAME)
        writer.append(store.writer)
        return store

    result.pulled = pull.pull(conn, house, open_store)
    conn.execute(
        """UPDATE smtte.houses SET last_push = now(), replicator = coalesce(%(writer)s, replicator),
               last_full_scan = CASE WHEN %(scanned)s THEN now() ELSE last_full_scan END
           WHERE id = %(id)s""",
        {"id": house, "writer": writer[0] if writer else None, "scanned": due and not result.pushed.unread},
    )
    result.seconds = time.perf_counter() - started
    return result


def summary(result: RunResult) -> str:
    """One Danish line about a run."""
    line = t(
        "replicate.done",
        house=result.name or result.house,
        files=result.pushed.files,
        lines=result.pushed.lines,
        inserted=result.pushed.inserted,
        pulled=result.pulled.imported,
        seconds=f"{result.seconds:.1f}",
    )
    notes = []
    if result.pushed.problems:
        notes.append(t("replicate.note.problems", n=len(result.pushed.problems)))
    if result.pushed.unread:
        notes.append(t("replicate.note.unread", n=len(result.pushed.unread)))
    if result.pulled.refused:
        notes.append(t("replicate.note.refused", n=len(result.pulled.refused)))
    if result.pulled.unpublished:
        notes.append(t("replicate.note.unpublished"))
    return " ".join([line, *notes])


def run_every(
    url: str,
    root: Path,
    every_s: float,
    *,
    local_dir: Path,
    house_name: str | None,
    say: Callable[[str], None],
    warn: Callable[[str], None],
    runs: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run again and again, ``every_s`` apart, until interrupted (or ``runs`` runs, for tests). A
    database or folder that is away is said once per outage and tried again at the next run."""
    outage: str | None = None
    done = 0
    while runs is None or done < runs:
        try:
            result = run_once(url, root, local_dir=local_dir, house_name=house_name)
            if outage is not None:
                say(t("replicate.back"))
            outage = None
            say(summary(result))
        except (DatabaseUnavailable, DatabaseRefused, folder.FolderRefused) as exc:
            if str(exc) != outage:
                warn(str(exc) + " " + t("replicate.retry", seconds=int(every_s)))
            outage = str(exc)
        done += 1
        if runs is None or done < runs:
            sleep(every_s)
