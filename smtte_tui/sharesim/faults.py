"""Which share calls fail on purpose, and with which error.

A rule names a kind of call (``write``, ``rename``... or ``*``), an errno name, a glob over the
share path and how many more calls it may fail (``None``: until cleared). "The share vanishes" is
not a rule but a state of the whole share: every call fails, cached answers included, because the
client drops its caches with the connection.
"""

from __future__ import annotations

import errno
import fnmatch
import threading
from dataclasses import dataclass
from typing import Literal, get_args

#: the kinds of calls the share counts, delays and can fail; each is one round trip to the server
#: ("getattr" includes the kernel's name lookups, which libfuse answers with getattr)
OpKind = Literal[
    "getattr",
    "readdir",
    "open",
    "create",
    "read",
    "write",
    "fsync",
    "fsyncdir",
    "rename",
    "unlink",
    "mkdir",
    "rmdir",
    "truncate",
    "utimens",
    "chmod",
    "statfs",
]
OP_KINDS: tuple[str, ...] = get_args(OpKind)


def errno_code(name: str) -> int:
    """``"EIO"`` -> 5; a clear ``ValueError`` for a name the OS does not know."""
    code = getattr(errno, name, None)
    if not isinstance(code, int) or errno.errorcode.get(code) is None:
        raise ValueError(f"unknown errno name {name!r} (use one like 'EIO', 'ENOSPC', 'EACCES')")
    return code


@dataclass
class FaultRule:
    kind: str
    errno_name: str
    path_glob: str = "*"
    remaining: int | None = None

    def __post_init__(self) -> None:
        if self.kind != "*" and self.kind not in OP_KINDS:
            raise ValueError(f"unknown call kind {self.kind!r}; one of {', '.join(OP_KINDS)} or '*'")
        errno_code(self.errno_name)
        if self.remaining is not None and self.remaining < 1:
            raise ValueError("count must be at least 1 (or None for every matching call)")

    def matches(self, kind: str, paths: tuple[str, ...]) -> bool:
        if self.remaining == 0 or self.kind not in ("*", kind):
            return False
        # globs are written relative to the share's root: "core/*.json", "*.tmp"
        return any(fnmatch.fnmatchcase(path.lstrip("/"), self.path_glob) for path in paths)


class Faults:
    """The rules in force and the vanished state; consulted once per round trip."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._rules: list[FaultRule] = []
        self._vanished: int | None = None

    def add(self, rule: FaultRule) -> None:
        with self._guard:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._guard:
            self._rules.clear()

    def vanish(self, errno_name: str) -> None:
        code = errno_code(errno_name)
        with self._guard:
            self._vanished = code

    def come_back(self) -> None:
        with self._guard:
            self._vanished = None

    @property
    def vanished_errno(self) -> int | None:
        """The errno every call gets while the share is gone, ``None`` while it is there."""
        return self._vanished

    def error_for(self, kind: str, *paths: str) -> int | None:
        """The errno this call must fail with, or ``None``; a matching counted rule is used up by one."""
        with self._guard:
            if self._vanished is not None:
                return self._vanished
            for rule in self._rules:
                if rule.matches(kind, paths):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                    return errno_code(rule.errno_name)
        return None
