"""Where each revision lives inside the data folder (format 2), and what each file there is.

::

    <data>/FORMAT.json                                   format name and version (+ house facts)
    <data>/manifests/<writer>.json                       a writer's manifest: sequence, recent files
    <data>/core/<writer>.jsonl                           borger, medarbejder, plan, pdsa, evaluering
    <data>/log/<YYYY-MM>/<writer>.jsonl                  observation, notat, kommentar, timeout of
                                                         every borger, by the month they were written
    <data>/borgere/<borger-id>/<YYYY>/<writer>.jsonl     the same records again, one borger's per year
    <data>/audit/<YYYY-MM>/<writer>.jsonl                audit events
    <data>/quarantine/                                   files set aside by a repair, with a reason

Why this cut (docs/architecture.md has the figures): on a share every file costs round trips, so
what is read together lives together. Start-up needs the core and the recent months of *every*
borger: ``core/`` is one file per writer and ``log/<month>/`` one file per writer and month, so a
cold start touches O(writers) files, not borgere x months x writers. A borger's timeline needs one
borger's *whole* history: ``borgere/<id>/<year>/`` is one file per writer and year. Every borger
record is therefore written twice, to its month's log and its borger's year (union by revision id
makes the copy harmless, and each copy can rescue the other). A writer only ever writes files
named after itself; files are JSON Lines (one revision per line), so a damaged line costs one
record, not a file, and a writer appends instead of rewriting.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

FORMAT_FILE = "FORMAT.json"
FORMAT_NAME = "smtte-store"
FORMAT_VERSION = 2
MANIFESTS = "manifests"
CORE = "core"
LOG = "log"
BORGERE = "borgere"
AUDIT = "audit"
QUARANTINE = "quarantine"
EXPORT = "eksport"
SUFFIX = ".jsonl"

CORE_KINDS = frozenset({"borger", "medarbejder", "plan", "pdsa", "evaluering", "indstillinger"})
BORGER_KINDS = frozenset({"observation", "notat", "kommentar", "timeout"})
AUDIT_KINDS = frozenset({"audit"})

WRITER_ID = re.compile(r"^t[0-9a-f]{12}$")
# Ids become folder names (borgere/<id>/): one pattern, checked before any path is built.
SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
YEAR = re.compile(r"^\d{4}$")
# Any extra text after a writer id is a sync client's conflict copy:
#   Syncthing  t0123456789ab.sync-conflict-20261125-101010-ABCDEF7.jsonl
#   Dropbox    t0123456789ab (Anne's conflicted copy 2026-11-25).jsonl
#   OneDrive   t0123456789ab-KONTOR-PC.jsonl
CONFLICT_COPY = re.compile(r"^(t[0-9a-f]{12})(.+)\.jsonl$")


class UnsafePath(ValueError):
    """An id or path that would lead outside the data folder (or is no valid name)."""


def safe_id(value: str | None) -> str:
    if not isinstance(value, str) or not SAFE_ID.match(value):
        raise UnsafePath(f"not a valid id: {value!r:.80}")
    return value


def month_of(at: dt.datetime) -> str:
    return f"{at.astimezone(dt.UTC):%Y-%m}"


def targets(kind: str, borger_id: str | None, at: dt.datetime, writer: str) -> tuple[str, ...]:
    """The relative paths (``/``-separated) a revision of ``kind`` written at ``at`` goes to."""
    at = at.astimezone(dt.UTC)
    if kind in CORE_KINDS:
        return (f"{CORE}/{writer}{SUFFIX}",)
    if kind in BORGER_KINDS:
        return (f"{LOG}/{at:%Y-%m}/{writer}{SUFFIX}", f"{BORGERE}/{safe_id(borger_id)}/{at:%Y}/{writer}{SUFFIX}")
    if kind in AUDIT_KINDS:
        return (f"{AUDIT}/{at:%Y-%m}/{writer}{SUFFIX}",)
    raise ValueError(f"unknown kind {kind}")


def core_file(writer: str) -> str:
    return f"{CORE}/{writer}{SUFFIX}"


def log_file(month: str, writer: str) -> str:
    return f"{LOG}/{month}/{writer}{SUFFIX}"


def audit_file(month: str, writer: str) -> str:
    return f"{AUDIT}/{month}/{writer}{SUFFIX}"


def manifest_file(writer: str) -> str:
    return f"{MANIFESTS}/{writer}.json"


@dataclass(frozen=True)
class FileKind:
    role: str  # "shard" | "conflict_copy" | "unexpected"
    writer: str | None = None
    area: str = ""  # core | log | borgere | audit
    period: str = ""  # YYYY-MM (log, audit), YYYY (borgere), "" (core)
    borger_id: str = ""


def classify(relative: str) -> FileKind:
    """What a file below core/, log/, borgere/ or audit/ is, from its ``/``-separated path."""
    parts = relative.split("/")
    name = parts[-1]
    area = parts[0]
    shape = {CORE: 2, LOG: 3, AUDIT: 3, BORGERE: 4}.get(area)
    if shape != len(parts) or not name.endswith(SUFFIX):
        return FileKind("unexpected", area=area)
    period = parts[-2] if area != CORE else ""
    borger = parts[1] if area == BORGERE else ""
    if area in (LOG, AUDIT) and not MONTH.match(period):
        return FileKind("unexpected", area=area)
    if area == BORGERE and (not YEAR.match(period) or not SAFE_ID.match(borger)):
        return FileKind("unexpected", area=area)
    stem = name[: -len(SUFFIX)]
    if WRITER_ID.match(stem):
        return FileKind("shard", stem, area, period, borger)
    match = CONFLICT_COPY.match(name)
    if match:
        return FileKind("conflict_copy", match.group(1), area, period, borger)
    return FileKind("unexpected", area=area, period=period, borger_id=borger)


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def resolve(root: Path, rel: str) -> Path:
    """``root / rel``, refusing anything that would leave the data folder."""
    parts = rel.split("/")
    if not rel or any(part in ("", ".", "..") or "\\" in part or ":" in part for part in parts):
        raise UnsafePath(f"not a path inside the data folder: {rel!r:.120}")
    return root.joinpath(*parts)


def month_folders(today: dt.date, months: int) -> list[str]:
    """The ``YYYY-MM`` names of this month and the ``months - 1`` before it, newest first."""
    names, year, month = [], today.year, today.month
    for _ in range(months):
        names.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return names


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + (number == 12):04d}-{number % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive (empty if first > last)."""
    found: list[str] = []
    month = first
    while month <= last and len(found) < 12 * 400:
        found.append(month)
        month = next_month(month)
    return found
