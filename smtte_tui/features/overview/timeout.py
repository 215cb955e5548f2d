"""The daily team time-out: "are we on track?" for every borger, in one list, at shift change.

Per borger: the goal, this week's signs at a glance (a sparkline per tegn, one mark per day),
how much was logged today, the running prøvehandling and its day, today's mark if the team has
set one, and what was agreed at the last time-out (who does what before the next one).

A mark is a :class:`TimeoutNote`. Marking a borger again the same day changes that day's note
(a new revision: the history keeps both), so the list always shows one mark per borger per day.
Every active staff member may mark: the time-out is the whole team's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from smtte_tui.analysis.runchart import aggregate
from smtte_tui.dates import add_days
from smtte_tui.glyphs import glyphs
from smtte_tui.lookup import active_pdsa, active_plan
from smtte_tui.models import VAGTER, Borger, Observation, PdsaCycle, SmttePlan, Tegn, TimeoutNote, TimeoutStatus, Vagt
from smtte_tui.session import Session
from smtte_tui.store import Store

DAYS = 7  # the sparkline covers today and the six days before
STATUSES: tuple[TimeoutStatus, ...] = ("paa_rette_vej", "usikker", "ikke_paa_rette_vej")


@dataclass(frozen=True)
class Row:
    borger: Borger
    plan: SmttePlan | None
    sparklines: list[tuple[Tegn, str]]
    logged_today: int  # of the tegn counted today, those with at least one sign today
    tegn_count: int  # active tegn seen in a shift of today that has begun
    pdsa: PdsaCycle | None
    pdsa_day: int | None  # 1 on the cycle's first day
    today: TimeoutNote | None
    last: TimeoutNote | None  # the newest time-out before today: its agreed action is followed up


def sparkline(values: list[float | None], low: float, high: float) -> str:
    """One character per day: a bar from ▁ (``low``) to █ (``high``), ``·`` where nothing was logged
    (``_`` to ``@`` and ``.`` in the ASCII glyph set, :mod:`smtte_tui.glyphs`).

    Textual's Sparkline is a widget and cannot sit in a table cell; eight block characters can.
    """
    marks = glyphs()
    bars = marks.bars
    if high <= low:
        high = low + 1
    line = []
    for value in values:
        if value is None:
            line.append(marks.no_data)
            continue
        share = min(max((value - low) / (high - low), 0.0), 1.0)
        line.append(bars[round(share * (len(bars) - 1))])
    return "".join(line)


def daily_values(tegn: Tegn, observations: list[Observation], days: list[dt.date]) -> list[float | None]:
    """The tegn's value per day as its run chart has it (share of ja, sum or mean), None where
    nothing was logged."""
    per_day = {point.start: point.value for point in aggregate(observations, tegn, "dag")}
    return [per_day.get(day) for day in days]


def scale_of(tegn: Tegn, values: list[float | None]) -> tuple[float, float]:
    """The range a tegn's bars are drawn in: fixed for ja/nej and scale, else 0 to the week's
    highest value or the target, whichever is higher (so reaching the target shows as a full bar)."""
    if tegn.maaletype == "ja_nej":
        return 0.0, 1.0
    if tegn.maaletype == "skala_1_5":
        return 1.0, 5.0
    seen = [v for v in values if v is not None]
    return 0.0, max(seen + [tegn.maalvaerdi or 0.0, 1.0])


def rows(store: Store, today: dt.date, shifts: tuple[Vagt, ...] = VAGTER) -> list[Row]:
    """Every active borger, by name, with what the time-out needs (recent months are in memory).

    "Logged today" counts the active tegn seen in ``shifts`` (the shifts of today that have
    begun, :func:`smtte_tui.features.shift.shifts.shifts_begun`): a sign seen only in the evening is not yet
    missing at the afternoon time-out."""
    days = [add_days(today, -offset) for offset in range(DAYS - 1, -1, -1)]
    notes_by_borger: dict[str, list[TimeoutNote]] = {}
    for note in store.all(TimeoutNote):
        notes_by_borger.setdefault(note.borger_id, []).append(note)
    found = []
    for borger in sorted((b for b in store.all(Borger) if b.aktiv), key=lambda b: b.navn):
        plan = active_plan(store, borger.id)
        tegn = [item for item in plan.tegn if item.aktiv] if plan else []
        observations = [obs for obs in store.all(Observation, borger.id) if obs.dato >= days[0]] if tegn else []
        lines = []
        for item in tegn:
            values = daily_values(item, observations, days)
            lines.append((item, sparkline(values, *scale_of(item, values))))
        counted = {item.id for item in tegn if any(item.ses_i(vagt) for vagt in shifts)}
        logged = len({obs.tegn_id for obs in observations if obs.dato == today} & counted)
        cycle = active_pdsa(store, borger.id, today)
        notes = sorted(notes_by_borger.get(borger.id, []), key=lambda n: (n.dato, n.id))
        today_note = next((n for n in reversed(notes) if n.dato == today), None)
        last = next((n for n in reversed(notes) if n.dato < today), None)
        found.append(Row(borger, plan, lines, logged, len(counted), cycle, (today - cycle.start).days + 1 if cycle else None, today_note, last))
    return found


def mark(session: Session, borger_id: str, today: dt.date, status: TimeoutStatus, *, note: str = "", aftale: str = "", ansvarlig: str = "") -> TimeoutNote:
    """Set the borger's time-out mark for ``today``: a new TimeoutNote, or a change of today's."""
    store = session.store
    actor = session.person
    existing = [n for n in store.all(TimeoutNote, borger_id) if n.dato == today]
    values: dict[str, Any] = {"status": status, "note": note, "aftale": aftale, "ansvarlig": ansvarlig.strip().upper()}
    if existing:
        current = min(existing, key=lambda n: n.id)
        store.update(TimeoutNote, current.id, values, actor.initialer)
        changed = store.get(TimeoutNote, current.id)
        assert changed is not None  # written just now, by this terminal
        return changed
    created = TimeoutNote(borger_id=borger_id, dato=today, forfatter=actor.initialer, **values)
    store.create(created, actor.initialer)
    return created
