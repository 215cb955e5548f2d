"""Leder only: add borgere and staff, and look after them afterwards.

At the top the two small forms for a new borger and a new colleague (focus starts in the borger's
name; Enter moves on, Enter in the last field creates). Below them every borger and every staff
account in two lists. On a list, one key acts on the highlighted row:

* staff: ``r`` role, ``d`` close/reopen the account, ``p`` a new first PIN, ``u`` lift a sign-in
  block (the "Spærret til" column shows who is blocked now);
* borgere: ``a`` archive/take back, ``k`` contact person;
* both: ``n`` to the form for a new one.

``F2``/``F3`` jump to the staff and borger lists from anywhere on the screen (letters type into the
forms), ``F4`` opens the audit log, ``F5`` the house's security settings (sign-in lockout, idle lock). Every change is a revision through
:mod:`smtte_tui.features.admin.staffadmin`, audited there; the lists are read in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.i18n import t
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.dialog import Dialog
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.fields import FlowInput, focus_now
from smtte_tui.screens.widgets.lists import KeyedTable
from smtte_tui.screens.widgets.plain import Plain, PlainLabel
from smtte_tui.secret import Secret

if TYPE_CHECKING:
    from smtte_tui.features.admin.staffadmin import StaffRow
    from smtte_tui.models import Borger
    from smtte_tui.store import Store

BORGER_FIELDS = ("b-navn", "b-kortnavn", "b-bolig")
STAFF_FIELDS = ("m-initialer", "m-navn", "m-rolle", "m-pin")
ROLES = {"m": "medarbejder", "t": "tovholder", "l": "leder"}


def yes_no(value: bool) -> str:
    return t("admin.yes") if value else t("admin.no")


class StaffTable(KeyedTable["StaffRow"]):
    """The staff list; its keys act on the highlighted account (actions live on the screen)."""

    BINDINGS = [
        Binding("r", "screen.role", t("admin.key.role"), id="admin.staff.role"),
        Binding("d", "screen.staff_active", t("admin.key.active"), id="admin.staff.active"),
        Binding("p", "screen.pin", t("admin.key.pin"), id="admin.staff.pin"),
        Binding("u", "screen.unblock", t("admin.key.unblock"), id="admin.staff.unblock"),
        Binding("n", "screen.new('m-initialer')", t("admin.key.new_staff"), id="admin.staff.new"),
    ]


class BorgerTable(KeyedTable["Borger"]):
    """The borger list; its keys act on the highlighted borger (actions live on the screen)."""

    BINDINGS = [
        Binding("a", "screen.borger_active", t("admin.key.archive"), id="admin.borger.archive"),
        Binding("k", "screen.kontaktperson", t("admin.key.kontakt"), id="admin.borger.kontakt"),
        Binding("n", "screen.new('b-navn')", t("admin.key.new_borger"), id="admin.borger.new"),
    ]


class PinScreen(Dialog[tuple[str, str] | None]):
    """A new first PIN, typed twice and hidden: Enter moves on, Enter in the second field saves."""

    BINDINGS = [Binding("escape", "cancel", t("app.key.back"), id="admin.pin.cancel")]
    BOX_ID = "pin-box"

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose_box(self) -> ComposeResult:
        yield Plain(self.title_text)
        yield PlainLabel(t("admin.pin.new"))
        yield Input(id="pin-1", password=True, max_length=8, restrict=r"[0-9]*")
        yield PlainLabel(t("admin.pin.again"))
        yield Input(id="pin-2", password=True, max_length=8, restrict=r"[0-9]*")
        yield Plain(t("prompt.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#pin-1", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "pin-1":
            self.query_one("#pin-2", Input).focus()
            return
        self.dismiss((Secret(self.query_one("#pin-1", Input).value), Secret(self.query_one("#pin-2", Input).value)))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AdminScreen(AppScreen):
    CSS_PATH = css_of(__file__, "admin.tcss")
    BINDINGS = [
        Binding("f2", "focus_list('admin-staff')", t("admin.key.staff"), id="admin.staff"),
        Binding("f3", "focus_list('admin-borgere')", t("admin.key.borgere"), id="admin.borgere"),
        Binding("f4", "audit", t("admin.key.log"), id="admin.log"),
        Binding("f5", "house_settings", t("admin.key.settings"), id="admin.settings"),
        Binding("escape", "app.pop_screen", t("app.key.back"), id="admin.back"),
    ]
    # Below 120 columns the two lists do not fit side by side (the staff list lost "Aktiv" and
    # "Spærret til"): the list of the side in use (its form or the list itself, F2/F3) gets the
    # whole width and the other waits.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def compose_main(self) -> ComposeResult:
        with Horizontal(id="admin-forms"):
            with Vertical(classes="admin-form"):
                yield Plain(t("admin.borger.title"), classes="admin-title")
                for name in BORGER_FIELDS:
                    yield PlainLabel(t(f"admin.{name}"))
                    yield FlowInput(id=name, compact=True)
            with Vertical(classes="admin-form"):
                yield Plain(t("admin.staff.title"), classes="admin-title")
                for name in STAFF_FIELDS:
                    yield PlainLabel(t(f"admin.{name}"))
                    restrict = r"[mtlMTL]?" if name == "m-rolle" else (r"[0-9]*" if name == "m-pin" else None)
                    yield FlowInput(id=name, restrict=restrict, password=name == "m-pin", max_length=8 if name != "m-navn" else 0, compact=True)
        # the lists come after both forms, so Tab runs through the forms first
        with Horizontal(id="admin-lists"):
            with Vertical(classes="admin-list", id="list-borgere"):
                yield Plain(t("admin.borger.list"), classes="admin-title")
                yield BorgerTable(id="admin-borgere", cursor_type="row", zebra_stripes=True)
            with Vertical(classes="admin-list -other", id="list-staff"):
                yield Plain(t("admin.staff.list"), classes="admin-title")
                yield StaffTable(id="admin-staff", cursor_type="row", zebra_stripes=True)

    def compose_after_main(self) -> ComposeResult:
        yield Plain("", id="admin-message")

    def on_mount(self) -> None:
        borgere = self.query_one("#admin-borgere", DataTable)
        for key in ("navn", "kortnavn", "bolig", "kontakt", "aktiv"):
            borgere.add_column(t(f"admin.col.{key}"), key=key)
        staff = self.query_one("#admin-staff", DataTable)
        for key in ("initialer", "navn", "rolle", "aktiv", "blocked"):
            staff.add_column(t(f"admin.col.{key}"), key=key)
        focus_now(self.query_one("#b-navn", Input))
        self.load()

    def refresh_data(self, changes) -> None:
        if changes.kinds & {"borger", "medarbejder"}:
            self.load()

    # --- the lists ----------------------------------------------------------------------------

    def load(self) -> None:
        from smtte_tui.features.admin.staffadmin import borger_overview, staff_overview

        now = self.app.now()
        self.read(lambda store: (staff_overview(store, now=now), borger_overview(store)), lambda found: self._show_lists(*found), name="load")

    def _show_lists(self, staff: list[StaffRow], borgere: list[Borger]) -> None:
        from smtte_tui.features.signin.signin import block_text

        now = self.app.now()
        # rows by id: after a reload (another terminal's change, a new account sorted in above) the
        # cursor stays on the same person, so the next key never acts on someone else's account
        self.query_one("#admin-borgere", BorgerTable).show_records(borgere, lambda b: b.id, lambda b: (b.navn, b.kortnavn, b.bolig, b.kontaktperson, yes_no(b.aktiv)))
        self.query_one("#admin-staff", StaffTable).show_records(
            staff,
            lambda item: item.medarbejder.id,
            lambda item: (
                item.medarbejder.initialer,
                item.medarbejder.navn,
                t(f"label.rolle.{item.medarbejder.rolle}"),
                yes_no(item.medarbejder.aktiv),
                block_text(item.blocked_until, now, "%d.%m. %H:%M") if item.blocked_until else "",
            ),
        )
        self.audit_shown(AuditAction.LAES_ADMIN_BORGERE, AuditTarget.of(TargetKind.BORGERE), [b.id for b in borgere])
        self.audit_shown(AuditAction.LAES_ADMIN_PERSONALE, AuditTarget.of(TargetKind.PERSONALE), [])

    @property
    def staff_rows(self) -> list[StaffRow]:
        """The staff list as drawn."""
        return self.query_one("#admin-staff", StaffTable).records

    @property
    def borgere(self) -> list[Borger]:
        """The borger list as drawn."""
        return self.query_one("#admin-borgere", BorgerTable).records

    def current_staff(self) -> StaffRow | None:
        return self.query_one("#admin-staff", StaffTable).current()

    def current_borger(self) -> Borger | None:
        return self.query_one("#admin-borgere", BorgerTable).current()

    def on_descendant_focus(self, event) -> None:
        # the side in use: a borger field or the borger list, else a staff field or the staff list
        node = event.widget
        staff = isinstance(node, StaffTable) or (node.id or "").startswith("m-")
        if isinstance(node, BorgerTable) or staff or (node.id or "").startswith("b-"):
            self.query_one("#list-borgere").set_class(staff, "-other")
            self.query_one("#list-staff").set_class(not staff, "-other")

    def action_focus_list(self, table_id: str) -> None:
        self.query_one(f"#{table_id}", DataTable).focus()

    def action_new(self, field_id: str) -> None:
        focus_now(self.query_one(f"#{field_id}", Input))

    def action_audit(self) -> None:
        from smtte_tui.screens.admin.audit import AuditScreen

        self.app.push_screen(AuditScreen())

    def action_house_settings(self) -> None:
        from smtte_tui.screens.admin.housesettings import HouseSettingsScreen

        self.app.push_screen(HouseSettingsScreen(), lambda saved: self._show(saved) if saved else None)

    # --- acting on a row ----------------------------------------------------------------------

    def _ask(self, question: str, yes: str, then: Callable[[], None]) -> None:
        from smtte_tui.screens.kit.confirm import ConfirmScreen

        def answered(answer: bool | None) -> None:
            if answer:
                then()

        self.app.push_screen(ConfirmScreen(question, yes, t("admin.keep")), answered)

    def change(self, do: Callable[[Store], str], after: Callable[[], None] | None = None) -> None:
        """Run one staffadmin call in a worker; say what happened, or why not, and reload."""
        self.write(do, lambda message: self._changed(message, after), failed=self._refused, name="change")

    def _refused(self, error: BaseException) -> bool:
        """A refusal (the last leder, unknown initials, ...) is said where the results are."""
        from smtte_tui.errors import refusal_sentence

        sentence = refusal_sentence(error)
        if sentence is not None:
            self._show(sentence)
        return sentence is not None

    def _changed(self, message: str, after: Callable[[], None] | None) -> None:
        self._show(message)
        if after is not None:
            after()
            return
        self.load()

    def action_role(self) -> None:
        from smtte_tui.features.admin.staffadmin import change_role
        from smtte_tui.screens.kit.prompt import PromptScreen

        row = self.current_staff()
        if row is None:
            return
        m, session = row.medarbejder, self.session

        def chosen(letter: str | None) -> None:
            rolle = ROLES.get((letter or "").lower())
            if rolle is None:
                return

            def do(store: Store) -> str:
                changed = change_role(session, m.id, rolle)
                return t("admin.role.done", initialer=changed.initialer, rolle=t(f"label.rolle.{rolle}"))

            self.change(do, self._after_self_change(m.id, rolle=rolle))

        question = t("admin.role.question", initialer=m.initialer, navn=m.navn, rolle=t(f"label.rolle.{m.rolle}"))
        self.app.push_screen(PromptScreen(question, restrict=r"[mtlMTL]?"), chosen)

    def action_staff_active(self) -> None:
        from smtte_tui.features.admin.staffadmin import set_active

        row = self.current_staff()
        if row is None:
            return
        m, session = row.medarbejder, self.session
        aktiv = not m.aktiv
        word = "reactivate" if aktiv else "deactivate"
        self._ask(
            t(f"admin.{word}.question", initialer=m.initialer, navn=m.navn),
            t(f"admin.{word}.yes"),
            lambda: self.change(
                lambda store: t(f"admin.{word}.done", initialer=set_active(session, m.id, aktiv).initialer),
                self._after_self_change(m.id, aktiv=aktiv),
            ),
        )

    def _after_self_change(self, medarbejder_id: str, *, rolle: str | None = None, aktiv: bool | None = None) -> Callable[[], None] | None:
        """What to do after the leder changed their own account: a closed account is signed out,
        a leder who stepped down leaves the administration (the store refuses them anyway)."""
        session = self.session
        if session is None or session.person.id != medarbejder_id:
            return None
        if aktiv is False:

            def sign_out() -> None:
                self.app.notify(t("admin.self.deactivated"), severity="warning")
                self.app.action_lock()

            return sign_out
        if rolle is not None and rolle != "leder":

            def step_down() -> None:
                self.app.session = session.as_person(session.person.model_copy(update={"rolle": rolle}))
                self.app.notify(t("admin.self.demoted"), severity="warning")
                self.dismiss()

            return step_down
        return None

    def action_pin(self) -> None:
        from smtte_tui.features.admin.staffadmin import reset_pin

        row = self.current_staff()
        if row is None:
            return
        m, session = row.medarbejder, self.session

        def typed(pins: tuple[str, str] | None) -> None:
            if pins is None:
                return
            self.change(lambda store: t("admin.pin.done", initialer=reset_pin(session, m.id, *pins).initialer))

        self.app.push_screen(PinScreen(t("admin.pin.title", initialer=m.initialer, navn=m.navn)), typed)

    def action_unblock(self) -> None:
        from smtte_tui.features.admin.staffadmin import unblock_staff

        row = self.current_staff()
        if row is None:
            return
        m, session = row.medarbejder, self.session

        def do(store: Store) -> str:
            unblock_staff(session, m.id)
            return t("admin.unblock.done", initialer=m.initialer)

        self.change(do)

    def action_borger_active(self) -> None:
        from smtte_tui.features.admin.staffadmin import set_borger_active

        borger = self.current_borger()
        if borger is None:
            return
        aktiv, session = not borger.aktiv, self.session
        word = "unarchive" if aktiv else "archive"
        self._ask(
            t(f"admin.{word}.question", navn=borger.navn),
            t(f"admin.{word}.yes"),
            lambda: self.change(lambda store: t(f"admin.{word}.done", navn=set_borger_active(session, borger.id, aktiv).navn)),
        )

    def action_kontaktperson(self) -> None:
        from smtte_tui.features.admin.staffadmin import set_kontaktperson
        from smtte_tui.screens.kit.prompt import PromptScreen

        borger, session = self.current_borger(), self.session
        if borger is None:
            return

        def typed(text: str | None) -> None:
            if text is None:
                return
            initials = "" if text.strip() == "-" else text

            def do(store: Store) -> str:
                changed = set_kontaktperson(session, borger.id, initials)
                if not changed.kontaktperson:
                    return t("admin.kontakt.cleared", navn=changed.navn)
                return t("admin.kontakt.done", navn=changed.navn, initialer=changed.kontaktperson)

            self.change(do)

        question = t("admin.kontakt.question", navn=borger.navn)
        self.app.push_screen(PromptScreen(question, borger.kontaktperson, restrict=r"[A-Za-zÆØÅæøå0-9 -]*"), typed)

    # --- the forms ----------------------------------------------------------------------------

    def field_entered(self, field: Input) -> None:
        for group in (BORGER_FIELDS, STAFF_FIELDS):
            if field.id in group:
                position = group.index(field.id)
                if position + 1 < len(group):
                    focus_now(self.query_one(f"#{group[position + 1]}", Input))
                else:
                    values = {name: self.query_one(f"#{name}", Input).value for name in group}
                    if "m-pin" in values:
                        values["m-pin"] = Secret(values["m-pin"])  # masked when printed
                    self.create(values, group)

    def create(self, values: dict[str, str], group: tuple[str, ...]) -> None:
        from smtte_tui.features.admin.staffadmin import add_borger, add_medarbejder

        session = self.session

        def do(store: Store) -> str:
            if group is BORGER_FIELDS:
                borger = add_borger(session, values["b-navn"], values["b-kortnavn"] or values["b-navn"][:2], values["b-bolig"])
                return t("admin.borger.added", navn=borger.navn)
            rolle = ROLES.get(values["m-rolle"].lower(), "medarbejder")
            staff = add_medarbejder(session, values["m-initialer"], values["m-navn"], rolle, values["m-pin"])
            return t("admin.staff.added", initialer=staff.initialer, rolle=t(f"label.rolle.{rolle}"))

        def created(message: str) -> None:
            self._show(message, group)  # only now is the form emptied
            self.load()

        self.write(do, created, failed=self._refused, name="create")

    def _show(self, message: str, clear: tuple[str, ...] | None = None) -> None:
        self.query_one("#admin-message", Static).update(message)
        if clear:
            for name in clear:
                self.query_one(f"#{name}", Input).value = ""
            focus_now(self.query_one(f"#{clear[0]}", Input))
