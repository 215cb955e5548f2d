"""The PC's own small documents in TinyDB: what this writer has published and where its clock is.

TinyDB's model — read the whole database, write the whole database — fits a small document on
the PC's own disk that only this process writes. (It is what does *not* fit the shared files,
which are appended to; see ``layout.py``.) ``AtomicJSONStorage`` keeps no handle open and replaces
the file atomically (temp + fsync + ``os.replace``), created 0600: a crash leaves the old or the new
state, and losing it only costs a reconcile with the share, never a record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from smtte_tui.store.files import atomic_write, ensure_dir


class AtomicJSONStorage(Storage):
    def __init__(self, path: str, fsync: bool = False) -> None:
        self.path = Path(path)
        self.fsync = fsync

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError):
            return None  # damaged: start afresh (the copies are the truth; state is re-measured)
        return data if isinstance(data, dict) else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        ensure_dir(self.path.parent)
        atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), fsync=self.fsync)

    def close(self) -> None:
        pass


def open_db(path: Path) -> TinyDB:
    return TinyDB(str(path), storage=AtomicJSONStorage)
