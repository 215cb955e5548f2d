"""Pulling back: revisions of this house that its folder did not deliver (written in the database:
a tovholder at the municipality's office, the future PostgreSQL store backend, ``smtte report``'s
audit events) are published in the house folder so every terminal reads them.

They are written by the replicator's own ``Store`` (its own writer id and files, so "one writer
per file" holds) through :meth:`Store.import_revisions`: checked like a record read from a file,
published under their own ids, stamps and authors, and never twice. A revision is marked as taken
in (``smtte.replication_pulled``) only once it is on the share; a kill between the two costs at
most a second import, which adds nothing. A field written both here and on a terminal at the same
time is a ``FieldConflict`` in the house, exactly as between two terminals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from smtte_tui.store import InvalidData, Revision, Store

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)
BATCH = 2_000

_WAITING = """
SELECT r.id, r.writer, r.hlc, r.at, r.entity, r.entity_id, r.borger_id, r.op, r.parents, r.author, r.data
FROM smtte.revisions r
WHERE r.house_id = %(house)s AND r.from_folder IS DISTINCT FROM r.house_id
  AND NOT EXISTS (SELECT 1 FROM smtte.replication_pulled p WHERE p.house_id = r.house_id AND p.revision_id = r.id)
ORDER BY r.hlc, r.id
"""


@dataclass
class PullResult:
    waiting: int = 0  # revisions in the database this house had not taken in
    imported: int = 0  # of those, new to the house folder
    refused: list[str] = field(default_factory=list)  # ids that are no valid revision (logged; tried again next run)
    unpublished: bool = False  # the share did not take them now (they wait in the journal)


def waiting(conn: psycopg.Connection, house: str) -> list[tuple]:
    return conn.execute(_WAITING, {"house": house}).fetchall()


def revision_of(row: tuple) -> Revision:
    rev_id, writer, hlc, at, entity, entity_id, borger_id, op, parents, author, data = row
    return Revision(id=rev_id, terminal=writer, hlc=hlc, at=at, entity=entity, entity_id=entity_id, borger_id=borger_id, op=op, parents=list(parents or []), author=author, data=data)


def importable(store: Store, revisions: list[Revision], refused: list[str], known: Collection[str] = ()) -> int:
    """Import a batch; when the store refuses it, import one by one and leave out the refused
    (logged, except those in ``known``: refused before and said then)."""
    try:
        return store.import_revisions(revisions)
    except InvalidData:
        if len(revisions) == 1:
            refused.append(revisions[0].id)
            if revisions[0].id not in known:
                log.warning("revision %s in the database cannot be used and is not taken in", revisions[0].id)
            return 0
    return sum(importable(store, [rev], refused, known) for rev in revisions)


def pull(conn: psycopg.Connection, house: str, open_store: Callable[[], Store]) -> PullResult:
    """Take in every revision waiting for this house (module text). Opens the store only when
    something waits, so a run with nothing to pull never writes to the folder."""
    rows = waiting(conn, house)
    conn.commit()
    result = PullResult(waiting=len(rows))
    if not rows:
        return result
    revisions: list[Revision] = []
    for row in rows:
        try:
            revisions.append(revision_of(row))
        except (ValidationError, ValueError, TypeError) as exc:
            result.refused.append(str(row[0])[:64])
            log.warning("revision %.64s in the database is no valid revision: %s", row[0], str(exc).splitlines()[0])
    with open_store() as store:
        for first in range(0, len(revisions), BATCH):
            batch = revisions[first : first + BATCH]
            result.imported += importable(store, batch, result.refused)
            if store.flush():
                result.unpublished = True  # kept in the replicator's journal; marked when published
                return result
            taken = [rev.id for rev in batch if rev.id not in result.refused]
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany("INSERT INTO smtte.replication_pulled (house_id, revision_id) VALUES (%s, %s) ON CONFLICT DO NOTHING", [(house, rev_id) for rev_id in taken])
    return result
