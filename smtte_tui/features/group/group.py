"""The group picture: every active borger's goal attainment, tegn verdicts and logging, and the
figures across the group (score distribution, plans adjusted after a meeting, the annual wheel).

Pure functions over what the store holds, gathered in one pass per borger by :func:`picture`.
The definitions the figures rest on:

* **Latest score and trend.** A borger's latest goal attainment is the newest Evaluering with a
  ``maalopfyldelse`` (−2..+2) held on or before the day looked at. The trend compares it with the
  score before it *of the same plan* (a new goal starts a new scale): higher is "op", lower "ned",
  the same "uaendret", no earlier score of that plan "ingen".
* **Tegn verdicts.** Each active tegn of the borger's active plan gets the run-chart verdict of
  :func:`smtte_tui.analysis.charts.tegn_chart` (per week, as the borger's own chart) over the
  last :data:`VERDICT_WEEKS` ISO weeks up to the day looked at: "bedre", "ingen", "vaerre", or
  "for_faa" when there are fewer useful points than the Anhøj rules need. Half a year, not the
  whole history: the group asks where each tegn is going now, and reading five years of 40
  borgere takes seconds and a gigabyte of memory, half a year under a second
  (:meth:`Store.load_borger_since`). The borger's own chart, over all weeks, can therefore read
  differently; both are true.
* **Logging completeness per ISO week.** A day is complete when every active tegn of the active
  plan has at least one sign that day. A week's share is its complete days divided by its days
  that lie in the range looked at and are not after today (the current week counts the days so
  far; a month's first and last weeks count only their days in the month). No active plan or no
  active tegn: no weeks.
* **Score distribution.** How many borgere have each latest score (−2..+2), and how many
  meetings held in a month or quarter gave each score.
* **Adjusted after a meeting** ("the follow-up actually happens"): an Evaluering with the decision
  "juster" counts as followed up when a revision of the same plan changes its goal, tegn or
  tiltag on the meeting's day or within :data:`ADJUST_DAYS` days after it. Until that window has
  passed without a change it is "venter", after that "ikke_fulgt_op".
* **The annual wheel.** Per month: the meetings the active plans have set (next follow-up, status
  meeting, long-term evaluation; a set date in a past month is overdue), the follow-ups expected
  after the next one by the plan's cadence up to the year's end (only future ones, marked as
  expected), and the meetings held (Evaluering records). Past set dates are not reconstructed
  from plan history: once a meeting is held, its date moves on.

The group is the borgere marked active now, in every figure and for every period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from smtte_tui.analysis.charts import TegnChart, tegn_chart
from smtte_tui.analysis.runchart import Logged
from smtte_tui.dates import DATE_MAX, DATE_MIN, add_days, add_months, month_end
from smtte_tui.followup import SCORES, cadence_date, planned
from smtte_tui.i18n import t
from smtte_tui.lookup import active_plan
from smtte_tui.models import Borger, Evaluering, EvalueringsArt, MaaleType, Observation, SmttePlan, Tegn
from smtte_tui.store import Store
from smtte_tui.store.store import gc_paused
from smtte_tui.usererror import UserError

Trend = Literal["op", "ned", "uaendret", "ingen"]
VerdictWord = Literal["bedre", "ingen", "vaerre", "for_faa"]
PeriodKind = Literal["maaned", "kvartal"]
FollowUp = Literal["fulgt_op", "venter", "ikke_fulgt_op"]
ADJUST_DAYS = 30  # a "juster" decision is followed up when the plan changes within this many days
ADJUST_SECTIONS = ("maal", "tegn", "tiltag")  # the parts of a plan whose change is an adjustment
WEEKS = 4  # the group screen shows logging for this many ISO weeks up to today
VERDICT_WEEKS = 26  # the tegn verdicts judge this many weekly points up to the day looked at
HISTORY_PERIODS = {"maaned": 12, "kvartal": 4}  # the distribution over time: the year up to the period

_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_QUARTER = re.compile(r"(\d{4})-[QqKk]([1-4])", re.ASCII)


# --- periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter, both days included."""

    start: dt.date
    end: dt.date
    kind: PeriodKind

    @property
    def key(self) -> str:
        """How the period is written on the command line and in file names: 2026-10, 2026-Q3."""
        if self.kind == "kvartal":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    def label(self) -> str:
        """How the period reads: "oktober 2026", "3. kvartal 2026"."""
        if self.kind == "kvartal":
            return t("group.period.quarter", n=(self.start.month - 1) // 3 + 1, year=self.start.year)
        return t("group.period.month", month=t(f"month.{self.start.month}"), year=self.start.year)

    def short_label(self) -> str:
        """A chart's x-axis label: "okt 26", "K3 26"."""
        if self.kind == "kvartal":
            return t("group.period.quarter.short", n=(self.start.month - 1) // 3 + 1, year=f"{self.start:%y}")
        return t("group.period.month.short", month=t(f"month.{self.start.month}")[:3], year=f"{self.start:%y}")

    def months(self) -> list[dt.date]:
        """The first day of each month in the period."""
        count = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return [add_months(self.start, n) for n in range(count)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def month_period(day: dt.date) -> Period:
    first = day.replace(day=1)
    return Period(first, month_end(first), "maaned")


def quarter_period(day: dt.date) -> Period:
    first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period(first, month_end(first.replace(month=first.month + 2)), "kvartal")


def parse_period(text: str) -> Period:
    """``2026-10`` (a month) or ``2026-Q3`` (a quarter; ``K3`` too). ValueError (Danish) otherwise,
    also for a year outside the kept dates (:data:`smtte_tui.dates.DATE_MIN`..``DATE_MAX``)."""
    text = text.strip()
    month, quarter = _MONTH.fullmatch(text), _QUARTER.fullmatch(text)
    match = month or quarter
    if match is None or (month and not 1 <= int(month[2]) <= 12):
        raise UserError("group.error.period", text=text)
    if not DATE_MIN.year <= int(match[1]) <= DATE_MAX.year:
        raise UserError("group.error.period_range", text=text, first=DATE_MIN.year, last=DATE_MAX.year)
    if month:
        return month_period(dt.date(int(month[1]), int(month[2]), 1))
    return quarter_period(dt.date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1))


def periods_up_to(period: Period, count: int) -> list[Period]:
    """``count`` periods of the same kind, oldest first, ending with ``period``."""
    step = 3 if period.kind == "kvartal" else 1
    make = quarter_period if period.kind == "kvartal" else month_period
    return [make(add_months(period.start, -step * back)) for back in range(count - 1, -1, -1)]


# --- one borger ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreTrend:
    score: int | None  # the latest goal attainment, None when no meeting gave one
    dato: dt.date | None  # the day of that meeting
    previous: int | None  # the score before it, of the same plan
    trend: Trend


def trend_of(score: int | None, previous: int | None) -> Trend:
    if score is None or previous is None:
        return "ingen"
    return "op" if score > previous else "ned" if score < previous else "uaendret"


def score_trend(evaluations: Iterable[Evaluering], until: dt.date | None = None) -> ScoreTrend:
    """The latest score held on or before ``until`` (all when None) and its trend (module text)."""
    scored = sorted((e for e in evaluations if e.maalopfyldelse is not None and (until is None or e.dato <= until)), key=lambda e: (e.dato, e.id))
    if not scored:
        return ScoreTrend(None, None, None, "ingen")
    latest = scored[-1]
    before = [e for e in scored[:-1] if e.plan_id == latest.plan_id]
    previous = before[-1].maalopfyldelse if before else None
    return ScoreTrend(latest.maalopfyldelse, latest.dato, previous, trend_of(latest.maalopfyldelse, previous))


@dataclass(frozen=True)
class TegnVerdict:
    tegn: Tegn
    verdict: VerdictWord
    chart: TegnChart  # for the verdict in full words (analysis.charts.signal_words)


def verdict_word(chart: TegnChart) -> VerdictWord:
    if chart.result is None or not chart.result.enough_data:
        return "for_faa"
    return chart.verdict


def active_tegn(plan: SmttePlan | None) -> list[Tegn]:
    return [item for item in plan.tegn if item.aktiv] if plan is not None else []


def weeks_back(day: dt.date, weeks: int) -> dt.date:
    """The Monday that starts the last ``weeks`` ISO weeks, ``day``'s own week included."""
    return add_days(day, -day.weekday() - 7 * (weeks - 1))


def verdict_start(until: dt.date) -> dt.date:
    """The first day the verdicts look at: :data:`VERDICT_WEEKS` ISO weeks back."""
    return weeks_back(until, VERDICT_WEEKS)


class Sign(NamedTuple):
    """What the verdicts and the logging read of one observation (a chart's :class:`Logged`)."""

    tegn_id: str
    maaletype: MaaleType
    vaerdi: bool | int | float
    dato: dt.date


def signs(store: Store, borger_id: str) -> list[Sign]:
    """The borger's observations in memory as :class:`Sign` values: the same records and values
    as ``store.all(Observation, borger_id)`` (corrections applied, withdrawn ones left out), read
    without building a model for each (:meth:`Store.values`; half the cost of the verdicts)."""
    return list(map(Sign._make, store.values(Observation, borger_id, Sign._fields)))


def tegn_verdicts(plan: SmttePlan | None, observations: Iterable[Logged], end: dt.date | None = None, start: dt.date | None = None) -> list[TegnVerdict]:
    """The run-chart verdict of each active tegn of ``plan`` from ``observations`` between
    ``start`` and ``end`` (both included; None is open)."""
    items = active_tegn(plan)
    wanted = {item.id for item in items}
    by_tegn: dict[str, list[Logged]] = defaultdict(list)
    for obs in observations:  # one pass: each chart then reads only its own tegn's signs
        if obs.tegn_id in wanted:
            by_tegn[obs.tegn_id].append(obs)
    verdicts = []
    for item in items:
        chart = tegn_chart(item, by_tegn.get(item.id, []), start=start, end=end)
        verdicts.append(TegnVerdict(item, verdict_word(chart), chart))
    return verdicts


@dataclass(frozen=True)
class WeekLogging:
    start: dt.date  # the ISO week's Monday
    days: int  # the week's days counted (in the range, not after today)
    complete: int  # of those, the days with a sign for every active tegn

    @property
    def week(self) -> int:
        return self.start.isocalendar().week

    @property
    def share(self) -> float | None:
        return self.complete / self.days if self.days else None


def logging_weeks(tegn_ids: Iterable[str], observations: Iterable[Logged], first: dt.date, last: dt.date) -> list[WeekLogging]:
    """Logging completeness per ISO week from ``first`` to ``last`` (both counted; see the module
    text). An empty list when there is no tegn to log or the range is empty."""
    wanted = set(tegn_ids)
    if not wanted or last < first:
        return []
    logged: dict[dt.date, set[str]] = defaultdict(set)
    for obs in observations:
        if first <= obs.dato <= last and obs.tegn_id in wanted:
            logged[obs.dato].add(obs.tegn_id)
    weeks = []
    monday = add_days(first, -first.weekday())
    while monday <= last:
        counted = sorted({day for n in range(7) if first <= (day := add_days(monday, n)) <= last})
        weeks.append(WeekLogging(monday, len(counted), sum(1 for day in counted if logged.get(day, set()) >= wanted)))
        if (dt.date.max - monday).days < 7:  # the last week Python's calendar knows
            break
        monday = add_days(monday, 7)
    return weeks


@dataclass
class BorgerRow:
    borger: Borger
    plan: SmttePlan | None  # the active plan
    score: ScoreTrend
    verdicts: list[TegnVerdict] | None  # None until the borger's history has been read
    logging: list[WeekLogging]


# --- across the group ----------------------------------------------------------------------------


def score_counts(scores: Iterable[int | None]) -> dict[int, int]:
    """How many of each score −2..+2 (every score present, None ignored)."""
    counts = dict.fromkeys(SCORES, 0)
    for score in scores:
        if score is not None:
            counts[score] += 1
    return counts


@dataclass(frozen=True)
class Adjustment:
    """A "juster" decision and whether the plan was changed after it (module text)."""

    borger: Borger
    evaluation: Evaluering
    changed: dt.date | None  # the first day the plan's goal, tegn or tiltag changed in the window
    state: FollowUp


def plan_change_days(store: Store, plan_id: str) -> list[dt.date]:
    """The days a revision changed the plan's goal, tegn or tiltag (its creation not counted),
    oldest first. One pass over the revisions in clock order, keeping only those three parts."""
    days = []
    current: dict[str, object] = {}
    for rev in store.history(SmttePlan, plan_id):
        touched = {name: rev.data[name] for name in ADJUST_SECTIONS if name in rev.data}
        if rev.op == "update" and any(current.get(name) != value for name, value in touched.items()):
            days.append(rev.written_at.astimezone().date())
        current.update(touched)
    return days


def follow_up(evaluation: Evaluering, change_days: list[dt.date], today: dt.date) -> tuple[dt.date | None, FollowUp]:
    window_end = add_days(evaluation.dato, ADJUST_DAYS)
    changed = next((day for day in change_days if evaluation.dato <= day <= window_end), None)
    if changed is not None:
        return changed, "fulgt_op"
    return None, "venter" if today <= window_end else "ikke_fulgt_op"


def adjustments(store: Store, evaluations: Iterable[Evaluering], borgere: dict[str, Borger], today: dt.date) -> list[Adjustment]:
    """Every "juster" decision among ``evaluations`` (of the ``borgere`` given), by date."""
    found = []
    change_days: dict[str, list[dt.date]] = {}
    for ev in sorted(evaluations, key=lambda e: (e.dato, e.id)):
        borger = borgere.get(ev.borger_id)
        if ev.beslutning != "juster" or borger is None:
            continue
        if ev.plan_id not in change_days:
            change_days[ev.plan_id] = plan_change_days(store, ev.plan_id)
        changed, state = follow_up(ev, change_days[ev.plan_id], today)
        found.append(Adjustment(borger, ev, changed, state))
    return found


@dataclass(frozen=True)
class Meeting:
    borger: Borger
    plan_id: str
    art: EvalueringsArt
    dato: dt.date
    held: bool  # an Evaluering that took place; else a date set in the plan (or expected)
    expected: bool = False  # a follow-up expected by the plan's cadence, not a date set in the plan
    evaluation: Evaluering | None = None


@dataclass(frozen=True)
class WheelMonth:
    month: dt.date  # its first day
    planned: list[Meeting]  # dates set in the active plans (overdue when the month is past)
    expected: list[Meeting]  # follow-ups expected by the plans' cadence
    held: list[Meeting]

    def planned_of(self, art: EvalueringsArt) -> int:
        return sum(1 for m in self.planned if m.art == art)


def planned_meetings(borger: Borger, plan: SmttePlan, today: dt.date, until: dt.date) -> list[Meeting]:
    """The plan's set meeting dates, and the follow-ups its cadence expects after the next one,
    from tomorrow up to ``until``."""
    found = [Meeting(borger, plan.id, art, day, False) for art, day in planned(plan)]
    day = plan.evaluering.naeste_opfoelgning
    while day is not None and day < (following := cadence_date(plan, day)) <= until:  # stops at date.max too
        day = following
        if day > today:
            found.append(Meeting(borger, plan.id, "opfoelgning", day, False, expected=True))
    return found


def year_wheel(store: Store, year: int, today: dt.date, *, borgere: list[Borger] | None = None, plans: dict[str, SmttePlan | None] | None = None) -> list[WheelMonth]:
    """The twelve months of ``year`` with the meetings planned, expected and held (module text).

    Reads core records only (plans and evaluations are read at start-up), so it is instant."""
    if borgere is None:
        borgere = active_borgere(store)
    if plans is None:
        plans = {b.id: active_plan(store, b.id) for b in borgere}
    by_id = {b.id: b for b in borgere}
    months = {month: WheelMonth(dt.date(year, month, 1), [], [], []) for month in range(1, 13)}
    year_end = dt.date(year, 12, 31)
    for borger in borgere:
        plan = plans.get(borger.id)
        if plan is None:
            continue
        for meeting in planned_meetings(borger, plan, today, year_end):
            if meeting.dato.year == year:
                wheel = months[meeting.dato.month]
                (wheel.expected if meeting.expected else wheel.planned).append(meeting)
    for ev in store.all(Evaluering):
        if ev.dato.year == year and ev.borger_id in by_id:
            months[ev.dato.month].held.append(Meeting(by_id[ev.borger_id], ev.plan_id, ev.art, ev.dato, True, evaluation=ev))
    for wheel in months.values():
        for meetings in (wheel.planned, wheel.expected, wheel.held):
            meetings.sort(key=lambda m: (m.dato, m.borger.navn, m.art))
    return list(months.values())


# --- the whole picture ---------------------------------------------------------------------------


@dataclass
class GroupPicture:
    period: Period
    today: dt.date
    until: dt.date  # the day the figures are as of: the period's end, or today when it is not over
    rows: list[BorgerRow]  # active borgere by name
    latest: dict[int, int]  # how many borgere have each latest score
    without_score: int  # borgere with no score yet
    held: dict[int, int]  # scores of the meetings held in the period
    meetings_held: int  # every meeting held in the period, with a score or not
    over_time: list[tuple[Period, dict[int, int]]]  # scores of the meetings held, the year up to the period
    adjustments: list[Adjustment]  # "juster" decisions in the period
    wheel: list[WheelMonth]  # the year of the period's end

    def followed(self, state: FollowUp) -> int:
        return sum(1 for a in self.adjustments if a.state == state)


def active_borgere(store: Store) -> list[Borger]:
    return sorted((b for b in store.all(Borger) if b.aktiv), key=lambda b: (b.navn.casefold(), b.id))


def borger_verdicts(store: Store, borger_id: str, plan: SmttePlan | None, end: dt.date) -> list[TegnVerdict]:
    """Read the borger's last :data:`VERDICT_WEEKS` weeks up to ``end`` (cheap once read) and
    judge each active tegn over them."""
    if not active_tegn(plan):
        return []
    start = verdict_start(end)
    store.load_borger_since(borger_id, start)
    return tegn_verdicts(plan, signs(store, borger_id), end, start)


def picture(store: Store, today: dt.date, period: Period | None = None, *, verdicts: bool = True, weeks: int | None = None) -> GroupPicture:
    """Every figure of the group for ``period`` (this month when None), in one pass per borger.

    ``verdicts=False`` leaves the tegn verdicts out (``None``) and reads nothing from the share:
    scores, distribution, adjustments and the wheel come from core records, logging from the
    recent months in memory (enough for the last few weeks). With ``verdicts`` each borger's
    months from the verdicts' first week (or the period's start, if earlier) are read first.
    ``weeks`` shows logging for that many ISO weeks up to the period's end or today instead of
    the period's own weeks.
    """
    # The verdicts make some 25 000 short-lived values without cycles; unpaused, the collections
    # they set off walk the twenty thousand records just read (0.05-0.1 s of a cold picture).
    with gc_paused():
        return _picture(store, today, period, verdicts=verdicts, weeks=weeks)


def _picture(store: Store, today: dt.date, period: Period | None, *, verdicts: bool, weeks: int | None) -> GroupPicture:
    period = period or month_period(today)
    until = min(period.end, today)
    borgere = active_borgere(store)
    by_id = {b.id: b for b in borgere}
    evaluations: dict[str, list[Evaluering]] = defaultdict(list)
    for ev in store.all(Evaluering):
        if ev.borger_id in by_id:
            evaluations[ev.borger_id].append(ev)
    first = period.start if weeks is None else weeks_back(until, weeks)
    start = verdict_start(until)
    rows, plans = [], {}
    for borger in borgere:
        plan = active_plan(store, borger.id)
        plans[borger.id] = plan
        tegn_ids = [item.id for item in active_tegn(plan)]
        observations: list[Sign] = []
        if tegn_ids:
            if verdicts:
                store.load_borger_since(borger.id, min(first, start))
            observations = signs(store, borger.id)  # once, for the verdicts and the logging
        found = tegn_verdicts(plan, observations, until, start) if verdicts else None
        rows.append(BorgerRow(borger, plan, score_trend(evaluations[borger.id], until), found, logging_weeks(tegn_ids, observations, first, until)))
    every = [ev for held in evaluations.values() for ev in held]
    in_period = [ev for ev in every if ev.dato in period]
    history = periods_up_to(period, HISTORY_PERIODS[period.kind])
    return GroupPicture(
        period=period,
        today=today,
        until=until,
        rows=rows,
        latest=score_counts(row.score.score for row in rows),
        without_score=sum(1 for row in rows if row.score.score is None),
        held=score_counts(ev.maalopfyldelse for ev in in_period),
        meetings_held=len(in_period),
        over_time=[(bucket, score_counts(ev.maalopfyldelse for ev in every if ev.dato in bucket)) for bucket in history],
        adjustments=adjustments(store, in_period, by_id, today),
        wheel=year_wheel(store, period.end.year, today, borgere=borgere, plans=plans),
    )


def borger_numbers(store: Store, borgere: Iterable[Borger]) -> dict[str, int]:
    """A stable number per borger for anonymous reports ("Borger 3"): the order every borger
    (active or not) was first saved in, so a number never moves to another borger and stays the
    same from report to report."""
    created = []
    for borger in store.all(Borger):
        history = store.history(Borger, borger.id)
        created.append((history[0].hlc if history else "", borger.id))
    order = {borger_id: number for number, (_, borger_id) in enumerate(sorted(created), start=1)}
    return {b.id: order.get(b.id, 0) for b in borgere}
