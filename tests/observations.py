"""One logged sign for the analysis tests: borger b1, plan p1, written by MA on pc1."""

from __future__ import annotations

import datetime as dt

from smtte_tui.models import Observation, Tegn


def obs(tegn: Tegn, dato: dt.date, vaerdi: bool | float, vagt: str = "dag", maaletype: str | None = None) -> Observation:
    """An observation of ``tegn`` on ``dato``; ``maaletype`` overrides the tegn's own (a record
    written before the tegn's measure changed)."""
    return Observation(
        borger_id="b1",
        plan_id="p1",
        tegn_id=tegn.id,
        maaletype=maaletype or tegn.maaletype,
        vaerdi=vaerdi,
        dato=dato,
        vagt=vagt,
        forfatter="MA",
        terminal="pc1",
    )
