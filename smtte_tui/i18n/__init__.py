"""One message catalog for every text a user can see. Danish is the default.

``t("key", name=...)`` looks the key up in the current language and formats it. A missing key
is a programming error and raises ``KeyError`` (a test keeps both catalogs complete).
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import Literal, get_args

Language = Literal["da", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)
# One catalog per language, kept in one file per area (``da.py``/``en.py`` the core, then screens,
# plans, PDSA, analysis, evaluation, reports, house view, administration, group picture, sign-in
# security, the store, the municipality's database) so each file stays readable; a key must not
# appear in two areas (a test checks).
AREA_NAMES: tuple[str, ...] = ("", "screens", "plans", "pdsa", "analysis", "evaluation", "report", "house", "admin", "group", "security", "store", "replicate")


def areas(lang: str) -> list[dict[str, str]]:
    """The area files' messages of ``lang``, in the order above."""
    return [import_module(f"smtte_tui.i18n.{f'{area}_' if area else ''}{lang}").MESSAGES for area in AREA_NAMES]


class _Catalogs(dict[str, dict[str, str]]):
    """Each language's catalog, built the first time it is asked for: a start in Danish never
    imports the English files (``smtte bench``, launch)."""

    def __missing__(self, lang: str) -> dict[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        catalog = self[lang] = {key: text for area in areas(lang) for key, text in area.items()}
        return catalog


CATALOGS: dict[str, dict[str, str]] = _Catalogs()
_current: list[str] = [os.environ.get("SMTTE_LANG", "da") if os.environ.get("SMTTE_LANG") in LANGUAGES else "da"]


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current[0] = lang


def language() -> str:
    return _current[0]


def t(key: str, /, **values: object) -> str:
    text = CATALOGS[_current[0]][key]
    return text.format(**values) if values else text


def tn(key: str, count: int, /, **values: object) -> str:
    """``t`` for a text that counts something: the catalog's ``<key>.one`` when ``count`` is 1,
    ``key`` (the plural) otherwise. Danish and English both have one singular form, so this is
    the one place a plural is chosen ("om 1 dag", "1 gang", "in 1 day", never "om 1 dage")."""
    return t(f"{key}.one" if count == 1 else key, **values)
