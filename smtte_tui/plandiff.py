"""A plan's history as a person reads it: versions, field-by-field changes, and conflict sides.

The store keeps every revision of a plan (see ``store/fold.py``); this module turns them into what
a history or conflict screen shows. :func:`flatten` renders a plan as an ordered mapping of
*paths* (``"sammenhaeng.borgerens_oenske"``, ``"tegn[<id>].maaletype"``, ``"interessenter[0].navn"``)
to display strings in the method's order (S, M, T, T, E, then the rest); :func:`label` names a
path in the current language; :func:`diff` compares two plans path by path.

Everything here is pure except :func:`versions`, :func:`conflict_sides` and :func:`resolve`, which
read from or write through a :class:`~smtte_tui.store.Store` and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from smtte_tui.i18n import t
from smtte_tui.models import Medarbejder, PdsaCycle, SmttePlan, Tegn
from smtte_tui.numbers import show_measure
from smtte_tui.store.fold import FieldConflict, fold
from smtte_tui.store.revision import Op, Revision

if TYPE_CHECKING:
    from smtte_tui.session import Session
    from smtte_tui.store import Store

FieldValue = str  # a field rendered for display: dates dd.mm.yyyy, ja/nej, catalog words, "" for empty
ChangeKind = Literal["tilfoejet", "fjernet", "aendret"]

# The plan's top-level fields in the method's order. A new SmttePlan field must be placed here
# on purpose (a test checks that every field except the ids is).
SECTIONS: tuple[str, ...] = ("status", "sammenhaeng", "maal", "tegn", "tiltag", "evaluering", "tovholder", "interessenter", "maalopfyldelse_niveauer")
# Which field of a list item names it in a label ("Tegn «Hans børster selv tænder» · Måletype").
ITEM_TITLE: dict[str, str] = {"tegn": "tekst", "tiltag": "hvad", "interessenter": "navn"}
# Choice fields whose words already live elsewhere in the catalog; other choices use
# ``plan.diff.value.<generic path>.<value>``.
VALUE_KEYS: dict[str, str] = {"tegn.maaletype": "label.maaletype.", "tegn.vagter": "label.vagt."}

_SEGMENT = re.compile(r"([^.\[]+)(?:\[([^\]]*)\])?")
_ITEM_KEY = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class Change:
    path: str
    label: str
    before: FieldValue
    after: FieldValue
    kind: ChangeKind


@dataclass(frozen=True)
class Version:
    number: int  # 1-based, oldest first
    revision_id: str
    author: str  # initials
    when: dt.datetime  # when it was written, by the writer's own clock (Revision.written_at), in UTC
    op: Op
    state: SmttePlan | None  # None once withdrawn (or, rarely, see versions())
    changes: list[Change]
    author_name: str = ""  # the staff member's name, if the store knows the initials


@dataclass(frozen=True)
class Line:
    path: str
    label: str
    value: FieldValue


@dataclass(frozen=True)
class Side:
    """One of a conflict's concurrent versions of a top-level field."""

    revision: Revision
    author: str
    when: dt.datetime
    value: Any  # the field's stored (JSON) value, as passed to resolve() when this side is chosen
    lines: tuple[Line, ...]  # the field rendered as flattened sub-paths, in plan order
    author_name: str = ""


# --- flattening ---------------------------------------------------------------------------------


def flatten(plan: SmttePlan, cycles: Mapping[str, PdsaCycle] | None = None) -> dict[str, FieldValue]:
    """The plan as ordered ``path -> display string``; fixed parts always present, empty as "".
    ``cycles`` (by id) names the prøvehandling a tiltag was adopted from; never its raw id."""
    out: dict[str, FieldValue] = {}
    for name in SECTIONS:
        _value_lines(name, SmttePlan.model_fields[name].annotation, getattr(plan, name), out)
    for item in plan.tiltag:
        if item.fra_pdsa:
            out[f"tiltag[{item.id}].fra_pdsa"] = cycle_words(item.fra_pdsa, cycles)
    return out


def cycle_words(cycle_id: str, cycles: Mapping[str, PdsaCycle] | None) -> str:
    """A prøvehandling as people name it ("Prøvehandling 2: Tøj lagt frem"), or in general words
    when it is not at hand: an id means nothing to anyone reading a plan."""
    cycle = (cycles or {}).get(cycle_id)
    if cycle is None:
        return t("plan.diff.value.fra_pdsa.unknown")
    return t("plan.diff.value.fra_pdsa", nummer=cycle.nummer, formaal=cycle.formaal)


def plan_cycles(store: Store, plan_id: str) -> dict[str, PdsaCycle]:
    """The prøvehandlinger of the plan's borger, by id (what :func:`flatten` names them by)."""
    history = store.history(SmttePlan, plan_id)
    borger_id = history[0].borger_id if history else None
    return {cycle.id: cycle for cycle in store.all(PdsaCycle, borger_id)} if borger_id else {}


def _model_lines(prefix: str, model: type[BaseModel], instance: BaseModel | None, out: dict[str, FieldValue]) -> None:
    for name, info in model.model_fields.items():
        if name == "id":
            continue  # an item's id is in its path
        if isinstance(instance, Tegn) and name in ("baseline", "maalvaerdi"):
            # in the unit the editor and the charts show it: a ja/nej share as a percent
            out[f"{prefix}.{name}"] = show_measure(getattr(instance, name), instance.maaletype)
            continue
        _value_lines(f"{prefix}.{name}", info.annotation, getattr(instance, name) if instance is not None else None, out)


def _value_lines(path: str, annotation: Any, value: Any, out: dict[str, FieldValue]) -> None:
    sub_model = _model_of(annotation)
    if sub_model is not None:  # a part such as sammenhaeng, or maal (possibly None: shown empty)
        _model_lines(path, sub_model, value, out)
        return
    origin = get_origin(annotation)
    if origin is list:
        (item,) = get_args(annotation)
        if _model_of(item) is not None:
            for position, element in enumerate(value or []):
                # tegn and tiltag have ids (they are referenced elsewhere); interessenter do not
                key = getattr(element, "id", None) or str(position)
                _model_lines(f"{path}[{key}]", item, element, out)
        else:
            out[path] = ", ".join(_render(path, item, element) for element in value or [])
        return
    if origin is dict:
        key_type, value_type = get_args(annotation)
        for key in get_args(key_type):  # the levels "-2".."2" in order, each always shown
            out[f"{path}.{key}"] = _render(path, value_type, (value or {}).get(key))
        return
    out[path] = _render(path, annotation, value)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model in ``Model`` or ``Model | None``, else None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        models = [arg for arg in get_args(annotation) if isinstance(arg, type) and issubclass(arg, BaseModel)]
        return models[0] if len(models) == 1 else None
    return None


def _render(path: str, annotation: Any, value: Any) -> FieldValue:
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("plan.diff.value.ja") if value else t("plan.diff.value.nej")
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, (int, float)):
        return _number(value)
    if get_origin(annotation) is Literal:
        generic = _ITEM_KEY.sub("", path)
        return t(VALUE_KEYS.get(generic, f"plan.diff.value.{generic}.") + str(value))
    return str(value)


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", t("plan.diff.decimal"))


# --- labels -------------------------------------------------------------------------------------


def label(path: str, plan: SmttePlan | None = None) -> str:
    """The path named for a person, e.g. "Tegn «Hans børster selv tænder» · Måletype".

    List items are named by their current text in ``plan``; an item ``plan`` does not hold (or no
    plan) is named by the start of its id, or its position for interessenter.
    """
    parts: list[str] = []
    generic: list[str] = []
    current: Any = plan
    for match in _SEGMENT.finditer(path):
        name, key = match.group(1), match.group(2)
        generic.append(name)
        catalog_key = "plan.field." + ".".join(generic)
        current = getattr(current, name, None) if isinstance(current, BaseModel) else None
        if key is None:
            parts.append(t(catalog_key))
            continue
        item = _find_item(current, key)
        current = item
        title = getattr(item, ITEM_TITLE.get(name, ""), "") if item is not None else ""
        number = int(key) + 1 if key.isdigit() else ""
        parts.append(t(catalog_key, tekst=title or key[:8], nummer=number))
    return t("plan.field.separator").join(parts)


def _find_item(items: Any, key: str) -> BaseModel | None:
    if not isinstance(items, list):
        return None
    for position, item in enumerate(items):
        if (getattr(item, "id", None) or str(position)) == key:
            return item
    return None


def kind_label(kind: ChangeKind) -> str:
    """ "tilføjet", "fjernet" or "ændret" in the current language."""
    return t(f"plan.diff.kind.{kind}")


def op_label(op: Op) -> str:
    """What a revision did to the plan: "oprettet", "ændret", "trukket tilbage"."""
    return t(f"plan.diff.op.{op}")


# --- diff ---------------------------------------------------------------------------------------


def diff(old: SmttePlan | None, new: SmttePlan | None, cycles: Mapping[str, PdsaCycle] | None = None) -> list[Change]:
    """What changed from ``old`` to ``new``, field by field, in plan order.

    A field that was empty (or whose list item did not exist) and now has a value is "tilfoejet";
    the reverse is "fjernet"; a different value is "aendret". So ``old=None`` lists every filled
    field as added, a new tegn shows as its fields added, and a deactivated tegn as a change of its
    ``aktiv`` field. ``new=None`` (a withdrawn plan) lists every filled field as removed.
    """
    before = flatten(old, cycles) if old is not None else {}
    after = flatten(new, cycles) if new is not None else {}
    changes = []
    for path in _merged_order(before, after):
        was, now = before.get(path, ""), after.get(path, "")
        if was == now:
            continue
        kind: ChangeKind = "tilfoejet" if was == "" else "fjernet" if now == "" else "aendret"
        named_by = new if path in after else old  # a removed tegn is named by its old text
        changes.append(Change(path, label(path, named_by), was, now, kind))
    return changes


def _merged_order(before: dict[str, FieldValue], after: dict[str, FieldValue]) -> list[str]:
    """The new plan's order, with paths only the old plan has placed after their old neighbour."""
    order = list(after)
    previous: str | None = None
    for path in before:
        if path not in after:
            order.insert(order.index(previous) + 1 if previous is not None else 0, path)
        previous = path
    return order


# --- reading the store --------------------------------------------------------------------------


def versions(store: Store, plan_id: str) -> list[Version]:
    """Every revision of the plan as a numbered version, oldest first, with what it changed.

    A version's state is the fold of the revisions up to and including it, in hybrid-logical-clock
    order: exactly what the store would show had nothing come after. When two terminals edited
    the plan at the same time, neither revision saw the other, but HLC order still gives one
    sensible sequence: the later edit's version shows the earlier one's changes kept and its own
    applied on top (the same last-writer-wins the store uses for the current state), and the last
    version always equals ``store.get(SmttePlan, plan_id)``. Conflicts themselves are listed by
    ``store.conflicts()``, see :func:`conflict_sides`.

    Plans are core records (``store/layout.py``), read whole at start-up, so a plan made long ago
    still starts with its creation without reading the borger's older months. A prefix that does not validate (only possible when concurrent edits combine into a
    plan neither terminal wrote) shows as state None with no changes; the next version is compared
    with the last valid state.
    """
    revisions = store.history(SmttePlan, plan_id)
    names = _staff_names(store)
    cycles = plan_cycles(store, plan_id)
    found: list[Version] = []
    previous: SmttePlan | None = None
    for number, rev in enumerate(revisions, start=1):
        try:
            state = fold(revisions[:number], {})
        except ValidationError:
            found.append(Version(number, rev.id, rev.author, rev.written_at, rev.op, None, [], names.get(rev.author, "")))
            continue
        plan = state if isinstance(state, SmttePlan) else None
        found.append(Version(number, rev.id, rev.author, rev.written_at, rev.op, plan, diff(previous, plan, cycles), names.get(rev.author, "")))
        previous = plan
    return found


def conflict_sides(store: Store, conflict: FieldConflict, plan: SmttePlan) -> list[Side]:
    """Each concurrent version of the conflicting field, rendered as ``plan`` with that value.

    For ``conflict.field == "sammenhaeng"`` each side holds the ``sammenhaeng.*`` lines, so a
    screen can show the versions side by side; oldest first, like ``conflict.revisions``.
    """
    if conflict.entity != "plan" or conflict.field not in SmttePlan.model_fields:
        raise ValueError(f"not a plan field conflict: {conflict.entity}.{conflict.field}")
    names = _staff_names(store)
    sides = []
    for rev in conflict.revisions:
        value = rev.data.get(conflict.field)
        shown = plan.model_copy(update={conflict.field: _field_adapter(conflict.field).validate_python(value)})
        lines = tuple(Line(path, label(path, shown), text) for path, text in flatten(shown).items() if _under(path, conflict.field))
        sides.append(Side(rev, rev.author, rev.written_at, value, lines, names.get(rev.author, "")))
    return sides


def resolve(session: Session, plan_id: str, field: str, chosen_value: Any) -> Revision:
    """Write the chosen value as a revision that descends from every head, ending the conflict.

    The value not chosen stays in the plan's history; nothing is deleted.
    """
    store = session.store
    author = session.initialer
    return store.update(SmttePlan, plan_id, {field: chosen_value}, author, parents=store.heads(SmttePlan, plan_id))


def _under(path: str, field: str) -> bool:
    return path == field or path.startswith((f"{field}.", f"{field}["))


@cache
def _field_adapter(field: str) -> TypeAdapter[Any]:
    info = SmttePlan.model_fields[field]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def _staff_names(store: Store) -> dict[str, str]:
    return {person.initialer: person.navn for person in store.all(Medarbejder)}
