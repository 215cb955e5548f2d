"""One message catalog for every text a user can see. Danish is the default.

``t("key", name=...)`` looks the key up in the current language and formats it. A missing key
is a programming error and raises ``KeyError`` (a test keeps both catalogs complete).
"""

from __future__ import annotations

import os
from typing import Literal

from smtte_tui.i18n import (
    admin_da,
    admin_en,
    analysis_da,
    analysis_en,
    da,
    en,
    evaluation_da,
    evaluation_en,
    group_da,
    group_en,
    house_da,
    house_en,
    pdsa_da,
    pdsa_en,
    plans_da,
    plans_en,
    replicate_da,
    replicate_en,
    report_da,
    report_en,
    screens_da,
    screens_en,
    security_da,
    security_en,
    store_da,
    store_en,
)

Language = Literal["da", "en"]
# One catalog per language, kept in one file per area (core, screens, plans, PDSA, analysis, evaluation, reports, house view, administration, group picture, sign-in security, the municipality's database) so
# each file stays readable; a key must not appear in two areas (a test checks).
AREAS: dict[str, list[dict[str, str]]] = {
    "da": [
        da.MESSAGES,
        screens_da.MESSAGES,
        plans_da.MESSAGES,
        pdsa_da.MESSAGES,
        analysis_da.MESSAGES,
        evaluation_da.MESSAGES,
        report_da.MESSAGES,
        house_da.MESSAGES,
        admin_da.MESSAGES,
        group_da.MESSAGES,
        security_da.MESSAGES,
        store_da.MESSAGES,
        replicate_da.MESSAGES,
    ],
    "en": [
        en.MESSAGES,
        screens_en.MESSAGES,
        plans_en.MESSAGES,
        pdsa_en.MESSAGES,
        analysis_en.MESSAGES,
        evaluation_en.MESSAGES,
        report_en.MESSAGES,
        house_en.MESSAGES,
        admin_en.MESSAGES,
        group_en.MESSAGES,
        security_en.MESSAGES,
        store_en.MESSAGES,
        replicate_en.MESSAGES,
    ],
}
CATALOGS: dict[str, dict[str, str]] = {lang: {key: text for area in areas for key, text in area.items()} for lang, areas in AREAS.items()}
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


def tn(key: str, count: int, /, **values: object) -> str:
    """``t`` for a text that counts something: the catalog's ``<key>.one`` when ``count`` is 1,
    ``key`` (the plural) otherwise. Danish and English both have one singular form, so this is
    the one place a plural is chosen ("om 1 dag", "1 gang", "in 1 day", never "om 1 dage")."""
    return t(f"{key}.one" if count == 1 else key, **values)
