"""The tovholder's and leder's overview: what needs following up, rule by rule.

Each rule is a small function over what the store holds in memory (core records and the recent
months of every borger, read at start-up), so the whole overview is ready in a fraction of a
second on a five-year house. That also bounds what "never" means: a tegn "not logged" is one with
no sign in the recent months the store reads (two by default).

Rules, in the order the screen shows them:

* ``ingen_logning``: an active borger with an active plan and no sign for ``QUIET_DAYS`` days;
* ``tegn_ikke_logget``: an active tegn of an active plan with no sign in the recent months;
* ``evaluering``: a follow-up, status meeting or long-term evaluation overdue or due within 14 days;
* ``pdsa``: a prøvehandling past its end without Study/Act;
* ``uden_maal``: an active borger without an active plan (so without a goal);
* ``konflikt``: a field changed on two terminals at once, waiting for a tovholder to choose;
* ``filer``: damaged files and sync conflict copies in the folder, and files already set aside
  in ``quarantine/``, waiting for a person to look;
* ``terminal``: every terminal's last sign of life and its records still waiting to be shared
  (a terminal not seen for ``SILENT_HOURS`` hours with records waiting is flagged).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from smtte_tui import followup
from smtte_tui.i18n import t, tn
from smtte_tui.lookup import active_plan, overdue
from smtte_tui.models import Borger, Observation, SmttePlan
from smtte_tui.store import Store
from smtte_tui.store.terminal import TerminalState

Rule = Literal["ingen_logning", "tegn_ikke_logget", "evaluering", "pdsa", "uden_maal", "konflikt", "filer", "terminal"]
RULES: tuple[Rule, ...] = ("ingen_logning", "tegn_ikke_logget", "evaluering", "pdsa", "uden_maal", "konflikt", "filer", "terminal")
QUIET_DAYS = 3
SILENT_HOURS = 24


@dataclass(frozen=True)
class Finding:
    rule: Rule
    text: str  # one Danish sentence
    borger: Borger | None = None
    serious: bool = True  # False: informative (a coming meeting, a terminal that is fine)


@dataclass
class Board:
    findings: list[Finding] = field(default_factory=list)
    terminals: list[TerminalState] = field(default_factory=list)

    def by_rule(self, rule: Rule) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def needs_attention(self) -> int:
        return sum(f.serious for f in self.findings)


def build(store: Store, now: dt.datetime) -> Board:
    today = now.date()
    borgere = sorted((b for b in store.all(Borger) if b.aktiv), key=lambda b: b.navn)
    plans = {b.id: active_plan(store, b.id) for b in borgere}
    board = Board()
    board.findings += logging_findings(store, borgere, plans, today)
    board.findings += evaluation_findings(store, today)
    board.findings += pdsa_findings(store, borgere, today)
    board.findings += [Finding("uden_maal", t("overview.no_goal", navn=b.navn), b) for b in borgere if plans[b.id] is None]
    board.findings += conflict_findings(store, {b.id: b for b in store.all(Borger)})
    board.findings += file_findings(store)
    board.terminals = store.terminals()
    board.findings += terminal_findings(board.terminals, now)
    return board


def logging_findings(store: Store, borgere: list[Borger], plans: dict[str, SmttePlan | None], today: dt.date) -> list[Finding]:
    found = []
    for borger in borgere:
        plan = plans[borger.id]
        tegn = [item for item in plan.tegn if item.aktiv] if plan else []
        if not tegn:
            continue
        observations = store.all(Observation, borger.id)
        last = max((obs.dato for obs in observations), default=None)
        if last is None or (today - last).days >= QUIET_DAYS:
            text = t("overview.quiet", navn=borger.navn, days=(today - last).days, dato=f"{last:%d.%m.%Y}") if last else t("overview.quiet_never", navn=borger.navn)
            found.append(Finding("ingen_logning", text, borger))
        logged = {obs.tegn_id for obs in observations}
        found += [Finding("tegn_ikke_logget", t("overview.tegn_never", navn=borger.navn, tegn=item.tekst), borger) for item in tegn if item.id not in logged]
    return found


def evaluation_findings(store: Store, today: dt.date) -> list[Finding]:
    found = []
    for due in followup.due_list(store, today, logging=False):
        art = t(f"meeting.art.{due.art}")
        if due.overdue:
            found.append(Finding("evaluering", tn("overview.eval_overdue", -due.days, navn=due.borger.navn, art=art, days=-due.days, dato=f"{due.dato:%d.%m.%Y}"), due.borger))
        else:
            found.append(Finding("evaluering", tn("overview.eval_soon", due.days, navn=due.borger.navn, art=art, days=due.days, dato=f"{due.dato:%d.%m.%Y}"), due.borger, serious=False))
    return found


def pdsa_findings(store: Store, borgere: list[Borger], today: dt.date) -> list[Finding]:
    names = {b.id: b for b in borgere}
    return [
        Finding("pdsa", t("overview.pdsa", navn=names[c.borger_id].navn, nummer=c.nummer, formaal=c.formaal, dato=f"{c.slut:%d.%m.%Y}"), names[c.borger_id]) for c in overdue(store, today, set(names))
    ]


def conflict_findings(store: Store, borgere: dict[str, Borger]) -> list[Finding]:
    found = []
    for conflict in store.conflicts():
        entity = store.get(SmttePlan, conflict.entity_id) if conflict.entity == "plan" else None
        borger = borgere.get(entity.borger_id) if entity else None
        found.append(Finding("konflikt", t("overview.conflict", kind=conflict.entity, field=conflict.field, navn=borger.navn if borger else "–"), borger))
    return found


def file_findings(store: Store) -> list[Finding]:
    found = [Finding("filer", t("store.unlistable", folders=", ".join(store.unlistable)))] if store.unlistable else []
    found += [Finding("filer", t("overview.file_problem", path=path.name, reason=reason)) for path, reason in sorted(store.problems.items())]
    found += [Finding("filer", t("overview.conflict_copy", path=path.name)) for path in sorted(store.conflict_copies)]
    found += [Finding("filer", t("overview.quarantined", path=path.name, reason=reason.strip() or "–")) for path, reason in store.quarantine_listing()]
    if store.rewritten:
        found.append(Finding("filer", tn("sync.rewritten.long", store.rewritten, n=store.rewritten)))
    return found


def terminal_findings(terminals: list[TerminalState], now: dt.datetime) -> list[Finding]:
    found = []
    for state in terminals:
        hours = (now - state.last_seen).total_seconds() / 3600 if state.last_seen else None
        silent = hours is None or hours >= SILENT_HOURS
        seen = f"{state.last_seen.astimezone():%d.%m.%Y %H:%M}" if state.last_seen else "–"
        text = tn("overview.terminal", state.pending, navn=state.navn or state.vaert, writer=state.writer, seen=seen, pending=state.pending)
        found.append(Finding("terminal", text, serious=silent and state.pending > 0))
    return found
