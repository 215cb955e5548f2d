"""One message catalog for every text a user can see. Danish is the default.

``t("key", name=...)`` looks the key up in the current language and formats it. A missing key
is a programming error and raises ``KeyError`` (a test keeps both catalogs complete).
"""

from __future__ import annotations

import os
from typing import Literal

from smtte_tui.i18n.da import MESSAGES as DA
from smtte_tui.i18n.en import MESSAGES as EN

Language = Literal["da", "en"]
CATALOGS: dict[str, dict[str, str]] = {"da": DA, "en": EN}
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
