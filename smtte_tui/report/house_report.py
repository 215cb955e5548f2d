"""The group report for a month or quarter: the house's figures for a staff meeting or the
municipality, as one self-contained HTML page (inline SVG bars) or Markdown.

What it shows is :func:`smtte_tui.features.group.group.picture` for the period (the definitions are there):
goal attainment per borger and across the group, each tegn's run-chart verdict, logging per ISO
week, "juster" decisions and whether the plan changed after them, and the year's meetings.

**No names by default.** Borgere are "Borger 1", "Borger 2", … by the order they were first
saved (:func:`smtte_tui.features.group.group.borger_numbers`: the same number in every report), and no free text
from the plans is printed (goals and tegn often name the borger): a tegn is "Tegn 2" of its plan.
``with_names`` prints names, goals and tegn texts, for the staff's own meeting.

Making the report takes personal data out of smtte, so it is audited like an export
(``handling="rapport"``, ``maal="gruppe:<period>:<format>[:navne]"``) once the content is made and,
for a file, written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date
from smtte_tui.features.evaluation.timeline import format_score
from smtte_tui.features.group import group
from smtte_tui.followup import SCORES
from smtte_tui.glyphs import UNICODE, Glyphs
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent
from smtte_tui.report.bars import Series, bars_svg
from smtte_tui.report.export import ExportError
from smtte_tui.report.formats import CSS, h, html_head, html_table, md, md_table
from smtte_tui.report.output import hand_out, write_out
from smtte_tui.session import Session

Format = Literal["html", "md"]
FORMATS: tuple[Format, ...] = ("html", "md")
AUDIT_HANDLING = AuditAction.RAPPORT
# −2 red … +2 green; expected meetings grey, set dates blue, held green (the wheel)
SCORE_COLOURS = {-2: "#c62828", -1: "#ef6c00", 0: "#9e9e9e", 1: "#7cb342", 2: "#2e7d32"}
PLANNED, EXPECTED, HELD = "#1f4e9c", "#b0bec5", "#2e7d32"
EXTRA_CSS = """
#latest table, #held table { width: auto; min-width: 18rem; }
tr.in-period td { font-weight: bold; }
.bars { break-inside: avoid; page-break-inside: avoid; margin: .4rem 0; }
svg.bars { width: 100%; height: auto; display: block; }
""".strip()


@dataclass(frozen=True)
class GroupReport:
    picture: group.GroupPicture
    rows: list[group.BorgerRow]  # in the order printed: by name, or by number when anonymous
    labels: dict[str, str]  # borger id -> name or "Borger 3"
    with_names: bool
    printed: dt.datetime
    who: str


def gather(session: Session, period: group.Period, *, with_names: bool = False) -> GroupReport:
    """The period's group picture with every borger's label (see the module text)."""
    store, now = session.store, session.now()
    picture = group.picture(store, now.date(), period)
    rows = picture.rows
    if with_names:
        labels = {row.borger.id: row.borger.navn for row in rows}
    else:
        numbers = group.borger_numbers(store, [row.borger for row in rows])
        labels = {borger_id: t("grouprep.borger", n=n) for borger_id, n in numbers.items()}
        rows = sorted(rows, key=lambda row: numbers[row.borger.id])
    return GroupReport(picture, rows, labels, with_names, now, session.initialer)


# --- words and rows shared by both formats -------------------------------------------------------


def trend_mark(trend: str, marks: Glyphs = UNICODE) -> str:
    """↑ ↓ → for a score's trend ("" when there is none); the screen passes its glyph set."""
    return {"op": marks.up, "ned": marks.down, "uaendret": marks.same, "ingen": ""}[trend]


def verdict_mark(verdict: group.VerdictWord, marks: Glyphs = UNICODE) -> str:
    return {"bedre": marks.up, "vaerre": marks.down, "ingen": "-" if marks.ascii else "–", "for_faa": marks.no_data}[verdict]


def score_words(row: group.BorgerRow) -> str:
    if row.score.score is None:
        return t("group.score.none")
    return f"{format_score(row.score.score)} {trend_mark(row.score.trend)}".strip()


def verdict_short(verdict: group.VerdictWord, marks: Glyphs = UNICODE) -> str:
    return f"{verdict_mark(verdict, marks)} {t(f'group.verdict.{verdict}')}"


def tegn_name(report: GroupReport, number: int, verdict: group.TegnVerdict) -> str:
    return verdict.tegn.tekst if report.with_names else t("grouprep.tegn", n=number)


def verdicts_words(report: GroupReport, row: group.BorgerRow) -> str:
    if row.plan is None:
        return t("group.no_plan")
    if not row.verdicts:
        return t("group.no_tegn")
    return "; ".join(f"{tegn_name(report, number, v)}: {verdict_short(v.verdict)}" for number, v in enumerate(row.verdicts, start=1))


def share_words(share: float | None) -> str:
    return "" if share is None else t("chart.percent", value=round(share * 100))


def period_line(report: GroupReport) -> str:
    return period_words(report.picture.period, report.picture.until)


def period_words(period: group.Period, until: dt.date) -> str:
    """The period, and the day the figures are as of when it is not over (also the municipality's)."""
    line = t("report.period", fra=format_date(period.start), til=format_date(period.end))
    if until < period.end:
        line += " " + t("grouprep.until", dato=format_date(until))
    return line


def privacy_line(report: GroupReport) -> str:
    return t("grouprep.named") if report.with_names else t("grouprep.anonymous")


def logging_total(picture: group.GroupPicture) -> tuple[int, int]:
    """The group's complete days and counted days over the weeks shown."""
    weeks = [week for row in picture.rows for week in row.logging]
    return sum(w.complete for w in weeks), sum(w.days for w in weeks)


def summary_lines(report: GroupReport) -> list[tuple[str, str]]:
    picture = report.picture
    complete, days = logging_total(picture)
    with_plan = sum(1 for row in picture.rows if row.plan is not None)
    scored = sum(picture.held.values())
    return [
        (t("grouprep.sum.borgere"), str(len(picture.rows))),
        (t("grouprep.sum.plans"), str(with_plan)),
        (t("grouprep.sum.meetings"), t("grouprep.sum.meetings.value", n=picture.meetings_held, scored=scored)),
        (
            t("grouprep.sum.adjust"),
            t("grouprep.sum.adjust.value", n=len(picture.adjustments), fulgt=picture.followed("fulgt_op"), venter=picture.followed("venter"), ikke=picture.followed("ikke_fulgt_op")),
        ),
        (t("grouprep.sum.logging"), t("grouprep.sum.logging.value", complete=complete, days=days, share=share_words(complete / days if days else None) or "–")),
    ]


def distribution_header() -> list[str]:
    return [t("grouprep.col.score"), t("grouprep.col.count")]


def distribution_rows(counts: dict[int, int], without: int | None = None) -> list[list[str]]:
    rows = [[format_score(score), str(counts[score])] for score in SCORES]
    if without is not None:
        rows.append([t("group.score.none"), str(without)])
    return rows


def over_time_header(picture: group.GroupPicture) -> list[str]:
    return [t("grouprep.col.period")] + [format_score(s) for s in SCORES] + [t("grouprep.col.total")]


def over_time_rows(picture: group.GroupPicture) -> list[list[str]]:
    return [[bucket.label()] + [str(counts[s]) for s in SCORES] + [str(sum(counts.values()))] for bucket, counts in picture.over_time]


def borger_header() -> list[str]:
    return [t("grouprep.col.borger"), t("grouprep.col.score"), t("grouprep.col.score_date"), t("grouprep.col.trend"), t("grouprep.col.verdicts")]


def borger_rows(report: GroupReport) -> list[list[str]]:
    return [[report.labels[row.borger.id], score_words(row), format_date(row.score.dato), t(f"group.trend.{row.score.trend}"), verdicts_words(report, row)] for row in report.rows]


def logging_weeks(report: GroupReport) -> list[dt.date]:
    """Every ISO week's Monday shown for any borger, oldest first."""
    return sorted({week.start for row in report.rows for week in row.logging})


def logging_header(report: GroupReport) -> list[str]:
    return [t("grouprep.col.borger")] + [t("group.col.week", week=monday.isocalendar().week) for monday in logging_weeks(report)]


def logging_rows(report: GroupReport) -> list[list[str]]:
    mondays = logging_weeks(report)
    rows = []
    for row in report.rows:
        if row.logging:
            by_week = {week.start: week for week in row.logging}
            cells = [share_words(by_week[m].share) if m in by_week else "" for m in mondays]
        else:  # nothing to log: say why in the first week's cell
            cells = [t("group.no_plan") if row.plan is None else t("group.no_tegn")] + [""] * (len(mondays) - 1)
        rows.append([report.labels[row.borger.id], *cells])
    return rows


def adjustment_header() -> list[str]:
    return [t("grouprep.col.borger"), t("grouprep.col.meeting"), t("grouprep.col.changed"), t("grouprep.col.state")]


def adjustment_rows(report: GroupReport) -> list[list[str]]:
    return [[report.labels[a.borger.id], format_date(a.evaluation.dato), format_date(a.changed), t(f"group.follow.{a.state}")] for a in report.picture.adjustments]


def wheel_header() -> list[str]:
    return [t("wheel.col.month"), t("wheel.col.opfoelgning"), t("wheel.col.status"), t("wheel.col.evaluering"), t("wheel.col.expected"), t("wheel.col.held")]


def wheel_row(month: group.WheelMonth) -> list[str]:
    return [
        t(f"month.{month.month.month}"),
        str(month.planned_of("opfoelgning")),
        str(month.planned_of("status")),
        str(month.planned_of("evaluering")),
        str(len(month.expected)),
        str(len(month.held)),
    ]


def footer_words(report: GroupReport) -> str:
    return t("report.footer", dato=format_date(report.printed.date()), who=report.who)


def title(report: GroupReport) -> str:
    return t("grouprep.title", period=report.picture.period.label())


# --- charts --------------------------------------------------------------------------------------


def distribution_svg(heading: str, counts: dict[int, int]) -> str:
    """Five bars, −2 to +2, each in its own colour."""
    bars = Series(t("grouprep.col.count"), SCORE_COLOURS[0], [counts[s] for s in SCORES], [SCORE_COLOURS[s] for s in SCORES])
    return bars_svg(heading, [format_score(s) for s in SCORES], [bars], height=200)


def over_time_svg(picture: group.GroupPicture) -> str:
    categories = [bucket.short_label() for bucket, _ in picture.over_time]
    series = [Series(format_score(s), SCORE_COLOURS[s], [counts[s] for _, counts in picture.over_time]) for s in SCORES]
    return bars_svg(t("grouprep.over_time.title"), categories, series, stacked=True)


def wheel_svg(picture: group.GroupPicture) -> str:
    months = picture.wheel
    categories = [t(f"month.{m.month.month}")[:3] for m in months]
    series = [
        Series(t("wheel.legend.planned"), PLANNED, [len(m.planned) for m in months]),
        Series(t("wheel.legend.expected"), EXPECTED, [len(m.expected) for m in months]),
        Series(t("wheel.legend.held"), HELD, [len(m.held) for m in months]),
    ]
    return bars_svg(t("wheel.title", year=picture.period.end.year), categories, series)


# --- HTML ----------------------------------------------------------------------------------------


def _section(section_id: str, heading: str) -> str:
    return f'<section id="{section_id}"><h2>{h(heading)}</h2>'


def _chart(svg: str) -> list[str]:
    return [f'<div class="bars">{svg}</div>'] if svg else []


def _explain(key: str) -> str:
    return f'<p class="muted">{h(t(key, days=group.ADJUST_DAYS, weeks=group.VERDICT_WEEKS))}</p>'


def render_html(report: GroupReport) -> str:
    """A self-contained HTML page: inline CSS and SVG, no scripts, no links to any file."""
    picture = report.picture
    heading = title(report)
    out = [
        *html_head(heading, f"{CSS}\n{EXTRA_CSS}"),
        "<body>",
        "<header>",
        f"<h1>{h(heading)}</h1>",
        f'<p class="period">{h(period_line(report))}</p>',
        f'<p class="muted">{h(privacy_line(report))}</p>',
        '<dl id="summary">',
        *(f"<dt>{h(label)}</dt><dd>{h(value)}</dd>" for label, value in summary_lines(report)),
        "</dl>",
        "</header>",
        _section("scores", t("grouprep.scores.title")),
        f"<h3>{h(t('grouprep.latest.title'))}</h3>",
        _explain("grouprep.latest.explain"),
        *_chart(distribution_svg(t("grouprep.latest.title"), picture.latest)),
        '<div id="latest">',
        *html_table(distribution_header(), distribution_rows(picture.latest, picture.without_score), {1}),
        "</div>",
        f"<h3>{h(t('grouprep.held.title'))}</h3>",
        *_chart(distribution_svg(t("grouprep.held.title"), picture.held)),
        '<div id="held">',
        *html_table(distribution_header(), distribution_rows(picture.held), {1}),
        "</div>",
        f"<h3>{h(t('grouprep.over_time.title'))}</h3>",
        *_chart(over_time_svg(picture)),
        '<div id="over-time">',
        *html_table(over_time_header(picture), over_time_rows(picture), range(1, len(SCORES) + 2)),
        "</div>",
        "</section>",
        _section("borgere", t("grouprep.borgere.title")),
        _explain("grouprep.verdicts.explain"),
        *html_table(borger_header(), borger_rows(report)),
        f"<h3>{h(t('grouprep.logging.title'))}</h3>",
        _explain("grouprep.logging.explain"),
        '<div id="logging">',
        *html_table(logging_header(report), logging_rows(report), range(1, len(logging_weeks(report)) + 1)),
        "</div>",
        "</section>",
        _section("adjustments", t("grouprep.adjust.title")),
        _explain("grouprep.adjust.explain"),
    ]
    if picture.adjustments:
        out += html_table(adjustment_header(), adjustment_rows(report))
    else:
        out.append(f'<p class="muted">{h(t("grouprep.adjust.none"))}</p>')
    out += [
        "</section>",
        _section("wheel", t("wheel.title", year=picture.period.end.year)),
        _explain("grouprep.wheel.explain"),
        *_chart(wheel_svg(picture)),
        *_wheel_table(picture),
        "</section>",
        f"<footer>{h(footer_words(report))}</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def _wheel_table(picture: group.GroupPicture) -> list[str]:
    """The wheel's table with the period's months in bold (``_html_table`` has no row classes)."""
    months = set(picture.period.months())
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{h(cell)}</th>" for cell in wheel_header()) + "</tr></thead>", "<tbody>"]
    for month in picture.wheel:
        cells = "".join(f'<td class="num">{h(cell)}</td>' if index else f"<td>{h(cell)}</td>" for index, cell in enumerate(wheel_row(month)))
        out.append(f'<tr class="in-period">{cells}</tr>' if month.month in months else f"<tr>{cells}</tr>")
    return out + ["</tbody>", "</table>"]


# --- Markdown ------------------------------------------------------------------------------------


def render_markdown(report: GroupReport) -> str:
    """The HTML's content as Markdown: every chart's figures are in its table."""
    picture = report.picture
    out = [f"# {md(title(report))}", "", md(period_line(report)), "", md(privacy_line(report)), ""]
    out += [f"- **{md(label)}:** {md(value)}" for label, value in summary_lines(report)]
    out += ["", f"## {md(t('grouprep.scores.title'))}", "", f"### {md(t('grouprep.latest.title'))}", "", md(t("grouprep.latest.explain")), ""]
    out += md_table(distribution_header(), distribution_rows(picture.latest, picture.without_score))
    out += [f"### {md(t('grouprep.held.title'))}", ""]
    out += md_table(distribution_header(), distribution_rows(picture.held))
    out += [f"### {md(t('grouprep.over_time.title'))}", ""]
    out += md_table(over_time_header(picture), over_time_rows(picture))
    out += [f"## {md(t('grouprep.borgere.title'))}", "", md(t("grouprep.verdicts.explain", weeks=group.VERDICT_WEEKS)), ""]
    out += md_table(borger_header(), borger_rows(report))
    out += [f"### {md(t('grouprep.logging.title'))}", "", md(t("grouprep.logging.explain")), ""]
    out += md_table(logging_header(report), logging_rows(report))
    out += [f"## {md(t('grouprep.adjust.title'))}", "", md(t("grouprep.adjust.explain", days=group.ADJUST_DAYS)), ""]
    out += md_table(adjustment_header(), adjustment_rows(report)) if picture.adjustments else [md(t("grouprep.adjust.none")), ""]
    out += [f"## {md(t('wheel.title', year=picture.period.end.year))}", "", md(t("grouprep.wheel.explain")), ""]
    out += md_table(wheel_header(), (wheel_row(month) for month in picture.wheel))
    out += ["---", "", md(footer_words(report)), ""]
    return "\n".join(out)


# --- making, auditing and writing ----------------------------------------------------------------


def render_group_report(session: Session, period: group.Period, fmt: Format, *, with_names: bool = False) -> str:
    """The report's text. Records nothing: use :func:`group_report` or :func:`write_group_report`."""
    if fmt not in FORMATS:
        raise ExportError("report.error.format", fmt=fmt, formats=", ".join(FORMATS))
    report = gather(session, period, with_names=with_names)
    return render_html(report) if fmt == "html" else render_markdown(report)


def audit_target(period: group.Period, fmt: str, with_names: bool) -> AuditTarget:
    return AuditTarget.of(TargetKind.GRUPPE, period.key, fmt, *(["navne"] if with_names else []))


def group_event(session: Session, period: group.Period, fmt: str, *, with_names: bool = False) -> AuditEvent:
    return session.audit_event(AUDIT_HANDLING, audit_target(period, fmt, with_names))


def group_report(session: Session, period: group.Period, fmt: Format, *, with_names: bool = False, send: Callable[[bytes], object]) -> None:
    """Hand the report to ``send`` as UTF-8 bytes and audit it as ``rapport`` by the session's
    person once ``send`` has returned (a send that raises audits nothing)."""
    content = render_group_report(session, period, fmt, with_names=with_names).encode("utf-8")
    hand_out(session.store, content, group_event(session, period, fmt, with_names=with_names), send)


def write_group_report(session: Session, period: group.Period, fmt: Format, path: Path, *, with_names: bool = False) -> Path:
    """Write the report to ``path`` (whole, owner-only on Linux/macOS, never over an existing
    file: ``-2``, ``-3``, … is added) and audit it; returns the path written. Nothing is audited
    when the file cannot be written (:class:`ExportError` says why)."""
    content = render_group_report(session, period, fmt, with_names=with_names).encode("utf-8")
    return write_out(session.store, content, group_event(session, period, fmt, with_names=with_names), path)


def report_filename(period: group.Period, fmt: Format, *, with_names: bool = False) -> str:
    """``smtte-gruppe-2026-10.html`` (``-navne`` before the extension when names are printed)."""
    return f"smtte-gruppe-{period.key}{'-navne' if with_names else ''}.{fmt}"
