"""User settings from the optional TOML config file (see ``locations.config_file``).

Example ``config.toml``::

    data_dir = "//server/botilbud/smtte"
    lang = "da"
    lock_after_minutes = 5          # idle time before the screen locks itself
    max_failed_logins = 3           # wrong PINs within the window before an account is blocked
    failed_login_window_hours = 24
    block_hours = 24                # a leder can unblock sooner
    shift_day_starts = "07:00"
    shift_evening_starts = "15:00"
    shift_night_starts = "23:00"

The lockout defaults follow the Danish data protection authority's guidance for PIN sign-in.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from smtte_tui import locations


class ConfigError(Exception):
    """The config file exists but cannot be used; the message names the file."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    data_dir: str | None = None
    lang: Literal["da", "en"] | None = None
    terminal_name: str | None = None
    lock_after_minutes: float = Field(default=5, gt=0)
    max_failed_logins: int = Field(default=3, ge=1)
    failed_login_window_hours: float = Field(default=24, gt=0)
    block_hours: float = Field(default=24, gt=0)
    shift_day_starts: str = Field(default="07:00", pattern=r"^\d{2}:\d{2}$")
    shift_evening_starts: str = Field(default="15:00", pattern=r"^\d{2}:\d{2}$")
    shift_night_starts: str = Field(default="23:00", pattern=r"^\d{2}:\d{2}$")


def load_settings(path: Path | None = None) -> Settings:
    path = path or locations.config_file()
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(raw)
    except (OSError, tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path)) from exc
