"""A list screen in one table: columns, a fetch run in a worker, cells per row, a key per row.

:class:`TableScreen` owns the cycle every list screen repeated: the columns are added and the
table focused when the screen mounts, ``fetch()`` runs in a worker (and again when another
terminal changes something, and on return to the screen with ``RELOAD_ON_RESUME``), the rows are
drawn in a :class:`KeyedTable` and kept by their key, so ``current()`` is always the
record under the cursor and a reload never moves the cursor onto another record (where the next
key would act on it). There is no list parallel to the table and no ``cursor_row`` arithmetic.

A new list screen is a handful of methods::

    class OverdueCyclesScreen(TableScreen[PdsaCycle]):
        BINDINGS = [Binding("escape", "app.pop_screen", t("app.key.back"), id="overdue.back")]
        TABLE_ID = "overdue-table"

        def columns(self) -> list[Column]:
            return [Column("borger", t("pdsa.overdue.col.borger")), Column("slut", t("pdsa.overdue.col.slut"))]

        def fetch(self) -> Callable[[Store], list[PdsaCycle]]:
            today = self.app.now().date()  # read on the UI thread; the job runs in a worker
            return lambda store: pdsa.overdue(store, today)

        def row_key(self, cycle: PdsaCycle) -> str:
            return cycle.id

        def cells(self, cycle: PdsaCycle) -> list[object]:
            return [cycle.borger_id, format_date(cycle.slut)]

        def row_selected(self, cycle: PdsaCycle) -> None:  # Enter
            self.app.push_screen(PdsaScreen(cycle))

Optional hooks: ``rows_from(found)`` when ``fetch`` returns more than the rows, ``compose_above``/``compose_below`` (widgets over and under the table),
``drawn(rows)`` after every draw (a summary line, the audit event), ``row_highlighted(row)`` when
the cursor moves (a detail pane), ``first_key(rows)`` for where the cursor starts.

A screen that filters what it read (a typed filter, a chosen kind, a date range) says which rows
it shows in ``visible(rows)`` and calls ``redraw()`` when the filter changes: ``rows`` is
everything read, ``shown`` what is drawn. Where the cursor goes after a draw is
``place_cursor(shown, was)`` (default: the row it was on, by key).

Home is the one list drawn as an option list, not a table: each borger takes two lines (name and
state, then the goal) and a table row holds one. ``make_table()`` returns a
:class:`KeyedOptionList` there (``cells`` gives one cell, the option's prompt, and ``columns`` is
empty) and the cycle above is the same; ``initial_focus()`` puts the cursor in home's filter field
instead of the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import DataTable, OptionList

from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.widgets.lists import Keyed, KeyedTable

if TYPE_CHECKING:
    from smtte_tui.store import Store

R = TypeVar("R")


@dataclass(frozen=True)
class Column:
    """One column: its key, its heading (from the catalog) and, if fixed, its width."""

    key: str
    label: str
    width: int | None = None


class TableScreen(AppScreen, Generic[R]):
    """A screen whose main part is one table of records of type ``R`` (see the module docstring)."""

    TABLE_ID: ClassVar[str] = "table"
    ZEBRA: ClassVar[bool] = True
    RELOAD_ON_RESUME: ClassVar[bool] = False  # read again on return from a screen it opened

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.loaded = False  # the first fetch has been drawn
        self._rows: Sequence[R] = []

    # --- what a list screen says --------------------------------------------------------------

    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def fetch(self) -> Callable[[Store], object]:
        """The job that reads the rows; called on the UI thread (read ``self.app`` here), run in
        a worker. It returns the rows, or what ``rows_from`` makes them of."""
        raise NotImplementedError

    def rows_from(self, found: object) -> Sequence[R]:
        """The rows in what ``fetch`` returned (override to keep more of it, a summary say)."""
        return found  # type: ignore[return-value]

    def row_key(self, row: R) -> str:
        raise NotImplementedError

    def cells(self, row: R) -> Sequence[object]:
        raise NotImplementedError

    def compose_above(self) -> ComposeResult:
        yield from ()

    def compose_below(self) -> ComposeResult:
        yield from ()

    def load_failed(self, error: BaseException) -> object:
        """The fetch failed: return True when this screen has shown the refusal itself (else the
        app's one error path tells it)."""
        return None

    def drawn(self, rows: Sequence[R]) -> None:
        """After every draw of the rows."""

    def row_selected(self, row: R) -> None:
        """Enter on a row."""

    def row_highlighted(self, row: R | None) -> None:
        """The cursor moved to ``row`` (None: the table is empty)."""

    def first_key(self, rows: Sequence[R]) -> str | None:
        """Where the cursor starts on the first draw (None: the first row)."""
        return None

    def visible(self, rows: Sequence[R]) -> Sequence[R]:
        """The rows drawn of those read (override for a filter; call ``redraw`` when it changes)."""
        return rows

    def place_cursor(self, shown: Sequence[R], was: R | None) -> str | None:
        """The key the cursor goes to after ``shown`` is drawn; ``was`` is the record it was on.
        None keeps it on that record's key (or at its place when the record is gone)."""
        return None if self.loaded else self.first_key(shown)

    def make_table(self) -> Widget:
        """The widget the rows are drawn in: a :class:`KeyedTable`, or a :class:`KeyedOptionList`
        for rows of more than one line."""
        return KeyedTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=self.ZEBRA)

    def initial_focus(self) -> Widget:
        """Where the cursor is when the screen opens."""
        return self.table

    # --- the cycle ----------------------------------------------------------------------------

    def compose_main(self) -> ComposeResult:
        yield from self.compose_above()
        yield self.make_table()
        yield from self.compose_below()

    @property
    def table(self) -> Keyed[R]:
        return self.query_one(f"#{self.TABLE_ID}", Keyed)  # type: ignore[type-abstract]

    @on(events.Mount)
    def _mount_table(self) -> None:
        table = self.table
        for column in self.columns():
            table.add_column(column.label, key=column.key, width=column.width)  # type: ignore[attr-defined]
        self.initial_focus().focus()
        self.load()

    @on(events.ScreenResume)
    def _reload_on_resume(self) -> None:
        if self.RELOAD_ON_RESUME and self.loaded:
            self.load()

    def refresh_data(self, changes: object) -> None:
        self.load()

    def load(self, *, focus: str | None = None) -> None:
        """Read the rows again; the cursor stays on its row's key (or moves to ``focus``)."""
        self.read(self.fetch(), lambda found: self.show_rows(self.rows_from(found), focus=focus), failed=self.load_failed, name="load")

    def show_rows(self, rows: Sequence[R], *, focus: str | None = None) -> None:
        """Draw ``rows`` (those of them ``visible``) in place of what the table holds, the cursor
        on ``focus``, else where ``place_cursor`` says."""
        self._rows = rows
        self._draw(focus)
        self.loaded = True

    def redraw(self, *, focus: str | None = None) -> None:
        """Draw the rows read again, through the filter as it is now (``visible``); nothing is
        drawn before the first read is."""
        if self.loaded:
            self._draw(focus)

    def _draw(self, focus: str | None) -> None:
        shown = self.visible(self._rows)
        if focus is None:
            focus = self.place_cursor(shown, self.current())
        self.table.show_records(shown, self.row_key, self.cells, focus=focus)
        self.drawn(shown)
        self.row_highlighted(self.current())

    @property
    def rows(self) -> Sequence[R]:
        """Every row read, whether the filter shows it or not."""
        return self._rows

    @property
    def shown(self) -> list[R]:
        """The rows as drawn, top to bottom."""
        try:
            return self.table.records
        except NoMatches:  # not composed yet
            return []

    def row(self, key: str) -> R | None:
        """The record drawn with ``key``."""
        return self.table.record(key)

    def current(self) -> R | None:
        """The record under the cursor (None in an empty table, or before it is composed)."""
        try:
            return self.table.current()
        except NoMatches:
            return None

    def key_after(self, key: str) -> str:
        """The key of the row below ``key`` (``key`` itself on the last row): a list walked
        from top to bottom moves on after a save."""
        return self.table.key_after(key)

    @on(DataTable.RowSelected)
    @on(OptionList.OptionSelected)
    def _row_selected(self, event: DataTable.RowSelected | OptionList.OptionSelected) -> None:
        if event.control is not None and event.control.id == self.TABLE_ID:
            row = self.current()
            if row is not None:
                self.row_selected(row)

    @on(DataTable.RowHighlighted)
    @on(OptionList.OptionHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted | OptionList.OptionHighlighted) -> None:
        if event.control is not None and event.control.id == self.TABLE_ID:
            self.row_highlighted(self.current())
