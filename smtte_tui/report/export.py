"""One borger's SMTTE history as a file: HTML to read and print, Markdown to paste, CSV to count.

HTML and Markdown hold the whole story of the period: the plan, the run charts, every
prøvehandling with its predictions, its Do notes, the team's Study text and the decision, every
meeting with who took part and its "Referat og aftaler", and the day's notes. The CSV is one row
per observation and nothing else, so a spreadsheet can sort, filter and count it; texts of other
kinds would break exactly that.

:func:`gather` reads the borger's whole history once (through :func:`smtte_tui.features.evaluation.timeline.build`)
and keeps what falls in the chosen period; the three renderers only format it. Every text comes
from the catalog, every date is written dd.mm.yyyy, and all user text is escaped for its format.

An export takes personal data out of smtte, so it is an audit event (``handling="eksport"``,
``maal="borger:<id>:<format>"``): :func:`export_borger` and :func:`write_export` record it once
the content has been handed over whole (sent to stdout, written to its file); a write that fails
records nothing, and :func:`render_export` alone records nothing.

Everything is one pass over the borger's records (grouped by tegn once), so five years of daily
signs export in well under a second.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from smtte_tui import lookup
from smtte_tui.analysis.charts import TegnChart, centre_words, format_value, in_range, measure_words, rule_words, signal_words, tegn_chart
from smtte_tui.analysis.runchart import Point
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date
from smtte_tui.features.evaluation import timeline as timeline_mod
from smtte_tui.followup import level_text
from smtte_tui.i18n import t
from smtte_tui.models import VAGTER, AuditEvent, Borger, Evaluering, Notat, Observation, PdsaCycle, SmttePlan, Tegn
from smtte_tui.report.files import borger_filename
from smtte_tui.report.formats import CSS, csv_number, csv_text, h, html_facts, html_head, html_table, md, md_table
from smtte_tui.report.output import ExportError, hand_out, write_out
from smtte_tui.report.svg import chart_svg
from smtte_tui.session import Session
from smtte_tui.store import Store

Format = Literal["html", "md", "csv"]
FORMATS: tuple[Format, ...] = ("html", "md", "csv")
EXTENSIONS: dict[str, str] = {"html": "html", "md": "md", "csv": "csv"}
STATUS_ORDER = {"aktiv": 0, "afsluttet": 1, "kladde": 2}


# --- gathering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TegnPart:
    tegn: Tegn
    chart: TegnChart


@dataclass(frozen=True)
class PlanPart:
    plan: SmttePlan
    tegn: list[TegnPart]
    cycles: list[PdsaCycle]
    evaluations: list[Evaluering]


@dataclass(frozen=True)
class Report:
    """What an export shows: the borger, the period and everything in it, already ordered."""

    borger: Borger
    start: dt.date | None  # the period asked for (None: open-ended)
    end: dt.date | None
    shown_from: dt.date | None  # the period as printed: the first record when no start was given
    shown_to: dt.date
    plans: list[PlanPart]  # active plan first
    observations: list[Observation]  # in the period, by date, shift and the plans' tegn order
    notes: list[Notat]
    tegn: dict[str, Tegn]
    cycle_numbers: dict[str, int]
    decided: dict[str, dt.date]  # cycle id -> the day its decision was saved
    do_notes: dict[str, list[Notat]]  # cycle id -> its Do notes in the period (shown with the cycle)
    printed: dt.datetime
    who: str


def find_borger(store: Store, text: str) -> Borger:
    """The one borger ``text`` names, by the app's own rule (:func:`smtte_tui.lookup.find_borger`:
    an id, a short name, a name, or words of them; "aase" finds Åse).

    Raises :class:`ExportError` (Danish) when none or several match.
    """
    try:
        return lookup.find_borger(store.all(Borger), text)
    except lookup.BorgerLookupError as exc:
        if not exc.found:
            raise ExportError("cli.error.borger_not_found", borger=exc.text) from exc
        names = ", ".join(sorted(f"{b.navn} ({b.kortnavn}, {b.id})" for b in exc.found))
        raise ExportError("report.error.borger_ambiguous", borger=exc.text, names=names) from exc


def _created(store: Store, plan: SmttePlan) -> dt.datetime:
    history = store.history(SmttePlan, plan.id)
    return history[0].written_at if history else dt.datetime.min.replace(tzinfo=dt.UTC)


def _overlaps(cycle: PdsaCycle, start: dt.date | None, end: dt.date | None) -> bool:
    return (end is None or cycle.start <= end) and (start is None or cycle.slut >= start)


def _in(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def gather(session: Session, borger_id: str, start: dt.date | None = None, end: dt.date | None = None, *, charts: bool = True) -> Report:
    """Read the borger's whole history and keep what lies between ``start`` and ``end`` (both
    included; None is open). Plans shown: the active one, and any other with signs, cycles or
    evaluations in the period. ``charts=False`` skips the run charts (the CSV needs none).

    Raises :class:`ExportError` when the borger does not exist or the period is backwards.
    """
    store, who, now = session.store, session.initialer, session.now()
    borger = store.get(Borger, borger_id)
    if borger is None:
        raise ExportError("cli.error.borger_not_found", borger=borger_id)
    if start is not None and end is not None and start > end:
        raise ExportError("report.error.range", fra=format_date(start), til=format_date(end))
    line = timeline_mod.build(store, borger_id)

    created = {plan.id: _created(store, plan) for plan in line.plans}
    plans = sorted(line.plans, key=lambda p: (STATUS_ORDER.get(p.status, 3), -created[p.id].timestamp(), p.id))
    tegn_order: dict[str, int] = {}
    for plan in plans:
        for item in plan.tegn:
            tegn_order.setdefault(item.id, len(tegn_order))
    tegn = {item.id: item for plan in reversed(plans) for item in plan.tegn}  # the shown plan's version wins

    observations = sorted(
        in_range(line.observations, start, end),
        key=lambda o: (o.dato, VAGTER.index(o.vagt), tegn_order.get(o.tegn_id, len(tegn_order)), o.forfatter, o.id),
    )
    by_tegn: dict[str, list[Observation]] = defaultdict(list)
    plans_with_signs: set[str] = set()
    for obs in observations:
        by_tegn[obs.tegn_id].append(obs)
        plans_with_signs.add(obs.plan_id)
    notes = sorted((n for n in line.notes if _in(n.dato, start, end)), key=lambda n: (n.dato, VAGTER.index(n.vagt) if n.vagt else -1, n.id))
    cycles = [c for c in line.cycles if _overlaps(c, start, end)]
    evaluations = [e for e in line.evaluations if _in(e.dato, start, end)]

    parts: list[PlanPart] = []
    charted: set[str] = set()
    for plan in plans:
        own_cycles = [c for c in cycles if c.plan_id == plan.id]
        own_evaluations = [e for e in evaluations if e.plan_id == plan.id]
        if plan.status != "aktiv" and plan.id not in plans_with_signs and not own_cycles and not own_evaluations:
            continue
        # a chart shows its own plan's markers (and any that belong to no plan)
        markers = [m for m in line.markers if getattr(m, "plan_id", None) in (None, plan.id)]
        tegn_parts = []
        for item in plan.tegn:
            found = by_tegn.get(item.id, [])
            if item.id in charted or not (found or item.aktiv):
                continue
            charted.add(item.id)
            if charts:
                tegn_parts.append(TegnPart(item, tegn_chart(item, found, markers=markers, start=start, end=end)))
        parts.append(PlanPart(plan, tegn_parts, own_cycles, own_evaluations))

    shown_cycles = {c.id for part in parts for c in part.cycles}
    do_notes: dict[str, list[Notat]] = defaultdict(list)
    for note in notes:
        if note.pdsa_id in shown_cycles:
            do_notes[note.pdsa_id].append(note)
    dated = [o.dato for o in observations[:1]] + [n.dato for n in notes[:1]] + [c.start for c in cycles] + [e.dato for e in evaluations[:1]]
    notes = [n for n in notes if n.pdsa_id not in shown_cycles]  # the others are under their cycle
    shown_from = start if start is not None else min(dated, default=None)
    return Report(
        borger=borger,
        start=start,
        end=end,
        shown_from=shown_from,
        shown_to=end if end is not None else now.date(),
        plans=parts,
        observations=observations,
        notes=notes,
        tegn=tegn,
        cycle_numbers={c.id: c.nummer for c in line.cycles},
        decided=line.decided,
        do_notes=dict(do_notes),
        printed=now,
        who=who,
    )


# --- words shared by the renderers ---------------------------------------------------------------


def period_words(report: Report) -> str:
    if report.shown_from is None:
        return t("report.period.all")
    return t("report.period", fra=format_date(report.shown_from), til=format_date(report.shown_to))


def footer_words(report: Report) -> str:
    return t("report.footer", dato=format_date(report.printed.date()), who=report.who)


def borger_facts(borger: Borger) -> list[tuple[str, str]]:
    facts = [
        (t("report.borger.kortnavn"), borger.kortnavn),
        (t("report.borger.enhed"), borger.enhed),
        (t("report.borger.bolig"), borger.bolig),
        (t("report.borger.kontaktperson"), borger.kontaktperson),
        (t("report.borger.kommunikation"), borger.kommunikation),
    ]
    return [(label, value) for label, value in facts if value]


def tegn_words(item: Tegn) -> str:
    """One line about a tegn: how it is measured, which way is better, baseline and target."""
    parts = [t(f"label.maaletype.{item.maaletype}"), t(f"chart.better.{item.bedre_retning}")]
    if item.baseline is not None:
        parts.append(f"{t('plan.field.tegn.baseline')} {format_value(item.maaletype, item.baseline)}")
    if item.maalvaerdi is not None:
        parts.append(f"{t('plan.field.tegn.maalvaerdi')} {format_value(item.maaletype, item.maalvaerdi)}")
    if item.forventet_hyppighed:
        parts.append(item.forventet_hyppighed)
    if len(item.vagter) < len(VAGTER):
        parts.append(t("report.tegn.shifts", vagter=", ".join(t(f"label.vagt.{v}") for v in item.vagter)))
    if not item.aktiv:
        parts.append(t("report.not_active"))
    return t("plan.field.separator").join(parts)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def plan_sections(plan: SmttePlan) -> list[tuple[str, list[tuple[str, str]]]]:
    """The plan as S, M, T, T, E sections of (label, value) lines; empty values are left out."""
    s = plan.sammenhaeng
    sammenhaeng = [
        (t("plan.field.sammenhaeng.baggrund"), s.baggrund),
        (t("plan.field.sammenhaeng.hvorfor"), s.hvorfor),
        (t("plan.field.sammenhaeng.borgerens_oenske"), s.borgerens_oenske),
        (t("plan.field.sammenhaeng.bestilling"), s.bestilling.tekst),
        (t("plan.field.sammenhaeng.bestilling.reference"), s.bestilling.reference),
        (t("plan.s.bestilling_dato"), format_date(s.bestilling.dato)),
    ]
    sammenhaeng += [(_capital(t(f"plan.diff.value.interessenter.type.{i.type}")), i.navn) for i in plan.interessenter]
    maal: list[tuple[str, str]] = []
    if plan.maal is not None:
        maal = [
            (t("plan.field.maal"), plan.maal.tekst),
            (t("plan.field.maal.maaldato"), format_date(plan.maal.maaldato)),
            (t("plan.field.maal.handleplan_punkt"), plan.maal.handleplan_punkt),
        ]
    levels = sorted(plan.maalopfyldelse_niveauer.items(), key=lambda kv: int(kv[0]))
    maal += [(f"{t('plan.field.maalopfyldelse_niveauer')} {timeline_mod.format_score(int(key))}", text) for key, text in levels]
    tegn = [(item.tekst, tegn_words(item)) for item in plan.tegn]
    tiltag = []
    for item in plan.tiltag:
        details = [f"{t('plan.field.tiltag.hvem')}: {item.hvem}" if item.hvem else "", f"{t('plan.field.tiltag.hvor_ofte')}: {item.hvor_ofte}" if item.hvor_ofte else "", item.instruktion]
        if not item.aktiv:
            details.append(t("report.not_active"))
        tiltag.append((item.hvad, t("plan.field.separator").join(d for d in details if d) or t("report.empty")))
    e = plan.evaluering
    evaluering = [
        (t("plan.field.evaluering.opfoelgning"), t(f"plan.diff.value.evaluering.opfoelgning.{e.opfoelgning}")),
        (t("plan.field.evaluering.naeste_opfoelgning"), format_date(e.naeste_opfoelgning)),
        (t("plan.field.evaluering.status_dato"), format_date(e.status_dato)),
        (t("plan.field.evaluering.langsigtet_evaluering"), format_date(e.langsigtet_evaluering)),
        (t("plan.field.tovholder"), plan.tovholder),
    ]
    sections = [
        (t("plan.section.sammenhaeng"), sammenhaeng),
        (t("plan.section.maal"), maal),
        (t("plan.section.tegn"), tegn),
        (t("plan.section.tiltag"), tiltag),
        (t("plan.section.evaluering"), evaluering),
    ]
    return [(title, [(label, value) for label, value in lines if value]) for title, lines in sections]


def chart_subtitle(chart: TegnChart) -> str:
    return t("report.chart.subtitle", measure=measure_words(chart), better=t(f"chart.better.{chart.tegn.bedre_retning}"))


def point_row(chart: TegnChart, point: Point) -> list[str]:
    """Period, registrations, (ja count for ja/nej) and value of one point."""
    row = [timeline_mod.period_label(point.start, chart.period), str(point.n)]
    if chart.tegn.maaletype == "ja_nej":
        row.append(str(round(point.value * point.n)))
    row.append(format_value(chart.tegn.maaletype, point.value))
    return row


def point_header(chart: TegnChart) -> list[str]:
    header = [t("report.points.col.period"), t("report.points.col.n")]
    if chart.tegn.maaletype == "ja_nej":
        header.append(t("report.points.col.ja"))
    header.append(t("report.points.col.value"))
    return header


def cycle_row(report: Report, cycle: PdsaCycle) -> list[str]:
    if cycle.act is not None:
        decision = t(f"timeline.act.{cycle.act}")
        if cycle.id in report.decided:
            decision = t("report.pdsa.decided", act=decision, dato=format_date(report.decided[cycle.id]))
        if cycle.act_begrundelse:
            decision += f" – {cycle.act_begrundelse}"
    else:
        decision = t(f"report.pdsa.status.{cycle.status}")
    return [str(cycle.nummer), cycle.formaal, t("report.range", fra=format_date(cycle.start), til=format_date(cycle.slut)), decision]


def cycle_header() -> list[str]:
    return [t("report.pdsa.col.nummer"), t("report.pdsa.col.formaal"), t("report.pdsa.col.period"), t("report.pdsa.col.decision")]


def cycle_title(cycle: PdsaCycle) -> str:
    return t("report.pdsa.cycle", nummer=cycle.nummer, formaal=cycle.formaal)


def cycle_facts(report: Report, cycle: PdsaCycle) -> list[tuple[str, str]]:
    """The cycle worksheet in lines: the change, who/where/when, each question with its
    prediction, the team's Study text and the decision; empty parts left out."""
    lines = [(t("pdsa.field.aendring"), cycle.aendring), (t("pdsa.field.hvem"), cycle.hvem), (t("pdsa.field.hvor"), cycle.hvor), (t("pdsa.field.hvornaar"), cycle.hvornaar)]
    lines += [(t("report.pdsa.question", n=n), t("report.pdsa.prediction", spoergsmaal=q.spoergsmaal, forudsigelse=q.forudsigelse or "–")) for n, q in enumerate(cycle.spoergsmaal, start=1)]
    lines.append((t("report.pdsa.study"), cycle.study))
    if cycle.act is not None:
        lines.append((t("report.pdsa.col.decision"), cycle_row(report, cycle)[3]))
    lines.append((t("pdsa.act.next"), cycle.naeste_skridt))
    return [(label, value) for label, value in lines if value]


def do_row(note: Notat) -> list[str]:
    text = f"{t('timeline.note.surprise')} {note.tekst}" if note.overraskelse else note.tekst
    return [format_date(note.dato), t(f"label.vagt.{note.vagt}") if note.vagt else "", note.forfatter, text]


def evaluation_title(ev: Evaluering) -> str:
    return t("report.eval.meeting", art=t(f"meeting.art.{ev.art}"), dato=format_date(ev.dato))


def evaluation_facts(ev: Evaluering) -> list[tuple[str, str]]:
    """Who took part, the minutes and agreements, and the next meeting; empty parts left out."""
    lines = [
        (t("report.eval.deltagere"), ", ".join(ev.deltagere)),
        (t("meeting.who.notes"), ev.tekst),
        (t("report.eval.naeste"), format_date(ev.naeste_dato) if ev.naeste_dato else ""),
    ]
    return [(label, value) for label, value in lines if value]


def evaluation_row(plan: SmttePlan, ev: Evaluering) -> list[str]:
    score = ""
    if ev.maalopfyldelse is not None:
        score = f"{timeline_mod.format_score(ev.maalopfyldelse)} ({level_text(plan, ev.maalopfyldelse)})"
    return [format_date(ev.dato), t(f"meeting.art.{ev.art}"), score, t(f"meeting.decision.{ev.beslutning}"), ev.borgerens_syn, ev.paaroerendes_syn]


def evaluation_header() -> list[str]:
    return [t("report.eval.col.dato"), t("report.eval.col.art"), t("report.eval.col.score"), t("report.eval.col.decision"), t("report.eval.col.borger"), t("report.eval.col.paaroerende")]


def note_row(report: Report, note: Notat) -> list[str]:
    text = note.tekst
    if note.pdsa_id:
        text = f"{t('report.note.do', nummer=report.cycle_numbers.get(note.pdsa_id, '?'))} {text}"
    if note.overraskelse:
        text = f"{t('timeline.note.surprise')} {text}"
    return [format_date(note.dato), t(f"label.vagt.{note.vagt}") if note.vagt else "", note.forfatter, text]


def note_header() -> list[str]:
    return [t("report.notes.col.dato"), t("report.notes.col.vagt"), t("report.notes.col.forfatter"), t("report.notes.col.tekst")]


def plan_title(plan: SmttePlan) -> str:
    return t("report.plan.title", status=t(f"plan.diff.value.status.{plan.status}"))


# --- HTML ----------------------------------------------------------------------------------------


def render_html(report: Report) -> str:
    """A self-contained HTML page: inline CSS and SVG, no scripts, no links to any file."""
    title = t("report.title", navn=report.borger.navn)
    out = [
        *html_head(title, CSS),
        "<body>",
        "<header>",
        f"<h1>{h(title)}</h1>",
        f'<p class="period">{h(period_words(report))}</p>',
        *html_facts(borger_facts(report.borger)),
        "</header>",
    ]
    if not report.plans:
        out.append(f"<p>{h(t('report.no_plan'))}</p>")
    for part in report.plans:
        out.append(f'<section class="plan"><h2>{h(plan_title(part.plan))}</h2>')
        for heading, lines in plan_sections(part.plan):
            out.append(f"<h3>{h(heading)}</h3>")
            out += html_facts(lines)
        out.append(f"<h3>{h(t('report.charts.title'))}</h3>")
        for tegn_part in part.tegn:
            out += _html_tegn(tegn_part.chart)
        out.append(f"<h3>{h(t('report.pdsa.title'))}</h3>")
        if part.cycles:
            out += html_table(cycle_header(), (cycle_row(report, c) for c in part.cycles), {0})
            for cycle in part.cycles:
                out.append(f"<h4>{h(cycle_title(cycle))}</h4>")
                out += html_facts(cycle_facts(report, cycle))
                out.append(f"<p><strong>{h(t('report.pdsa.do'))}</strong></p>")
                if notes := report.do_notes.get(cycle.id):
                    out += html_table(note_header(), (do_row(n) for n in notes))
                else:
                    out.append(f'<p class="muted">{h(t("report.pdsa.do.none"))}</p>')
        else:
            out.append(f'<p class="muted">{h(t("report.pdsa.none"))}</p>')
        out.append(f"<h3>{h(t('report.eval.title'))}</h3>")
        if part.evaluations:
            out += html_table(evaluation_header(), (evaluation_row(part.plan, ev) for ev in part.evaluations))
            for ev in part.evaluations:
                out.append(f"<h4>{h(evaluation_title(ev))}</h4>")
                out += html_facts(evaluation_facts(ev))
        else:
            out.append(f'<p class="muted">{h(t("report.eval.none"))}</p>')
        out.append("</section>")
    out.append(f'<section class="notes"><h2>{h(t("report.notes.title"))}</h2>')
    if report.notes:
        out += html_table(note_header(), (note_row(report, n) for n in report.notes))
    else:
        out.append(f'<p class="muted">{h(t("report.notes.none"))}</p>')
    out += ["</section>", f"<footer>{h(footer_words(report))}</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def _html_tegn(chart: TegnChart) -> list[str]:
    out = ['<section class="tegn">', '<div class="chart">', f"<h4>{h(chart.tegn.tekst)}</h4>", f'<p class="subtitle">{h(chart_subtitle(chart))}</p>']
    svg = chart_svg(chart)
    if svg:
        out.append(svg)
    out.append(f'<p class="signal">{h(signal_words(chart))}</p>')
    out.append(f"<p>{h(centre_words(chart))}</p>")
    if rules := rule_words(chart):
        out.append(f'<p class="muted">{h(rules)}</p>')
    out.append("</div>")
    if chart.points:
        numeric = set(range(1, len(point_header(chart))))
        out += html_table(point_header(chart), (point_row(chart, p) for p in chart.points), numeric)
    out.append("</section>")
    return out


# --- Markdown ------------------------------------------------------------------------------------


def render_markdown(report: Report) -> str:
    """The HTML's content as Markdown; each tegn's points as a table instead of a chart."""
    out = [f"# {md(t('report.title', navn=report.borger.navn))}", "", md(period_words(report)), ""]
    out += [f"- **{md(label)}:** {md(value)}" for label, value in borger_facts(report.borger)]
    out.append("")
    if not report.plans:
        out += [md(t("report.no_plan")), ""]
    for part in report.plans:
        out += [f"## {md(plan_title(part.plan))}", ""]
        for heading, lines in plan_sections(part.plan):
            out += [f"### {md(heading)}", ""]
            out += [f"- **{md(label)}:** {md(value)}" for label, value in lines] or [md(t("report.empty"))]
            out.append("")
        out += [f"### {md(t('report.charts.title'))}", ""]
        for tegn_part in part.tegn:
            chart = tegn_part.chart
            out += [f"#### {md(chart.tegn.tekst)}", "", md(chart_subtitle(chart)), "", f"**{md(signal_words(chart))}**", "", md(centre_words(chart)), ""]
            if rules := rule_words(chart):
                out += [md(rules), ""]
            if chart.points:
                out += md_table(point_header(chart), (point_row(chart, p) for p in chart.points))
        out += [f"### {md(t('report.pdsa.title'))}", ""]
        out += md_table(cycle_header(), (cycle_row(report, c) for c in part.cycles)) if part.cycles else [md(t("report.pdsa.none")), ""]
        for cycle in part.cycles:
            out += [f"#### {md(cycle_title(cycle))}", ""]
            out += [f"- **{md(label)}:** {md(value)}" for label, value in cycle_facts(report, cycle)]
            out += ["", f"**{md(t('report.pdsa.do'))}**", ""]
            notes = report.do_notes.get(cycle.id)
            out += md_table(note_header(), (do_row(n) for n in notes)) if notes else [md(t("report.pdsa.do.none")), ""]
        out += [f"### {md(t('report.eval.title'))}", ""]
        out += md_table(evaluation_header(), (evaluation_row(part.plan, ev) for ev in part.evaluations)) if part.evaluations else [md(t("report.eval.none")), ""]
        for ev in part.evaluations:
            out += [f"#### {md(evaluation_title(ev))}", ""]
            out += [f"- **{md(label)}:** {md(value)}" for label, value in evaluation_facts(ev)] or [md(t("report.empty"))]
            out.append("")
    out += [f"## {md(t('report.notes.title'))}", ""]
    out += md_table(note_header(), (note_row(report, n) for n in report.notes)) if report.notes else [md(t("report.notes.none")), ""]
    out += ["---", "", md(footer_words(report)), ""]
    return "\n".join(out)


# --- CSV -----------------------------------------------------------------------------------------


def csv_header() -> list[str]:
    return [t(f"report.csv.col.{name}") for name in ("dato", "vagt", "tegn", "maaletype", "vaerdi", "note", "forfatter")]


def render_csv(report: Report) -> bytes:
    """One row per observation in the period: UTF-8 with BOM, ``;`` between fields, CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_header())
    for obs in report.observations:
        item = report.tegn.get(obs.tegn_id)
        writer.writerow(
            [
                format_date(obs.dato),
                t(f"label.vagt.{obs.vagt}"),
                csv_text(item.tekst if item else obs.tegn_id),
                t(f"label.maaletype.{obs.maaletype}"),
                csv_number(obs.vaerdi),
                csv_text(obs.note),
                csv_text(obs.forfatter),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


# --- the export itself ---------------------------------------------------------------------------


def render_export(session: Session, borger_id: str, fmt: Format, start: dt.date | None = None, end: dt.date | None = None) -> str | bytes:
    """The export's content (``bytes`` for csv, text otherwise). Records nothing: use
    :func:`export_borger` or :func:`write_export` for anything that leaves smtte."""
    if fmt not in FORMATS:
        raise ExportError("report.error.format", fmt=fmt, formats=", ".join(FORMATS))
    report = gather(session, borger_id, start, end, charts=fmt != "csv")
    if fmt == "html":
        return render_html(report)
    if fmt == "md":
        return render_markdown(report)
    return render_csv(report)


def export_event(session: Session, borger_id: str, fmt: str) -> AuditEvent:
    """The audit event of the session's person exporting the borger's data in ``fmt``."""
    return session.audit_event(AuditAction.EKSPORT, AuditTarget.of(TargetKind.BORGER, borger_id, fmt), borger_id)


def _content(session: Session, borger_id: str, fmt: Format, start: dt.date | None, end: dt.date | None) -> bytes:
    content = render_export(session, borger_id, fmt, start, end)
    return content if isinstance(content, bytes) else content.encode("utf-8")


def export_borger(session: Session, borger_id: str, fmt: Format, start: dt.date | None = None, end: dt.date | None = None, *, send: Callable[[bytes], object]) -> None:
    """Hand the export to ``send`` as UTF-8 bytes (csv with a BOM) and audit it as ``eksport`` by
    the session's person once ``send`` has returned: a send that raises (a full disk, a closed pipe) took
    nothing out of smtte, so nothing is audited.

    Raises :class:`ExportError` (unknown borger, backwards period, unknown format).
    """
    content = _content(session, borger_id, fmt, start, end)
    hand_out(session.store, content, export_event(session, borger_id, fmt), send)


def write_export(session: Session, borger_id: str, fmt: Format, path: Path, start: dt.date | None = None, end: dt.date | None = None) -> Path:
    """Write the export to ``path`` (whole, readable by its owner only on Linux/macOS) and audit
    it; returns the path written: never an existing file's (``-2``, ``-3``, … is added, see
    :func:`smtte_tui.report.files.write_new`). Nothing is audited when the file cannot be written:
    :class:`ExportError` says why."""
    content = _content(session, borger_id, fmt, start, end)
    return write_out(session.store, content, export_event(session, borger_id, fmt), path)


def export_filename(borger: Borger, fmt: Format, day: dt.date) -> str:
    """A file name that says whose export it is and when, unique to the borger and bounded in
    length: ``smtte-AJ-1a2b3c4d-2026-11-25.html`` (see :func:`smtte_tui.report.files.borger_filename`)."""
    return borger_filename("smtte", borger, day, EXTENSIONS[fmt])
