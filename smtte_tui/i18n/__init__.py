"""One message catalog for every text a user can see. Danish is the default.

``t("key", name=...)`` looks the key up in the current language and formats it. A missing key
is a programming error and raises ``KeyError`` (a test keeps both catalogs complete).
"""

from __future__ import annotations

import os
from typing import Literal

from smtte_tui.i18n import da, en, screens_da, screens_en

Language = Literal["da", "en"]
# One catalog per language, kept in two files each (core messages, screen texts).
CATALOGS: dict[str, dict[str, str]] = {
    "da": {**da.MESSAGES, **screens_da.MESSAGES},
    "en": {**en.MESSAGES, **screens_en.MESSAGES},
}
_current: list[str] = [os.environ.get("SMTTE_LANG", "da") if os.environ.get("SMTTE_LANG") in CATALOGS else "da"]


def set_language(lang: str) -> None:
    if lang not in CATALOGS:
        raise ValueError(lang)
    _current[0] = lang


def language() -> str:
    return _current[0]


def t(key: str, /, **values: object) -> str:
    text = CATALOGS[_current[0]][key]
    return text.format(**values) if values else text
