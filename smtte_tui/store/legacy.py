"""Reading a format-1 data folder (TinyDB-format ``.json`` shards), for the migration to format 2.

Format 1 kept ``core/<YYYY>/<writer>.json``, ``borgere/<id>/<YYYY-MM>/<writer>.json`` and
``audit/<YYYY-MM>/<writer>.json``, each ``{kind: {doc id: revision}}``, and ``terminals/``. Format 2
lives beside it under other names (``.jsonl``, ``log/``, year folders), so the old files can stay
where they are, untouched, as the proof of what was migrated.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from smtte_tui.i18n import t
from smtte_tui.models import Entity
from smtte_tui.store import records
from smtte_tui.store.files import TooLarge, read_from
from smtte_tui.store.revision import Revision

WRITER_FILE = re.compile(r"^t[0-9a-f]{12}.*\.json$")
YEAR = re.compile(r"^\d{4}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass
class V1File:
    path: Path
    revisions: list[Revision] = field(default_factory=list)
    created: dict[str, Entity] = field(default_factory=dict)
    problem: str | None = None  # what is wrong with the file's content
    failed: OSError | None = None  # the file could not be read now (try again; not the file's fault)


def shard_files(root: Path, *, borger_months: set[str] | None = None, core_years: set[str] | None = None, audit_months: set[str] | None = None) -> Iterator[Path]:
    """Format-1 record files (shards and conflict copies), optionally only some periods."""

    def listed(folder: Path) -> list[os.DirEntry[str]]:
        try:
            return [entry for entry in os.scandir(folder) if not entry.name.startswith(".")]
        except OSError:
            return []

    def files(folder: Path) -> Iterator[Path]:
        for entry in listed(folder):
            if WRITER_FILE.match(entry.name) and entry.is_file(follow_symlinks=False):
                yield Path(entry.path)

    for year in listed(root / "core"):
        if YEAR.match(year.name) and (core_years is None or year.name in core_years) and year.is_dir(follow_symlinks=False):
            yield from files(Path(year.path))
    for borger in listed(root / "borgere"):
        if not borger.is_dir(follow_symlinks=False):
            continue
        for month in listed(Path(borger.path)):
            if MONTH.match(month.name) and (borger_months is None or month.name in borger_months) and month.is_dir(follow_symlinks=False):
                yield from files(Path(month.path))
    for month in listed(root / "audit"):
        if MONTH.match(month.name) and (audit_months is None or month.name in audit_months) and month.is_dir(follow_symlinks=False):
            yield from files(Path(month.path))


def read_file(path: Path) -> V1File:
    """Every valid revision of one format-1 file; never raises for bad content. A read that fails
    (an OSError) is ``failed``, never a ``problem``: it says nothing about the file."""
    out = V1File(path)
    try:
        raw, _ = read_from(path, limit=records.MAX_FILE_BYTES)
    except TooLarge:
        out.problem = t("store.reason.too_large", limit=records.MAX_FILE_BYTES // (1024 * 1024))
        return out
    except OSError as exc:  # held by a scan, OneDrive not running, the share gone: nothing known of the file
        out.failed = exc
        return out
    if not raw.strip():
        return out
    try:
        content = json.loads(raw)
        if not isinstance(content, dict):
            raise ValueError("root is not an object")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        out.problem = t("store.reason.bad_json", detail=str(exc)[:120])
        return out
    parsed = records.Parsed()
    bad, first_error = 0, ""
    for kind, table in content.items():
        for doc in table.values() if isinstance(table, dict) else [table]:
            try:
                rev = Revision.model_validate(doc)
                if rev.entity != kind:
                    raise ValueError(f"table {kind} holds a {rev.entity}")
                records.check_revision(rev, parsed)
                parsed.revisions.append(rev)
            except (ValidationError, ValueError, KeyError, TypeError, RecursionError) as exc:
                bad += 1
                first_error = first_error or (str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__)
    out.revisions, out.created = parsed.revisions, parsed.created
    if bad:
        out.problem = t("store.reason.invalid_records", n=bad, detail=first_error)
    return out
