"""The store's test bench: a real data folder in tmp_path, terminals as in-process stores or as
real OS processes (``terminal_child.py``), and small helpers to look at the files themselves.

No test here sleeps: a test that waits for another process blocks on that process's stdout (a
reader thread feeds a queue, and ``queue.get(timeout=...)`` is the wait) or on ``proc.wait``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from smtte_tui.models import Borger, Maal, Observation, SmttePlan, Tegn
from smtte_tui.store import Revision, Store, layout
from smtte_tui.store.hlc import encode
from tests.people import house_staff

CHILD = Path(__file__).with_name("terminal_child.py")
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday morning, mid-month
HEX_ID = 32  # uuid4().hex: the ids the children print


def fixed_clock(at: dt.datetime):
    return lambda: at


# --- the shared data folder -----------------------------------------------------------------------


@dataclass
class Share:
    """One botilbud's data folder on the shared drive, with Anna and her active plan in it."""

    data: Path
    tmp: Path
    borger: Borger
    plan: SmttePlan
    setup_writer: str
    _stores: list[Store] = field(default_factory=list)

    def local(self, name: str) -> Path:
        return self.tmp / "pcs" / name

    def open(self, name: str, **kwargs: Any) -> Store:
        """A terminal in this process: ``name`` is its PC's local folder."""
        store = Store(self.data, local_dir=self.local(name), **kwargs)
        self._stores.append(store)
        return store

    def reader(self, name: str | None = None, **kwargs: Any) -> Store:
        """Another PC that has never been used: a fresh local folder, so it knows only the share."""
        name = name or f"fresh-reader-{len(self._stores)}"
        store = self.open(name, readonly=True, **kwargs)
        store.load_everything()
        return store

    def observation(self, terminal: str, value: bool = True, **changes: Any) -> Observation:
        tegn = self.plan.tegn[0]
        fields: dict[str, Any] = dict(
            borger_id=self.borger.id,
            plan_id=self.plan.id,
            tegn_id=tegn.id,
            maaletype="ja_nej",
            vaerdi=value,
            dato=NOW.date(),
            vagt="dag",
            forfatter="MA",
            terminal=terminal,
        )
        fields.update(changes)
        return Observation(**fields)

    def close_all(self) -> None:
        for store in self._stores:
            store.close()


@pytest.fixture
def share(tmp_path: Path) -> Iterator[Share]:
    data = tmp_path / "share"
    data.mkdir()
    borger = Borger(navn="Anna Jensen", kortnavn="AJ")
    plan = SmttePlan(
        borger_id=borger.id,
        status="aktiv",
        maal=Maal(tekst="Anna går en tur hver dag"),
        tegn=[Tegn(tekst="Går med ud", maaletype="ja_nej"), Tegn(tekst="Humør", maaletype="skala_1_5")],
    )
    with Store(data, local_dir=tmp_path / "pcs" / "kontoret", create=True) as setup:
        setup.create_many([*house_staff(), borger, plan], "LE")
        writer = setup.writer
    bench = Share(data, tmp_path, borger, plan, writer)
    yield bench
    bench.close_all()


# --- looking at the files -------------------------------------------------------------------------


def data_files(root: Path) -> list[Path]:
    """The record files (shards and conflict copies) below core/, log/, borgere/ and audit/."""
    found: list[Path] = []
    for top in (layout.CORE, layout.LOG, layout.BORGERE, layout.AUDIT):
        found += [p for p in (root / top).rglob(f"*{layout.SUFFIX}") if not p.name.startswith(".")]
    return sorted(found)


def log_files(root: Path) -> list[Path]:
    """The month files of borger records (observations, notes, ...) every terminal reads at start."""
    return [p for p in data_files(root) if layout.LOG in p.relative_to(root).parts]


def published_ids(root: Path, writer: str) -> list[str]:
    """The revision ids one writer has published, each once (a borger record is also in the
    borger's year file: that second copy is left out)."""
    return [doc["id"] for p in data_files(root) if p.stem == writer and layout.BORGERE not in p.relative_to(root).parts for doc in records_in(p)]


def records_in(path: Path) -> list[dict[str, Any]]:
    """Every record of one JSON Lines file, read with plain ``json`` (not the store)."""
    return [json.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def write_shard(path: Path, revisions: list[Revision | dict[str, Any]]) -> None:
    """Write a file in the record format by hand (what a sync client or another tool left there)."""
    lines = [json.dumps(rev.model_dump(mode="json") if isinstance(rev, Revision) else rev) for rev in revisions]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def observation_revision(entity: Observation, writer: str, at: dt.datetime, counter: int = 0) -> Revision:
    """The create revision terminal ``writer`` would have written for ``entity`` at ``at``."""
    return Revision(
        entity="observation",
        entity_id=entity.id,
        op="create",
        hlc=encode(int(at.timestamp() * 1000), counter, writer),
        author=entity.forfatter,
        terminal=writer,
        borger_id=entity.borger_id,
        data=entity.model_dump(mode="json"),
    )


# --- terminals as real OS processes ---------------------------------------------------------------


class Terminal:
    """``terminal_child.py`` in its own process; talk to it by lines on stdin and stdout."""

    def __init__(self, share: Share, name: str, *args: str) -> None:
        self.name = name
        self.local = share.local(name)
        self.local.mkdir(parents=True, exist_ok=True)
        self._stderr_path = share.tmp / f"{name}.stderr.txt"
        self._stderr = open(self._stderr_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(share.data), str(self.local), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()
        self.writer = self.expect("READY").split()[1]

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)  # end of output

    def stderr(self) -> str:
        self._stderr.flush()
        return self._stderr_path.read_text(encoding="utf-8", errors="replace")

    def line(self, timeout: float = 30.0) -> str:
        """The child's next line; fails (with the child's stderr) if none comes within ``timeout``."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"{self.name}: no output within {timeout} s\n{self.stderr()}") from None
        if line is None:
            self._lines.put(None)
            raise AssertionError(f"{self.name}: exited (rc={self.proc.wait(timeout=10)})\n{self.stderr()}")
        return line

    def expect(self, prefix: str, timeout: float = 30.0) -> str:
        line = self.line(timeout)
        assert line.startswith(prefix), f"{self.name}: expected {prefix!r}, got {line!r}\n{self.stderr()}"
        return line

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def acknowledged(self, count: int, timeout: float = 60.0) -> list[str]:
        """Read ``count`` acknowledged ids (one per line)."""
        deadline = time.monotonic() + timeout
        ids = []
        while len(ids) < count:
            line = self.line(max(0.1, deadline - time.monotonic()))
            assert len(line) == HEX_ID, f"{self.name}: unexpected line {line!r}"
            ids.append(line)
        return ids

    def kill_9(self) -> None:
        """Pull the plug: SIGKILL (no cleanup, no flush, no atexit) or TerminateProcess on Windows."""
        if os.name == "nt":
            self.proc.kill()
        else:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def rest(self, timeout: float = 30.0) -> list[str]:
        """Every complete line the child printed before its output ended."""
        self.proc.wait(timeout=timeout)
        self._reader.join(timeout=timeout)
        lines = []
        while True:
            line = self._lines.get_nowait()
            if line is None:
                self._lines.put(None)
                return lines
            lines.append(line)

    def finish(self, timeout: float = 30.0) -> int:
        self.send("exit")
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=timeout)

    def cleanup(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        self._stderr.close()


@pytest.fixture
def terminals(share: Share) -> Iterator[Any]:
    """``terminals(name, *args)`` starts a terminal process; all are ended after the test."""
    started: list[Terminal] = []

    def start(name: str, *args: str) -> Terminal:
        terminal = Terminal(share, name, *args)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.cleanup()
