"""A plan's history (every version: who, when, what changed field by field; any version whole)
and its conflicts (two terminals changed the same field at once: both side by side, pick one).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from smtte_tui import plandiff
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t
from smtte_tui.models import SmttePlan
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.plans.plan import plan_text
from smtte_tui.screens.widgets.lists import PlainOptionList
from smtte_tui.screens.widgets.plain import Plain, literal, styled


def _when(version_or_side) -> str:
    return f"{version_or_side.when.astimezone():%d.%m.%Y %H:%M}"


def changes_text(version: plandiff.Version) -> Content:
    if not version.changes:
        return Content(t("history.no_changes"))
    lines = []
    for change in version.changes:
        lines.append(styled("[b]$label[/b] ($kind)", label=change.label, kind=plandiff.kind_label(change.kind)))
        if change.before:
            lines.append(styled("  [red]$minus $before[/]", minus=glyphs().minus, before=change.before))
        if change.after:
            lines.append(styled("  [green]+ $after[/]", after=change.after))
    return Content("\n").join(lines)


class PlanHistoryScreen(AppScreen):
    CSS_PATH = css_of(__file__, "plans.tcss")
    BINDINGS = [
        Binding("w", "toggle_whole", t("history.key.whole"), id="history.whole"),
        Binding("escape", "back", t("app.key.back"), id="history.back"),
    ]

    def __init__(self, plan_id: str) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.versions: list[plandiff.Version] = []
        self.cycles: dict = {}  # the borger's prøvehandlinger by id: a tiltag names the one it came from
        self.whole = False

    def main_container(self) -> Widget | None:
        return None  # this screen lays out its own body

    def compose_main(self) -> ComposeResult:
        yield Plain(t("history.title"), id="history-title")
        with Horizontal(id="history-body"):
            yield PlainOptionList(id="history-list")
            with VerticalScroll(id="history-view"):
                yield Plain("", id="history-detail")

    def on_mount(self) -> None:
        self.load()
        self.query_one("#history-list", OptionList).focus()

    def refresh_data(self, changes) -> None:
        self.load()

    def load(self) -> None:
        plan_id = self.plan_id
        self.read(lambda store: (plandiff.versions(store, plan_id), plandiff.plan_cycles(store, plan_id)), lambda found: self._show_versions(*found), name="load")

    def _show_versions(self, versions: list[plandiff.Version], cycles: dict | None = None) -> None:
        self.versions, self.cycles = versions, cycles or {}
        options = self.query_one("#history-list", OptionList)
        options.clear_options()
        options.add_options([Option(f"{v.number}. {_when(v)} {v.author} – {plandiff.op_label(v.op)} ({len(v.changes)})", id=v.revision_id) for v in reversed(self.versions)])
        if self.versions:
            options.highlighted = 0
        self.show()

    @on(OptionList.OptionHighlighted, "#history-list")
    def _moved(self) -> None:
        self.show()

    def selected(self) -> plandiff.Version | None:
        index = self.query_one("#history-list", OptionList).highlighted
        if index is None or not self.versions:
            return None
        return list(reversed(self.versions))[index]

    def show(self) -> None:
        version = self.selected()
        detail = self.query_one("#history-detail", Static)
        if version is None:
            detail.update("")
            return
        head = t("history.version", number=version.number, author=version.author_name or version.author, when=_when(version))
        if self.whole:
            body = plan_text(version.state, self.cycles) if version.state else t("history.withdrawn")
        else:
            body = changes_text(version)
        detail.update(Content("\n").join([styled("[b]$head[/b]", head=head), Content(""), body]))

    def action_toggle_whole(self) -> None:
        self.whole = not self.whole
        self.show()


class ConflictScreen(AppScreen):
    """Each conflicting field with both versions side by side; 1/2 picks, nothing is lost."""

    CSS_PATH = css_of(__file__, "plans.tcss")

    BINDINGS = [
        Binding("1", "pick(0)", t("conflict.key.first"), id="conflict.first"),
        Binding("2", "pick(1)", t("conflict.key.second"), id="conflict.second"),
        Binding("escape", "back", t("app.key.back"), id="conflict.back"),
    ]

    def __init__(self, plan_id: str) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.sides: list[plandiff.Side] = []
        self.field = ""

    def main_container(self) -> Widget | None:
        return None  # this screen lays out its own body

    def compose_main(self) -> ComposeResult:
        yield Plain("", id="conflict-title")
        with Horizontal(id="conflict-sides"):
            with VerticalScroll(classes="conflict-side"):
                yield Plain("", id="conflict-side-0")
            with VerticalScroll(classes="conflict-side"):
                yield Plain("", id="conflict-side-1")

    def on_mount(self) -> None:
        self.load()

    def refresh_data(self, changes) -> None:
        self.load()

    def load(self) -> None:
        plan_id = self.plan_id

        def fetch(store):
            plan = store.get(SmttePlan, plan_id)
            conflicts = [c for c in store.conflicts() if c.entity == "plan" and c.entity_id == plan_id]
            sides = plandiff.conflict_sides(store, conflicts[0], plan)[:2] if plan is not None and conflicts else []
            return conflicts, sides

        self.read(fetch, lambda found: self._show(*found), name="load")

    def _show(self, conflicts: list, sides: list[plandiff.Side]) -> None:
        if not sides:
            self.sides = []
            self.query_one("#conflict-title", Static).update(t("conflict.none_left"))
            for n in range(2):
                self.query_one(f"#conflict-side-{n}", Static).update("")
            return
        conflict = conflicts[0]
        self.field = conflict.field
        self.sides = sides
        self.query_one("#conflict-title", Static).update(t("conflict.title", field=t(f"plan.section.{conflict.field}"), left=len(conflicts)))
        for n, side in enumerate(self.sides):
            lines = "\n".join(f"{line.label}: {line.value}" for line in side.lines if line.value) or t("conflict.empty")
            head = styled("[b]$n. $who $when[/b]", n=n + 1, who=side.author_name or side.author, when=_when(side))
            self.query_one(f"#conflict-side-{n}", Static).update(Content("\n").join([head, Content(""), literal(lines)]))

    def action_pick(self, index: int) -> None:
        if index >= len(self.sides):
            return
        plan_id, field, value, session = self.plan_id, self.field, self.sides[index].value, self.session
        self.write(lambda store: plandiff.resolve(session, plan_id, field, value), self._resolved, name="resolve")

    def _resolved(self, _: object) -> None:
        self.notify(t("conflict.resolved"))
        self.load()
