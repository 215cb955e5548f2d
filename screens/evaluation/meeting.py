"""Evaluation meeting mode: one calm step at a time, for a meeting-room screen or a projector.

The goal and its Sammenhæng → each tegn's run chart and what it says → the prøvehandlinger since
the last meeting → the borger's and the relatives' views → goal attainment (−2..+2) → the decision
→ the next date (from the plan's cadence) → who took part. F7/F8 step back and forth, Enter
chooses in a list and moves on, Ctrl+S saves the meeting as an Evaluering and moves the plan's
dates (see ``smtte_tui/features/evaluation/evaluation.py``). Only tovholder and leder hold meetings (the store checks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from smtte_tui import followup
from smtte_tui.analysis.charts import TegnChart
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date, parse_date
from smtte_tui.features.evaluation import evaluation, timeline
from smtte_tui.features.evaluation.timeline import Timeline
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t
from smtte_tui.lookup import active_plan
from smtte_tui.models import Borger, Evaluering, PdsaCycle, SmttePlan
from smtte_tui.screens.evaluation.charts import ChartPanel, charts_for
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.stepscreen import StepScreen, step_keys
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.lists import PlainOptionList, PlainSelectionList
from smtte_tui.screens.widgets.plain import Plain, literal, styled
from smtte_tui.usererror import UserError

FIXED_STEPS = ("pdsa", "views", "score", "decision", "date", "who")
DECISIONS = ("fortsaet", "juster", "afslut", "revisitation")
ARTS = ("opfoelgning", "status", "evaluering")


def open_meeting(screen: AppScreen, borger_id: str, plan_id: str | None = None) -> None:
    """Open meeting mode for the borger's active plan (or ``plan_id``), if the user may."""
    if screen.session is None or not screen.session.may("plan"):
        screen.notify(t("meeting.only_planners"), severity="warning", timeout=6)
        return

    def fetch(store) -> SmttePlan | None:
        return store.get(SmttePlan, plan_id) if plan_id else active_plan(store, borger_id)

    def show(plan: SmttePlan | None) -> None:
        if plan is None or plan.status != "aktiv":
            screen.notify(t("meeting.no_active_plan"), severity="warning", timeout=6)
            return
        screen.app.push_screen(MeetingScreen(borger_id, plan.id))

    screen.read(fetch, show, name="open_meeting")


@dataclass(frozen=True)
class MeetingData:
    """Everything the meeting shows, read in one go in a worker."""

    timeline: Timeline
    plan: SmttePlan | None
    borger: Borger | None
    last: Evaluering | None
    cycles: list[PdsaCycle]


def read_meeting(store, borger_id: str, plan_id: str) -> MeetingData:
    data = timeline.build(store, borger_id)
    plan = store.get(SmttePlan, plan_id)
    last = evaluation.last_evaluation(store, plan_id, borger_id)
    cycles = evaluation.cycles_since(store, plan, last.dato if last else None) if plan is not None else []
    return MeetingData(data, plan, store.get(Borger, borger_id), last, cycles)


def score_label(score: int, plan: SmttePlan) -> str:
    return f"{timeline.format_score(score):>2}  {followup.level_text(plan, score)}"


class MeetingScreen(StepScreen):
    CSS_PATH = css_of(__file__, "evaluation.tcss")
    BINDINGS = [
        *step_keys("meeting", t("meeting.key.prev"), t("meeting.key.next")),
        Binding("ctrl+s", "save", t("meeting.key.save"), id="meeting.save", priority=True),
        Binding("escape", "back", t("app.key.back"), id="meeting.back"),
    ]

    def __init__(self, borger_id: str, plan_id: str) -> None:
        super().__init__()
        self.borger_id = borger_id
        self.plan_id = plan_id
        self.plan: SmttePlan | None = None
        self.data: Timeline | None = None
        self.charts: list[TegnChart] = []
        self.score: int | None = None
        self.decision: str | None = None
        self.art: str = "opfoelgning"
        self.started: tuple | None = None  # the meeting's answers as the steps first showed them
        self.saved = False
        self.saving = False
        self.borger: Borger | None = None
        self.last: Evaluering | None = None
        self.cycles: list[PdsaCycle] = []

    def main_container(self) -> Widget | None:
        return None  # this screen lays out its own body

    def compose_main(self) -> ComposeResult:
        yield Plain(t("meeting.loading"), id="meeting-progress")
        yield Vertical(id="meeting-steps")

    def on_mount(self) -> None:
        self.audit(AuditAction.LAES_TIDSLINJE, AuditTarget.of(TargetKind.MOEDE, self.plan_id), self.borger_id)
        self.keep_history(self.borger_id)
        self.load()

    def load(self) -> None:
        borger_id, plan_id = self.borger_id, self.plan_id
        self.read(lambda store: read_meeting(store, borger_id, plan_id), self._loaded, name="load")

    def _loaded(self, found: MeetingData) -> None:
        today = self.app.now().date()
        self.data, self.plan, self.borger, self.last, self.cycles = found.timeline, found.plan, found.borger, found.last, found.cycles
        if self.plan is None:
            self.notify(t("meeting.no_active_plan"), severity="error")
            self.dismiss()
            return
        self.art = followup.suggest_art(self.plan, today)
        self.charts = charts_for(self.data, self.plan, "uge", frozen=False)
        self.steps = ["goal"] + [f"tegn:{i}" for i in range(len(self.charts))] + list(FIXED_STEPS)
        container = self.query_one("#meeting-steps", Vertical)
        container.mount_all([self._build_step(name, today) for name in self.steps])
        self.go_to(0)
        self.call_after_refresh(self._remember_start)

    def _remember_start(self) -> None:
        self.started = self.answers()

    def answers(self) -> tuple:
        """Everything the meeting has been told so far: what "unsaved" is measured against."""
        texts = tuple(area.text for area in self.query(TextArea))
        inputs = tuple(field.value for field in self.query(Input))
        who = tuple(self.query_one("#meeting-who", SelectionList).selected) if self.query("#meeting-who") else ()
        return (self.score, self.decision, self.art, texts, inputs, who)

    @property
    def dirty(self) -> bool:
        """True once something was answered or typed; stepping through changes nothing."""
        return self.started is not None and self.answers() != self.started

    def unsaved_changes(self) -> bool:
        """Escape and the App's Ctrl+Q ask first: leaving here would lose the meeting's answers."""
        return self.dirty and not self.saved

    def leave_waits(self) -> bool:
        return self.saving  # the save says when it is done

    def save_and_leave(self) -> None:
        self.action_save()  # a recorded meeting closes the screen

    # --- the steps ----------------------------------------------------------------------------

    def _build_step(self, name: str, today: dt.date) -> VerticalScroll:
        step = VerticalScroll(classes="meeting-step", id=f"step-{name.replace(':', '-')}")
        plan = self.plan
        if name == "goal":
            step.compose_add_child(Plain(t("meeting.title.goal"), classes="meeting-title"))
            step.compose_add_child(Plain(self._goal_text(), classes="meeting-text"))
        elif name.startswith("tegn:"):
            chart = self.charts[int(name.split(":")[1])]
            step.compose_add_child(Plain(t("meeting.title.tegn", n=int(name.split(":")[1]) + 1, of=len(self.charts)), classes="meeting-title"))
            step.compose_add_child(ChartPanel(chart))
        elif name == "pdsa":
            step.compose_add_child(Plain(t("meeting.title.pdsa"), classes="meeting-title"))
            step.compose_add_child(Plain(self._pdsa_text(), classes="meeting-text"))
        elif name == "views":
            step.compose_add_child(Plain(t("meeting.title.views"), classes="meeting-title"))
            step.compose_add_child(Plain(t("meeting.views.borger"), classes="meeting-label"))
            step.compose_add_child(TextArea(id="meeting-borger", soft_wrap=True, tab_behavior="focus"))
            step.compose_add_child(Plain(t("meeting.views.relatives"), classes="meeting-label"))
            step.compose_add_child(TextArea(id="meeting-relatives", soft_wrap=True, tab_behavior="focus"))
        elif name == "score":
            step.compose_add_child(Plain(t("meeting.title.score"), classes="meeting-title"))
            step.compose_add_child(Plain(t("meeting.score.goal", goal=plan.maal.tekst if plan.maal else ""), classes="meeting-text"))
            options = [Option(score_label(s, plan), id=str(s)) for s in reversed(followup.SCORES)]
            step.compose_add_child(PlainOptionList(*options, id="meeting-score"))
            last = (
                t("meeting.score.last", score=timeline.format_score(self.last.maalopfyldelse), dato=format_date(self.last.dato))
                if self.last and self.last.maalopfyldelse is not None
                else t("meeting.score.no_last")
            )
            step.compose_add_child(Plain(last, classes="meeting-text", id="meeting-score-chosen"))
        elif name == "decision":
            step.compose_add_child(Plain(t("meeting.title.decision"), classes="meeting-title"))
            step.compose_add_child(PlainOptionList(*[Option(t(f"meeting.decision.{d}"), id=d) for d in DECISIONS], id="meeting-decision"))
            step.compose_add_child(Plain(t("meeting.decision.hint"), classes="meeting-text", id="meeting-decision-chosen"))
        elif name == "date":
            step.compose_add_child(Plain(t("meeting.title.date"), classes="meeting-title"))
            step.compose_add_child(Plain(t("meeting.date.held"), classes="meeting-label"))
            step.compose_add_child(Input(format_date(today), id="meeting-held", select_on_focus=False))
            step.compose_add_child(Plain(t("meeting.date.art"), classes="meeting-label"))
            arts = PlainOptionList(*[Option(t(f"meeting.art.{a}"), id=a) for a in ARTS], id="meeting-art")
            step.compose_add_child(arts)
            cadence = t(f"plan.diff.value.evaluering.opfoelgning.{plan.evaluering.opfoelgning}")
            step.compose_add_child(Plain(t("meeting.date.next", cadence=cadence), classes="meeting-label"))
            step.compose_add_child(Input(format_date(followup.cadence_date(plan, today)), id="meeting-next", select_on_focus=False))
            step.compose_add_child(Plain(t("meeting.date.hint"), classes="meeting-text"))
        elif name == "who":
            step.compose_add_child(Plain(t("meeting.title.who"), classes="meeting-title"))
            step.compose_add_child(PlainSelectionList[str](*self._people(), id="meeting-who"))
            step.compose_add_child(Plain(t("meeting.who.others"), classes="meeting-label"))
            step.compose_add_child(Input(id="meeting-others", select_on_focus=False))
            step.compose_add_child(Plain(t("meeting.who.notes"), classes="meeting-label"))
            step.compose_add_child(TextArea(id="meeting-notes", soft_wrap=True, tab_behavior="focus"))
            step.compose_add_child(Plain(t("meeting.who.save"), classes="meeting-text"))
        return step

    def _goal_text(self) -> Content:
        plan = self.plan
        s = plan.sammenhaeng
        lines = [styled("[b]$goal[/b]", goal=plan.maal.tekst if plan.maal else "")]
        if plan.maal and plan.maal.maaldato:
            lines.append(literal(t("meeting.goal.date", dato=format_date(plan.maal.maaldato))))
        for label, value in (
            (t("plan.field.sammenhaeng.hvorfor"), s.hvorfor),
            (t("plan.field.sammenhaeng.baggrund"), s.baggrund),
            (t("plan.field.sammenhaeng.borgerens_oenske"), s.borgerens_oenske),
            (t("plan.field.sammenhaeng.bestilling"), s.bestilling.tekst),
        ):
            if value:
                lines += [Content(""), styled("[b]$label[/b]", label=label), literal(value)]
        tegn = [literal(f"  {glyphs().bullet} {item.tekst}") for item in plan.tegn if item.aktiv]
        if tegn:
            lines += [Content(""), styled("[b]$label[/b]", label=t("plan.section.tegn")), *tegn]
        if self.last:
            lines += [Content(""), literal(t("meeting.goal.last", dato=format_date(self.last.dato), art=t(f"meeting.art.{self.last.art}"), decision=t(f"meeting.decision.{self.last.beslutning}")))]
        return Content("\n").join(lines)

    def _pdsa_text(self) -> Content:
        cycles = self.cycles
        if not cycles:
            return literal(t("meeting.pdsa.none"))
        lines = []
        for c in cycles:
            state = t(f"timeline.act.{c.act}") if c.act else t("meeting.pdsa.running")
            lines.append(styled("[b]$cycle[/b]", cycle=t("meeting.pdsa.cycle", nummer=c.nummer, formaal=c.formaal, start=format_date(c.start), slut=format_date(c.slut))))
            lines.append(literal("  " + state + (f" – {c.act_begrundelse}" if c.act_begrundelse else "")))
            if c.study:
                lines.append(literal("  " + t("meeting.pdsa.study", study=c.study)))
        return Content("\n").join(lines)

    def _people(self) -> list[tuple[str, str, bool]]:
        plan, user = self.plan, self.app.user
        people: list[tuple[str, str, bool]] = []
        if self.borger:
            people.append((self.borger.navn, self.borger.navn, True))
        for person in plan.interessenter:
            if person.type != "borger" or not self.borger or person.navn != self.borger.navn:
                people.append((f"{person.navn} ({t(f'plan.diff.value.interessenter.type.{person.type}')})", person.navn, False))
        staff = [plan.tovholder, user.initialer if user else ""]
        for initials in dict.fromkeys(x for x in staff if x):
            people.append((initials, initials, initials == (user.initialer if user else "")))
        return people

    # --- moving between steps -----------------------------------------------------------------

    def show_step(self, name: str) -> None:
        for number, step in enumerate(self.steps):
            self.query_one(f"#step-{step.replace(':', '-')}").display = number == self.index
        borger = self.borger.navn if self.borger else ""
        self.query_one("#meeting-progress", Static).update(t("meeting.progress", navn=borger, n=self.index + 1, of=len(self.steps), art=t(f"meeting.art.{self.art}")))
        if name == "date":
            self.query_one("#meeting-art", OptionList).highlighted = ARTS.index(self.art)

    def first_field(self, name: str) -> Widget | None:
        focus = {"views": "#meeting-borger", "score": "#meeting-score", "decision": "#meeting-decision", "date": "#meeting-next", "who": "#meeting-who"}.get(name)
        return self.query_one(focus or f"#step-{name.replace(':', '-')}")

    @on(OptionList.OptionSelected, "#meeting-score")
    def _score_chosen(self, event: OptionList.OptionSelected) -> None:
        self.score = int(event.option.id)
        self.query_one("#meeting-score-chosen", Static).update(t("meeting.chosen", what=score_label(self.score, self.plan)))
        self.action_step(1)

    @on(OptionList.OptionSelected, "#meeting-decision")
    def _decision_chosen(self, event: OptionList.OptionSelected) -> None:
        self.decision = event.option.id
        self.query_one("#meeting-decision-chosen", Static).update(t("meeting.chosen", what=t(f"meeting.decision.{self.decision}")))
        self.action_step(1)

    @on(OptionList.OptionSelected, "#meeting-art")
    def _art_chosen(self, event: OptionList.OptionSelected) -> None:
        self.art = event.option.id
        self.go_to(self.index)
        self.query_one("#meeting-next", Input).focus()

    @on(Input.Submitted)
    def _input_done(self, event: Input.Submitted) -> None:
        if event.input.id == "meeting-next":
            self.action_step(1)
        elif event.input.id == "meeting-held":
            self.query_one("#meeting-art").focus()
        elif event.input.id == "meeting-others":
            self.query_one("#meeting-notes").focus()

    # --- saving -------------------------------------------------------------------------------

    def build(self) -> Evaluering:
        """The meeting as an Evaluering; ValueError (Danish) names what is missing or wrong."""
        today = self.app.now().date()
        if self.decision is None:
            self.go_to("decision")
            raise UserError("meeting.error.decision")
        held = parse_date(self.query_one("#meeting-held", Input).value, today=today, label=t("meeting.date.held"))
        if held is None:
            self.go_to("date")
            raise UserError("meeting.error.held")
        try:
            next_date = parse_date(self.query_one("#meeting-next", Input).value, today=today, label=t("meeting.date.next_label"))
        except ValueError:
            self.go_to("date")
            raise
        if next_date is None and self.decision != "afslut":
            self.go_to("date")
            raise UserError("meeting.error.next")
        if next_date is not None and next_date <= held:
            self.go_to("date")
            raise UserError("meeting.error.next_after")
        who = self.query_one("#meeting-who", SelectionList)
        picked = set(who.selected)  # in list order (borger, stakeholders, staff), not click order
        chosen = [value for value in (who.get_option_at_index(i).value for i in range(who.option_count)) if value in picked]
        others = [name.strip() for name in self.query_one("#meeting-others", Input).value.split(",") if name.strip()]
        return Evaluering(
            borger_id=self.borger_id,
            plan_id=self.plan_id,
            dato=held,
            art=self.art,
            deltagere=list(dict.fromkeys(chosen + others)),
            borgerens_syn=self.query_one("#meeting-borger", TextArea).text,
            paaroerendes_syn=self.query_one("#meeting-relatives", TextArea).text,
            maalopfyldelse=self.score,
            beslutning=self.decision,
            naeste_dato=None if self.decision == "afslut" else next_date,
            tekst=self.query_one("#meeting-notes", TextArea).text,
            forfatter=self.app.user.initialer,
        )

    def action_save(self) -> None:
        if not self.steps or self.saved or self.saving:
            return
        try:
            meeting = self.build()
        except ValueError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        if meeting.beslutning == "afslut":
            from smtte_tui.screens.kit.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._record(meeting)

            self.app.push_screen(ConfirmScreen(t("meeting.confirm.close"), t("meeting.confirm.close.yes"), t("meeting.confirm.close.no")), answered)
            return
        self._record(meeting)

    def _record(self, meeting: Evaluering) -> None:
        session = self.session
        self.saving = True  # one save at a time; a failed one lets Ctrl+S try again with everything kept

        def recorded(plan: SmttePlan | None) -> None:
            self.saving, self.saved = False, True
            next_date = plan.evaluering.naeste_opfoelgning if plan else None
            message = t("meeting.saved", dato=format_date(next_date)) if next_date else t("meeting.saved.closed")
            if meeting.beslutning in ("juster", "revisitation"):
                message += "\n" + t(f"meeting.saved.{meeting.beslutning}")
            self.notify(message, timeout=10)
            self.dismiss()

        def failed(_: BaseException) -> None:
            self.saving = False

        self.write(lambda store: evaluation.record(session, meeting), recorded, failed=failed, name="record")
