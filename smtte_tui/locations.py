"""The one place where smtte decides where files live.

Three kinds of location:

* the **data folder** (shared between terminals, usually on a network share);
* the **local folder** (this PC only: terminal identity and the write-ahead journal, which must
  sit on the terminal's own disk so a record is durable even when the share is gone);
* the **config file** (per user, optional).

Data folder precedence, first match wins: ``--data-dir`` > ``SMTTE_DATA_DIR`` > ``data_dir`` in the
config file > the embedded ``data/`` folder of a checkout.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "smtte"
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
