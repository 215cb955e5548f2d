"""A data folder in format 1, as smtte wrote it before format 2 (the release of 25.11.2026):
``FORMAT.json`` version 1, ``core/<YYYY>/<writer>.json``, ``borgere/<id>/<YYYY-MM>/<writer>.json`` and
``audit/<YYYY-MM>/<writer>.json``, each file TinyDB's ``{kind: {doc id: revision}}``, and
``terminals/<writer>.json``. Built from revisions so tests can compare record for record."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from smtte_tui.store import Revision
from smtte_tui.store.hlc import wall_time

CORE = {"borger", "medarbejder", "plan", "pdsa", "evaluering"}
BORGER = {"observation", "notat", "kommentar", "timeout"}


def format1_path(root: Path, rev: Revision, writer: str) -> Path:
    at = wall_time(rev.hlc)  # format 1 filed by the hybrid clock's wall time
    if rev.entity in CORE:
        return root / "core" / f"{at:%Y}" / f"{writer}.json"
    if rev.entity in BORGER:
        return root / "borgere" / str(rev.borger_id) / f"{at:%Y-%m}" / f"{writer}.json"
    return root / "audit" / f"{at:%Y-%m}" / f"{writer}.json"


def format1_doc(rev: Revision) -> dict[str, Any]:
    """The revision as format 1 stored it: no ``at`` (format 1 did not have it)."""
    return rev.model_dump(mode="json", exclude={"at"})


def write_format1_folder(root: Path, revisions: list[Revision], created: str = "2026-01-05T09:00:00+00:00") -> dict[Path, bytes]:
    """Lay ``revisions`` out in format 1 under ``root`` (each in the file of the writer that wrote
    it); returns every record file's bytes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "FORMAT.json").write_text(json.dumps({"format": "smtte-store", "version": 1, "created": created}), encoding="utf-8")
    files: dict[Path, dict[str, dict[str, Any]]] = defaultdict(dict)
    writers = set()
    for rev in revisions:
        path = format1_path(root, rev, rev.terminal)
        table = files[path].setdefault(rev.entity, {})
        table[str(len(table) + 1)] = format1_doc(rev)
        writers.add(rev.terminal)
    written = {}
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(content).encode("utf-8")
        path.write_bytes(data)
        written[path] = data
    (root / "terminals").mkdir(exist_ok=True)
    for writer in writers:
        (root / "terminals" / f"{writer}.json").write_text(json.dumps({"id": writer, "navn": writer, "vaert": "pc", "writer": writer}), encoding="utf-8")
    return written
