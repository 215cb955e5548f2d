"""What a Windows SMB client remembers about a share, and for how long.

The SMB2 redirector answers three questions from memory instead of asking the server
(registry defaults under ``LanmanWorkstation\\Parameters``):

* ``FileInfoCacheLifetime`` (10 s): a file's attributes (size, times) -> ``attr_s``;
* ``DirectoryCacheLifetime`` (10 s): a folder's listing -> ``dir_s``;
* ``FileNotFoundCacheLifetime`` (5 s): "no such file" -> ``notfound_s``.

File *contents* are not cached here: opening a file asks the server, so a read sees what is there
now even while the size and mtime the client reports are ten seconds old. The client does know
about its own changes, so the share forgets what it remembers about a path it writes itself; only
another PC's changes stay hidden until the entries expire.

Pure and thread-safe; the clock comes in as a parameter so tests can age the cache without waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

Attrs = dict[str, int]
Value = TypeVar("Value")


class Missing:
    """What the cache holds for a name the server said does not exist."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()


@dataclass(frozen=True)
class Lifetimes:
    """Seconds each kind of answer is served from memory (0 asks the server every time)."""

    attr_s: float = 10.0
    dir_s: float = 10.0
    notfound_s: float = 5.0


@dataclass
class _Entry(Generic[Value]):
    value: Value
    until: float


class ClientCache:
    """Attributes, listings and "not found" per share path (``/`` = the share's root)."""

    def __init__(self, lifetimes: Lifetimes, now: Callable[[], float]) -> None:
        self.lifetimes = lifetimes
        self._now = now
        self._guard = threading.Lock()
        self._attrs: dict[str, _Entry[Any]] = {}
        self._listings: dict[str, _Entry[list[str]]] = {}

    def attrs(self, path: str) -> Attrs | Missing | None:
        """The remembered attributes of ``path``, ``MISSING`` if it was remembered as absent,
        ``None`` if the client has to ask the server."""
        return self._fresh(self._attrs, path)

    def remember_attrs(self, path: str, attrs: Attrs) -> None:
        self._store(self._attrs, path, dict(attrs), self.lifetimes.attr_s)

    def remember_missing(self, path: str) -> None:
        self._store(self._attrs, path, MISSING, self.lifetimes.notfound_s)

    def listing(self, path: str) -> list[str] | None:
        """The remembered names in folder ``path``, or ``None`` if the client has to ask."""
        names = self._fresh(self._listings, path)
        return None if names is None else list(names)

    def remember_listing(self, path: str, names: list[str]) -> None:
        self._store(self._listings, path, list(names), self.lifetimes.dir_s)

    def changed_here(self, path: str) -> None:
        """This client changed ``path`` itself (write, truncate, times, mode): forget its attributes."""
        with self._guard:
            self._attrs.pop(path, None)

    def named_here(self, path: str) -> None:
        """This client created, removed or renamed ``path``: forget the path, everything under it,
        and what it knew about the folder that holds it."""
        parent = parent_of(path)
        prefix = path.rstrip("/") + "/"
        with self._guard:
            for table in (self._attrs, self._listings):
                for key in [k for k in table if k == path or k.startswith(prefix)]:
                    del table[key]
            self._attrs.pop(parent, None)
            self._listings.pop(parent, None)

    def clear(self) -> None:
        """Forget everything (the connection to the server was lost)."""
        with self._guard:
            self._attrs.clear()
            self._listings.clear()

    def _fresh(self, table: dict[str, _Entry[Any]], path: str) -> Any:
        with self._guard:
            entry = table.get(path)
            if entry is None:
                return None
            if self._now() >= entry.until:
                del table[path]
                return None
            return entry.value

    def _store(self, table: dict[str, _Entry[Any]], path: str, value: Any, lifetime: float) -> None:
        if lifetime <= 0:
            return
        with self._guard:
            table[path] = _Entry(value, self._now() + lifetime)


def parent_of(path: str) -> str:
    """The folder holding a share path: ``/a/b`` -> ``/a``, ``/a`` -> ``/``."""
    head = path.rstrip("/").rsplit("/", 1)[0]
    return head or "/"
