"""One borger's plans: read the plan whole, comment, and (tovholder/leder) write, activate, test.

Every role may open this screen and read; a medarbejder's part in the plan is the comment or
proposal (K). Editing, new plans and PDSA cycles are for tovholder and leder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from smtte_tui import plandiff
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.features.pdsa.pdsa import cycles_of
from smtte_tui.features.plans import plans
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t, tn
from smtte_tui.models import Borger, PdsaCycle, PlanKommentar, SmttePlan
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.lists import PlainOptionList
from smtte_tui.screens.widgets.plain import Plain, literal, styled


def plan_text(plan: SmttePlan, cycles: Mapping[str, PdsaCycle] | None = None) -> Content:
    """The plan as readable lines, section by section and item by item (filled-in fields only);
    ``cycles`` (by id) names the prøvehandling a tiltag came from."""
    lines: list[Content] = []
    section = item = None
    separator = t("plan.field.separator")
    for path, value in plandiff.flatten(plan, cycles).items():
        if not value:
            continue
        top = path.split(".")[0].split("[")[0]
        if top != section:
            section, item = top, None
            if lines:
                lines.append(Content(""))
            lines.append(styled("[b]$section[/b]", section=t(f"plan.section.{top}")))
        parts = plandiff.label(path, plan).split(separator)
        if "[" in path.split(".")[0] and parts[0] != item:
            item = parts[0]
            lines.append(styled("  [i]$item[/i]", item=item))
        is_item = "[" in path.split(".")[0]
        name = parts[-1] if is_item else separator.join(parts[1:]) or parts[0]
        lines.append(literal(f"{'    ' if is_item else '  '}{name}: {value}"))
    return Content("\n").join(lines)


@dataclass(frozen=True)
class PlanHub:
    """What the plan screen shows, read in one go: the borger's plans and, per plan, its open
    conflicts, prøvehandlinger and comments."""

    borger: Borger | None
    plans: list[SmttePlan]
    conflicts: dict[str, int]
    cycles: dict[str, list[PdsaCycle]]
    comments: dict[str, list[PlanKommentar]]


def read_hub(store, borger_id: str) -> PlanHub:
    found = plans.plans_of(store, borger_id)
    conflicts: dict[str, int] = {}
    for conflict in store.conflicts():
        if conflict.entity == "plan":
            conflicts[conflict.entity_id] = conflicts.get(conflict.entity_id, 0) + 1
    return PlanHub(
        borger=store.get(Borger, borger_id),
        plans=found,
        conflicts=conflicts,
        cycles={p.id: cycles_of(store, borger_id, p.id) for p in found},
        comments={p.id: plans.comments(store, p) for p in found},
    )


def section(title: str, lines: list[Content]) -> Content:
    """A bold heading over ``lines`` after a blank line; nothing when there are no lines."""
    if not lines:
        return Content("")
    return Content("\n").join([Content(""), styled("[b]$title[/b]", title=title), *lines])


class PlanScreen(AppScreen):
    CSS_PATH = css_of(__file__, "plans.tcss")
    BINDINGS = [
        Binding("e", "edit", t("planhub.key.edit"), id="planhub.edit"),
        Binding("n", "new", t("planhub.key.new"), id="planhub.new"),
        Binding("k", "comment", t("planhub.key.comment"), id="planhub.comment"),
        Binding("h", "history", t("planhub.key.history"), id="planhub.history"),
        Binding("c", "conflicts", t("planhub.key.conflicts"), id="planhub.conflicts"),
        Binding("p", "pdsa", t("planhub.key.pdsa"), id="planhub.pdsa"),
        Binding("b", "handled", t("planhub.key.handled"), id="planhub.handled"),
        Binding("t", "withdraw", t("planhub.key.withdraw"), id="planhub.withdraw"),
        Binding("escape", "back", t("app.key.back"), id="planhub.back"),
    ]

    def __init__(self, borger_id: str) -> None:
        super().__init__()
        self.borger_id = borger_id
        self.plans: list[SmttePlan] = []
        self.hub: PlanHub | None = None

    def main_container(self) -> Widget | None:
        return None  # this screen lays out its own body

    def compose_main(self) -> ComposeResult:
        yield Plain("", id="planhub-title")
        with Horizontal(id="planhub-body"):
            yield PlainOptionList(id="planhub-plans")
            with VerticalScroll(id="planhub-view"):
                yield Plain("", id="planhub-plan")
                yield Plain("", id="planhub-pdsa")
                yield Plain("", id="planhub-comments")

    def on_mount(self) -> None:
        self.audit(AuditAction.LAES_PLAN, AuditTarget.of(TargetKind.BORGER, self.borger_id), self.borger_id)
        self.load()
        self.query_one("#planhub-plans", OptionList).focus()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.load()

    def refresh_data(self, changes) -> None:
        self.load()

    def load(self, select: str | None = None) -> None:
        borger_id = self.borger_id
        self.read(lambda store: read_hub(store, borger_id), lambda hub: self._show(hub, select), name="load")

    def _show(self, hub: PlanHub, select: str | None = None) -> None:
        options = self.query_one("#planhub-plans", OptionList)
        current = self.selected()
        wanted = select or (current.id if current else None)
        self.hub, self.plans = hub, hub.plans
        self.query_one("#planhub-title", Static).update(t("planhub.title", navn=hub.borger.navn if hub.borger else "?"))
        options.clear_options()
        options.add_options([Option(f"{t(f'plan.diff.value.status.{p.status}')}: {p.maal.tekst if p.maal else t('planhub.no_goal')}", id=p.id) for p in self.plans])
        if self.plans:
            options.highlighted = next((i for i, p in enumerate(self.plans) if p.id == wanted), 0)
        self.show_selected()

    def selected(self) -> SmttePlan | None:
        options = self.query_one("#planhub-plans", OptionList)
        index = options.highlighted
        return self.plans[index] if self.plans and index is not None and index < len(self.plans) else None

    @on(OptionList.OptionHighlighted, "#planhub-plans")
    def _highlighted(self) -> None:
        self.show_selected()

    @on(OptionList.OptionSelected, "#planhub-plans")
    def _selected(self) -> None:
        self.action_edit()

    def show_selected(self) -> None:
        plan = self.selected()
        view, pdsa_view, comment_view = (self.query_one(f"#planhub-{name}", Static) for name in ("plan", "pdsa", "comments"))
        if plan is None or self.hub is None:
            view.update(t("planhub.empty"))
            pdsa_view.update("")
            comment_view.update("")
            return
        parts: list[Content] = []
        conflicts = self.hub.conflicts.get(plan.id, 0)
        if conflicts:
            parts += [styled("[b $warning]$message[/]", message=tn("planhub.has_conflicts", conflicts, n=conflicts)), Content("")]
        view.update(Content("\n").join([*parts, plan_text(plan, {c.id: c for c in self.hub.cycles.get(plan.id, [])})]))
        pdsa_lines = [literal(f"  {c.nummer}. {c.formaal} ({c.start:%d.%m}–{c.slut:%d.%m}) {t(f'planhub.act.{c.act or c.status}')}") for c in self.hub.cycles.get(plan.id, [])]
        pdsa_view.update(section(t("planhub.pdsa"), pdsa_lines))
        marks = glyphs()
        comment_lines = [literal(f"  {marks.done if c.behandlet else marks.missing} {c.tid.astimezone():%d.%m %H:%M} {c.forfatter}: {c.tekst}") for c in self.hub.comments.get(plan.id, [])]
        comment_view.update(section(t("planhub.comments"), comment_lines))

    # --- actions ------------------------------------------------------------------------------

    def _planner(self) -> bool:
        if self.session is not None and self.session.may("plan"):
            return True
        self.notify(t("plan.error.only_planners"), severity="warning", timeout=6)
        return False

    def action_edit(self) -> None:
        plan = self.selected()
        if plan is None or not self._planner():
            return
        plan_id = plan.id
        self.read(lambda store: plans.start_editing(store, plan_id), self._open_editor, name="edit", hold_keys=True)

    def _open_editor(self, editing: plans.Editing) -> None:
        from smtte_tui.screens.plans.plan_editor import PlanEditorScreen

        self.app.push_screen(PlanEditorScreen(editing))

    def action_new(self) -> None:
        # nothing is written until the editor saves: a new plan opened by mistake leaves no draft
        if not self._planner():
            return
        self._open_editor(plans.unsaved_plan(self.session, self.borger_id))

    def action_withdraw(self) -> None:
        """Withdraw the highlighted draft plan (asked first); active and closed plans stay."""
        plan = self.selected()
        if plan is None or not self._planner():
            return
        if plan.status != "kladde":
            self.notify(t("plan.error.withdraw_not_draft"), severity="warning", timeout=8)
            return
        from smtte_tui.screens.kit.confirm import ConfirmScreen

        session, plan_id = self.session, plan.id

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda store: plans.withdraw_draft(session, plan_id), lambda _: self._withdrawn(), name="withdraw")

        goal = plan.maal.tekst if plan.maal else t("planhub.no_goal_yet")
        self.app.push_screen(ConfirmScreen(t("planhub.withdraw_question", goal=goal), t("planhub.withdraw.yes"), t("planhub.withdraw.no")), answered)

    def _withdrawn(self) -> None:
        self.notify(t("planhub.withdrawn"))
        self.load()

    def action_comment(self, text: str = "") -> None:
        plan = self.selected()
        if plan is None:
            return
        from smtte_tui.screens.kit.prompt import PromptScreen

        session = self.session

        def write(answer: str | None) -> None:
            if not answer:
                return
            # not saved: the question comes back with the text, so nothing typed is lost
            self.write(lambda store: plans.add_comment(session, plan, answer), self._comment_saved, failed=lambda _: self.action_comment(answer), name="comment")

        self.app.push_screen(PromptScreen(t("planhub.comment_question"), text), write)

    def _comment_saved(self, _: object) -> None:
        self.notify(t("planhub.comment_saved"))
        self.load()

    def action_handled(self) -> None:
        plan = self.selected()
        if plan is None or self.hub is None or not self._planner():
            return
        open_ones = [c for c in self.hub.comments.get(plan.id, []) if not c.behandlet]
        if not open_ones:
            self.notify(t("planhub.no_open_comments"))
            return
        session, comment_id = self.session, open_ones[0].id
        self.write(lambda store: plans.mark_handled(session, comment_id), lambda _: self.load(), name="handled")

    def action_history(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        from smtte_tui.screens.plans.plan_history import PlanHistoryScreen

        self.app.push_screen(PlanHistoryScreen(plan.id))

    def action_conflicts(self) -> None:
        plan = self.selected()
        if plan is None or self.hub is None or not self._planner():
            return
        if not self.hub.conflicts.get(plan.id):
            self.notify(t("planhub.no_conflicts"))
            return
        from smtte_tui.screens.plans.plan_history import ConflictScreen

        self.app.push_screen(ConflictScreen(plan.id))

    def action_pdsa(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        from smtte_tui.screens.pdsa.pdsa_list import PdsaRampScreen

        self.app.push_screen(PdsaRampScreen(self.borger_id, plan))
