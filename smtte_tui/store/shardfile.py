"""Reading and writing one shard file (TinyDB's JSON format: ``{kind: {doc id: revision}}``).

Writing goes through TinyDB with :class:`AtomicJSONStorage`, a TinyDB storage that, unlike the
stock ``JSONStorage``, keeps no handle open and replaces the file atomically (temp + fsync +
``os.replace`` with retries). Only the shard's own writer ever writes it, so the storage may keep
the parsed content in memory as long as the file's size and mtime are what it last wrote.

Reading many shards (another terminal's files, a borger's five years) skips TinyDB's per-document
objects and validates the file's bytes directly with pydantic, which is several times faster and
still validates every record.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage

from smtte_tui.i18n import t
from smtte_tui.models import ENTITY_MODELS, Entity
from smtte_tui.store.files import atomic_write, ensure_dir, read_bytes
from smtte_tui.store.revision import SHARD_ADAPTER, Revision


def dump_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """A TinyDB storage that is safe for one writer on a shared drive."""

    def __init__(self, path: str, fsync: bool = True) -> None:
        self.path = Path(path)
        self.fsync = fsync
        self._cache: dict[str, dict[str, Any]] | None = None
        self._stat: tuple[int, int] | None = None

    def _current_stat(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def read(self) -> dict[str, dict[str, Any]] | None:
        stat = self._current_stat()
        if stat is None:
            self._cache, self._stat = None, None
            return None
        if self._cache is not None and stat == self._stat:
            return self._cache
        raw = read_bytes(self.path)
        data = json.loads(raw) if raw.strip() else {}
        if not isinstance(data, dict):
            raise ValueError("shard root is not an object")
        self._cache, self._stat = data, stat
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        ensure_dir(self.path.parent)
        try:
            atomic_write(self.path, dump_json(data), fsync=self.fsync)
        except BaseException:
            self._cache, self._stat = None, None
            raise
        self._cache, self._stat = data, self._current_stat()

    def close(self) -> None:
        pass


def open_shard(path: Path, fsync: bool = True) -> TinyDB:
    return TinyDB(str(path), storage=AtomicJSONStorage, fsync=fsync)


@dataclass
class ShardRead:
    """What one file held: valid revisions (with created models) and, if any, what was wrong."""

    revisions: list[Revision] = field(default_factory=list)
    created: dict[str, Entity] = field(default_factory=dict)  # revision id -> validated model
    problem: str | None = None


def _validate_revision(kind: str, rev: Revision, out: ShardRead) -> None:
    if rev.entity != kind:
        raise ValueError(f"{rev.id}: table {kind} holds a {rev.entity}")
    model = ENTITY_MODELS[rev.entity]
    if rev.op == "create":
        entity = model.model_validate(rev.data)
        if entity.id != rev.entity_id:
            raise ValueError(f"{rev.id}: data id differs from entity_id")
        out.created[rev.id] = entity
    elif rev.op == "update":
        unknown = set(rev.data) - set(model.model_fields)
        if unknown or "id" in rev.data:
            raise ValueError(f"{rev.id}: unknown fields {sorted(unknown)}")
    out.revisions.append(rev)


def read_shard(path: Path) -> ShardRead:
    """Read and validate every record of one file. Never raises for bad content: it says why."""
    out = ShardRead()
    try:
        raw = read_bytes(path)
    except OSError as exc:
        out.problem = t("store.reason.unreadable", detail=exc.strerror or type(exc).__name__)
        return out
    if not raw.strip():
        return out  # a writer's empty file is valid
    try:
        content = SHARD_ADAPTER.validate_json(raw)
    except ValidationError:
        content = None
    if content is None:
        # Salvage what can be salvaged, record by record, and report the rest.
        try:
            loose = json.loads(raw)
            if not isinstance(loose, dict):
                raise ValueError("root is not an object")
        except (ValueError, UnicodeDecodeError) as exc:
            out.problem = t("store.reason.bad_json", detail=str(exc)[:120])
            return out
        bad, first_error = 0, ""
        for kind, table in loose.items():
            for doc in (table.values() if isinstance(table, dict) else [table]):
                try:
                    _validate_revision(kind, Revision.model_validate(doc), out)
                except (ValidationError, ValueError, KeyError, TypeError) as exc:
                    bad += 1
                    first_error = first_error or str(exc).splitlines()[0][:160]
        out.problem = t("store.reason.invalid_records", n=bad, detail=first_error)
        return out
    bad, first_error = 0, ""
    for kind, table in content.items():
        for rev in table.values():
            try:
                _validate_revision(kind, rev, out)
            except (ValidationError, ValueError, KeyError) as exc:
                bad += 1
                first_error = first_error or str(exc).splitlines()[0][:160]
    if bad:
        out.problem = t("store.reason.invalid_records", n=bad, detail=first_error)
    return out


def write_new_file(path: Path, revisions: list[Revision], fsync: bool = True) -> None:
    """Write revisions into a shard through TinyDB (used for fresh files and repairs)."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for rev in revisions:
        by_kind.setdefault(rev.entity, []).append(rev.model_dump(mode="json"))
    db = open_shard(path, fsync=fsync)
    for kind, docs in by_kind.items():
        db.table(kind).insert_multiple(docs)
