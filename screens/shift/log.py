"""Log one borger's signs for this shift: one row per tegn, one key per ja/nej or scale value.

Keys are chosen so the common case is a handful of presses: a ja/nej or scale value moves on by
itself, Enter moves on from a number, Ctrl+S saves everything durably and returns home.

Habits are safe: an Enter right after a ja/nej or scale key has moved on (the Enter a person
presses to "confirm" the j) does not skip the empty field it moved to, and a Tab right after it
goes to the note of the sign just answered (as Tab does from a value), not to the next sign's. Under each tegn the screen
shows what this shift already holds ("logget: ja (MA)"); a value typed for such a tegn corrects it,
or adds to it when the tegn counts events (``shiftlog.counts_events``). The save says which signs
are still missing this shift.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.features.shift.shifts import next_shift
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t
from smtte_tui.models import Borger, SmttePlan, Tegn
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.messages import LogSaved
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.fields import FlowInput, focus_now
from smtte_tui.screens.widgets.media import open_link
from smtte_tui.screens.widgets.plain import Plain, PlainLabel

RESTRICT = {"ja_nej": r"[jJnNyY]?", "skala_1_5": r"[1-5]?", "antal": r"[0-9]*", "minutter": r"[0-9]*"}
MAX_LENGTH = {"ja_nej": 1, "skala_1_5": 1, "antal": 4, "minutter": 4}


ONE_KEY_VALUES = {"ja_nej": "jJnNyY", "skala_1_5": "12345"}


class TegnValue(FlowInput):
    """The value input of one tegn. A ja/nej or scale key sets the value and moves on at once."""

    def __init__(self, tegn: Tegn, value: str = "") -> None:
        super().__init__(
            value=value, id=f"v-{tegn.id}", classes="tegn-value", restrict=RESTRICT[tegn.maaletype], max_length=MAX_LENGTH[tegn.maaletype], placeholder=t(f"log.placeholder.{tegn.maaletype}")
        )
        self.tegn = tegn

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        moved_here = getattr(screen, "moved_by_one_key", None) is self
        if isinstance(screen, LogScreen):
            screen.moved_by_one_key = None
        if moved_here and event.key == "enter" and not self.value:
            # the Enter that "confirms" the j typed a moment ago: it must not skip this field
            event.stop()
            event.prevent_default()
            return
        allowed = ONE_KEY_VALUES.get(self.tegn.maaletype)
        if allowed and event.character and event.character in allowed:
            event.stop()
            event.prevent_default()
            self.value = event.character
            if isinstance(screen, LogScreen):
                screen.advance_by_one_key(self)  # focus moves before the next key is read
            return
        await super()._on_key(event)


def show_value(tegn: Tegn, text: str) -> str:
    if tegn.maaletype == "ja_nej" and text:
        return t("log.yes") if text.lower() in ("j", "y") else t("log.no")
    return text


class LogScreen(AppScreen):
    CSS_PATH = css_of(__file__, "shift.tcss")
    BINDINGS = [
        # Not a priority binding: a priority key is handled before a value key still queued at
        # the focused field, so a fast "j, Ctrl+S" could save without the "j".
        Binding("ctrl+s", "save", t("log.key.save"), id="log.save"),
        Binding("f3", "next_shift", t("log.key.shift"), id="log.shift"),
        Binding("f4", "do_note", t("log.key.do"), id="log.do"),
        Binding("f5", "entries", t("log.key.entries"), id="log.entries"),
        Binding("f6", "open_media", t("log.key.media"), id="log.media"),
        Binding("escape", "back", t("app.key.back"), id="log.back"),
        Binding("ctrl+l", "app.lock", t("app.key.lock"), id="log.lock"),
        Binding("tab", "tab", show=False, id="log.tab"),  # Textual's focus_next, except right after a one-key value
    ]

    def __init__(self, borger: Borger, plan: SmttePlan | None, draft: dict | None = None) -> None:
        super().__init__()
        self.borger = borger
        self.plan = plan
        self.tegn = [tegn for tegn in (plan.tegn if plan else []) if tegn.aktiv]
        if draft is None:  # what this person typed for the borger before, kept as a draft
            user = self.app.user
            draft = self.app.drafts.load(user.id).get(borger.id) if user else None
        self.draft = draft or {}
        self.vagt, self.dato = self.draft_shift()
        self._media_index = 0
        self.saving = False
        self.moved_by_one_key: TegnValue | None = None  # the field a one-key value just moved focus to
        self.answered_by_one_key: tuple[TegnValue, Input] | None = None  # (the field answered, the field focus moved to)
        self.logged: dict[str, list] = {}  # this shift's observations by tegn id, as read

    def draft_shift(self):
        vagt, dato = self.app.current_shift()
        if self.draft.get("vagt"):
            vagt = self.draft["vagt"]
        return vagt, dato

    def main_container(self) -> Widget | None:
        return VerticalScroll(id="main")

    def compose_main(self) -> ComposeResult:
        values = self.draft.get("values", {})
        notes = self.draft.get("notes", {})
        yield Plain(f"{self.borger.navn} ({self.borger.kortnavn})", id="log-borger")
        goal = self.plan.maal.tekst if self.plan and self.plan.maal else t("home.no_goal")
        yield Plain(t("log.goal", goal=goal), id="log-goal")
        yield Plain("", id="log-shift")
        if self.draft:
            yield Plain(t("log.draft_restored"), id="log-draft")
        for tegn in self.tegn:
            with Horizontal(classes="tegn-row"):
                yield PlainLabel(self._label(tegn), id=f"l-{tegn.id}", classes="tegn-label")
                yield TegnValue(tegn, values.get(tegn.id, ""))
                yield FlowInput(value=notes.get(tegn.id, ""), id=f"n-{tegn.id}", classes="tegn-note", placeholder=t("log.note.placeholder"))
        yield FlowInput(value=self.draft.get("note", ""), id="borger-note", placeholder=t("log.borger_note.placeholder"))
        yield Plain(self._tiltag_text(), id="log-tiltag")

    def _tiltag_text(self) -> str:
        if not self.plan or not self.plan.tiltag:
            return ""
        lines, marks = [t("log.tiltag")], glyphs()
        for tiltag in self.plan.tiltag:
            if not tiltag.aktiv:
                continue
            lines.append(f"{marks.bullet} {tiltag.hvad} ({tiltag.hvem}, {tiltag.hvor_ofte})")
            if tiltag.instruktion:
                lines.append(f"  {tiltag.instruktion}")
            for link in tiltag.medier:
                lines.append(f"  {marks.play} {link}")
        return "\n".join(lines)

    def _label(self, tegn: Tegn) -> str:
        """The tegn, its kind and, on a second line, what this shift already holds."""
        from smtte_tui.features.shift.shiftlog import counts_events

        label = f"{tegn.tekst} [{t(f'label.maaletype.{tegn.maaletype}')}]"
        logged = self.logged.get(tegn.id, [])
        if not logged:
            return label
        who = ", ".join(dict.fromkeys(o.forfatter for o in logged))
        if counts_events(tegn):
            return label + "\n" + t("log.logged.sum", total=f"{sum(o.vaerdi for o in logged):g}", who=who)
        value = logged[-1].vaerdi
        shown = (t("log.yes") if value else t("log.no")) if tegn.maaletype == "ja_nej" else f"{value:g}"
        return label + "\n" + t("log.logged.value", value=shown, who=logged[-1].forfatter)

    def on_mount(self) -> None:
        self._show_shift()
        first = self.query(TegnValue).first() if self.tegn else self.query_one("#borger-note", Input)
        first.focus()
        self.audit(AuditAction.LAES_BORGER, AuditTarget.of(TargetKind.BORGER, self.borger.id), borger_id=self.borger.id)

    def _show_shift(self) -> None:
        self.query_one("#log-shift", Static).update(t("log.shift", vagt=t(f"label.vagt.{self.vagt}"), dato=f"{self.dato:%d.%m.%Y}"))
        self.read_logged()

    def read_logged(self) -> None:
        """Read what this shift already holds for the borger and show it under each tegn."""
        from smtte_tui.features.shift.shiftlog import shift_values

        borger_id, dato, vagt = self.borger.id, self.dato, self.vagt
        self.read(lambda store: (vagt, shift_values(store, borger_id, dato, vagt)), self._show_logged, name="logged")

    def _show_logged(self, found) -> None:
        vagt, logged = found
        if vagt != self.vagt:
            return  # F3 was pressed meanwhile: a newer read follows
        self.logged = logged
        for tegn in self.tegn:
            self.query_one(f"#l-{tegn.id}", Static).update(self._label(tegn))

    def refresh_data(self, changes) -> None:
        self.read_logged()  # a colleague logged this borger on another terminal

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.read_logged()  # back from today's entries, where a value may have been corrected

    # --- input flow --------------------------------------------------------------------------

    def _value_inputs(self) -> list[TegnValue]:
        return list(self.query(TegnValue))

    def _advance_from(self, current: TegnValue) -> None:
        inputs = self._value_inputs()
        position = inputs.index(current)
        if position + 1 < len(inputs):
            focus_now(inputs[position + 1])
        else:
            focus_now(self.query_one("#borger-note", Input))

    def advance_by_one_key(self, field: TegnValue) -> None:
        """A ja/nej or scale key set the value: on to the next field, remembering that it was a
        one-key move (an Enter right after it then confirms instead of skipping)."""
        self._advance_from(field)
        if isinstance(self.focused, TegnValue):
            self.moved_by_one_key = self.focused
        if isinstance(self.focused, Input):
            self.answered_by_one_key = (field, self.focused)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.answered_by_one_key and event.widget is not self.answered_by_one_key[1]:
            self.answered_by_one_key = None  # the person went somewhere else: Tab is Tab again

    def action_tab(self) -> None:
        """Tab right after a ja/nej or scale key moved on (nothing typed since) goes to the note
        of the sign just answered: "j, Tab, gik selv" notes the j's sign, never the next one."""
        answered = self.answered_by_one_key
        self.answered_by_one_key = None
        if answered is not None and self.focused is answered[1] and not answered[1].value:
            focus_now(self.query_one(f"#n-{answered[0].tegn.id}", Input))
            return
        self.focus_next()

    def field_entered(self, field: Input) -> None:
        """Enter (or a one-key value) in a field: on to the next sign; Enter in the note saves."""
        if isinstance(field, TegnValue):
            self._advance_from(field)
        elif field.id == "borger-note":
            self.action_save()
        elif field.id and field.id.startswith("n-"):
            self._advance_from(next(f for f in self._value_inputs() if f.tegn.id == field.id[2:]))

    # --- state -------------------------------------------------------------------------------

    def collect(self) -> dict:
        """What has been typed (the draft kept if the screen is locked before saving)."""
        return {
            "vagt": self.vagt,
            "values": {f.tegn.id: f.value for f in self._value_inputs() if f.value},
            "notes": {i.id[2:]: i.value for i in self.query(".tegn-note").results(Input) if i.value and i.id},
            "note": self.query_one("#borger-note", Input).value,
        }

    def is_dirty(self) -> bool:
        draft = self.collect()
        return bool(draft["values"] or draft["notes"] or draft["note"].strip())

    def keep_typed(self) -> bool:
        """The lock and Ctrl+Q keep what was typed here as the person's draft."""
        if not self.is_dirty():
            return False
        self.keep_draft()
        return True

    def keep_draft(self) -> bool:
        """Keep what was typed as the person's draft on this PC; False (and said) when the disk
        would not take it now: it is then kept in memory until smtte closes."""
        user = self.app.user
        if user is None:
            return False
        if self.app.drafts.save(user.id, self.borger.id, self.collect()):
            return True
        self.notify(t("drafts.not_saved"), severity="warning", timeout=10)
        return False

    def drop_draft(self) -> None:
        user = self.app.user
        if user is not None and not self.app.drafts.discard(user.id, self.borger.id):
            self.notify(t("drafts.not_removed"), severity="warning", timeout=10)

    # --- actions -----------------------------------------------------------------------------

    def action_next_shift(self) -> None:
        self.vagt = next_shift(self.vagt)
        self._show_shift()

    def action_save(self) -> None:
        if self.saving:
            return
        draft = self.collect()
        if not draft["values"] and not draft["note"].strip() and not draft["notes"]:
            self.notify(t("log.nothing"), severity="warning")
            return
        self.saving = True
        self.save(draft)

    def save(self, draft: dict) -> None:
        """Save what was typed in a worker; on any failure the screen and its values stay as they are.

        The save's outcome belongs to the App (``LogSaved``, posted to the App itself:
        ``SmtteApp.on_log_saved``), not to this screen: Escape or the lock may take the screen
        away while it runs, and the draft kept then must still be dropped once the values it holds
        are saved, or restoring it would save them twice. Going home is this screen's own step,
        taken at once when the save is done (before the keys typed meanwhile are let go: they are
        meant for home)."""
        from smtte_tui.features.shift.shiftlog import LogEntry, missing_tegn, parse_value, save_shift
        from smtte_tui.screens.kit.base import run_job

        session, borger_id, plan, tegn = self.session, self.borger.id, self.plan, self.tegn
        dato, vagt, staff_id, app = self.dato, self.vagt, self.app.user.id, self.app

        def do(store) -> tuple[list[str], list[str]]:
            entries = []
            for item in tegn:
                if item.id in draft["values"]:
                    entries.append(LogEntry(tegn_id=item.id, value=parse_value(item, draft["values"][item.id]), note=draft["notes"].get(item.id, "")))
            notes_without_value = [draft["notes"][tid] for tid in draft["notes"] if tid not in draft["values"]]
            note = "\n".join([draft["note"].strip(), *notes_without_value]).strip()
            ids = save_shift(session, borger_id=borger_id, plan=plan, entries=entries, note=note, dato=dato, vagt=vagt)
            return ids, [item.tekst for item in missing_tegn(store, plan, borger_id, dato, vagt)]

        def saved(result: tuple[list[str], list[str]]) -> None:
            self.saving = False
            ids, missing = result
            still_open = self in app.screen_stack
            app.post_message(LogSaved(borger_id, ids, missing=missing, staff_id=staff_id, draft=draft, still_open=still_open))
            if still_open:
                self.go_home()

        run_job(app, do, saved, failed=self._save_failed, name="LogScreen.save", exclusive=False, receiver=app, hold_keys=True)

    def go_home(self) -> None:
        """Close this screen and whatever was opened over it: home is under it."""
        while self in self.app.screen_stack:
            self.app.pop_screen()

    def _save_failed(self, error: BaseException) -> None:
        self.saving = False  # nothing was saved; the values are still in the fields

    def action_back(self) -> None:
        if self.is_dirty():
            if self.keep_draft():
                self.notify(t("log.draft_kept"))
        else:
            self.drop_draft()
        self.app.pop_screen()

    def action_entries(self) -> None:
        from smtte_tui.screens.shift.entries import EntriesScreen

        self.app.push_screen(EntriesScreen(self.borger, self.plan, self.dato))

    def action_do_note(self) -> None:
        from smtte_tui.lookup import active_pdsa

        borger_id, dato = self.borger.id, self.dato
        self.read(lambda store: active_pdsa(store, borger_id, dato), self._ask_do_note, name="do_note", hold_keys=True)

    def _ask_do_note(self, cycle, text: str = "") -> None:
        from smtte_tui.screens.kit.prompt import PromptScreen

        if cycle is None:
            self.notify(t("log.no_pdsa"), severity="warning")
            return

        def done(answer: str | None) -> None:
            if answer:
                self.add_do_note(cycle, answer)

        self.app.push_screen(PromptScreen(t("log.do_prompt", formaal=cycle.formaal), text), done)

    def add_do_note(self, cycle, text: str) -> None:
        from smtte_tui.features.shift.shiftlog import add_do_note

        session, dato, vagt = self.session, self.dato, self.vagt
        # not saved: the question comes back with the text, so nothing typed is lost
        self.write(
            lambda store: add_do_note(session, pdsa=cycle, tekst=text, dato=dato, vagt=vagt),
            lambda _: self.notify(t("log.do_saved")),
            failed=lambda _: self._ask_do_note(cycle, text),
            name="do_note",
        )

    def action_open_media(self) -> None:
        links = [link for tiltag in (self.plan.tiltag if self.plan else []) for link in tiltag.medier]
        if not links:
            self.notify(t("log.no_media"), severity="warning")
            return
        link = links[self._media_index % len(links)]
        self._media_index += 1
        open_link(self, link)
