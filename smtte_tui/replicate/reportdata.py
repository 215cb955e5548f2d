"""What the report across houses reads from the database: the analysts' views, never the tables.

So the database user's rights decide what a report may show: a user in ``smtte_analyst`` gets the
anonymous report, a user in ``smtte_analyst_named`` may add ``--with-names`` (the names come from
``smtte_navne``), and a user in neither gets one sentence.

Observations are the bulk (a year of 40 houses is millions of rows), so they are not fetched one
by one: the database sums them per tegn and ISO week over the half-year the tegn verdicts judge,
and lists the days each tegn was logged in the period. That is exactly what
:func:`smtte_tui.features.group.group.tegn_verdicts` and :func:`smtte_tui.features.group.group.logging_weeks` read from
observations (the week's sum or mean of the values of the tegn's own measure kind, and whether a
tegn has a sign on a day), so :class:`Sign` carries those and the group's own functions judge them.
The sums are in double precision: exact for the whole numbers (and halves) signs hold; a sum of
decimal fractions can differ from the group's ``math.fsum`` in its last bit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smtte_tui.replicate.db import DatabaseRefused

if TYPE_CHECKING:
    import psycopg

    from smtte_tui.audit_actions import AuditTarget


@dataclass(frozen=True, slots=True)
class Sign:
    """What the group's figures read from observations of a tegn: a week's value (with the
    tegn's measure kind, dated on the week's first day with a sign), or only that the tegn was
    logged on ``dato`` (``maaletype`` empty; only the logging weeks are given those)."""

    tegn_id: str
    maaletype: str
    dato: dt.date
    vaerdi: float = 0.0


@dataclass(frozen=True)
class House:
    id: str
    nummer: int
    navn: str | None


@dataclass
class HouseRows:
    """One house's rows from the views (plain tuples; ``smtte_tui.report.municipality`` makes
    models of them)."""

    house: House
    borgere: list[tuple] = field(default_factory=list)  # id, nummer, aktiv, navn, kortnavn
    plans: list[tuple] = field(default_factory=list)  # id, borger_id, opfoelgning, naeste_opfoelgning, status_dato, langsigtet_evaluering, maal
    tegn: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # plan id -> id, maaletype, bedre_retning, baseline, maalvaerdi, aggregering, aktiv, tekst
    evaluations: list[tuple] = field(default_factory=list)  # id, borger_id, plan_id, dato, art, maalopfyldelse, beslutning, naeste_dato
    pdsa: list[tuple] = field(default_factory=list)  # id, borger_id, start, slut, status
    weeks: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))  # borger -> tegn_id, maaletype, week, total, n, first_day
    days: dict[str, list[tuple[str, list[dt.date]]]] = field(default_factory=lambda: defaultdict(list))  # borger -> tegn_id, days logged
    changes: dict[str, list[dt.datetime]] = field(default_factory=lambda: defaultdict(list))  # plan id -> moments its goal/tegn/tiltag changed


def houses(conn: psycopg.Connection, wanted: list[str] | None) -> list[House]:
    """The houses to report on: all, or those named by id, name or number (in the order given)."""
    found = [House(*row) for row in conn.execute("SELECT id, nummer, navn FROM smtte_analyse.huse ORDER BY nummer").fetchall()]
    if not wanted:
        return found
    chosen: list[House] = []
    for word in wanted:
        match = [h for h in found if word in (h.id, str(h.nummer)) or (h.navn or "").casefold() == word.casefold()]
        if not match:
            raise DatabaseRefused("municipal.error.house", house=word, known=", ".join(h.navn or h.id for h in found) or "–")
        chosen += [h for h in match if h not in chosen]
    return chosen


def load(conn: psycopg.Connection, chosen: list[House], *, first: dt.date, verdict_start: dt.date, until: dt.date, since: dt.date, names: bool) -> dict[str, HouseRows]:
    """Every row the report needs for these houses: ``first``..``until`` is the period's logging
    range, ``verdict_start``..``until`` the verdicts' weeks, ``since`` the first day a plan change
    can matter (a "juster" decision in the period looks ahead from its meeting)."""
    ids = [h.id for h in chosen]
    out = {h.id: HouseRows(h) for h in chosen}
    named = "smtte_navne" if names else "smtte_analyse"
    name_columns = "b.navn, b.kortnavn" if names else "NULL, NULL"
    for hus, *row in conn.execute(f"SELECT b.hus, b.id, b.nummer, b.aktiv, {name_columns} FROM {named}.borgere b WHERE b.hus = ANY(%s)", (ids,)):
        out[hus].borgere.append(tuple(row))
    maal = "p.maal" if names else "NULL"
    for hus, *row in conn.execute(
        f"""SELECT p.hus, p.id, p.borger_id, p.opfoelgning, p.naeste_opfoelgning, p.status_dato, p.langsigtet_evaluering, {maal}
            FROM {named}.planer p WHERE p.hus = ANY(%s) AND p.status = 'aktiv' AND p.har_maal""",
        (ids,),
    ):
        out[hus].plans.append(tuple(row))
    tekst = "g.tekst" if names else "NULL"
    for hus, plan_id, *row in conn.execute(
        f"""SELECT g.hus, g.plan_id, g.id, g.maaletype, g.bedre_retning, g.baseline, g.maalvaerdi, g.aggregering, g.aktiv, {tekst}
            FROM {named}.tegn g WHERE g.hus = ANY(%s) AND g.plan_status = 'aktiv' ORDER BY g.hus, g.plan_id, g.nummer""",
        (ids,),
    ):
        out[hus].tegn[plan_id].append(tuple(row))
    for hus, *row in conn.execute("SELECT hus, id, borger_id, plan_id, dato, art, maalopfyldelse, beslutning, naeste_dato FROM smtte_analyse.evalueringer WHERE hus = ANY(%s)", (ids,)):
        out[hus].evaluations.append(tuple(row))
    for hus, *row in conn.execute("SELECT hus, id, borger_id, start, slut, status FROM smtte_analyse.pdsa WHERE hus = ANY(%s)", (ids,)):
        out[hus].pdsa.append(tuple(row))
    # Per tegn and ISO week: the sum, the count and the first day with a sign in the verdicts' weeks, and the weekdays
    # with a sign in the period as bits (Monday = 1): one hash aggregation, no sort.
    conn.execute("SET work_mem = '128MB'")  # this session only: the aggregation stays in memory
    for hus, borger, tegn_id, maaletype, week, total, n, first_day, weekdays in conn.execute(
        """SELECT hus, borger_id, tegn_id, maaletype, date_trunc('week', dato)::date,
                  sum(vaerdi) FILTER (WHERE dato >= %(vstart)s), count(*) FILTER (WHERE dato >= %(vstart)s),
                  min(dato) FILTER (WHERE dato >= %(vstart)s), bit_or(1 << (extract(isodow FROM dato)::integer - 1)) FILTER (WHERE dato >= %(first)s)
           FROM smtte_analyse.observationer
           WHERE hus = ANY(%(ids)s) AND dato BETWEEN %(lo)s AND %(until)s
           GROUP BY 1, 2, 3, 4, 5""",
        {"ids": ids, "vstart": verdict_start, "first": first, "lo": min(first, verdict_start), "until": until},
    ):
        rows = out[hus]
        if n:
            rows.weeks[borger].append((tegn_id, maaletype, week, float(total), n, first_day))
        if weekdays:
            rows.days[borger].append((tegn_id, [week + dt.timedelta(days=day) for day in range(7) if weekdays >> day & 1]))
    for hus, plan_id, moment in conn.execute("SELECT hus, plan_id, tidspunkt FROM smtte_analyse.planaendringer WHERE hus = ANY(%s) AND tidspunkt >= %s", (ids, since)):
        out[hus].changes[plan_id].append(moment)
    return out


def record_report(conn: psycopg.Connection, house: str, *, who: str, target: AuditTarget, writer: str, stamp: str, event_id: str) -> None:
    """The ``rapport`` audit event for one house, through ``smtte.record_report`` (an analyst may
    record that they read, and nothing else). The house's replicator brings it into its folder."""
    conn.execute("SELECT smtte.record_report(%s, %s, %s, %s, %s, %s)", (house, event_id, stamp, writer, who, str(target)))
