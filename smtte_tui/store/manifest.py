"""A writer's manifest: the one small file other terminals read to learn what it changed.

``manifests/<writer>.json`` is rewritten (atomically) after every publish. It carries a sequence
number, the writer's display name, host and pending count (the overview's "last sign of life"),
the number of records it has published, and for every file it touched recently (and its core
file) the file's size, record count and CRC-32.

Why readers can trust it on an SMB share: the Windows client serves file *attributes* and folder
*listings* from caches for up to 10 s, so a poll that stats files or lists folders can miss a
change for that long. Opening and reading a file's content goes to the server (or to a lease the
server breaks when the file changes). So readers open and read the manifests — O(writers) small
files — and learn from their content which files grew; then they read only those files, from the
offset they had reached. Sizes and CRCs also reveal a file that was replaced by an older copy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from smtte_tui.store import layout
from smtte_tui.store.files import atomic_write, read_from

MAX_MANIFEST_BYTES = 4 * 1024 * 1024
RECENT = dt.timedelta(days=7)  # files touched this recently are listed (and the core file always)


class Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    format: int = layout.FORMAT_VERSION
    writer: str = Field(pattern=layout.WRITER_ID.pattern)
    navn: str = Field(default="", max_length=200)
    vaert: str = Field(default="", max_length=200)
    seq: int = Field(default=0, ge=0)
    opdateret: dt.datetime | None = None
    ventende: int = Field(default=0, ge=0)
    poster: int = Field(default=0, ge=0)  # records published so far (each once)
    filer: dict[str, tuple[int, int, int]] = Field(default_factory=dict)  # rel -> (size, count, crc32)

    def entry(self, rel: str) -> tuple[int, int, int] | None:
        return self.filer.get(rel)


def write(root: Path, manifest: Manifest, *, fsync: bool = True) -> None:
    path = layout.resolve(root, layout.manifest_file(manifest.writer))
    atomic_write(path, manifest.model_dump_json().encode("utf-8"), fsync=fsync)


def read(path: Path) -> Manifest:
    """Raises OSError when it cannot be read, ValueError when it is not a valid manifest."""
    raw, _ = read_from(path, limit=MAX_MANIFEST_BYTES)
    try:
        manifest = Manifest.model_validate_json(raw)
    except ValidationError as exc:
        raise ValueError(str(exc).splitlines()[0]) from exc
    if path.name != f"{manifest.writer}.json":
        raise ValueError("manifest names another writer")
    for rel in manifest.filer:
        kind = layout.classify(rel)
        if kind.role != "shard" or kind.writer != manifest.writer:
            raise ValueError(f"manifest lists a file that is not the writer's own: {rel[:80]}")
    return manifest
