"""Lists and tables whose text is literal (see ``plain``), and :class:`Keyed`: records drawn one
per row, found under the cursor by key.

Apart from ``plain`` because Textual's list and table widgets cost several milliseconds to import:
the lock screen, the first thing on screen, needs none of them (``smtte bench``, launch)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual.widgets import DataTable, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection, SelectionType

from smtte_tui.screens.widgets.plain import literal

R = TypeVar("R")


def _cell(value: object) -> object:
    # DataTable parses str cells and labels as Rich markup; a Text is drawn as it is.
    return Text(value, end="") if isinstance(value, str) else value


class PlainOptionList(OptionList):
    """An ``OptionList`` whose option prompts are literal text."""

    def __init__(self, *options, **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*options, **kwargs)


class PlainTable(DataTable):
    """A ``DataTable`` whose str cells and column labels are literal text."""

    def add_column(self, label, *, width=None, key=None, default=None):  # type: ignore[override]
        return super().add_column(_cell(label), width=width, key=key, default=default)

    def add_row(self, *cells, height=1, key=None, label=None):  # type: ignore[override]
        return super().add_row(*(_cell(c) for c in cells), height=height, key=key, label=_cell(label) if label is not None else None)

    def update_cell(self, row_key, column_key, value, *, update_width=False) -> None:  # type: ignore[override]
        super().update_cell(row_key, column_key, _cell(value), update_width=update_width)

    def current_key(self) -> str | None:
        """The key of the row under the cursor (None in an empty table)."""
        if not self.row_count or self.cursor_row is None or not 0 <= self.cursor_row < self.row_count:
            return None
        return self.ordered_rows[self.cursor_row].key.value

    def replace_rows(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Show ``rows`` (key, cells) instead of what the table holds, with the cursor on the row it
        was on, found by its key: a reload after a correction or another terminal's change must
        never leave the cursor on another record, where the next key would act on it. A row that
        is gone leaves the cursor at the same position."""
        key, position = self.current_key(), self.cursor_row
        self.clear()
        for row_key, cells in rows:
            self.add_row(*cells, key=row_key)
        if not self.row_count:
            return
        index = self.get_row_index(key) if key is not None and key in self.rows else min(position or 0, self.row_count - 1)
        self.move_cursor(row=index)


class PlainSelectionList(SelectionList[SelectionType]):
    """A ``SelectionList`` whose ``(prompt, value[, selected])`` prompts are literal text."""

    def __init__(self, *selections, **kwargs) -> None:
        super().__init__(*(_selection(s) for s in selections), **kwargs)


def _selection(selection):
    if isinstance(selection, tuple) and isinstance(selection[0], str):
        return Selection(literal(selection[0]), *selection[1:])
    return selection


class Keyed(Generic[R]):
    """Records drawn one per row under their key, in a table or a list: ``current()`` is the
    record under the cursor, found by key, so nothing beside the widget keeps a list in step with
    it and no code counts cursor positions. The widget (the first base, before this one) says how
    it draws (``_draw``) and which key is under its cursor (``current_key``)."""

    _by_key: dict[str, R]

    def show_records(self, records: Iterable[R], key: Callable[[R], str], cells: Callable[[R], Sequence[object]], *, focus: str | None = None) -> None:
        """Draw ``records`` in place of what the widget holds, the cursor on the record it was on,
        or on ``focus`` when that key is drawn (a record that is gone leaves the cursor at the
        same position)."""
        by_key: dict[str, R] = {}
        for record in records:
            row_key = key(record)
            while row_key in by_key:  # one key twice (two findings with one sentence): still two rows
                row_key += "'"
            by_key[row_key] = record
        self._by_key = by_key
        self._draw([(row_key, cells(record)) for row_key, record in by_key.items()], focus if focus in by_key else None)

    def _draw(self, rows: list[tuple[str, Sequence[object]]], focus: str | None) -> None:
        raise NotImplementedError

    def current_key(self) -> str | None:  # the widget's own (it comes first in the class's bases)
        raise NotImplementedError

    @property
    def records(self) -> list[R]:
        """The records as drawn, top to bottom."""
        return list(self._by_key.values())

    def record(self, key: str) -> R | None:
        return self._by_key.get(key)

    def current(self) -> R | None:
        """The record under the cursor (None when nothing is drawn)."""
        key = self.current_key()
        return self._by_key.get(key) if key is not None else None

    def key_after(self, key: str) -> str:
        """The key of the row below ``key`` (``key`` itself on the last row)."""
        keys = list(self._by_key)
        position = keys.index(key) if key in self._by_key else len(keys) - 1
        return keys[position + 1] if position + 1 < len(keys) else key


class KeyedTable(PlainTable, Keyed[R]):
    """A table of records (:class:`Keyed`), one column per cell."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._by_key = {}

    def _draw(self, rows: list[tuple[str, Sequence[object]]], focus: str | None) -> None:
        self.replace_rows(rows)
        if focus is not None:
            self.move_cursor(row=self.get_row_index(focus))


class KeyedOptionList(PlainOptionList, Keyed[R]):
    """A list of records (:class:`Keyed`), each drawn as one option whose prompt is its one cell:
    rows of more than one line (home's borger and goal) that a table would cut to one."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._by_key = {}

    def current_key(self) -> str | None:
        if self.highlighted is None or not 0 <= self.highlighted < self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def _draw(self, rows: list[tuple[str, Sequence[object]]], focus: str | None) -> None:
        key, position = self.current_key(), self.highlighted
        self.clear_options()
        self.add_options([Option(cells[0], id=row_key) for row_key, cells in rows])
        if not rows:
            return
        keys = [row_key for row_key, _ in rows]
        wanted = focus if focus is not None else key
        self.highlighted = keys.index(wanted) if wanted in keys else min(position or 0, len(keys) - 1)
