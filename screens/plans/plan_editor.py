"""The guided SMTTE editor: Sammenhæng → Mål → Tegn → Tiltag → Evaluering, one step at a time,
with the method's questions beside the fields.

F7/F8 move between steps, Ctrl+S saves the draft (a new plan revision; only the changed fields),
F9 saves and activates, Ctrl+N adds an interessent/tegn/tiltag on the steps that hold lists.
Only tovholder and leder open it (the store refuses anyone else's save in any case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, ContentSwitcher, Input, Select, Static

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date, parse_date
from smtte_tui.features.plans import plans
from smtte_tui.features.plans.planrules import tegn_hints
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t
from smtte_tui.models import MAALETYPER, VAGTER, Interessent, SmttePlan, Tegn, Tiltag
from smtte_tui.numbers import parse_measure, show_measure
from smtte_tui.screens.kit.stepscreen import StepScreen, step_keys
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.media import open_link
from smtte_tui.screens.widgets.plain import Plain, PlainLabel, literal, styled
from smtte_tui.usererror import UserError

STEPS = ("S", "M", "T1", "T2", "E")
LEVELS = ("-2", "-1", "0", "1", "2")
INTERESSENT_TYPES = ("borger", "paaroerende", "myndighed", "dagtilbud", "kontaktperson", "andet")


class FormError(UserError):
    """A field the person must fix (a catalog key and its parameters). ``field`` is the input the
    cursor is put in, when one is to blame."""

    def __init__(self, key: str, field: Widget | None = None, /, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


def _main_field_or_refuse(card: Widget, main: str, message_key: str) -> str | None:
    """The text of the card's main field; None for a card left empty (Ctrl+N by mistake costs
    nothing). A card with other fields typed in but no main text is refused with the cursor on
    the main field: nothing typed may vanish silently on save."""
    field = card.query_one(main, Input)
    text = field.value.strip()
    if text:
        return text
    if any(other.value.strip() for other in card.query(Input) if other is not field):
        raise FormError(message_key, field)
    return None


def _input(value: str = "", **options: Any) -> Input:
    # Editing, not retyping: the cursor goes to the end instead of selecting the text on focus,
    # so the first key typed does not wipe what the field already holds.
    return Input(value, select_on_focus=False, compact=True, **options)


def _labelled(label: str, widget: Widget) -> Vertical:
    return Vertical(PlainLabel(label, classes="field-label"), widget, classes="field")


class TegnCard(Vertical):
    """One tegn: what one sees or counts, how it is measured, which way is better."""

    def __init__(self, tegn: Tegn | None = None) -> None:
        super().__init__(classes="card")
        self.tegn = tegn or Tegn(tekst="?", maaletype="ja_nej")
        self.is_new = tegn is None

    def compose(self) -> ComposeResult:
        tegn = self.tegn
        yield _labelled(t("plan.tegn.tekst"), _input("" if self.is_new else tegn.tekst, classes="tegn-tekst", placeholder=t("plan.tegn.placeholder")))
        yield Plain("", classes="hint tegn-hint")
        with Horizontal(classes="row"):
            yield _labelled(t("plan.tegn.maaletype"), Select([(t(f"label.maaletype.{k}"), k) for k in MAALETYPER], value=tegn.maaletype, allow_blank=False, classes="tegn-maaletype"))
            yield _labelled(
                t("plan.tegn.retning"), Select([(t("plan.tegn.retning.op"), "op"), (t("plan.tegn.retning.ned"), "ned")], value=tegn.bedre_retning, allow_blank=False, classes="tegn-retning")
            )
        with Horizontal(classes="row"):
            yield _labelled(t("plan.tegn.baseline"), _input(show_measure(tegn.baseline, tegn.maaletype), classes="tegn-baseline"))
            yield _labelled(t("plan.tegn.maalvaerdi"), _input(show_measure(tegn.maalvaerdi, tegn.maaletype), classes="tegn-maalvaerdi"))
        with Horizontal(classes="row"):
            yield _labelled(
                t("plan.tegn.aggregering"),
                Select([(t("plan.tegn.aggregering.sum"), "sum"), (t("plan.tegn.aggregering.gennemsnit"), "gennemsnit")], value=tegn.aggregering, allow_blank=False, classes="tegn-aggregering"),
            )
            yield _labelled(t("plan.tegn.hyppighed"), _input(tegn.forventet_hyppighed, classes="tegn-hyppighed"))
        yield PlainLabel(t("plan.tegn.vagter"), classes="field-label")
        with Horizontal(classes="row shifts"):
            for vagt in VAGTER:
                yield Checkbox(t(f"label.vagt.{vagt}"), value=tegn.ses_i(vagt), compact=True, classes=f"tegn-vagt tegn-vagt-{vagt}")
        yield Checkbox(t("plan.item.aktiv"), value=tegn.aktiv, classes="tegn-aktiv")

    def on_mount(self) -> None:
        self.update_hint()

    @on(Input.Changed, ".tegn-tekst, .tegn-maalvaerdi")
    def _changed(self) -> None:
        self.update_hint()

    def update_hint(self) -> None:
        text = self.query_one(".tegn-tekst", Input).value
        hints = tegn_hints(text, bool(self.query_one(".tegn-maalvaerdi", Input).value.strip()))
        self.query_one(".tegn-hint", Static).update("\n".join(f"{glyphs().arrow} {h}" for h in hints))

    def _measure(self, selector: str, label_key: str, tekst: str, maaletype: str) -> float | None:
        field = self.query_one(selector, Input)
        try:
            return parse_measure(field.value, maaletype, t(label_key))
        except ValueError as exc:
            raise FormError("plan.form.in_tegn", field, step=t("plan.stepname.T1"), tegn=tekst, error=exc) from exc

    def value(self) -> dict[str, Any] | None:
        text = _main_field_or_refuse(self, ".tegn-tekst", "plan.error.tegn_tekst")
        if text is None:
            return None
        maaletype = str(self.query_one(".tegn-maaletype", Select).value)
        return {
            "id": self.tegn.id,
            "tekst": text,
            "maaletype": maaletype,
            "bedre_retning": self.query_one(".tegn-retning", Select).value,
            "baseline": self._measure(".tegn-baseline", "plan.tegn.baseline", text, maaletype),
            "maalvaerdi": self._measure(".tegn-maalvaerdi", "plan.tegn.maalvaerdi", text, maaletype),
            "aggregering": self.query_one(".tegn-aggregering", Select).value,
            "forventet_hyppighed": self.query_one(".tegn-hyppighed", Input).value,
            "vagter": self._shifts(text),
            "aktiv": self.query_one(".tegn-aktiv", Checkbox).value,
        }

    def _shifts(self, tekst: str) -> list[str]:
        chosen = [vagt for vagt in VAGTER if self.query_one(f".tegn-vagt-{vagt}", Checkbox).value]
        if not chosen:
            raise FormError("plan.form.in_tegn", self.query_one(".tegn-vagt", Checkbox), step=t("plan.stepname.T1"), tegn=tekst, error=t("plan.tegn.vagter.none"))
        return chosen


class TiltagCard(Vertical):
    """One tiltag: what is done, by whom, how often, and the instruction with picture/video links."""

    def __init__(self, tiltag: Tiltag | None = None) -> None:
        super().__init__(classes="card")
        self.tiltag = tiltag or Tiltag(hvad="?")
        self.is_new = tiltag is None

    def compose(self) -> ComposeResult:
        tiltag = self.tiltag
        yield _labelled(t("plan.tiltag.hvad"), _input("" if self.is_new else tiltag.hvad, classes="tiltag-hvad"))
        with Horizontal(classes="row"):
            yield _labelled(t("plan.tiltag.hvem"), _input(tiltag.hvem, classes="tiltag-hvem"))
            yield _labelled(t("plan.tiltag.hvor_ofte"), _input(tiltag.hvor_ofte, classes="tiltag-hvor-ofte"))
        yield _labelled(t("plan.tiltag.instruktion"), _input(tiltag.instruktion, classes="tiltag-instruktion"))
        yield _labelled(t("plan.tiltag.medier"), _input(" ; ".join(tiltag.medier), classes="tiltag-medier", placeholder=t("plan.tiltag.medier.placeholder")))
        if tiltag.fra_pdsa:
            yield Plain(t("plan.tiltag.fra_pdsa"), classes="hint")
        yield Checkbox(t("plan.item.aktiv"), value=tiltag.aktiv, classes="tiltag-aktiv")

    def links(self) -> list[str]:
        return [part.strip() for part in self.query_one(".tiltag-medier", Input).value.split(";") if part.strip()]

    def value(self) -> dict[str, Any] | None:
        hvad = _main_field_or_refuse(self, ".tiltag-hvad", "plan.error.tiltag_hvad")
        if hvad is None:
            return None
        return {
            **self.tiltag.model_dump(),
            "hvad": hvad,
            "hvem": self.query_one(".tiltag-hvem", Input).value,
            "hvor_ofte": self.query_one(".tiltag-hvor-ofte", Input).value,
            "instruktion": self.query_one(".tiltag-instruktion", Input).value,
            "medier": self.links(),
            "aktiv": self.query_one(".tiltag-aktiv", Checkbox).value,
        }


class InteressentCard(Vertical):
    """One stakeholder and when they were involved."""

    def __init__(self, interessent: Interessent | None, today) -> None:
        super().__init__(classes="card")
        self.interessent = interessent
        self.today = today

    def compose(self) -> ComposeResult:
        who = self.interessent
        with Horizontal(classes="row"):
            yield _labelled(
                t("plan.interessent.type"),
                Select([(t(f"plan.diff.value.interessenter.type.{k}"), k) for k in INTERESSENT_TYPES], value=who.type if who else "paaroerende", allow_blank=False, classes="int-type"),
            )
            yield _labelled(t("plan.interessent.navn"), _input(who.navn if who else "", classes="int-navn"))
        with Horizontal(classes="row"):
            yield _labelled(t("plan.interessent.kontakt"), _input(who.kontakt if who else "", classes="int-kontakt"))
            yield _labelled(t("plan.interessent.inddraget"), _input(", ".join(format_date(d) for d in who.inddraget) if who else "", classes="int-inddraget", placeholder="25.11.2026, ..."))

    def value(self) -> dict[str, Any] | None:
        navn = _main_field_or_refuse(self, ".int-navn", "plan.error.interessent_navn")
        if navn is None:
            return None
        label = t("plan.interessent.inddraget")
        field = self.query_one(".int-inddraget", Input)
        try:
            dates = [parse_date(part, today=self.today, label=label) for part in field.value.split(",") if part.strip()]
        except ValueError as exc:
            raise FormError("plan.form.in_step", field, step=t("plan.stepname.S"), error=exc) from exc
        return {
            "type": self.query_one(".int-type", Select).value,
            "navn": navn,
            "kontakt": self.query_one(".int-kontakt", Input).value,
            "inddraget": dates,
            "note": self.interessent.note if self.interessent else "",
        }


class PlanEditorScreen(StepScreen):
    CSS_PATH = css_of(__file__, "plans.tcss")
    BINDINGS = [
        *step_keys("plan", t("plan.key.prev"), t("plan.key.next")),
        Binding("ctrl+s", "save", t("plan.key.save"), id="plan.save"),
        Binding("f9", "activate", t("plan.key.activate"), id="plan.activate"),
        Binding("ctrl+n", "add_item", t("plan.key.add"), id="plan.add"),
        Binding("f6", "open_media", t("plan.key.media"), id="plan.media"),
        Binding("escape", "back", t("app.key.back"), id="plan.back"),
    ]

    def __init__(self, editing: plans.Editing) -> None:
        """``editing``: the plan as read (in a worker, by the screen that opens the editor)."""
        super().__init__()
        self.editing = editing
        self.plan_id = editing.base.id
        self.steps = list(STEPS)
        self.saving = False
        self.shown: SmttePlan | None = None  # the form as it opened or was last saved (on_mount)

    def on_mount(self) -> None:
        if not self.editing.new:
            self.audit(AuditAction.LAES_PLAN, AuditTarget.of(TargetKind.PLAN, self.plan_id), self.editing.base.borger_id)
        # What the form showed when it opened (with the suggested follow-up dates): "unsaved
        # changes" means something the person changed, not a suggestion they never touched.
        try:
            self.shown = self.build()
        except ValueError:
            self.shown = None  # a stored plan the form cannot read back: every Escape asks
        self.go_to(0)

    @property
    def step(self) -> int:
        """The step shown, by its place in S-M-T-T-E."""
        return self.index

    # --- building the form ------------------------------------------------------------------

    def main_container(self) -> Widget | None:
        return None  # this screen lays out its own body

    def compose_main(self) -> ComposeResult:
        plan = self.editing.base
        today = self.app.now().date()
        self.today = today
        evaluering = plans.default_follow_up(today, plan.evaluering)
        yield Plain("", id="plan-steps")
        with Horizontal(id="plan-body"):
            with ContentSwitcher(initial="step-S", id="plan-form"):
                with VerticalScroll(id="step-S", classes="step"):
                    yield Plain(t("plan.step.S"), classes="step-title")
                    yield _labelled(t("plan.s.borgerens_oenske"), _input(plan.sammenhaeng.borgerens_oenske, id="s-oenske"))
                    yield _labelled(t("plan.s.hvorfor"), _input(plan.sammenhaeng.hvorfor, id="s-hvorfor"))
                    yield _labelled(t("plan.s.baggrund"), _input(plan.sammenhaeng.baggrund, id="s-baggrund"))
                    yield _labelled(t("plan.s.bestilling"), _input(plan.sammenhaeng.bestilling.tekst, id="s-bestilling"))
                    with Horizontal(classes="row"):
                        yield _labelled(t("plan.s.reference"), _input(plan.sammenhaeng.bestilling.reference, id="s-reference"))
                        yield _labelled(t("plan.s.bestilling_dato"), _input(format_date(plan.sammenhaeng.bestilling.dato), id="s-bestilling-dato"))
                    yield _labelled(t("plan.s.tovholder"), _input(plan.tovholder, id="s-tovholder"))
                    yield Plain(t("plan.s.interessenter"), classes="step-title")
                    with Vertical(id="interessenter", classes="cards"):
                        for who in plan.interessenter:
                            yield InteressentCard(who, today)
                with VerticalScroll(id="step-M", classes="step"):
                    yield Plain(t("plan.step.M"), classes="step-title")
                    yield _labelled(t("plan.m.tekst"), _input(plan.maal.tekst if plan.maal else "", id="m-tekst"))
                    with Horizontal(classes="row"):
                        yield _labelled(t("plan.m.maaldato"), _input(format_date(plan.maal.maaldato) if plan.maal else "", id="m-maaldato"))
                        yield _labelled(t("plan.m.handleplan_punkt"), _input(plan.maal.handleplan_punkt if plan.maal else "", id="m-handleplan"))
                    yield Plain(t("plan.m.niveauer"), classes="step-title")
                    for level in LEVELS:
                        yield _labelled(t(f"plan.field.maalopfyldelse_niveauer.{level}"), _input(plan.maalopfyldelse_niveauer.get(level, ""), id=f"m-niveau-{level.replace('-', 'minus')}"))
                with VerticalScroll(id="step-T1", classes="step"):
                    yield Plain(t("plan.step.T1"), classes="step-title")
                    with Vertical(id="tegn", classes="cards"):
                        for tegn in plan.tegn:
                            yield TegnCard(tegn)
                with VerticalScroll(id="step-T2", classes="step"):
                    yield Plain(t("plan.step.T2"), classes="step-title")
                    with Vertical(id="tiltag", classes="cards"):
                        for tiltag in plan.tiltag:
                            yield TiltagCard(tiltag)
                with VerticalScroll(id="step-E", classes="step"):
                    yield Plain(t("plan.step.E"), classes="step-title")
                    yield _labelled(
                        t("plan.e.opfoelgning"),
                        Select(
                            [(t(f"plan.diff.value.evaluering.opfoelgning.{k}"), k) for k in ("ugentlig", "maanedlig", "kvartalsvis")],
                            value=evaluering.opfoelgning,
                            allow_blank=False,
                            id="e-opfoelgning",
                        ),
                    )
                    yield _labelled(t("plan.e.naeste"), _input(format_date(evaluering.naeste_opfoelgning), id="e-naeste"))
                    yield _labelled(t("plan.e.status"), _input(format_date(evaluering.status_dato), id="e-status"))
                    yield _labelled(t("plan.e.langsigtet"), _input(format_date(evaluering.langsigtet_evaluering), id="e-langsigtet"))
                    yield Checkbox(t("plan.e.daglig"), value=evaluering.daglig_logning, id="e-daglig")
                    yield Plain(t("plan.e.defaults"), classes="hint")
            yield Plain("", id="plan-guide")

    def show_step(self, step: str) -> None:
        self.query_one("#plan-form", ContentSwitcher).current = f"step-{step}"
        marks = [styled("[reverse] $name [/]", name=t(f"plan.stepname.{s}")) if s == step else literal(f" {t(f'plan.stepname.{s}')} ") for s in STEPS]
        self.query_one("#plan-steps", Static).update(Content(glyphs().arrow).join(marks) + f"   {t('plan.steps.keys')}")
        self.query_one("#plan-guide", Static).update(t(f"plan.guide.{step}"))

    def first_field(self, step: str) -> Widget | None:
        return self.query_one(f"#step-{step}").query(Input).first() if self.query_one(f"#step-{step}").query(Input) else None

    async def action_add_item(self) -> None:
        step = self.step_name
        card: Widget
        if step == "S":
            container, card = self.query_one("#interessenter"), InteressentCard(None, self.today)
        elif step == "T1":
            container, card = self.query_one("#tegn"), TegnCard()
        elif step == "T2":
            container, card = self.query_one("#tiltag"), TiltagCard()
        else:
            self.notify(t("plan.add.not_here"), severity="warning")
            return
        await container.mount(card)
        field = card.query(Input).first()
        self.set_focus(field)
        self.call_after_refresh(self._show_card_and_focus, card)

    def _show_card_and_focus(self, card: Widget) -> None:
        """Once the new card has a place on screen: show it, then the field the cursor is in *now*
        (keys that arrived in one burst may have moved the focus on since the card was added)."""
        focused = self.focused
        if focused is None:
            return
        if card.is_attached and (focused is card or card in focused.ancestors):
            card.scroll_visible(animate=False)  # still in the new card: show all of it first
        focused.scroll_visible(animate=False)

    # --- reading the form ---------------------------------------------------------------------

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _date(self, selector: str, label_key: str):
        field = self.query_one(selector, Input)
        try:
            return parse_date(field.value, today=self.today, label=t(label_key))
        except ValueError as exc:
            raise FormError("plan.form.in_step", field, step=t(f"plan.stepname.{self._step_of(field)}"), error=exc) from exc

    def _step_of(self, widget: Widget) -> str:
        """The step (S, M, T1, T2, E) whose page holds ``widget``."""
        return next((node.id.removeprefix("step-") for node in widget.ancestors_with_self if node.id and node.id.startswith("step-")), STEPS[self.step])

    def _model_field(self, loc: tuple) -> Widget | None:
        """The input behind a model error's location, where there is one (the goal, a tegn's or a
        tiltag's text), so the cursor can go there."""
        if loc[:1] == ("maal",):
            return self.query_one("#m-tekst", Input)
        if len(loc) >= 2 and loc[0] in ("tegn", "tiltag") and isinstance(loc[1], int):
            cards = [card for card in self.query(TegnCard if loc[0] == "tegn" else TiltagCard) if card.value() is not None]
            if loc[1] < len(cards):
                return cards[loc[1]].query(Input).first()
        return None

    def build(self) -> SmttePlan:
        """The plan as the form shows it; FormError/ValueError with a Danish sentence if not valid."""
        base = self.editing.base
        goal = self._value("#m-tekst").strip()
        data = base.model_dump()
        data["sammenhaeng"] = {
            "baggrund": self._value("#s-baggrund"),
            "hvorfor": self._value("#s-hvorfor"),
            "borgerens_oenske": self._value("#s-oenske"),
            "bestilling": {"tekst": self._value("#s-bestilling"), "reference": self._value("#s-reference"), "dato": self._date("#s-bestilling-dato", "plan.s.bestilling_dato")},
        }
        data["tovholder"] = self._value("#s-tovholder").strip().upper()
        data["maal"] = {"tekst": goal, "maaldato": self._date("#m-maaldato", "plan.m.maaldato"), "handleplan_punkt": self._value("#m-handleplan")} if goal else None
        data["maalopfyldelse_niveauer"] = {level: text for level in LEVELS if (text := self._value(f"#m-niveau-{level.replace('-', 'minus')}").strip())}
        data["interessenter"] = [v for card in self.query(InteressentCard) if (v := card.value()) is not None]
        data["tegn"] = [v for card in self.query(TegnCard) if (v := card.value()) is not None]
        data["tiltag"] = [v for card in self.query(TiltagCard) if (v := card.value()) is not None]
        data["evaluering"] = {
            "daglig_logning": self.query_one("#e-daglig", Checkbox).value,
            "opfoelgning": self.query_one("#e-opfoelgning", Select).value,
            "naeste_opfoelgning": self._date("#e-naeste", "plan.e.naeste"),
            "status_dato": self._date("#e-status", "plan.e.status"),
            "langsigtet_evaluering": self._date("#e-langsigtet", "plan.e.langsigtet"),
        }
        try:
            return SmttePlan.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            raise FormError("plan.form.invalid", self._model_field(tuple(error["loc"])), detail=error["msg"].removeprefix("Value error, ")) from exc

    def has_changes(self) -> bool:
        """True when the person changed something since the form opened or was last saved (a form
        that cannot be read, say a half-typed date, counts as changed)."""
        try:
            edited = self.build()
        except ValueError:
            return True
        return self.shown is None or bool(plans.changed_fields(self.shown, edited))

    def unsaved_changes(self) -> bool:
        """Escape and the App's Ctrl+Q ask first: leaving here would lose what was typed."""
        return self.has_changes()

    def save_and_leave(self) -> None:
        self._save(then=self.dismiss)  # a save that fails keeps the editor open

    # --- saving -------------------------------------------------------------------------------

    def _save(self, then: Callable[[], object] | None = None) -> None:
        """Save the form as a revision in a worker, then ``then()``; a form that is not valid or a
        save that fails says why, and the form keeps everything typed."""
        try:
            edited = self.build()
        except ValueError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            self._point_at(getattr(exc, "field", None))
            return
        if self.saving:
            return
        self.saving = True
        # a copy: save_plan moves it on to the saved state, which the form takes over once saved
        work = plans.Editing(self.editing.base, list(self.editing.parents), self.editing.new)
        session = self.session

        def saved(rev) -> None:
            self.saving = False
            self.editing = work
            self.shown = edited
            self.notify(t("plan.saved") if rev else t("plan.nothing_changed"))
            if then is not None:
                then()

        def failed(_: BaseException) -> None:
            self.saving = False

        self.write(lambda store: plans.save_plan(session, work, edited), saved, failed=failed, name="save")

    def _point_at(self, field: Widget | None) -> None:
        """Show the step holding ``field`` and put the cursor in it."""
        if field is None:
            return
        step = next((node.id for node in field.ancestors if node.id and node.id.startswith("step-")), None)
        if step is not None and step.removeprefix("step-") in STEPS:
            self.go_to(step.removeprefix("step-"), focus=False)
        self.set_focus(field)
        self.call_after_refresh(self._show_focused)

    def action_save(self) -> None:
        self._save()

    def action_activate(self) -> None:
        self._save(then=lambda: self._activate(close_others=False))

    def _activate(self, close_others: bool) -> None:
        session, plan_id = self.session, self.plan_id

        def do(store):
            closed = plans.activate(session, plan_id, close_others=close_others)
            return closed, plans.start_editing(store, plan_id)

        def activated(found) -> None:
            closed, self.editing = found
            self.notify(t("plan.activated", closed=len(closed)) if closed else t("plan.activated_only"))

        def refused(error: BaseException) -> bool:
            if isinstance(error, plans.ActivationBlocked):
                self.notify(t("plan.activate.missing") + "\n" + "\n".join(f"{glyphs().bullet} {p}" for p in error.problems), severity="error", timeout=10)
                return True
            if isinstance(error, plans.OtherActivePlan):
                from smtte_tui.screens.kit.confirm import ConfirmScreen

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._activate(close_others=True)

                self.app.push_screen(ConfirmScreen(str(error) + "\n" + t("plan.activate.close_other"), t("plan.activate.yes"), t("plan.activate.no")), answered)
                return True
            return False

        self.write(do, activated, failed=refused, name="activate")

    def action_open_media(self) -> None:
        focused = self.focused
        card = next((node for node in (focused.ancestors_with_self if focused else []) if isinstance(node, TiltagCard)), None)
        links = card.links() if card else [link for c in self.query(TiltagCard) for link in c.links()]
        if not links:
            self.notify(t("log.no_media"), severity="warning")
            return
        open_link(self, links[0])

    def refresh_data(self, changes) -> None:
        # Another terminal changed this plan while it is open: say so; the save will show any
        # field both changed as a conflict instead of overwriting it.
        plan_id = self.plan_id
        self.read(lambda store: store.heads(SmttePlan, plan_id), self._heads_read, name="heads")

    def _heads_read(self, heads: list[str]) -> None:
        if heads != self.editing.parents and not self.saving:
            self.query_one("#plan-steps", Static).update(t("plan.changed_elsewhere"))
