"""The service behind the log screen: save a shift's signs, undo, correct, withdraw, Do notes.

Nothing here deletes: an undo or a withdrawal is a retract revision and a correction an update
revision, so the history always shows what was first written and by whom.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smtte_tui.i18n import t
from smtte_tui.models import MAX_NUMBER, VAGTER, Entity, MaaleType, Notat, Observation, PdsaCycle, SmttePlan, Tegn, Vagt
from smtte_tui.store import Store, UnknownEntity

Value = bool | int | float
YES = ("j", "ja", "y", "yes")
NO = ("n", "nej", "no")


@dataclass(frozen=True)
class LogEntry:
    """One tegn's value for this shift, as typed (``parse_value`` is applied on save)."""

    tegn_id: str
    value: Value | str
    note: str = ""


def _parse(kind: MaaleType, label: str, raw: object) -> Value:
    if kind == "ja_nej":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(t("log.error.ja_nej", tegn=label))
    # bool is an int in Python: True must not become the count 1
    text = "" if isinstance(raw, bool) else str(raw).strip()
    # isascii: "²".isdigit() is True, but int("²") fails
    if not (text.isascii() and text.isdigit()):
        raise ValueError(t("log.error.number", tegn=label))
    value = int(text)
    if value > MAX_NUMBER:
        raise ValueError(t("log.error.too_big", tegn=label, limit=f"{MAX_NUMBER:,}".replace(",", ".")))
    if kind == "skala_1_5" and not 1 <= value <= 5:
        raise ValueError(t("log.error.scale", tegn=label))
    if kind == "minutter" and value > 24 * 60:
        raise ValueError(t("log.error.minutes", tegn=label))
    return value


def parse_value(tegn: Tegn, raw: object) -> Value:
    """The value ``raw`` means for this tegn, or ValueError with a Danish sentence naming it.

    ja_nej takes True/False or j/n/ja/nej (y/yes/no too); antal, skala_1_5 and minutter take whole
    non-negative numbers, as int or digit string (1–5 for the scale, at most 1440 minutes).
    """
    return _parse(tegn.maaletype, tegn.tekst, raw)


def save_shift(store: Store, *, author: str, borger_id: str, plan: SmttePlan | None, entries: list[LogEntry], note: str, dato: dt.date, vagt: Vagt, terminal: str) -> list[str]:
    """Save a shift's signs, plus a Notat when ``note`` has text, in ONE durable store write.

    Every value is checked before anything is written: on a ValueError (a Danish sentence)
    nothing is saved. Returns the ids written, for :func:`undo_save`; empty when there was
    nothing to save.
    """
    records: list[Entity] = []
    for entry in entries:
        if plan is None or plan.borger_id != borger_id:
            raise ValueError(t("log.error.plan_mismatch"))
        tegn = plan.tegn_by_id(entry.tegn_id)
        if tegn is None:
            raise ValueError(t("log.error.unknown_tegn"))
        value = parse_value(tegn, entry.value)
        records.append(Observation(borger_id=borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=dato, vagt=vagt, note=entry.note, forfatter=author, terminal=terminal))
    if note.strip():
        plan_id = plan.id if plan is not None and plan.borger_id == borger_id else None
        records.append(Notat(borger_id=borger_id, dato=dato, vagt=vagt, tekst=note.strip(), forfatter=author, plan_id=plan_id))
    if not records:
        return []
    store.create_many(records, author)
    return [record.id for record in records]


def undo_save(store: Store, entity_ids: list[str], author: str) -> None:
    """Withdraw what one save wrote (observations and the note). Ids already withdrawn are
    skipped, so pressing undo twice is harmless; the history keeps the originals."""
    for entity_id in entity_ids:
        for model in (Observation, Notat):
            if store.get(model, entity_id) is not None:
                store.retract(model, entity_id, author)


def todays_entries(store: Store, borger_id: str, dato: dt.date) -> list[Observation]:
    """The borger's current (not withdrawn) observations on ``dato``, in shift order dag, aften, nat."""
    found = [o for o in store.all(Observation, borger_id) if o.dato == dato]
    return sorted(found, key=lambda o: (VAGTER.index(o.vagt), o.tegn_id, o.id))


def correct(store: Store, observation_id: str, value: object, note: str, author: str) -> None:
    """Give an observation a new value and note as a new revision; the original stays in the
    history. ``value`` is checked like typed input (ValueError with a Danish sentence);
    an unknown or withdrawn observation raises ``UnknownEntity``."""
    observation = store.get(Observation, observation_id)
    if observation is None:
        raise UnknownEntity(t("store.error.unknown_entity", kind="observation", id=observation_id))
    plan = store.get(SmttePlan, observation.plan_id)
    tegn = plan.tegn_by_id(observation.tegn_id) if plan else None
    label = tegn.tekst if tegn else t(f"label.maaletype.{observation.maaletype}")
    store.update(Observation, observation_id, {"vaerdi": _parse(observation.maaletype, label, value), "note": note}, author)


def withdraw(store: Store, observation_id: str, author: str) -> None:
    """Withdraw one observation: it no longer counts, and its history stays."""
    store.retract(Observation, observation_id, author)


def active_pdsa(store: Store, borger_id: str, today: dt.date) -> PdsaCycle | None:
    """The borger's running prøvehandling: status "aktiv" and started on or before ``today``.

    When several run, the most recently started one is the one being done now.
    """
    cycles = [c for c in store.all(PdsaCycle, borger_id) if c.status == "aktiv" and c.start <= today]
    return max(cycles, key=lambda c: (c.start, c.nummer, c.id)) if cycles else None


def add_do_note(store: Store, *, author: str, pdsa: PdsaCycle, tekst: str, dato: dt.date, vagt: Vagt, overraskelse: bool = False) -> Notat:
    """Save a PDSA "Do" entry (what was tried, what happened) as its own Notat, tied to the
    cycle, its plan and tiltag. Its own record, so two staff writing at once never conflict.
    An empty text raises ValueError with a Danish sentence."""
    if not tekst.strip():
        raise ValueError(t("log.error.empty_do"))
    note = Notat(borger_id=pdsa.borger_id, dato=dato, vagt=vagt, tekst=tekst, forfatter=author, plan_id=pdsa.plan_id, tiltag_id=pdsa.tiltag_id, pdsa_id=pdsa.id, overraskelse=overraskelse)
    store.create(note, author)
    return note
