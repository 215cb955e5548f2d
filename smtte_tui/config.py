"""User settings from the optional TOML config file (see ``locations.config_file``).

Example ``config.toml``::

    data_dir = '\\\\server\\botilbud\\smtte'
    lang = "da"
    shift_day_starts = "07:00"
    shift_evening_starts = "15:00"
    shift_night_starts = "23:00"

A terminal on the municipality's database instead of a folder::

    data_dir = "postgresql://smtte_terminal@db.kommune.dk/smtte"
    house = "lindely"

Security settings are not here: the sign-in lockout and the idle lock are the house's, set by a
leder in the administration and kept in the data folder (:mod:`smtte_tui.housesettings`), so no
user can switch them off in their own file. A config file that still names them starts as before;
the keys are ignored and the log says so.

Reading the file (a BOM, UTF-16 from PowerShell, the exact TOML mistake) is
:mod:`smtte_tui.configfile`'s; a setting of the wrong kind is named with pydantic's reason.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from smtte_tui import locations
from smtte_tui.configfile import ConfigError, read_config
from smtte_tui.i18n import t
from smtte_tui.usererror import UserError

log = logging.getLogger(__name__)
# Once user settings, now the house's (in the data folder): ignored here, with a line in the log.
MOVED_TO_DATA_FOLDER = ("lock_after_minutes", "max_failed_logins", "failed_login_window_hours", "block_hours")


__all__ = ["ConfigError", "Settings", "load_settings"]


class Settings(BaseModel):
    """Everything a botilbud may set in ``config.toml``; every field is optional.

    * ``data_dir``: the shared data folder (see ``locations.choose_data_dir`` for precedence).
    * ``lang``: ``"da"`` (default) or ``"en"``.
    * ``terminal_name``: a readable name for this PC in ``terminals/`` (default: the host name).
    * ``house_name``: the house's name in the municipality's database (``smtte replicate``;
      ``--house-name`` wins). The house is known there by its folder's own id either way.
    * ``house``: the house's id on the municipality's database, for a terminal whose ``data_dir``
      is ``postgresql://…`` without ``?house=`` (the address's own ``house`` wins).
    * ``shift_day_starts`` ("07:00"), ``shift_evening_starts`` ("15:00"),
      ``shift_night_starts`` ("23:00"): local ``HH:MM`` start of the dag, aften and nat shifts.
    """

    model_config = ConfigDict(extra="forbid")

    data_dir: str | None = None
    lang: Literal["da", "en"] | None = None
    terminal_name: str | None = None
    house_name: str | None = None
    house: str | None = None
    shift_day_starts: str = "07:00"
    shift_evening_starts: str = "15:00"
    shift_night_starts: str = "23:00"

    @field_validator("shift_day_starts", "shift_evening_starts", "shift_night_starts")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        # "7:00" and "24:00" are refused here rather than surprising anyone at 7 in the morning
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise UserError("config.error.clock")
        return value

    @model_validator(mode="after")
    def _three_different_shifts(self) -> Settings:
        if len({self.shift_day_starts, self.shift_evening_starts, self.shift_night_starts}) != 3:
            raise UserError("config.error.shifts_same")
        return self


def load_settings(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: the user's config file), or all defaults when there is
    no file. Raises :class:`ConfigError` with a sentence naming the file and what is wrong when
    it exists but cannot be used."""
    path = path or locations.config_file()
    raw = read_config(path)
    ignored = [key for key in MOVED_TO_DATA_FOLDER if raw.pop(key, None) is not None]
    if ignored:
        log.warning("%s: %s ignored; security settings are the house's, set by a leder in the administration (F9, F5)", path, ", ".join(ignored))
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "config.toml"
        problem = t("config.invalid", field=field, problem=first["msg"].removeprefix("Value error, "))
        raise ConfigError("cli.error.config", path=path, reason=problem) from exc
