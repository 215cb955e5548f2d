"""The audit log read back: filter it, describe each event in words, and export one borger's
events for a request for insight (aktindsigt).

Every read of personal data, search, change, sign-in and export is an :class:`AuditEvent` (see
:mod:`smtte_tui.features.signin.signin`, :mod:`smtte_tui.features.admin.staffadmin`, the screens' ``AppScreen.audit`` calls). Only a
leder reads them: :func:`load` and :func:`write_insight` check the role.

Filtering works on events already in memory (pure functions), so the viewer answers every key at
once. Times are shown and periods compared in the terminal's own time zone (``tz``).

A borger's events are those about them alone (``borger_id``, a ``borger:<id>`` target) and those
of views and searches that showed them among others (``AuditEvent.borgere``, written by the
screens through :mod:`smtte_tui.viewaudit`): :func:`concerns`. Filtering the log by a borger and
the insight export both use it, so a request for insight also finds "LE opened the list of
evaluations due, which showed Anna" and "MA searched for 'ann', which found Anna".

Exporting the log of one borger takes personal data out of smtte, so it is audited itself
(``handling="eksport_aktindsigt"``, ``maal="borger:<id>:<format>"``). Reading the log is
audited too (``laes_log``, ``maal="log"``): the log says who looked at who looked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date
from smtte_tui.features.admin.staffadmin import require_leder
from smtte_tui.i18n import CATALOGS, language, t, tn
from smtte_tui.lookup import BorgerLookupError, fold
from smtte_tui.lookup import find_borger as picker_find_borger
from smtte_tui.models import AuditEvent, Borger, Medarbejder
from smtte_tui.report.files import borger_filename
from smtte_tui.report.formats import csv_text
from smtte_tui.report.output import write_out
from smtte_tui.session import Session
from smtte_tui.store import Store
from smtte_tui.usererror import UserError

InsightFormat = Literal["csv", "txt"]
INSIGHT_FORMATS: tuple[InsightFormat, ...] = ("csv", "txt")


@dataclass(frozen=True)
class AuditFilter:
    """Which events to show. ``None`` everywhere: every event."""

    medarbejder: str | None = None  # initials of who did it
    borger_id: str | None = None  # events about this borger
    handling: str | None = None
    start: dt.date | None = None  # first day of the period, inclusive
    end: dt.date | None = None  # last day of the period, inclusive

    def with_(self, **changes: object) -> AuditFilter:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Names:
    """Who and what the ids in the events stand for (inactive staff and archived borgere too)."""

    borgere: dict[str, Borger]
    staff: dict[str, Medarbejder]  # by id
    initials: dict[str, Medarbejder]  # by initials; an active account wins over a closed one

    @classmethod
    def of(cls, borgere: Iterable[Borger], staff: Iterable[Medarbejder]) -> Names:
        accounts = sorted(staff, key=lambda m: m.aktiv)  # active last, so it wins below
        return cls({b.id: b for b in borgere}, {m.id: m for m in accounts}, {m.initialer: m for m in accounts})

    @classmethod
    def from_store(cls, store: Store) -> Names:
        return cls.of(store.all(Borger), store.all(Medarbejder))


# --- reading ------------------------------------------------------------------------------------


def load(session: Session) -> list[AuditEvent]:
    """Every audit event of every terminal and month, this reading (``laes_log``) included.
    Only a leder may (PermissionError, and nothing is read or written then)."""
    require_leder(session, t("audit.action.read"))
    session.audit(AuditAction.LAES_LOG, AuditTarget.of(TargetKind.LOG))
    session.store.load_audit()
    return session.store.all(AuditEvent)


CHANGE_PREFIX = "aendring_"


def changes_about(store: Store, borger_id: str) -> list[AuditEvent]:
    """Every change to the borger's records (signs, notes, plans, prøvehandlinger, evaluations,
    time-outs, comments) as audit lines: who created, changed or withdrew what, when and where.

    The store keeps these as revisions rather than audit events (a change *is* its revision), so
    they are read from there; the borger's whole history is read first. Not saved anywhere."""
    store.load_borger_history(borger_id)
    return [
        AuditEvent(
            id=rev.id,
            tid=rev.written_at,
            medarbejder=rev.author,
            terminal=rev.terminal,
            handling=f"{CHANGE_PREFIX}{rev.op}",
            maal=str(AuditTarget.of(TargetKind.BORGER, borger_id, t(f"audit.kind.{rev.entity}"))),
            borger_id=borger_id,
        )
        for rev in store.revisions_about(borger_id)
        if rev.entity != "audit"
    ]


def local_time(event: AuditEvent, tz: dt.tzinfo | None) -> dt.datetime:
    return event.tid.astimezone(tz) if tz is not None and event.tid.tzinfo is not None else event.tid


def event_borger(event: AuditEvent) -> str | None:
    """The borger an event is about: its ``borger_id``, else a ``borger:<id>`` target."""
    if event.borger_id:
        return event.borger_id
    target = AuditTarget.parse(event.maal)
    if target is None or target.kind != TargetKind.BORGER:
        return None
    return target.id or None


def concerns(event: AuditEvent, borger_id: str) -> bool:
    """Whether the event is about the borger or showed them among others (a view, a search)."""
    return event_borger(event) == borger_id or borger_id in event.borgere


def select(events: Iterable[AuditEvent], wanted: AuditFilter, tz: dt.tzinfo | None = None) -> list[AuditEvent]:
    """The events ``wanted`` lets through, newest first."""
    who = wanted.medarbejder.strip().upper() if wanted.medarbejder else None
    found = []
    for event in events:
        if who is not None and event.medarbejder.upper() != who:
            continue
        if wanted.handling is not None and event.handling != wanted.handling:
            continue
        if wanted.borger_id is not None and not concerns(event, wanted.borger_id):
            continue
        day = local_time(event, tz).date()
        if (wanted.start is not None and day < wanted.start) or (wanted.end is not None and day > wanted.end):
            continue
        found.append(event)
    return sorted(found, key=lambda e: (e.tid, e.id), reverse=True)


def handlings(events: Iterable[AuditEvent]) -> list[str]:
    """The kinds of action in ``events``, in the order of their names on screen."""
    return sorted({e.handling for e in events}, key=lambda h: fold(handling_label(h)))


def find_borger(borgere: Iterable[Borger], text: str) -> Borger:
    """The one borger ``text`` names, by the app's own rule (:func:`smtte_tui.lookup.find_borger`).
    ValueError (Danish) when none or several fit."""
    try:
        return picker_find_borger(borgere, text)
    except BorgerLookupError as exc:
        if not exc.found:
            raise UserError("audit.error.no_borger", text=exc.text) from exc
        raise UserError("audit.error.several_borgere", text=exc.text, names=", ".join(sorted(f"{b.navn} ({b.kortnavn})" for b in exc.found))) from exc


# --- in words -----------------------------------------------------------------------------------


def handling_label(handling: str) -> str:
    """The action in the person's language; an action this version does not know as it is."""
    key = f"audit.handling.{handling}"
    return t(key) if key in CATALOGS[language()] else handling


def when_text(event: AuditEvent, tz: dt.tzinfo | None) -> str:
    return f"{local_time(event, tz):%d.%m.%Y %H:%M}"


def staff_text(initials: str, names: Names) -> str:
    """``MA (Mads Andersen)``; initials nobody has as they were typed; ``–`` for nobody."""
    if not initials:
        return "–"
    account = names.initials.get(initials.upper())
    return f"{initials} ({account.navn})" if account else initials


# What the screens name in an event that showed no borger (a list that was empty, the staff list,
# the log itself): internal words, shown in the person's language.
VIEWS = ("hjem", "mangler", "overblik", "evalueringer", "timeout", "gruppe", "aarshjul", "pdsa_forfaldne", "borgere", "personale", "log", "soeg")


def view_text(maal: str) -> str:
    """A view's target in words ("årshjulet", "gruppebilledet"); a target this version does not
    know (written by a newer one) as it is."""
    return t(f"audit.target.view.{maal}") if maal in VIEWS else maal


def borger_text(borger_id: str, names: Names) -> str:
    borger = names.borgere.get(borger_id)
    return f"{borger.navn} ({borger.kortnavn})" if borger else t("audit.target.unknown_borger")


def target_text(event: AuditEvent, names: Names) -> str:
    """What the action was about, in words: the borger, the colleague, plus what changed."""
    target = AuditTarget.parse(event.maal)
    kind, target_id = (target.kind, target.id) if target else (None, "")
    extra = ":".join(target.detail) if target else ""
    borger_id = event_borger(event)
    if borger_id:
        text = borger_text(borger_id, names)
    elif kind == TargetKind.MEDARBEJDER and target_id.startswith("?"):
        text = t("audit.target.unknown_initials", initialer=target_id[1:])
    elif kind == TargetKind.MEDARBEJDER:
        account = names.staff.get(target_id)
        text = f"{account.initialer} ({account.navn})" if account else t("audit.target.unknown_staff")
    elif event.borgere:
        return tn("audit.target.shown", len(event.borgere), n=len(event.borgere))  # a view or a search: how many it showed
    elif target is not None and kind == TargetKind.GRUPPE and target_id:  # the group report: gruppe:<period>:<format>[:navne]
        fmt, with_names = target.detail[0] if target.detail else "", target.detail[1:]
        return t("audit.target.group_report.names" if with_names else "audit.target.group_report", period=target_id, fmt=fmt)
    else:
        return view_text(event.maal)
    if event.handling == AuditAction.SKIFT_ROLLE and extra in ("medarbejder", "tovholder", "leder"):
        return f"{text} → {t(f'label.rolle.{extra}')}"
    if event.handling == AuditAction.SKIFT_KONTAKTPERSON:
        return f"{text} → {extra or '–'}"
    return f"{text} ({extra})" if extra else text


# --- the insight export -------------------------------------------------------------------------


def insight_header() -> list[str]:
    return [t(f"audit.col.{name}") for name in ("tid", "medarbejder", "handling", "maal", "soegeord", "terminal")]


def insight_row(event: AuditEvent, names: Names, tz: dt.tzinfo | None) -> list[str]:
    return [when_text(event, tz), staff_text(event.medarbejder, names), handling_label(event.handling), target_text(event, names), event.soegeord or "", event.terminal]


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return t("audit.period.all")
    return f"{format_date(start)}–{format_date(end)}"


def render_insight_csv(events: list[AuditEvent], names: Names, tz: dt.tzinfo | None) -> bytes:
    """One row per event: UTF-8 with BOM, ``;`` between fields, CRLF lines (Excel opens it as is)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(insight_header())
    for event in events:
        writer.writerow([csv_text(cell) for cell in insight_row(event, names, tz)])
    return buffer.getvalue().encode("utf-8-sig")


def render_insight_text(borger: Borger, events: list[AuditEvent], names: Names, tz: dt.tzinfo | None, *, start: dt.date | None, end: dt.date | None, who: str, now: dt.datetime) -> str:
    """A plain page to print or hand over: whose log, which period, then one line per event."""
    lines = [
        t("audit.insight.title", navn=borger.navn, kortnavn=borger.kortnavn),
        t("audit.insight.period", period=period_text(start, end)),
        t("audit.insight.printed", tid=f"{now:%d.%m.%Y %H:%M}", who=staff_text(who, names)),
        t("audit.insight.count", n=len(events)),
        "",
    ]
    if not events:
        lines.append(t("audit.insight.none"))
    for event in events:
        time, staff, action, target, term, terminal = insight_row(event, names, tz)
        line = f"{time}  {staff}: {action} – {target}"
        if term:
            line += f" – {t('audit.col.soegeord')}: «{term}»"
        lines.append(f"{line}  [{t('audit.col.terminal')} {terminal}]")
    return "\n".join(lines) + "\n"


def insight_filename(borger: Borger, fmt: InsightFormat, day: dt.date) -> str:
    """``aktindsigt-log-AJ-1a2b3c4d-2026-11-25.csv``: whose log and when, unique to the borger,
    in the export folder's style (:func:`smtte_tui.report.files.borger_filename`)."""
    return borger_filename("aktindsigt-log", borger, day, fmt)


def write_insight(session: Session, borger_id: str, fmt: InsightFormat, path: Path, start: dt.date | None = None, end: dt.date | None = None) -> Path:
    """Write every audit event about one borger in the period (views and searches that showed
    them among others included, :func:`concerns`) and every change to the borger's records
    (:func:`changes_about`), oldest first, to ``path`` (never over an existing file:
    ``-2``, ``-3``, … is added) and audit the export as ``eksport_aktindsigt``; returns the path
    written. Only a leder may (PermissionError). ValueError (Danish)
    for an unknown borger or format, or a file that cannot be written; nothing is audited then.
    """
    require_leder(session, t("audit.action.export"))
    store, now = session.store, session.now()
    if fmt not in INSIGHT_FORMATS:
        raise UserError("audit.error.format", fmt=fmt)
    borger = store.get(Borger, borger_id)
    if borger is None:
        raise UserError("audit.target.unknown_borger")
    store.load_audit()
    tz = now.tzinfo
    everything = store.all(AuditEvent) + changes_about(store, borger.id)
    events = list(reversed(select(everything, AuditFilter(borger_id=borger.id, start=start, end=end), tz)))
    names = Names.from_store(store)
    if fmt == "csv":
        data = render_insight_csv(events, names, tz)
    else:
        data = render_insight_text(borger, events, names, tz, start=start, end=end, who=session.initialer, now=now).encode("utf-8")
    event = session.audit_event(AuditAction.EKSPORT_AKTINDSIGT, AuditTarget.of(TargetKind.BORGER, borger.id, fmt), borger.id)
    return write_out(store, data, event, path, make_folder=True)
