"""One prøvehandling (PDSA cycle) after IHI's worksheet, walked in four steps: Plan, Do, Study, Act.

F7/F8 move between the steps; Ctrl+S saves what was typed (only the changed fields); F9 carries
out the decision on the Act step. Only a tovholder or leder may change the cycle: for a
medarbejder the fields are disabled and the screen opens on the Do step, where anyone may write
what was tried and what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, ContentSwitcher, DataTable, Input, RadioButton, RadioSet, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from smtte_tui.analysis.study import MIN_OBSERVATIONS, TegnStudy, WindowFigures, windows
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date, parse_date
from smtte_tui.errors import explain
from smtte_tui.features.pdsa import pdsa
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import language, t, tn
from smtte_tui.models import Borger, Notat, PdsaCycle, SmttePlan
from smtte_tui.screens.kit.stepscreen import StepScreen, step_keys
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.fields import FlowInput, focus_now
from smtte_tui.screens.widgets.lists import PlainSelectionList, PlainTable
from smtte_tui.screens.widgets.plain import Plain, PlainLabel, literal, styled
from smtte_tui.usererror import UserError

STEPS: tuple[str, ...] = ("plan", "do", "study", "act")
ACTS: tuple[str, ...] = ("adopt", "adapt", "abandon")
MAX_QUESTIONS = 3
TEGN_WIDTH = 18  # the study table's tegn column; the figures beside it keep the table within 80 columns
TEXT_FIELDS: tuple[str, ...] = ("formaal", "aendring", "hvem", "hvor", "hvornaar")


# --- how cycles and figures read ---------------------------------------------------------------


def number_text(value: float) -> str:
    """A figure as staff read it: whole numbers without decimals, else one decimal (Danish comma)."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.1f}"
    return text.replace(".", ",") if language() == "da" else text


def window_text(figures: WindowFigures, maaletype: str) -> str:
    """Two short lines (the headline figure, how many times logged) so the table fits 80 columns."""
    if not figures.n:
        return t("pdsa.study.empty")
    if maaletype == "ja_nej":
        figure = t("pdsa.study.ja", pct=round((figures.ja_share or 0) * 100))
    else:
        figure = t("pdsa.study.median", value=number_text(figures.median or 0))
    return f"{figure}\n{tn('pdsa.study.times', figures.n, n=figures.n)}"


def change_text(row: TegnStudy) -> str:
    if row.change is None:
        return "–"
    if row.maaletype == "ja_nej":
        points = round(row.change * 100)
        return t("pdsa.study.points", value=f"{points:+d}" if points else "0")
    sign = "+" if row.change > 0 else ("-" if row.change < 0 else "")
    return f"{sign}{number_text(abs(row.change))}"


def cycle_state(cycle: PdsaCycle, today) -> str:
    """The cycle's state in plain words: its outcome once decided, else running/planned/overdue."""
    if cycle.status == "afsluttet" and cycle.act:
        return t(f"pdsa.outcome.{cycle.act}")
    if cycle.slut < today:
        return tn("pdsa.state.overdue", (today - cycle.slut).days, days=(today - cycle.slut).days)
    if cycle.status == "planlagt" or cycle.start > today:
        return t("pdsa.state.planned")
    return t("pdsa.state.running")


def period_text(cycle: PdsaCycle) -> str:
    return t("pdsa.period", start=format_date(cycle.start), slut=format_date(cycle.slut))


@dataclass(frozen=True)
class Decision:
    """What a decision on the Act step left behind: the cycle and plan as saved (also when the
    decision itself was refused after the Study text was saved), and the error if any."""

    act: str
    error: Exception | None
    saved: PdsaCycle | None
    heads: list[str]
    plan: SmttePlan | None
    next_cycle: PdsaCycle | None


# --- the cycle ---------------------------------------------------------------------------------


class PdsaScreen(StepScreen):
    CSS_PATH = css_of(__file__, "pdsa.tcss")

    BINDINGS = [
        # Not priority bindings: a key still queued for the focused field must land there first.
        Binding("ctrl+s", "save", t("pdsa.key.save"), id="pdsa.save"),
        # Priority: TextArea (the Study text) binds F7 itself. A key typed just before still lands
        # in the field it was typed in; only the step changes after it.
        *step_keys("pdsa", t("pdsa.key.prev"), t("pdsa.key.next"), priority=True),
        Binding("ctrl+n", "add_question", t("pdsa.key.question"), id="pdsa.question"),
        Binding("f6", "toggle_surprise", t("pdsa.key.surprise"), id="pdsa.surprise"),
        Binding("1", "choose('adopt')", t("pdsa.key.adopt"), show=False, id="pdsa.adopt"),
        Binding("2", "choose('adapt')", t("pdsa.key.adapt"), show=False, id="pdsa.adapt"),
        Binding("3", "choose('abandon')", t("pdsa.key.abandon"), show=False, id="pdsa.abandon"),
        Binding("f9", "decide", t("pdsa.key.decide"), id="pdsa.decide"),
        Binding("escape", "back", t("app.key.back"), id="pdsa.back"),
    ]

    def __init__(self, cycle: PdsaCycle, plan: SmttePlan, *, new: bool = False, step: str = "plan") -> None:
        super().__init__()
        self.cycle = cycle
        self.plan = plan
        self.new = new
        self.steps = list(STEPS)
        self.step = step if step in STEPS else "plan"
        self.parents: list[str] | None = None  # the revisions the form was filled from
        self.notes: list[Notat] = []
        self.summary: list[TegnStudy] = []
        self.choice: str | None = None
        self.questions_shown = 1
        self.busy = False
        self._leave_after_save = False
        self.borger_name = ""

    @property
    def step(self) -> str:
        """The step shown, by name."""
        return self.step_name

    @step.setter
    def step(self, name: str) -> None:
        self.index = STEPS.index(name)

    # --- who may do what -----------------------------------------------------------------------

    @property
    def can_edit(self) -> bool:
        return self.session is not None and self.session.may("pdsa")

    @property
    def closed(self) -> bool:
        return self.cycle.status == "afsluttet"

    # --- layout ---------------------------------------------------------------------------------

    def _row(self, label: str, field: Input) -> Horizontal:
        return Horizontal(PlainLabel(label, classes="pdsa-label"), field, classes="pdsa-row")

    def _input(self, field_id: str, placeholder: str = "", *, flow: bool = True, classes: str = "") -> Input:
        kind = FlowInput if flow else Input
        # as in the plan editor: the cursor goes to the end, the first key never wipes the field
        return kind(id=field_id, placeholder=placeholder, compact=True, disabled=not self.can_edit, classes=classes, select_on_focus=False)

    def compose_main(self) -> ComposeResult:
        yield Plain("", id="pdsa-head")
        yield Plain("", id="pdsa-steps")
        if not self.can_edit:
            yield Plain(t("pdsa.readonly_hint"), id="pdsa-note")
        with ContentSwitcher(initial=f"step-{self.step}", id="pdsa-steps-switcher"):
            with VerticalScroll(id="step-plan", classes="pdsa-step"):
                yield from self._compose_plan()
            with VerticalScroll(id="step-do", classes="pdsa-step"):
                yield from self._compose_do()
            with VerticalScroll(id="step-study", classes="pdsa-step"):
                yield from self._compose_study()
            with VerticalScroll(id="step-act", classes="pdsa-step"):
                yield from self._compose_act()

    def _compose_plan(self) -> ComposeResult:
        yield self._row(t("pdsa.field.formaal"), self._input("f-formaal", t("pdsa.field.formaal.placeholder")))
        yield self._row(t("pdsa.field.aendring"), self._input("f-aendring", t("pdsa.field.aendring.placeholder")))
        for index in range(MAX_QUESTIONS):
            with Vertical(id=f"qa-{index}", classes="pdsa-row"):
                yield self._row(t("pdsa.field.question", n=index + 1), self._input(f"q-{index}", t("pdsa.field.question.placeholder")))
                yield self._row(t("pdsa.field.prediction"), self._input(f"p-{index}", t("pdsa.field.prediction.placeholder")))
        yield self._row(t("pdsa.field.hvem"), self._input("f-hvem", t("pdsa.field.hvem.placeholder")))
        yield self._row(t("pdsa.field.hvor"), self._input("f-hvor", t("pdsa.field.hvor.placeholder")))
        yield self._row(t("pdsa.field.hvornaar"), self._input("f-hvornaar", t("pdsa.field.hvornaar.placeholder")))
        with Horizontal(classes="pdsa-row"):
            yield PlainLabel(t("pdsa.field.start"), classes="pdsa-label")
            yield self._input("f-start", t("pdsa.field.date.placeholder"), classes="pdsa-short")
            yield Plain("", classes="pdsa-gap")
            yield PlainLabel(t("pdsa.field.slut"), classes="pdsa-label")
            yield self._input("f-slut", t("pdsa.field.date.placeholder"), classes="pdsa-short")
        yield Plain(t("pdsa.field.tegn"), classes="pdsa-title")
        shown = self._listed_tegn()
        if shown:
            yield PlainSelectionList[str](*[Selection(literal(x.tekst), x.id) for x in shown], id="f-tegn", compact=True, disabled=not self.can_edit)
        else:
            yield Plain(t("pdsa.no_tegn"), classes="pdsa-hint")

    def _compose_do(self) -> ComposeResult:
        yield Plain(t("pdsa.do.title"), classes="pdsa-title")
        yield Plain(t("pdsa.do.none"), id="do-list")
        yield FlowInput(id="do-text", placeholder=t("pdsa.do.placeholder"))
        yield Checkbox(t("pdsa.do.surprise"), id="do-surprise", compact=True)

    def _compose_study(self) -> ComposeResult:
        yield Plain(t("pdsa.study.predictions"), classes="pdsa-title")
        yield Plain("", id="study-predictions")
        yield Plain(t("pdsa.study.figures"), classes="pdsa-title")
        yield Plain(t("pdsa.study.loading"), id="study-windows", classes="pdsa-hint")
        yield PlainTable(id="study-table", cursor_type="row", zebra_stripes=True)
        yield Plain(t("pdsa.study.text"), classes="pdsa-title")
        yield TextArea(id="study-text", soft_wrap=True, disabled=not self.can_edit, placeholder=t("pdsa.study.text.placeholder"))

    def _compose_act(self) -> ComposeResult:
        yield Plain("", id="act-closed")
        with Vertical(id="act-open"):
            yield Plain(t("pdsa.act.hint"), classes="pdsa-hint")
            with RadioSet(id="act-choice", disabled=not self.can_edit, compact=True):
                for act in ACTS:
                    yield RadioButton(t(f"pdsa.act.choice.{act}"), id=f"act-{act}", compact=True)
            yield self._row(t("pdsa.act.reason"), self._input("act-reason", t("pdsa.act.reason.placeholder")))
            yield self._row(t("pdsa.act.next"), self._input("act-next", t("pdsa.act.next.placeholder")))
            with Vertical(id="act-tiltag"):
                yield Plain(t("pdsa.act.tiltag"), classes="pdsa-title")
                yield self._row(t("pdsa.act.hvad"), self._input("t-hvad"))
                yield self._row(t("pdsa.act.hvem"), self._input("t-hvem"))
                yield self._row(t("pdsa.act.hvor_ofte"), self._input("t-hvor_ofte"))
                yield self._row(t("pdsa.act.instruktion"), self._input("t-instruktion"))

    # --- filling and showing ----------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.step == "plan" and not self.can_edit:
            self.step = "do"  # the one step a medarbejder can add to
        table = self.study_table
        table.add_column(t("pdsa.study.col.tegn"), width=TEGN_WIDTH)
        table.add_columns(t("pdsa.study.col.before"), t("pdsa.study.col.during"), t("pdsa.study.col.change"), t("pdsa.study.col.direction"))
        self._fill_form()
        self.go_to(self.step)
        cycle_id, borger_id, new = self.cycle.id, self.cycle.borger_id, self.new

        def fetch(store):
            return store.get(Borger, borger_id), (None if new else store.heads(PdsaCycle, cycle_id))

        self.read(fetch, lambda found: self._opened(*found), name="open")
        self.audit(AuditAction.LAES_PDSA, AuditTarget.of(TargetKind.PDSA, self.cycle.id), self.cycle.borger_id)
        self.load()

    def _opened(self, borger: Borger | None, heads: list[str] | None) -> None:
        self.borger_name = borger.navn if borger else ""
        if heads is not None and self.parents is None:
            self.parents = heads
        self._show_head()

    @property
    def study_table(self) -> DataTable:
        return self.query_one("#study-table", DataTable)

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def _set(self, field_id: str, value: str) -> None:
        self.query_one(f"#{field_id}", Input).value = value

    def _fill_form(self) -> None:
        """Put the cycle's saved values into the form (on open, and after a save or decision)."""
        cycle = self.cycle
        for name in TEXT_FIELDS:
            self._set(f"f-{name}", getattr(cycle, name))
        for index in range(MAX_QUESTIONS):
            pair = cycle.spoergsmaal[index] if index < len(cycle.spoergsmaal) else None
            self._set(f"q-{index}", pair.spoergsmaal if pair else "")
            self._set(f"p-{index}", pair.forudsigelse if pair else "")
        self._show_questions(max(1, min(MAX_QUESTIONS, len(cycle.spoergsmaal))))
        self._set("f-start", format_date(cycle.start))
        self._set("f-slut", format_date(cycle.slut))
        for selection in self.query("#f-tegn").results(SelectionList):
            selection.deselect_all()
            for tegn_id in self._data_tegn():
                if any(getattr(option, "value", None) == tegn_id for option in selection.options):
                    selection.select(tegn_id)
        self.query_one("#study-text", TextArea).text = cycle.study
        self._set("act-next", cycle.naeste_skridt)
        tiltag = next((x for x in self.plan.tiltag if x.id == cycle.tiltag_id), None)
        self._set("t-hvad", tiltag.hvad if tiltag else cycle.aendring)
        self._set("t-hvem", tiltag.hvem if tiltag else cycle.hvem)
        self._set("t-hvor_ofte", tiltag.hvor_ofte if tiltag else cycle.hvornaar)
        self._set("t-instruktion", tiltag.instruktion if tiltag else "")
        self._show_head()
        self._show_predictions()
        self._show_act()

    def _show_questions(self, count: int) -> None:
        self.questions_shown = count
        for index in range(MAX_QUESTIONS):
            self.query_one(f"#qa-{index}").display = index < count

    def _show_head(self) -> None:
        head = t("pdsa.title", navn=self.borger_name, nummer=self.cycle.nummer)
        state = t("pdsa.state.new") if self.new else cycle_state(self.cycle, self.app.now().date())
        self.query_one("#pdsa-head", Static).update(f"{head} · {period_text(self.cycle)} · {state}")

    def show_step(self, step: str) -> None:
        self.query_one(ContentSwitcher).current = f"step-{step}"
        marked = []
        for name in STEPS:
            label = t(f"pdsa.step.{name}")
            marked.append(styled("[b reverse] $play $label [/]", play=glyphs().play, label=label) if name == step else literal(f" {label} "))
        self.query_one("#pdsa-steps", Static).update(Content("  ").join(marked))
        if step == "study":
            self.load()
        self.refresh_bindings()

    def first_field(self, step: str) -> Widget | None:
        if step == "plan":
            return self.query_one("#f-formaal", Input) if self.can_edit else None
        if step == "do":
            return self.query_one("#do-text", Input)
        if step == "study":
            return self.query_one("#study-text", TextArea) if self.can_edit else self.study_table
        if self.closed or not self.can_edit:
            return None
        return self.query_one("#act-choice", RadioSet)

    def _show_predictions(self) -> None:
        lines = [t("pdsa.study.prediction_line", spoergsmaal=q.spoergsmaal, forudsigelse=q.forudsigelse or "–") for q in self.cycle.spoergsmaal]
        self.query_one("#study-predictions", Static).update("\n".join(lines) or t("pdsa.study.no_predictions"))

    def _show_act(self) -> None:
        closed = self.closed
        self.query_one("#act-open").display = not closed
        self.query_one("#act-closed").display = closed
        if closed:
            lines = [t("pdsa.act.closed", act=t(f"pdsa.outcome.{self.cycle.act}"))]
            if self.cycle.act_begrundelse:
                lines.append(t("pdsa.act.reason_shown", begrundelse=self.cycle.act_begrundelse))
            if self.cycle.naeste_skridt:
                lines.append(t("pdsa.act.next_shown", naeste=self.cycle.naeste_skridt))
            self.query_one("#act-closed", Static).update("\n".join(lines))
        self.query_one("#act-tiltag").display = self.choice == "adopt"
        self.query_one("#act-next", Input).parent.display = self.choice in (None, "adapt")

    def _show_notes(self) -> None:
        lines = []
        for note in self.notes:
            mark = t("pdsa.do.mark") + " " if note.overraskelse else ""
            vagt = f" {t(f'label.vagt.{note.vagt}')}" if note.vagt else ""
            lines.append(f"{format_date(note.dato)}{vagt} · {note.forfatter}: {mark}{note.tekst}")
        self.query_one("#do-list", Static).update("\n".join(lines) or t("pdsa.do.none"))

    def _show_study(self) -> None:
        (before_from, before_to), (during_from, during_to) = windows(self.cycle.start, self.cycle.slut, self.app.now().date())
        if during_to < during_from:
            text = t("pdsa.study.not_started")
        else:
            text = t("pdsa.study.windows", before=f"{format_date(before_from)}–{format_date(before_to)}", during=f"{format_date(during_from)}–{format_date(during_to)}")
            text += "\n" + t("pdsa.study.rule", min=MIN_OBSERVATIONS)
        self.query_one("#study-windows", Static).update(text)
        table = self.study_table
        table.clear()
        for row in self.summary:
            height = max(2, min(3, -(-len(row.tekst) // TEGN_WIDTH)))
            table.add_row(
                Text(row.tekst),
                window_text(row.before, row.maaletype),
                window_text(row.during, row.maaletype),
                change_text(row),
                t(f"pdsa.direction.{row.direction}", min=MIN_OBSERVATIONS),
                key=row.tegn_id,
                height=height,
            )
        if not self.summary:
            self.query_one("#study-windows", Static).update(t("pdsa.study.no_tegn"))

    # --- loading ----------------------------------------------------------------------------------

    def load(self) -> None:
        cycle, plan, new, today = self.cycle, self.plan, self.new, self.app.now().date()

        def fetch(store):
            notes = [] if new else pdsa.do_notes(store, cycle)
            return notes, pdsa.study(store, cycle, plan, today)

        self.read(fetch, lambda found: self._loaded(*found), name="load")

    def _loaded(self, notes: list[Notat], summary: list[TegnStudy]) -> None:
        self.notes, self.summary = notes, summary
        self._show_notes()
        self._show_study()
        # The filled table pushes the study text down: at 80x24 it would leave the view.
        self._keep_focus_in_view()

    def _keep_focus_in_view(self) -> None:
        """Scroll the focused field into view once the new layout is known.

        Textual scrolls on focus, but here the focus moves before the step is laid out (and the
        study table grows after the figures arrive), so the scroll would use the old geometry.
        """
        self.call_after_refresh(self._show_focused)

    def refresh_data(self, changes) -> None:
        if self.cycle.borger_id not in changes.borgere:
            return
        if not self.new and not self.is_dirty():
            cycle_id = self.cycle.id
            self.read(lambda store: (store.get(PdsaCycle, cycle_id), store.heads(PdsaCycle, cycle_id)), lambda found: self._changed_elsewhere(*found), name="refresh")
        self.load()

    def _changed_elsewhere(self, current: PdsaCycle | None, heads: list[str]) -> None:
        """Another terminal changed the cycle: show it, unless something has been typed since."""
        if current is not None and current != self.cycle and not self.busy and not self.is_dirty():
            self.cycle = current
            self.parents = heads
            self._fill_form()

    # --- reading the form ---------------------------------------------------------------------------

    def _date(self, name: str, today) -> Any:
        label = t(f"pdsa.field.{name}")
        day = parse_date(self._value(f"f-{name}"), today=today, label=label)
        if day is None:
            raise UserError("pdsa.error.date_missing", label=label)
        return day

    def _listed_tegn(self):
        return [x for x in self.plan.tegn if x.aktiv or x.id in self.cycle.data_tegn]

    def _data_tegn(self) -> list[str]:
        """The tegn the cycle takes its data from: none chosen means all of them (as in pdsa.study)."""
        return list(self.cycle.data_tegn) or [x.id for x in self._listed_tegn()]

    def _selected_tegn(self) -> list[str]:
        lists = list(self.query("#f-tegn").results(SelectionList))
        if not lists:
            return list(self.cycle.data_tegn)
        chosen = set(lists[0].selected)
        return [x.id for x in self.plan.tegn if x.id in chosen]

    def form_values(self) -> dict[str, Any]:
        """What the form holds, checked; ValueError (a Danish sentence) when something is wrong."""
        today = self.app.now().date()
        values: dict[str, Any] = {name: self._value(f"f-{name}") for name in TEXT_FIELDS}
        if not values["formaal"]:
            raise UserError("pdsa.error.formaal")
        questions = []
        for index in range(MAX_QUESTIONS):
            question, prediction = self._value(f"q-{index}"), self._value(f"p-{index}")
            if not question and not prediction:
                continue
            if not question:
                raise UserError("pdsa.error.question", n=index + 1)
            questions.append({"spoergsmaal": question, "forudsigelse": prediction})
        start, slut = self._date("start", today), self._date("slut", today)
        if slut < start:
            raise UserError("pdsa.error.dates")
        values.update(
            spoergsmaal=questions,
            start=start,
            slut=slut,
            data_tegn=self._selected_tegn(),
            study=self.query_one("#study-text", TextArea).text.strip(),
            naeste_skridt=self._value("act-next"),
        )
        return values

    def changes(self) -> dict[str, Any]:
        """Only the fields that differ from the saved cycle (ValueError when the form is wrong)."""
        changed = {}
        for name, value in self.form_values().items():
            old = getattr(self.cycle, name)
            if name == "spoergsmaal":
                old = [q.model_dump() for q in old]
            if name == "data_tegn" and set(value) == set(self._data_tegn()):
                continue
            if value != old:
                changed[name] = value
        return changed

    def is_dirty(self) -> bool:
        """True when something typed here is not saved. A new cycle nobody has touched is not:
        leaving it loses nothing (it was never saved, and the proposal can be made again)."""
        if not self.can_edit:
            return False
        try:
            return bool(self.changes())
        except ValueError:
            return True

    def unsaved_changes(self) -> bool:
        """Escape and the App's Ctrl+Q ask first: leaving here would lose what was typed."""
        return self.is_dirty()

    # --- steps and small keys -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_question":
            return self.step == "plan" and self.can_edit
        if action == "toggle_surprise":
            return self.step == "do"
        if action in ("choose", "decide"):
            return self.step == "act" and self.can_edit and not self.closed
        return True

    def action_add_question(self) -> None:
        if self.questions_shown >= MAX_QUESTIONS:
            self.notify(t("pdsa.max_questions"), severity="warning")
            return
        self._show_questions(self.questions_shown + 1)
        focus_now(self.query_one(f"#q-{self.questions_shown - 1}", Input))

    def action_toggle_surprise(self) -> None:
        box = self.query_one("#do-surprise", Checkbox)
        box.value = not box.value

    def action_choose(self, act: str) -> None:
        self.choice = act
        self.query_one(f"#act-{act}", RadioButton).value = True
        self._show_act()
        focus_now(self.query_one("#act-reason", Input))

    @on(RadioSet.Changed, "#act-choice")
    def _choice_changed(self, event: RadioSet.Changed) -> None:
        self.choice = (event.pressed.id or "").removeprefix("act-") or None
        self._show_act()

    def field_entered(self, field: Input) -> None:
        """Enter: in the Do field it adds the note; elsewhere it moves on to the next field."""
        if field.id == "do-text":
            self.add_note()
        else:
            self.focus_next()

    # --- Do notes -------------------------------------------------------------------------------------

    def add_note(self) -> None:
        field = self.query_one("#do-text", Input)
        text = field.value.strip()
        if not text:
            self.notify(t("log.error.empty_do"), severity="warning")
            return
        if self.new:
            self.notify(t("pdsa.do.save_first"), severity="warning")
            return
        box = self.query_one("#do-surprise", Checkbox)
        surprise = box.value
        # Cleared at once, so the next note can be typed while this one is written; put back on failure.
        field.value, box.value = "", False
        self._add_note(text, surprise)

    def _add_note(self, text: str, surprise: bool) -> None:
        from smtte_tui.features.shift.shiftlog import add_do_note

        vagt, dato = self.app.current_shift()
        session, cycle = self.session, self.cycle
        self.write(
            lambda store: add_do_note(session, pdsa=cycle, tekst=text, dato=dato, vagt=vagt, overraskelse=surprise),
            lambda _: self._note_added(),
            failed=lambda _: self._note_failed(text, surprise),
            name="do_note",
        )

    def _note_failed(self, text: str, surprise: bool) -> None:
        """Not saved: the text goes back into the field (before anything typed since)."""
        field = self.query_one("#do-text", Input)
        field.value = text + (" " + field.value if field.value else "")
        self.query_one("#do-surprise", Checkbox).value = surprise

    def _note_added(self) -> None:
        self.notify(t("pdsa.do.saved"))
        self.load()

    # --- saving ---------------------------------------------------------------------------------------

    def may_change(self) -> bool:
        """A planner, and no save running: a key that changes the cycle may act."""
        if not self.can_edit:
            self.notify(t("pdsa.only_planners"), severity="warning")
            return False
        return not self.busy

    def action_save(self) -> None:
        if not self.may_change():
            return
        try:
            changes = self.changes()
            draft = PdsaCycle.model_validate({**self.cycle.model_dump(), **changes}) if self.new else None
        except ValueError as exc:
            self._leave_after_save = False
            self.notify(explain(exc), severity="error", timeout=8)
            return
        if not self.new and not changes:
            if self._leave_after_save:
                self.app.pop_screen()
                return
            self.notify(t("pdsa.nothing_changed"))
            return
        self.busy = True
        self._save(changes, draft)

    def _save(self, changes: dict[str, Any], draft: PdsaCycle | None) -> None:
        session, cycle_id, parents = self.session, self.cycle.id, self.parents

        def do(store):
            if draft is not None:
                pdsa.start(session, draft)
            else:
                pdsa.save(session, cycle_id, changes, parents=parents)
            return store.get(PdsaCycle, cycle_id), store.heads(PdsaCycle, cycle_id)

        # NotAllowed, a bad value, the share: one sentence, and the form keeps what was typed
        self.write(do, lambda found: self._saved(*found, draft is not None), failed=lambda _: self._failed(), name="save")

    def _failed(self) -> None:
        self.busy = False
        self._leave_after_save = False

    def _saved(self, saved: PdsaCycle | None, heads: list[str], started: bool) -> None:
        self.busy = False
        if saved is not None:
            self.cycle = saved
        self.new = False
        self.parents = heads
        self.notify(t("pdsa.started") if started else t("pdsa.saved"))
        if self._leave_after_save:
            self._leave_after_save = False
            self.app.pop_screen()
            return
        self._show_head()
        self._show_predictions()
        self.load()

    # --- Act --------------------------------------------------------------------------------------------

    def action_decide(self) -> None:
        if not self.may_change():
            return
        if self.new:
            self.notify(t("pdsa.act.save_first"), severity="warning")
            return
        if self.closed:
            self.notify(t("pdsa.error.closed"), severity="warning")
            return
        if self.choice is None:
            self.notify(t("pdsa.act.choose_first"), severity="warning")
            return
        try:
            changes = self.changes()
        except ValueError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        fields = {name: self._value(f"t-{name}") for name in ("hvad", "hvem", "hvor_ofte", "instruktion")}
        self.busy = True
        self._decide(self.choice, self._value("act-reason"), changes, fields)

    def _decide(self, act: str, reason: str, changes: dict[str, Any], fields: dict[str, str]) -> None:
        session, cycle_id, plan_id, parents = self.session, self.cycle.id, self.plan.id, self.parents
        today = self.app.now().date()

        def do(store) -> Decision:
            plan, next_cycle, error = None, None, None
            try:
                if changes:  # the Study text (and anything else edited) first: the decision rests on it
                    pdsa.save(session, cycle_id, changes, parents=parents)
                if act == "adopt":
                    plan = pdsa.adopt(session, cycle_id, begrundelse=reason, **fields)
                elif act == "adapt":
                    next_cycle = pdsa.adapt(session, cycle_id, begrundelse=reason, today=today)
                else:
                    pdsa.abandon(session, cycle_id, begrundelse=reason)
            except Exception as exc:  # told on screen below; first read what was saved before it
                error = exc
            saved = store.get(PdsaCycle, cycle_id)
            return Decision(act, error, saved, store.heads(PdsaCycle, cycle_id), plan or store.get(SmttePlan, plan_id), next_cycle)

        self.write(do, self._decided, failed=lambda _: setattr(self, "busy", False), name="decide")

    def _decided(self, decision: Decision) -> None:
        self.busy = False
        if decision.saved is not None:
            self.cycle = decision.saved
        self.parents = decision.heads
        if decision.plan is not None:
            self.plan = decision.plan
        if decision.error is not None:  # the form keeps what was typed
            self.app.report_error(decision.error, context="PdsaScreen.decide")
            return
        self.notify(t(f"pdsa.decided.{decision.act}"))
        if decision.next_cycle is not None and self.app.screen is self:
            self.app.switch_screen(PdsaScreen(decision.next_cycle, self.plan, new=True))
            return
        self._show_head()
        self._show_act()
        self.refresh_bindings()

    # --- leaving ------------------------------------------------------------------------------------------

    def leave(self) -> None:
        self.app.pop_screen()

    def save_and_leave(self) -> None:
        self._leave_after_save = True
        self.action_save()
