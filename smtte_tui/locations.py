"""The one place where smtte decides where files live.

Three kinds of location:

* the **data folder** (shared between terminals, usually on a network share);
* the **local folder** (this PC only: terminal identity and the write-ahead journal, which must
  sit on the terminal's own disk so a record is durable even when the share is gone);
* the **config file** (per user, optional).

Data folder precedence, first match wins: ``--data-dir`` > ``SMTTE_DATA_DIR`` > ``data_dir`` in the
config file > the embedded ``data/`` folder of a checkout.

Folders smtte creates are 0700 and its own files 0600 on Linux/macOS (staff-only, like the data);
on Windows the folder's ACL decides, since chmod cannot express it (:func:`private_dir`,
:func:`private_file`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "smtte"
DIR_MODE = 0o700
FILE_MODE = 0o600
ENV_DATA_DIR = "SMTTE_DATA_DIR"
ENV_LOCAL_DIR = "SMTTE_LOCAL_DIR"
ENV_CONFIG_FILE = "SMTTE_CONFIG"


def config_file() -> Path:
    """The user's config file (it need not exist). ``SMTTE_CONFIG`` overrides it (tests)."""
    override = os.environ.get(ENV_CONFIG_FILE)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def local_dir() -> Path:
    """This PC's own folder for terminal identity and journal. ``SMTTE_LOCAL_DIR`` overrides it."""
    override = os.environ.get(ENV_LOCAL_DIR)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create ``path`` and any missing parents, each 0700 (``mkdir(parents=True)`` would give them
    the default 0755). ``tighten``: an existing ``path`` is made 0700 too (this PC's own folder,
    which older versions created 0755); a folder chosen by someone else is left as it is."""
    missing = []
    folder = path
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass
    if tighten and os.name == "posix":
        _chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists and is 0600 (created so; an existing file is tightened)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE))
    if os.name == "posix":
        _chmod(path, FILE_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:  # not ours: leave it, the person's own rights still apply
        pass
def log_file() -> Path:
    """This PC's log file (errors with their detail; never shown on screen)."""
    return local_dir() / "smtte.log"


def embedded_data_dir() -> Path:
    """The checkout's own ``data/`` folder (demo data), next to the ``smtte_tui`` package."""
    return Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class DataDirChoice:
    path: Path
    source: str  # "argument" | "env" | "config" | "embedded"

    @property
    def is_embedded(self) -> bool:
        return self.source == "embedded"


def choose_data_dir(argument: str | None, config_value: str | None) -> DataDirChoice:
    """Apply the documented precedence and say where the answer came from."""
    if argument:
        return DataDirChoice(Path(argument).expanduser(), "argument")
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return DataDirChoice(Path(env).expanduser(), "env")
    if config_value:
        return DataDirChoice(Path(config_value).expanduser(), "config")
    return DataDirChoice(embedded_data_dir(), "embedded")
