"""The report across houses (``smtte report --db``): the group report of every house, and a table
per house that answers the monitoring questions of the project plan where the data can.

**The same definitions as one house's group report.** Each house's figures are
:class:`smtte_tui.features.group.group.GroupPicture` made by the group's own functions (``score_trend``,
``tegn_verdicts``, ``logging_weeks``, ``score_counts``, ``follow_up``), fed from the analysts'
views (:mod:`smtte_tui.replicate.reportdata` says how observations are summed first).

**The implementation table**, per house, for the period up to today (``until``):

* *Aktiv plan med ét mål*: active borgere with an active SMTTE plan, of all active borgere (an
  active plan has exactly one goal: the model allows no other).
* *Daglig logning*: the house's complete days of all counted days (a day is complete when every
  active tegn of the borger's active plan has a sign; the group's logging definition).
* *Møder holdt / forventet*: meetings held (evaluations dated in the period) against those due:
  the follow-ups each active plan's cadence asks for in the period (weekly, monthly, quarterly,
  counted from the period's first day) plus status meetings and long-term evaluations the plans
  set in the period.
* *PDSA startet / afsluttet*: prøvehandlinger whose start lies in the period; those finished
  (status afsluttet) whose end lies in the period.
* *"Justér" fulgt op*: "juster" decisions of meetings in the period whose plan changed its goal,
  tegn or tiltag within :data:`smtte_tui.features.group.group.ADJUST_DAYS` days (the group's definition), of all
  such decisions; those still inside their window are counted as waiting.

**No names by default**: houses are "Hus 1", "Hus 2" … and borgere "Borger 1" … by the stable
numbers of the views (the order they first appeared: a number never moves), and no free text is
read. ``with_names`` prints house names, borger names and tegn texts, and needs a database user
in ``smtte_analyst_named``. Every house read gets a ``rapport`` audit event, attributed to the
operating-system user who ran the report.
"""

from __future__ import annotations

import datetime as dt
import getpass
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from smtte_tui.audit_actions import AuditTarget, TargetKind
from smtte_tui.dates import add_days, format_date
from smtte_tui.features.evaluation.timeline import format_score
from smtte_tui.features.group import group
from smtte_tui.followup import SCORES, cadence_date
from smtte_tui.i18n import t
from smtte_tui.models import Borger, Evaluering, Maal, Opfoelgningsplan, SmttePlan, Tegn
from smtte_tui.replicate import reportdata
from smtte_tui.replicate.reportdata import HouseRows, Sign
from smtte_tui.report.bars import Series, bars_svg
from smtte_tui.report.formats import CSS, h, html_head, html_table, md, md_table
from smtte_tui.report.house_report import EXTRA_CSS, SCORE_COLOURS, distribution_header, distribution_rows, distribution_svg, logging_total, period_words, score_words, share_words, verdict_mark
from smtte_tui.store.hlc import encode

if TYPE_CHECKING:
    import psycopg

Format = Literal["html", "md"]
PLACEHOLDER = "·"  # a text the anonymous report never reads or prints (goals, tegn)


@dataclass(frozen=True)
class Implementation:
    borgere: int
    with_plan: int
    complete_days: int
    counted_days: int
    held: int
    due: int
    pdsa_started: int
    pdsa_finished: int
    adjust: int
    followed: int
    waiting: int

    @staticmethod
    def total(rows: list[Implementation]) -> Implementation:
        return Implementation(*(sum(getattr(row, name) for row in rows) for name in Implementation.__dataclass_fields__))


@dataclass
class HouseReport:
    house: reportdata.House
    label: str
    picture: group.GroupPicture
    labels: dict[str, str]  # borger id -> "Borger 3" or the name
    implementation: Implementation


@dataclass
class MunicipalReport:
    period: group.Period
    until: dt.date
    houses: list[HouseReport]
    with_names: bool
    printed: dt.datetime
    who: str


# --- from rows to the group's models -------------------------------------------------------------


def _plan(row: tuple, tegn_rows: list[tuple]) -> SmttePlan:
    plan_id, borger_id, opfoelgning, naeste, status_dato, langsigtet, maal = row
    tegn = [
        Tegn(id=tid, tekst=tekst or PLACEHOLDER, maaletype=kind, bedre_retning=retning, baseline=baseline, maalvaerdi=target, aggregering=agg, aktiv=aktiv)
        for tid, kind, retning, baseline, target, agg, aktiv, tekst in tegn_rows
    ]
    evaluering = Opfoelgningsplan(opfoelgning=opfoelgning, naeste_opfoelgning=naeste, status_dato=status_dato, langsigtet_evaluering=langsigtet)
    return SmttePlan(id=plan_id, borger_id=borger_id, status="aktiv", maal=Maal(tekst=maal or PLACEHOLDER), tegn=tegn, evaluering=evaluering)


def _signs(rows: HouseRows, borger_id: str, plan: SmttePlan | None) -> tuple[list[Sign], list[Sign]]:
    """One borger's week values (what the tegn verdicts read) and logged days (what the logging
    weeks read), of the active tegn of the active plan."""
    from smtte_tui.analysis.runchart import measure

    tegn = {item.id: item for item in group.active_tegn(plan)}
    weeks: list[Sign] = []
    for tegn_id, maaletype, _week, total, n, first_day in rows.weeks.get(borger_id, ()):
        item = tegn.get(tegn_id)
        if item is not None and item.maaletype == maaletype:
            weeks.append(Sign(tegn_id, maaletype, first_day, total if measure(item) == "sum" else total / n))
    days = [Sign(tegn_id, "", day) for tegn_id, logged in rows.days.get(borger_id, ()) if tegn_id in tegn for day in logged]
    return weeks, days


def _due(plan: SmttePlan, period: group.Period, until: dt.date) -> int:
    count, day = 0, period.start
    while day <= until:
        count += 1
        following = cadence_date(plan, day)
        if following <= day:
            break
        day = following
    set_dates = [plan.evaluering.status_dato, plan.evaluering.langsigtet_evaluering]
    return count + sum(1 for day in set_dates if day is not None and period.start <= day <= until)


def house_picture(rows: HouseRows, period: group.Period, today: dt.date, *, with_names: bool) -> tuple[group.GroupPicture, dict[str, str], Implementation]:
    """One house's group picture, its borger labels and its implementation figures."""
    until = min(period.end, today)
    start = group.verdict_start(until)
    active = sorted((row for row in rows.borgere if row[2]), key=lambda row: row[1])
    labels = {row[0]: (row[3] if with_names and row[3] else t("grouprep.borger", n=row[1])) for row in active}
    borgere = [Borger(id=bid, navn=labels[bid], kortnavn=(kort if with_names and kort else labels[bid])) for bid, _n, _a, _navn, kort in active]
    plans: dict[str, SmttePlan] = {}
    for row in sorted(rows.plans, key=lambda row: row[0]):  # the lowest id, as lookup.active_plan
        plans.setdefault(row[1], _plan(row, rows.tegn.get(row[0], [])))
    evaluations: dict[str, list[Evaluering]] = {}
    every: list[Evaluering] = []
    for ev_id, borger_id, plan_id, dato, art, score, beslutning, naeste in rows.evaluations:
        if borger_id in labels:
            ev = Evaluering(id=ev_id, borger_id=borger_id, plan_id=plan_id, dato=dato, art=art, maalopfyldelse=score, beslutning=beslutning, naeste_dato=naeste, forfatter=PLACEHOLDER)
            evaluations.setdefault(borger_id, []).append(ev)
            every.append(ev)
    picture_rows = []
    for borger in borgere:
        plan = plans.get(borger.id)
        weeks, days = _signs(rows, borger.id, plan)
        tegn_ids = [item.id for item in group.active_tegn(plan)]
        verdicts = group.tegn_verdicts(plan, weeks, until, start)  # type: ignore[arg-type]  # a Sign reads as an observation
        logging = group.logging_weeks(tegn_ids, days, period.start, until)  # type: ignore[arg-type]
        picture_rows.append(group.BorgerRow(borger, plan, group.score_trend(evaluations.get(borger.id, []), until), verdicts, logging))
    in_period = [ev for ev in every if ev.dato in period]
    by_id = {b.id: b for b in borgere}
    adjustments = []
    for ev in sorted(in_period, key=lambda e: (e.dato, e.id)):
        if ev.beslutning == "juster":
            change_days = sorted(moment.astimezone().date() for moment in rows.changes.get(ev.plan_id, ()))
            changed, state = group.follow_up(ev, change_days, today)
            adjustments.append(group.Adjustment(by_id[ev.borger_id], ev, changed, state))
    history = group.periods_up_to(period, group.HISTORY_PERIODS[period.kind])
    picture = group.GroupPicture(
        period=period,
        today=today,
        until=until,
        rows=picture_rows,
        latest=group.score_counts(row.score.score for row in picture_rows),
        without_score=sum(1 for row in picture_rows if row.score.score is None),
        held=group.score_counts(ev.maalopfyldelse for ev in in_period),
        meetings_held=len(in_period),
        over_time=[(bucket, group.score_counts(ev.maalopfyldelse for ev in every if ev.dato in bucket)) for bucket in history],
        adjustments=adjustments,
        wheel=[],
    )
    complete, counted = logging_total(picture)
    active_ids = set(labels)
    pdsa = [row for row in rows.pdsa if row[1] in active_ids]
    implementation = Implementation(
        borgere=len(borgere),
        with_plan=sum(1 for row in picture_rows if row.plan is not None),
        complete_days=complete,
        counted_days=counted,
        held=sum(1 for ev in in_period if ev.dato <= until),
        due=sum(_due(plan, period, until) for bid, plan in plans.items() if bid in active_ids),
        pdsa_started=sum(1 for _id, _b, begin, _end, _status in pdsa if begin in period),
        pdsa_finished=sum(1 for _id, _b, _begin, end, status in pdsa if status == "afsluttet" and end in period),
        adjust=len(adjustments),
        followed=picture.followed("fulgt_op"),
        waiting=picture.followed("venter"),
    )
    return picture, labels, implementation


def gather(
    conn: psycopg.Connection, period: group.Period, *, today: dt.date, houses: list[str] | None = None, with_names: bool = False, who: str | None = None, now: dt.datetime | None = None
) -> MunicipalReport:
    """Read the chosen houses (all when None) and make every figure (module text)."""
    import psycopg as pg

    from smtte_tui.replicate.db import DatabaseRefused

    until = min(period.end, today)
    try:
        chosen = reportdata.houses(conn, houses)
        rows = reportdata.load(conn, chosen, first=period.start, verdict_start=group.verdict_start(until), until=until, since=add_days(period.start, -1), names=with_names)
    except pg.errors.InsufficientPrivilege as exc:
        raise DatabaseRefused("municipal.error.names" if with_names else "municipal.error.rights") from exc
    except pg.errors.UndefinedTable as exc:
        raise DatabaseRefused("municipal.error.no_schema") from exc
    made = []
    for house in chosen:
        picture, labels, implementation = house_picture(rows[house.id], period, today, with_names=with_names)
        label = house.navn if with_names and house.navn else t("municipal.house", n=house.nummer)
        made.append(HouseReport(house, label, picture, labels, implementation))
    return MunicipalReport(period, until, made, with_names, now or dt.datetime.now().astimezone(), who or os_user())


def os_user() -> str:
    try:
        return getpass.getuser()[:64] or "?"
    except (OSError, KeyError, ImportError):
        return "?"


def record(conn: psycopg.Connection, report: MunicipalReport, fmt: str) -> None:
    """One ``rapport`` audit event per house read (module text)."""
    writer = "t" + uuid.uuid4().hex[:12]
    wall = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    target = AuditTarget.of(TargetKind.KOMMUNE, report.period.key, fmt, *(["navne"] if report.with_names else []))
    for counter, house in enumerate(report.houses):
        reportdata.record_report(conn, house.house.id, who=report.who, target=target, writer=writer, stamp=encode(wall, counter, writer), event_id=uuid.uuid4().hex)


# --- words shared by both formats ----------------------------------------------------------------


def _share(part: int, whole: int) -> str:
    return share_words(part / whole) if whole else "–"


def implementation_header() -> list[str]:
    return [t("municipal.col.house"), t("municipal.col.borgere"), t("municipal.col.plan"), t("municipal.col.logging"), t("municipal.col.meetings"), t("municipal.col.pdsa"), t("municipal.col.adjust")]


def implementation_row(label: str, figures: Implementation) -> list[str]:
    return [
        label,
        str(figures.borgere),
        t("municipal.value.of", part=figures.with_plan, whole=figures.borgere, share=_share(figures.with_plan, figures.borgere)),
        t("municipal.value.days", part=figures.complete_days, whole=figures.counted_days, share=_share(figures.complete_days, figures.counted_days)),
        t("municipal.value.meetings", held=figures.held, due=figures.due),
        t("municipal.value.pdsa", started=figures.pdsa_started, finished=figures.pdsa_finished),
        t("municipal.value.adjust", followed=figures.followed, whole=figures.adjust, waiting=figures.waiting),
    ]


def implementation_rows(report: MunicipalReport) -> list[list[str]]:
    rows = [implementation_row(house.label, house.implementation) for house in report.houses]
    if len(report.houses) > 1:
        rows.append(implementation_row(t("municipal.total"), Implementation.total([house.implementation for house in report.houses])))
    return rows


def combined(report: MunicipalReport, field: str) -> dict[int, int]:
    counts = dict.fromkeys(SCORES, 0)
    for house in report.houses:
        for score, n in getattr(house.picture, field).items():
            counts[score] += n
    return counts


def verdict_words(house: HouseReport, row: group.BorgerRow, with_names: bool) -> str:
    if row.plan is None:
        return t("group.no_plan")
    if not row.verdicts:
        return t("group.no_tegn")
    return "; ".join(f"{v.tegn.tekst if with_names else t('grouprep.tegn', n=number)}: {verdict_mark(v.verdict)} {t(f'group.verdict.{v.verdict}')}" for number, v in enumerate(row.verdicts, start=1))


def borger_header() -> list[str]:
    return [t("grouprep.col.borger"), t("grouprep.col.score"), t("grouprep.col.score_date"), t("grouprep.col.verdicts"), t("municipal.col.logging")]


def borger_rows(report: MunicipalReport, house: HouseReport) -> list[list[str]]:
    out = []
    for row in house.picture.rows:
        complete, days = sum(w.complete for w in row.logging), sum(w.days for w in row.logging)
        logging = _share(complete, days) if row.logging else (t("group.no_plan") if row.plan is None else t("group.no_tegn"))
        out.append([house.labels[row.borger.id], score_words(row), format_date(row.score.dato), verdict_words(house, row, report.with_names), logging])
    return out


def title(report: MunicipalReport) -> str:
    return t("municipal.title", period=report.period.label())


def period_line(report: MunicipalReport) -> str:
    return period_words(report.period, report.until)


def privacy_line(report: MunicipalReport) -> str:
    return t("municipal.named") if report.with_names else t("municipal.anonymous")


def footer(report: MunicipalReport) -> str:
    return t("report.footer", dato=format_date(report.printed.date()), who=report.who)


# --- HTML and Markdown ---------------------------------------------------------------------------


def render_html(report: MunicipalReport) -> str:
    heading = title(report)
    out = [
        *html_head(heading, f"{CSS}\n{EXTRA_CSS}"),
        "<body>",
        "<header>",
        f"<h1>{h(heading)}</h1>",
        f'<p class="period">{h(period_line(report))}</p>',
        f'<p class="muted">{h(privacy_line(report))}</p>',
        "</header>",
        f'<section id="implementation"><h2>{h(t("municipal.implementation.title"))}</h2>',
        f'<p class="muted">{h(t("municipal.implementation.explain", days=group.ADJUST_DAYS))}</p>',
        *html_table(implementation_header(), implementation_rows(report)),
        "</section>",
        f'<section id="scores"><h2>{h(t("grouprep.scores.title"))}</h2>',
        f"<h3>{h(t('grouprep.latest.title'))}</h3>",
        f'<div class="bars">{distribution_svg(t("grouprep.latest.title"), combined(report, "latest"))}</div>',
        *html_table(distribution_header(), distribution_rows(combined(report, "latest")), {1}),
        f"<h3>{h(t('grouprep.held.title'))}</h3>",
        f'<div class="bars">{distribution_svg(t("grouprep.held.title"), combined(report, "held"))}</div>',
        *html_table(distribution_header(), distribution_rows(combined(report, "held")), {1}),
        f'<div class="bars">{houses_svg(report)}</div>',
        "</section>",
        f'<section id="houses"><h2>{h(t("municipal.houses.title"))}</h2>',
        f'<p class="muted">{h(t("grouprep.verdicts.explain", weeks=group.VERDICT_WEEKS))}</p>',
    ]
    for house in report.houses:
        out += [f"<h3>{h(house.label)}</h3>", *html_table(borger_header(), borger_rows(report, house))]
    out += ["</section>", f"<footer>{h(footer(report))}</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def houses_svg(report: MunicipalReport) -> str:
    """The latest scores per house, stacked −2 … +2."""
    categories = [house.label for house in report.houses]
    series = [Series(format_score(s), SCORE_COLOURS[s], [house.picture.latest[s] for house in report.houses]) for s in SCORES]
    return bars_svg(t("municipal.houses.chart"), categories, series, stacked=True)


def render_markdown(report: MunicipalReport) -> str:
    out = [f"# {md(title(report))}", "", md(period_line(report)), "", md(privacy_line(report)), ""]
    out += [f"## {md(t('municipal.implementation.title'))}", "", md(t("municipal.implementation.explain", days=group.ADJUST_DAYS)), ""]
    out += md_table(implementation_header(), implementation_rows(report))
    out += [f"## {md(t('grouprep.scores.title'))}", "", f"### {md(t('grouprep.latest.title'))}", ""]
    out += md_table(distribution_header(), distribution_rows(combined(report, "latest")))
    out += [f"### {md(t('grouprep.held.title'))}", ""]
    out += md_table(distribution_header(), distribution_rows(combined(report, "held")))
    out += [f"## {md(t('municipal.houses.title'))}", "", md(t("grouprep.verdicts.explain", weeks=group.VERDICT_WEEKS)), ""]
    for house in report.houses:
        out += [f"### {md(house.label)}", ""]
        out += md_table(borger_header(), borger_rows(report, house))
    out += ["---", "", md(footer(report)), ""]
    return "\n".join(out)


def render(report: MunicipalReport, fmt: Format) -> str:
    return render_html(report) if fmt == "html" else render_markdown(report)
