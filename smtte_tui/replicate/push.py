"""Pushing a house folder's revisions into PostgreSQL.

Each batch is one transaction: the revisions' raw lines go in with ``COPY`` (PostgreSQL parses the
JSON), are inserted with ``ON CONFLICT (id) DO NOTHING``, and the marks of the files they came
from move on in the same transaction. A kill at any point therefore leaves either a batch with its
marks or neither, and the next run goes on from the marks: nothing is pushed twice, and were it
pushed twice, the revision id keeps one copy. Nothing is ever updated or deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from smtte_tui.replicate import folder
from smtte_tui.replicate.folder import Chunk, Mark
from smtte_tui.store import Revision, layout

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)
BATCH_LINES = 25_000  # revisions per transaction (a file is never split across two)

_INSERT = """
INSERT INTO smtte.revisions (id, house_id, from_folder, writer, hlc, at, entity, entity_id, borger_id, op, parents, author, data)
SELECT l ->> 'id', %(house)s, %(folder)s, l ->> 'terminal', l ->> 'hlc', (l ->> 'at')::timestamptz, l ->> 'entity', l ->> 'entity_id',
       l ->> 'borger_id', l ->> 'op', ARRAY(SELECT jsonb_array_elements_text(coalesce(l -> 'parents', '[]'))), l ->> 'author',
       coalesce(l -> 'data', '{}')
FROM smtte_incoming
ON CONFLICT (id) DO NOTHING
"""
_MARK = """
INSERT INTO smtte.replication_marks AS m (house_id, file, pushed_bytes, crc32, records, pushed_at)
VALUES (%s, %s, %s, %s, %s, now())
ON CONFLICT (house_id, file) DO UPDATE SET pushed_bytes = EXCLUDED.pushed_bytes, crc32 = EXCLUDED.crc32,
    records = EXCLUDED.records, pushed_at = EXCLUDED.pushed_at
"""


@dataclass
class PushResult:
    files: int = 0  # files read
    lines: int = 0  # revision lines sent
    inserted: int = 0  # revisions new to the database
    problems: dict[str, str] = field(default_factory=dict)  # file -> why (some of) it is not pushed
    unread: list[str] = field(default_factory=list)  # files the folder failed to deliver (next run)


def load_marks(conn: psycopg.Connection, house: str) -> dict[str, Mark]:
    rows = conn.execute("SELECT file, pushed_bytes, crc32, records FROM smtte.replication_marks WHERE house_id = %s", (house,)).fetchall()
    return {file: Mark(size, crc, count) for file, size, crc, count in rows}


def _copy_text(lines: Iterable[bytes]) -> bytes:
    """Lines as COPY text-format rows of one column: a backslash is COPY's escape character (JSON
    lines hold no raw tab or newline, JSON escapes those)."""
    return b"\n".join(lines).replace(b"\\", b"\\\\") + b"\n"


class Pusher:
    """Batches chunks and commits each batch with its marks.

    One batch is written by a helper thread while the next is read and parsed (the database's
    work and Python's overlap: psycopg lets go of Python's lock while it waits). Batches are
    committed one after another in order, and the first failure stops every later one, so a
    line left out because its id came in an earlier batch is always in the database first."""

    def __init__(self, conn: psycopg.Connection, house: str, result: PushResult, progress: Callable[[PushResult], None] | None = None, *, from_folder: str | None = None) -> None:
        self.conn = conn
        self.house = house
        self.from_folder = from_folder or house
        self.result = result
        self.progress = progress
        self.chunks: list[Chunk] = []
        self.lines = 0
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="smtte-push")
        self._inflight: Future[None] | None = None
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS smtte_incoming (l jsonb) ON COMMIT DELETE ROWS")
        conn.commit()

    def add(self, chunk: Chunk) -> None:
        if chunk.mark is None:
            return
        self.chunks.append(chunk)
        self.lines += len(chunk.lines)
        if self.lines >= BATCH_LINES:
            self.commit()

    def commit(self) -> None:
        """Hand the batch so far to the writer (after the one before it is committed)."""
        if not self.chunks:
            return
        batch, self.chunks, self.lines = self.chunks, [], 0
        self._wait()
        self._inflight = self._writer.submit(self._write, batch)

    def finish(self) -> None:
        """Commit what is left and wait for it; raises what any batch raised."""
        try:
            self.commit()
            self._wait()
        finally:
            self._writer.shutdown(wait=True)

    def _wait(self) -> None:
        if self._inflight is not None:
            inflight, self._inflight = self._inflight, None
            inflight.result()

    def _write(self, batch: list[Chunk]) -> None:
        with self.conn.transaction():
            lines = [line for chunk in batch for line in chunk.lines]
            if lines:
                with self.conn.cursor() as cur:
                    with cur.copy("COPY smtte_incoming (l) FROM STDIN") as copy:
                        copy.write(_copy_text(lines))
                    cur.execute(_INSERT, {"house": self.house, "folder": self.from_folder})
                    self.result.inserted += max(cur.rowcount, 0)
            with self.conn.cursor() as cur:
                cur.executemany(_MARK, [(self.house, c.rel, c.mark.size, c.mark.crc, c.mark.records) for c in batch if c.mark is not None])
        self.result.lines += len(lines)
        self.result.files += len(batch)
        if self.progress is not None:
            self.progress(self.result)


def push(
    conn: psycopg.Connection,
    root: Path,
    house: str,
    *,
    today: dt.date,
    full_scan: bool,
    progress: Callable[[PushResult], None] | None = None,
    from_folder: str | None = None,
    skip_writers: frozenset[str] = frozenset(),
) -> PushResult:
    """Push every revision of the folder the database lacks (module text). ``from_folder``
    names the folder in the rows (default: the house's own folder; a terminal's mirror gives its
    own id), and files of ``skip_writers`` are not read (a mirror's puller: they hold only what
    came from the database)."""
    result = PushResult()
    marks = load_marks(conn, house)
    conn.commit()
    jobs = [job for job in folder.plan(root, marks, today=today, full_scan=full_scan or not marks) if layout.classify(job.rel).writer not in skip_writers]
    pusher = Pusher(conn, house, result, progress, from_folder=from_folder)
    pushed: set[bytes] = set()
    try:
        for chunk in folder.read(root, jobs, pushed):
            if chunk.failed:
                result.unread.append(chunk.rel)
                continue
            if chunk.problem:
                result.problems[chunk.rel] = chunk.problem
            pusher.add(chunk)
    finally:
        pusher.finish()
    return result


def insert_revisions(conn: psycopg.Connection, house: str, revisions: Iterable[Revision]) -> int:
    """Write revisions into the database directly, as not from any folder (``from_folder`` NULL):
    what a tovholder at the municipality's office or the future PostgreSQL store backend does.
    The house's replicator brings them into its folder. Returns how many were new."""
    import json

    rows = [
        (
            rev.id,
            house,
            rev.terminal,
            rev.hlc,
            rev.at,
            rev.entity,
            rev.entity_id,
            rev.borger_id,
            rev.op,
            list(rev.parents),
            rev.author,
            json.dumps(rev.model_dump(mode="json")["data"], ensure_ascii=False),
        )
        for rev in revisions
    ]
    inserted = 0
    with conn.transaction(), conn.cursor() as cur:
        for row in rows:
            cur.execute(
                """INSERT INTO smtte.revisions (id, house_id, from_folder, writer, hlc, at, entity, entity_id, borger_id, op, parents, author, data)
                   VALUES (%s, %s, NULL, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb) ON CONFLICT (id) DO NOTHING""",
                row,
            )
            inserted += max(cur.rowcount, 0)
    return inserted
