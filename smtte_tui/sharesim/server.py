"""The share's own process: ``python -m smtte_tui.sharesim.server '<settings as JSON>'``.

It mounts the backing folder with mfusepy and takes orders as JSON lines on stdin, answering each
with one JSON line. A process of its own because FUSE requests from the process under test, from
the test itself and from any child process must all be served while the test changes the faults;
and because a process that mounts must never be the one that blocks on its own mount.

When stdin closes, the controller is gone (finished or killed): the share unmounts itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from smtte_tui.sharesim.cache import Lifetimes
from smtte_tui.sharesim.faults import FaultRule
from smtte_tui.sharesim.passthrough import SlowShareOps


class Answers:
    """One JSON line per answer on the controller's pipe, whole lines even from several threads."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._guard = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        with self._guard:
            self._stream.write(json.dumps(message) + "\n")
            self._stream.flush()


def obey(ops: SlowShareOps, order: dict[str, Any]) -> dict[str, Any]:
    """Carry out one order from the controller; what to send back besides ``ok``."""
    match order["op"]:
        case "stats":
            return ops.stats()
        case "reset":
            ops.reset_stats()
        case "latency":
            ms = float(order["ms"])
            if ms < 0:
                raise ValueError("latency cannot be negative")
            ops.latency_s = ms / 1000
        case "fail":
            ops.faults.add(FaultRule(order["kind"], order["errno"], order.get("glob", "*"), order.get("count")))
        case "clear_faults":
            ops.faults.clear()
        case "vanish":
            ops.vanish(order["errno"])
        case "come_back":
            ops.faults.come_back()
        case "advance":
            ops.clock.offset += float(order["seconds"])
        case "drop_caches":
            ops.cache.clear()
        case other:
            raise ValueError(f"unknown order {other!r}")
    return {}


def serve_orders(ops: SlowShareOps, orders: TextIO, answers: Answers, mount: Path) -> None:
    for line in orders:
        try:
            answers.send({"ok": True, **obey(ops, json.loads(line))})
        except (ValueError, KeyError, TypeError) as exc:
            answers.send({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
    # the controller is gone without unmounting: do it here (lazily, in case a file is still open)
    subprocess.run(["fusermount3", "-u", "-z", str(mount)], capture_output=True)


def main(argv: list[str]) -> int:
    settings = json.loads(argv[0])
    mount = Path(settings["mount"])
    # Answers go on a private copy of stdout; fd 1 itself becomes stderr, so that nothing libfuse or
    # a library prints can land in the middle of an answer.
    answers = Answers(os.fdopen(os.dup(1), "w", encoding="utf-8"))
    os.dup2(2, 1)
    ops = SlowShareOps(
        Path(settings["backing"]),
        float(settings["latency_ms"]),
        Lifetimes(attr_s=float(settings["attr_cache_s"]), dir_s=float(settings["dir_cache_s"]), notfound_s=float(settings["notfound_cache_s"])),
        on_ready=lambda: answers.send({"ready": True}),
    )
    threading.Thread(target=serve_orders, args=(ops, sys.stdin, answers, mount), daemon=True, name="orders").start()

    import mfusepy  # the optional "share" extra; SlowShare checked it is there before starting us

    mfusepy.FUSE(
        ops,
        str(mount),
        foreground=True,
        nothreads=False,  # libfuse's multi-threaded loop: requests are served side by side
        max_threads=int(settings["threads"]),
        # The client's caches are SlowShareOps's, with SMB's lifetimes and rules. The kernel's own
        # would answer lookups and stats without asking it (hiding calls from the counts) and could
        # keep an answer longer than the redirector would, so they are switched off.
        entry_timeout=0,
        attr_timeout=0,
        negative_timeout=0,
        # Every read goes to the share: a stale cached size never cuts or pads what is read, as on SMB
        # where opening a file asks the server.
        direct_io=True,
        # Removing or replacing a file that is open really removes it, as on SMB, instead of
        # libfuse's .fuse_hidden renames appearing in the backing folder.
        hard_remove=True,
        default_permissions=True,
        fsname="smtte-slowshare",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
