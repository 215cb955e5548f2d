"""Reading ``config.toml`` the way Windows tools write it, and saying exactly what is wrong.

No pydantic here: the app path reads the file before its first frame (``cli._raw_config``);
:mod:`smtte_tui.config` validates the same dictionary.

* **Encodings.** Notepad and ``Set-Content -Encoding UTF8`` (PowerShell 5.1) start the file with
  a UTF-8 BOM; ``Out-File`` and ``>`` in PowerShell 5.1 write UTF-16 with a BOM. The BOM decides;
  without one the file is UTF-8, as TOML requires.
* **Errors.** A file that cannot be used gives one Danish sentence naming the file and the reason:
  for a TOML mistake the line, the column and what is wrong. The usual one on Windows is a path in
  double quotes, ``"\\\\server\\share"``, where ``\\s`` is an invalid escape: the sentence says to
  write paths in single quotes, ``data_dir = '\\\\server\\share\\smtte'``.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from pathlib import Path
from typing import Any

from smtte_tui.i18n import t
from smtte_tui.usererror import UserError

# Longest BOM first: UTF-32's little-endian BOM begins with UTF-16's.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# tomllib's words for the mistakes people make by hand, in the catalog's words.
TOML_WORDS = {
    "Unescaped '\\' in a string": "config.toml.backslash",
    "Invalid value": "config.toml.value",
    "Unterminated string": "config.toml.unterminated",
    "Cannot overwrite a value": "config.toml.twice",
    "Invalid statement": "config.toml.statement",
    "Expected '=' after a key in a key/value pair": "config.toml.equals",
}
_WHERE = re.compile(r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$", re.DOTALL)


class ConfigError(UserError):
    """The config file exists but cannot be used; its sentence names the file and the reason."""


def decode(data: bytes) -> str:
    """The file's text: by its BOM (UTF-8, UTF-16, UTF-32), else UTF-8. UnicodeDecodeError when
    the bytes are none of them."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    return data.decode("utf-8")


def toml_problem(error: tomllib.TOMLDecodeError) -> str:
    """ "linje 3, kolonne 14: ..." from tomllib's message (which has no fields before 3.14)."""
    message = str(error)
    found = _WHERE.match(message)
    what = found.group("what") if found else message
    words = t(TOML_WORDS[what]) if what in TOML_WORDS else what
    if found and found.group("line"):
        return t("config.toml.where", line=found.group("line"), column=found.group("column"), what=words)
    return t("config.toml.end", what=words) if found else words


def read_config(path: Path) -> dict[str, Any]:
    """The file's keys, unvalidated; ``{}`` when there is no file. Raises :class:`ConfigError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError("cli.error.config", path=path, reason=exc.strerror or type(exc).__name__) from exc
    try:
        return tomllib.loads(decode(data))
    except UnicodeDecodeError as exc:
        raise ConfigError("cli.error.config", path=path, reason=t("config.encoding")) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("cli.error.config_toml", path=path, problem=toml_problem(exc)) from exc
