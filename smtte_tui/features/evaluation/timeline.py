"""One borger's history in time order: signs, notes, prøvehandlinger, plan versions, evaluations.

Observations are summed up per tegn and period (a day or a week), so five years stay a readable
list: one line per tegn and week instead of fifteen thousand. Notes, PDSA events, plan versions
and evaluations are one line each. :func:`build` reads the store once; :func:`select` filters and
orders without touching it again, so changing a filter on the screen is instant.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from smtte_tui import plandiff
from smtte_tui.analysis.charts import Marker, format_value
from smtte_tui.analysis.runchart import Granularity, aggregate, measure, period_start
from smtte_tui.i18n import t
from smtte_tui.models import VAGTER, Evaluering, Notat, Observation, PdsaCycle, SmttePlan, Tegn
from smtte_tui.store import Store

EventKind = Literal["observationer", "notat", "pdsa", "plan", "evaluering"]
EVENT_KINDS: tuple[EventKind, ...] = ("observationer", "notat", "pdsa", "plan", "evaluering")
# Sections whose change moves what the chart measures or what staff do: these become chart markers.
MARKED_SECTIONS = {"maal", "tegn", "tiltag"}


@dataclass(frozen=True)
class Event:
    dato: dt.date
    kind: EventKind
    title: str
    text: str
    tegn_id: str | None = None
    order: int = 0  # keeps a day's events in a stable, sensible order (plan before signs before notes)


@dataclass
class Timeline:
    """Everything about one borger, read once; ``observations`` and ``tegn`` feed the charts."""

    borger_id: str
    plans: list[SmttePlan]
    tegn: dict[str, Tegn]  # every tegn of every plan, by id
    observations: list[Observation]
    notes: list[Notat]
    cycles: list[PdsaCycle]
    evaluations: list[Evaluering]
    plan_events: list[Event] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    decided: dict[str, dt.date] = field(default_factory=dict)  # cycle id -> day its Act was saved
    _observation_events: dict[Granularity, list[Event]] = field(default_factory=dict)
    _other_events: list[Event] | None = None

    def events(self, period: Granularity = "uge") -> list[Event]:
        """Every event, oldest first, with observations summed per ``period`` (cached)."""
        if period not in self._observation_events:
            self._observation_events[period] = observation_events(self.observations, self.tegn, period)
        if self._other_events is None:
            self._other_events = note_events(self.notes, self.cycles) + pdsa_events(self.cycles, self.decided) + self.plan_events + evaluation_events(self.evaluations)
        return sorted(self._observation_events[period] + self._other_events, key=lambda e: (e.dato, e.order))


@dataclass(frozen=True)
class Filter:
    kinds: frozenset[EventKind] = frozenset(EVENT_KINDS)
    tegn_id: str | None = None  # only this tegn's observations (other kinds are kept)
    start: dt.date | None = None
    end: dt.date | None = None
    newest_first: bool = True


def select(events: list[Event], chosen: Filter) -> list[Event]:
    """The events ``chosen`` lets through, in its order. ``events`` must be oldest first."""
    kept = [
        e
        for e in events
        if e.kind in chosen.kinds
        and (chosen.tegn_id is None or e.kind != "observationer" or e.tegn_id == chosen.tegn_id)
        and (chosen.start is None or e.dato >= chosen.start)
        and (chosen.end is None or e.dato <= chosen.end)
    ]
    return kept[::-1] if chosen.newest_first else kept


def jump_index(events: list[Event], day: dt.date, newest_first: bool) -> int | None:
    """The row to move to for ``day``: the first event on that day, else the nearest one after it
    in reading direction (the next older one when newest first). None for an empty list."""
    if not events:
        return None
    for index, event in enumerate(events):
        if (event.dato <= day) if newest_first else (event.dato >= day):
            return index
    return len(events) - 1


# --- building the events ------------------------------------------------------------------------


def build(store: Store, borger_id: str) -> Timeline:
    """Read the borger's whole history (older months are loaded on first use) into a timeline."""
    store.load_borger_history(borger_id)
    plans = sorted(store.all(SmttePlan, borger_id), key=lambda p: p.id)
    tegn = {item.id: item for plan in plans for item in plan.tegn}
    cycles = sorted(store.all(PdsaCycle, borger_id), key=lambda c: (c.start, c.nummer))
    timeline = Timeline(
        borger_id=borger_id,
        plans=plans,
        tegn=tegn,
        observations=store.all(Observation, borger_id),
        notes=store.all(Notat, borger_id),
        cycles=cycles,
        evaluations=sorted(store.all(Evaluering, borger_id), key=lambda e: e.dato),
    )
    for plan in plans:
        events, markers = plan_version_events(store, plan)
        timeline.plan_events.extend(events)
        timeline.markers.extend(markers)
    timeline.markers.extend(Marker(c.start, "pdsa", label, c.plan_id) for c, label in pdsa_labels(cycles))
    timeline.markers.sort(key=lambda m: m.dato)
    timeline.decided = {c.id: day for c in cycles if (day := decision_date(store, c)) is not None}
    return timeline


def pdsa_labels(cycles: list[PdsaCycle]) -> list[tuple[PdsaCycle, str]]:
    """Each cycle's chart label: "P2" (cycle 2) while a plan has one ramp; with several ramps the
    ramp's number comes first, "P3.2" (ramp 3, cycle 2), so two ramps' first cycles differ."""
    ramps: dict[str, dict[str, int]] = defaultdict(dict)  # plan -> ramp -> number by first start
    for cycle in sorted(cycles, key=lambda c: (c.start, c.nummer)):
        ramps[cycle.plan_id].setdefault(cycle.rampe_id, len(ramps[cycle.plan_id]) + 1)
    labels = []
    for cycle in cycles:
        plan_ramps = ramps[cycle.plan_id]
        nummer = f"{plan_ramps[cycle.rampe_id]}.{cycle.nummer}" if len(plan_ramps) > 1 else str(cycle.nummer)
        labels.append((cycle, t("timeline.marker.pdsa", nummer=nummer)))
    return labels


def observation_events(observations: list[Observation], tegn: dict[str, Tegn], period: Granularity) -> list[Event]:
    """One event per tegn and period with data: "5 af 7 ja (71 %)", "i alt 12 (5 registreringer)"."""
    by_tegn: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        by_tegn[obs.tegn_id].append(obs)
    events = []
    # Fix: walk the tegn in plan order, not in the order the store listed the observations (a
    # set, so it changed between runs): a week's rows must not swap places on the next start.
    for tegn_id, item in tegn.items():
        found = by_tegn.get(tegn_id)
        if not found:
            continue
        for point in aggregate(found, item, period):
            events.append(Event(point.start, "observationer", item.tekst, summary(item, point.value, point.n), tegn_id, order=2))
    return events


def summary(tegn: Tegn, value: float, n: int) -> str:
    if tegn.maaletype == "ja_nej":
        return t("timeline.obs.ja_nej", ja=round(value * n), n=n, share=format_value("ja_nej", value))
    if n == 1:  # one entry: its value, without "i alt"/"gennemsnit" or a plural
        return t("timeline.obs.single", value=format_value(tegn.maaletype, value))
    return t(f"timeline.obs.{measure(tegn)}", value=format_value(tegn.maaletype, value), n=n)


def note_events(notes: list[Notat], cycles: list[PdsaCycle]) -> list[Event]:
    numbers = {c.id: c.nummer for c in cycles}
    events = []
    # Fix: a day's notes in shift order (no shift first), ids last only to make ties stable; the
    # store lists them in no fixed order.
    for note in sorted(notes, key=lambda n: (n.dato, VAGTER.index(n.vagt) if n.vagt else -1, n.id)):
        who = note.forfatter + (f", {t(f'label.vagt.{note.vagt}')}" if note.vagt else "")
        if note.pdsa_id:
            title = t("timeline.note.do", nummer=numbers.get(note.pdsa_id, "?"), who=who)
        else:
            title = t("timeline.note", who=who)
        text = (t("timeline.note.surprise") + " " if note.overraskelse else "") + note.tekst
        events.append(Event(note.dato, "notat", title, text, note.tegn_id, order=3))
    return events


def pdsa_events(cycles: list[PdsaCycle], decided: dict[str, dt.date]) -> list[Event]:
    """A start event per cycle, and its decision on the day it was saved (else its end date)."""
    events = []
    for cycle in cycles:
        events.append(Event(cycle.start, "pdsa", t("timeline.pdsa.start", nummer=cycle.nummer), t("timeline.pdsa.start_text", formaal=cycle.formaal, slut=f"{cycle.slut:%d.%m.%Y}"), order=1))
        if cycle.act is not None:
            reason = f" – {cycle.act_begrundelse}" if cycle.act_begrundelse else ""
            events.append(Event(decided.get(cycle.id, cycle.slut), "pdsa", t("timeline.pdsa.act", nummer=cycle.nummer), t(f"timeline.act.{cycle.act}") + reason, order=4))
    return events


def evaluation_events(evaluations: list[Evaluering]) -> list[Event]:
    events = []
    for ev in evaluations:
        parts = [t(f"meeting.decision.{ev.beslutning}")]
        if ev.maalopfyldelse is not None:
            parts.insert(0, t("timeline.eval.score", score=format_score(ev.maalopfyldelse)))
        if ev.naeste_dato:
            parts.append(t("timeline.eval.next", dato=f"{ev.naeste_dato:%d.%m.%Y}"))
        events.append(Event(ev.dato, "evaluering", t(f"meeting.art.{ev.art}"), "; ".join(parts), order=5))
    return events


def format_score(score: int) -> str:
    return f"{score:+d}" if score else "0"


def plan_version_events(store: Store, plan: SmttePlan) -> tuple[list[Event], list[Marker]]:
    """One event per plan version, and a chart marker where an active plan's goal, tegn or
    tiltag changed or the plan became active."""
    events, markers = [], []
    was_active = False
    for version in plandiff.versions(store, plan.id):
        day = version.when.astimezone().date()
        sections = list(dict.fromkeys(change.path.split(".")[0].split("[")[0] for change in version.changes))
        names = ", ".join(t(f"plan.section.{name}") for name in sections if name != "status")
        state = version.state
        active = state is not None and state.status == "aktiv"
        status_word = t(f"plan.diff.value.status.{state.status}") if state is not None and "status" in sections else ""
        if version.op == "create" and state is not None:  # a new plan is filled in, not "changed"
            status_part = t("timeline.plan.created", status=t(f"plan.diff.value.status.{state.status}"))
            what_part = names and t("timeline.plan.filled", what=names)
        else:
            status_part = status_word and t("timeline.plan.status", status=status_word)
            what_part = names and t("timeline.plan.changed", what=names)
        text = "; ".join(part for part in (status_part, what_part) if part)
        title = t("timeline.plan.version", nummer=version.number, who=version.author)
        events.append(Event(day, "plan", title, text or plandiff.op_label(version.op), order=0))
        if active and (not was_active or MARKED_SECTIONS.intersection(sections)):
            markers.append(Marker(day, "plan", t("timeline.marker.plan", nummer=version.number), plan.id))
        was_active = active
    return events, markers


def decision_date(store: Store, cycle: PdsaCycle) -> dt.date | None:
    """The day the cycle's Act decision was saved (its revision's time), None while undecided."""
    for rev in store.history(PdsaCycle, cycle.id):
        if rev.data.get("act"):
            return rev.written_at.astimezone().date()
    return None


def period_label(day: dt.date, period: Granularity) -> str:
    """How a row's date reads: "25.11.2026", "uge 48 · 23.11.2026" or "november 2026"."""
    if period == "uge":
        return t("timeline.week", week=day.isocalendar().week, dato=f"{day:%d.%m.%Y}")
    if period == "maaned":
        return t("timeline.month", month=t(f"month.{day.month}"), year=day.year)
    return f"{day:%d.%m.%Y}"


__all__ = ["Event", "EventKind", "EVENT_KINDS", "Filter", "Timeline", "build", "jump_index", "period_start", "select"]
