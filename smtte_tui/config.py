"""User settings from the optional TOML config file (see ``locations.config_file``).

Example ``config.toml``::

    data_dir = "//server/botilbud/smtte"
    lang = "da"
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from smtte_tui import locations


class ConfigError(Exception):
    """The config file exists but cannot be used; the message names the file."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: str | None = None
    lang: Literal["da", "en"] | None = None
    terminal_name: str | None = None


def load_settings(path: Path | None = None) -> Settings:
    path = path or locations.config_file()
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(raw)
    except (OSError, tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path)) from exc
