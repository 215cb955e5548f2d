"""The municipality's database for tests: a real PostgreSQL 15 started privately for the session
(``smtte_tui.replicate.pgserver``: a temp folder, a unix socket in it, run as an unprivileged
user when the tests run as root), a fresh empty database per test, and small demo houses copied
into each test's own folder.

A test never sleeps: a test that waits for another process polls the database or the process
with a deadline.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from smtte_tui.demo import write_demo
from smtte_tui.replicate.pgserver import PrivateServer
from smtte_tui.store import Store

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory) -> Iterator[PrivateServer]:
    with PrivateServer() as server:
        yield server


@pytest.fixture
def database(pg_server) -> str:
    """The URL of a fresh, empty database on the session's server."""
    return pg_server.create_database(f"t{next(_names)}")


def build_house(root: Path, local: Path, *, borgere: int, days: int, seed: int) -> Path:
    root.mkdir(parents=True)
    with Store(root, local_dir=local, terminal_name="kontor", create=True) as store:
        write_demo(store, borgere=borgere, days=days, seed=seed)
    return root


@pytest.fixture(scope="session")
def built_houses(tmp_path_factory) -> dict[str, Path]:
    """Two small demo houses (their own folder ids), built once per session."""
    base = tmp_path_factory.mktemp("houses")
    return {
        "lindely": build_house(base / "lindely", base / "pc-lindely", borgere=3, days=45, seed=3),
        "bakkehuset": build_house(base / "bakkehuset", base / "pc-bakkehuset", borgere=2, days=30, seed=4),
    }


@pytest.fixture
def house(built_houses, tmp_path) -> Path:
    """A copy of Lindely for this test (the same folder id: each test has its own database)."""
    return Path(shutil.copytree(built_houses["lindely"], tmp_path / "lindely"))


@pytest.fixture
def second_house(built_houses, tmp_path) -> Path:
    return Path(shutil.copytree(built_houses["bakkehuset"], tmp_path / "bakkehuset"))


def folder_fingerprint(root: Path) -> dict[str, str]:
    """Every file below ``root`` with a hash of its bytes: to show a folder did not change."""
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(root.rglob("*")) if path.is_file()}
