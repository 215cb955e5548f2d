"""Revisions as JSON Lines: writing them, and reading them back record by record.

A file holds one revision per line. Reading never raises for bad content: every line that parses
and validates is used, every other line is counted with a reason, and limits keep one hostile or
broken file from costing the house its memory or its stack:

* a file larger than ``MAX_FILE_BYTES`` is not read (``check --repair`` sets it aside whole);
* a line longer than ``MAX_LINE_BYTES`` is refused without parsing it;
* nesting deeper than ``MAX_DEPTH`` is refused (the JSON parser stops at ~200 levels by itself;
  a revision never nests more than a handful);
* a last line without its newline is a write still under way (or cut short by a crash): it is
  left for the next read, not reported, and ``consumed`` stops before it.

The fast path validates all complete lines in one pydantic call; only a file with a bad line is
read line by line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from smtte_tui.i18n import t
from smtte_tui.models import ENTITY_MODELS, Entity
from smtte_tui.store.revision import Revision
from smtte_tui.usererror import UserError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
MAX_DEPTH = 16
_BRACKETS_BEFORE_DEPTH_CHECK = 48  # a normal revision line has far fewer "[" and "{" than this

_LINES = TypeAdapter(list[Revision])
_FIELD_ADAPTERS: dict[tuple[str, str], TypeAdapter[Any]] = {}


def encode(revisions: list[Revision]) -> bytes:
    """One line per revision, each ending in a newline (UTF-8, no ASCII escaping)."""
    return b"".join(line(rev) for rev in revisions)


def line(rev: Revision) -> bytes:
    return json.dumps(rev.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


@dataclass
class Parsed:
    """What a run of bytes held: valid revisions (with validated models for creates), bad lines,
    and how many bytes were complete lines (``consumed``; a partial last line is not)."""

    revisions: list[Revision] = field(default_factory=list)
    created: dict[str, Entity] = field(default_factory=dict)  # revision id -> validated model
    bad: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    consumed: int = 0
    partial_tail: bool = False

    def problem(self) -> str | None:
        if not self.bad:
            return None
        number, reason = self.bad[0]
        return t("store.reason.invalid_records", n=len(self.bad), detail=f"linje {number}: {reason}")


def _depth(value: Any, limit: int) -> int:
    """How deep ``value`` nests, counting no further than ``limit + 1``."""
    if limit < 0:
        return 1
    if isinstance(value, dict):
        return 1 + max((_depth(v, limit - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0


def _field_adapter(kind: str, name: str) -> TypeAdapter[Any]:
    key = (kind, name)
    if key not in _FIELD_ADAPTERS:
        info = ENTITY_MODELS[kind].model_fields[name]
        _FIELD_ADAPTERS[key] = TypeAdapter(info.rebuild_annotation())  # with Field(ge=...) constraints
    return _FIELD_ADAPTERS[key]


def check_revision(rev: Revision, out: Parsed) -> None:
    """Validate what a revision says about its entity; raise ValueError with a reason if it cannot
    be used. A create must hold a whole valid entity; an update only known fields with values of
    the right type (cross-field rules are checked when the entity is folded). Every number is then
    finite and bounded: the models say so (``models.Tal``), and ``data`` holds model fields only."""
    model = ENTITY_MODELS[rev.entity]
    if rev.op == "create":
        entity = model.model_validate(rev.data)
        if entity.id != rev.entity_id:
            raise ValueError("data id differs from entity_id")
        out.created[rev.id] = entity
    elif rev.op == "update":
        unknown = set(rev.data) - set(model.model_fields)
        if unknown or "id" in rev.data:
            raise ValueError(f"unknown fields {sorted(unknown) or ['id']}")
        for name, value in rev.data.items():
            _field_adapter(rev.entity, name).validate_python(value)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error.get("loc", ()))
        return f"{where}: {error.get('msg', '')}"[:160] if where else str(error.get("msg", ""))[:160]
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


def parse(raw: bytes, first_line: int = 1) -> Parsed:
    """Read every complete line of ``raw``. Never raises for bad content."""
    out = Parsed()
    end = raw.rfind(b"\n") + 1
    out.consumed = end
    out.partial_tail = end < len(raw) and bool(raw[end:].strip())
    lines = raw[:end].split(b"\n")[:-1]
    if not lines:
        return out
    try:
        if any(len(item) > MAX_LINE_BYTES or item.count(b"[") + item.count(b"{") > _BRACKETS_BEFORE_DEPTH_CHECK for item in lines):
            raise ValueError("a line needs a closer look")
        revisions = _LINES.validate_json(b"[" + b",".join(item for item in lines if item.strip()) + b"]")
        created: dict[str, Entity] = {}
        fast = Parsed(created=created)
        for rev in revisions:
            check_revision(rev, fast)
        out.revisions, out.created = revisions, fast.created
        return out
    except (ValidationError, ValueError, TypeError, KeyError):
        pass  # one bad line: read line by line and keep every good one
    for offset, item in enumerate(lines):
        if not item.strip():
            continue
        number = first_line + offset
        if len(item) > MAX_LINE_BYTES:
            out.bad.append((number, t("store.reason.line_too_long", size=len(item))))
            continue
        try:
            rev = Revision.model_validate_json(item)
            if item.count(b"[") + item.count(b"{") > _BRACKETS_BEFORE_DEPTH_CHECK and _depth(rev.data, MAX_DEPTH) > MAX_DEPTH:
                raise UserError("store.reason.too_deep", limit=MAX_DEPTH)
            check_revision(rev, out)
            out.revisions.append(rev)
        except (ValidationError, ValueError, TypeError, KeyError) as exc:
            out.bad.append((number, _reason(exc)))
    return out
