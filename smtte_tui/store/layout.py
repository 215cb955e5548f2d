"""Where each revision lives inside the data folder, and what each file there is.

::

    <data>/FORMAT.json                                   format name and version
    <data>/terminals/<writer>.json                       a terminal's description and last-seen state
    <data>/core/<YYYY>/<writer>.json                     borger, medarbejder, plan, pdsa, evaluering
    <data>/borgere/<borger-id>/<YYYY-MM>/<writer>.json   observation, notat, timeout of one borger
    <data>/audit/<YYYY-MM>/<writer>.json                 audit events
    <data>/quarantine/                                   files set aside by a repair, with a reason

A writer (one running terminal) only ever writes files named after itself, so no file has two
writers. Shards are chosen by the *write* time, so old shards stop changing and a borger's whole
history is one subtree. Core data is small and needed at start-up; observations are many and are
loaded per borger when needed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

FORMAT_FILE = "FORMAT.json"
FORMAT_NAME = "smtte-store"
FORMAT_VERSION = 1
TERMINALS = "terminals"
CORE = "core"
BORGERE = "borgere"
AUDIT = "audit"
QUARANTINE = "quarantine"

CORE_KINDS = frozenset({"borger", "medarbejder", "plan", "pdsa", "evaluering", "indstillinger", "pinkode"})
BORGER_KINDS = frozenset({"observation", "notat", "kommentar", "timeout"})
AUDIT_KINDS = frozenset({"audit"})

WRITER_ID = re.compile(r"^t[0-9a-f]{12}$")
# Any extra text after a writer id is a sync client's conflict copy:
#   Syncthing  t0123456789ab.sync-conflict-20261125-101010-ABCDEF7.json
#   Dropbox    t0123456789ab (Anne's conflicted copy 2026-11-25).json
#   OneDrive   t0123456789ab-KONTOR-PC.json
CONFLICT_COPY = re.compile(r"^(t[0-9a-f]{12})(.+)\.json$")


def shard_path(root: Path, kind: str, borger_id: str | None, at: dt.datetime, writer: str) -> Path:
    if kind in CORE_KINDS:
        return root / CORE / f"{at:%Y}" / f"{writer}.json"
    if kind in BORGER_KINDS:
        if not borger_id:
            raise ValueError(f"{kind} needs a borger_id")
        return root / BORGERE / borger_id / f"{at:%Y-%m}" / f"{writer}.json"
    if kind in AUDIT_KINDS:
        return root / AUDIT / f"{at:%Y-%m}" / f"{writer}.json"
    raise ValueError(f"unknown kind {kind}")


@dataclass(frozen=True)
class FileKind:
    role: str  # "shard" | "conflict_copy" | "unexpected"
    writer: str | None = None


def classify(path: Path) -> FileKind:
    """What a ``.json`` file below core/, borgere/ or audit/ is."""
    stem = path.name[:-5] if path.name.endswith(".json") else path.name
    if WRITER_ID.match(stem):
        return FileKind("shard", stem)
    match = CONFLICT_COPY.match(path.name)
    if match:
        return FileKind("conflict_copy", match.group(1))
    return FileKind("unexpected")


def month_folders(today: dt.date, months: int) -> list[str]:
    """The ``YYYY-MM`` names of this month and the ``months - 1`` before it."""
    names, year, month = [], today.year, today.month
    for _ in range(months):
        names.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return names
