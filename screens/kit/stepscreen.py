"""A screen walked through in steps: F7/F8 between them, the step's first field focused, and one
question before leaving with unsaved changes.

The plan editor (S-M-T-T-E), the prøvehandling (Plan-Do-Study-Act) and the meeting walk their
steps the same way, so the walking lives here once::

    class PdsaScreen(StepScreen):
        BINDINGS = [*step_keys("pdsa", t("pdsa.key.prev"), t("pdsa.key.next")), ...]

        def __init__(self) -> None:
            super().__init__()
            self.steps = ["plan", "do", "study", "act"]

        def show_step(self, name: str) -> None:      # draw the step (switch the view, mark it)
            self.query_one(ContentSwitcher).current = f"step-{name}"

        def first_field(self, name: str) -> Widget | None:
            return self.query_one(f"#step-{name}").query(Input).first()

        def unsaved_changes(self) -> bool:           # Escape asks before this is lost
            return self.is_dirty()

        def save_and_leave(self) -> None:            # "save" in that question
            self.save(then=self.leave)

``steps`` and ``index`` are the screen's place; ``go_to(index or name)`` shows a step and puts the cursor
in its first field. A step with nothing to type in takes the focus away (None), so no key changes
a field of a step nobody can see.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

from smtte_tui.i18n import t
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.widgets.fields import focus_now


def step_keys(screen_id: str, previous: str, following: str, *, priority: bool = False) -> list[Binding]:
    """F7 and F8 for a step screen, with ids ``<screen_id>.prev`` and ``<screen_id>.next``."""
    return [
        Binding("f7", "step(-1)", previous, id=f"{screen_id}.prev", priority=priority),
        Binding("f8", "step(1)", following, id=f"{screen_id}.next", priority=priority),
    ]


class StepScreen(AppScreen):
    """Steps by name (``steps``), the one shown (``index``), F7/F8 and the leave question."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.steps: list[str] = []
        self.index = 0

    # --- what a step screen says ----------------------------------------------------------------

    def show_step(self, name: str) -> None:
        """Override: draw step ``name`` (the focus is set afterwards, by ``first_field``)."""

    def first_field(self, name: str) -> Widget | None:
        """The field the cursor goes to in step ``name``; None takes the focus away."""
        return None

    def save_and_leave(self) -> None:
        """Save, and leave once saved (a failed save keeps the screen open)."""
        raise NotImplementedError

    def leave(self) -> None:
        self.dismiss()

    def leave_waits(self) -> bool:
        """True while a save runs: Escape waits for it (the save says when it is done)."""
        return False

    # --- walking --------------------------------------------------------------------------------

    @property
    def step_name(self) -> str:
        return self.steps[self.index]

    def go_to(self, step: int | str, *, focus: bool = True) -> None:
        """Show ``step`` (its place or its name) and, with ``focus``, put the cursor in its first
        field."""
        self.index = step if isinstance(step, int) else self.steps.index(step)
        name = self.steps[self.index]
        self.show_step(name)
        if not focus:
            return
        field = self.first_field(name)
        if field is None:
            self.set_focus(None)
            return
        focus_now(field)
        # once the step is laid out: the field the cursor is in *then* must be seen (keys of a
        # burst, or a test, may have moved the focus on meanwhile; showing this one would hide it)
        self.call_after_refresh(self._show_focused)

    def _show_focused(self) -> None:
        if self.focused is not None:
            self.focused.scroll_visible(animate=False)

    def action_step(self, delta: int) -> None:
        if self.steps:
            self.go_to(max(0, min(len(self.steps) - 1, self.index + delta)))

    def action_back(self) -> None:
        if self.leave_waits():
            return
        if not self.unsaved_changes():
            self.leave()
            return
        from smtte_tui.screens.kit.confirm import ConfirmScreen

        def answered(save: bool | None) -> None:
            if save:
                self.save_and_leave()
            elif save is False:
                self.leave()

        self.app.push_screen(ConfirmScreen(t("confirm.unsaved"), t("confirm.unsaved.save"), t("confirm.unsaved.discard")), answered)
