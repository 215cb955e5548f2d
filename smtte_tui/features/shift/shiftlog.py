"""The service behind the log screen: save a shift's signs, undo, correct, withdraw, Do notes.

Nothing here deletes: an undo or a withdrawal is a retract revision and a correction an update
revision, so the history always shows what was first written and by whom.

Two rules decided here, for every screen and script alike:

* **One value per shift, unless the tegn counts events.** A ja/nej, a scale, or a number that is
  averaged describes the shift: a second value for the same tegn, day and shift *corrects* the
  first (an update revision of the same observation), so reopening a borger and logging again
  never makes a duplicate. An antal or minutter tegn that is summed (``aggregering`` "sum")
  counts events: two colleagues who each counted reminders add up, so a second value is a new
  observation and the shift's value is the total (:func:`counts_events`).
* **Whose entry may be changed.** A medarbejder corrects and withdraws only their own entries; a
  tovholder or leder may correct or withdraw anyone's. The revision names who changed it (the
  history and the audit viewer show both the writer and the corrector). A medarbejder who sees a
  colleague's mistake asks the colleague or a tovholder, or writes a note (:func:`may_change`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smtte_tui.i18n import t
from smtte_tui.models import MAX_NUMBER, VAGTER, Entity, MaaleType, Medarbejder, Notat, Observation, PdsaCycle, SmttePlan, Tegn, Vagt
from smtte_tui.session import Session
from smtte_tui.store import NotAllowed, Store, UnknownEntity
from smtte_tui.store.access import PLANNERS
from smtte_tui.usererror import UserError

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
        raise UserError("log.error.ja_nej", tegn=label)
    # bool is an int in Python: True must not become the count 1
    text = "" if isinstance(raw, bool) else str(raw).strip()
    # isascii: "²".isdigit() is True, but int("²") fails
    if not (text.isascii() and text.isdigit()):
        raise UserError("log.error.number", tegn=label)
    value = int(text)
    if value > MAX_NUMBER:
        raise UserError("log.error.too_big", tegn=label, limit=f"{MAX_NUMBER:,}".replace(",", "."))
    if kind == "skala_1_5" and not 1 <= value <= 5:
        raise UserError("log.error.scale", tegn=label)
    if kind == "minutter" and value > 24 * 60:
        raise UserError("log.error.minutes", tegn=label)
    return value


def parse_value(tegn: Tegn, raw: object) -> Value:
    """The value ``raw`` means for this tegn, or ValueError with a Danish sentence naming it.

    ja_nej takes True/False or j/n/ja/nej (y/yes/no too); antal, skala_1_5 and minutter take whole
    non-negative numbers, as int or digit string (1–5 for the scale, at most 1440 minutes).
    """
    return _parse(tegn.maaletype, tegn.tekst, raw)


def counts_events(tegn: Tegn) -> bool:
    """True when the tegn's values in one shift add up (an antal or minutter tegn summed: two
    colleagues' counts of reminders are both counted); every other tegn has one value per shift,
    and a second value corrects the first."""
    return tegn.maaletype in ("antal", "minutter") and tegn.aggregering == "sum"


def shift_values(store: Store, borger_id: str, dato: dt.date, vagt: Vagt) -> dict[str, list[Observation]]:
    """This shift's current (not withdrawn) observations of the borger by tegn id, in the order
    they were first read."""
    found: dict[str, list[Observation]] = {}
    for observation in store.all(Observation, borger_id):
        if observation.dato == dato and observation.vagt == vagt:
            found.setdefault(observation.tegn_id, []).append(observation)
    return found


def missing_tegn(store: Store, plan: SmttePlan | None, borger_id: str, dato: dt.date, vagt: Vagt) -> list[Tegn]:
    """The tegn this shift is asked for (``lookup.expected_tegn``: active, seen in ``vagt``) that
    have no value this shift yet, in the plan's order: the same rule as the home list's marks."""
    from smtte_tui.lookup import expected_tegn

    if plan is None or plan.borger_id != borger_id:
        return []
    logged = shift_values(store, borger_id, dato, vagt)
    return [tegn for tegn in expected_tegn(plan, vagt) if tegn.id not in logged]


def may_change(actor: Medarbejder, observation: Observation) -> bool:
    """A tovholder or leder may correct or withdraw any entry, a medarbejder only their own."""
    return actor.rolle in PLANNERS or actor.initialer == observation.forfatter


def _check_may_change(store: Store, author: str, observation: Observation, label: str) -> None:
    actor = next((m for m in store.all(Medarbejder) if m.aktiv and m.initialer == author.strip().upper()), None)
    if actor is None:
        return  # not staff at all: the store refuses the write with its own sentence
    if not may_change(actor, observation):
        raise NotAllowed("log.error.not_yours", tegn=label, forfatter=observation.forfatter, vagt=t(f"label.vagt.{observation.vagt}"))


def save_shift(session: Session, *, borger_id: str, plan: SmttePlan | None, entries: list[LogEntry], note: str, dato: dt.date, vagt: Vagt) -> list[str]:
    """Save a shift's signs, plus a Notat when ``note`` has text.

    A value for a tegn that already has one this shift corrects it (the same value again changes
    nothing), unless the tegn counts events (:func:`counts_events`); correcting a colleague's
    value needs a tovholder or leder (:func:`may_change`). Every value and every correction is
    checked before anything is written: on a ValueError or NotAllowed (a Danish sentence) nothing
    is saved. New records are ONE durable store write. Returns the ids written or corrected, for
    :func:`undo_save`; empty when there was nothing to save.
    """
    store = session.store
    author = session.initialer
    terminal = session.terminal
    records: list[Entity] = []
    corrections: list[tuple[Observation, dict[str, object]]] = []
    logged = shift_values(store, borger_id, dato, vagt) if entries else {}
    for entry in entries:
        if plan is None or plan.borger_id != borger_id:
            raise UserError("log.error.plan_mismatch")
        tegn = plan.tegn_by_id(entry.tegn_id)
        if tegn is None:
            raise UserError("log.error.unknown_tegn")
        value = parse_value(tegn, entry.value)
        earlier = logged.get(tegn.id, [])
        if earlier and not counts_events(tegn):
            first = earlier[-1]
            note_now = entry.note or first.note
            if first.vaerdi == value and type(first.vaerdi) is type(value) and note_now == first.note:
                continue  # the value this shift already has: nothing to change
            _check_may_change(store, author, first, tegn.tekst)
            corrections.append((first, {"vaerdi": value, "note": note_now}))
            continue
        records.append(
            Observation(borger_id=borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=dato, vagt=vagt, note=entry.note, forfatter=author, terminal=terminal)
        )
    if note.strip():
        plan_id = plan.id if plan is not None and plan.borger_id == borger_id else None
        records.append(Notat(borger_id=borger_id, dato=dato, vagt=vagt, tekst=note.strip(), forfatter=author, plan_id=plan_id))
    if records:
        store.create_many(records, author)
    for observation, changes in corrections:
        store.update(Observation, observation.id, changes, author)
    return [record.id for record in records] + [observation.id for observation, _ in corrections]


def undo_save(session: Session, entity_ids: list[str]) -> None:
    """Undo what one save did: a record it wrote is withdrawn, a value it corrected gets its
    earlier value and note back (a new revision). Ids already undone are skipped, so pressing undo
    twice is harmless; the history keeps everything."""
    store = session.store
    author = session.initialer
    for entity_id in entity_ids:
        for model in (Observation, Notat):
            if store.get(model, entity_id) is None:
                continue
            history = store.history(model, entity_id)
            if model is Observation and len(history) > 1 and history[-1].op == "update" and history[-1].author == author:
                earlier = _fields_before(history, ("vaerdi", "note"))
                if earlier != {name: getattr(store.get(Observation, entity_id), name) for name in earlier}:
                    store.update(Observation, entity_id, earlier, author)
            else:
                store.retract(model, entity_id, author)


def _fields_before(history: list, names: tuple[str, ...]) -> dict[str, object]:
    """The values ``names`` had before the last revision of ``history`` (create, then updates)."""
    state: dict[str, object] = {}
    for revision in history[:-1]:
        state.update({name: revision.data[name] for name in names if name in revision.data})
    return state


def todays_entries(store: Store, borger_id: str, dato: dt.date) -> list[Observation]:
    """The borger's current (not withdrawn) observations on ``dato``, in shift order dag, aften, nat."""
    found = [o for o in store.all(Observation, borger_id) if o.dato == dato]
    return sorted(found, key=lambda o: (VAGTER.index(o.vagt), o.tegn_id, o.id))


def correct(session: Session, observation_id: str, value: object, note: str) -> None:
    """Give an observation a new value and note as a new revision; the original stays in the
    history. ``value`` is checked like typed input (ValueError with a Danish sentence); a
    medarbejder may correct only their own entry (:func:`may_change`, else NotAllowed); an
    unknown or withdrawn observation raises ``UnknownEntity``."""
    store = session.store
    author = session.initialer
    observation = store.get(Observation, observation_id)
    if observation is None:
        raise UnknownEntity("store.error.unknown_entity", kind="observation", id=observation_id)
    label = tegn_label(store, observation)
    _check_may_change(store, author, observation, label)
    store.update(Observation, observation_id, {"vaerdi": _parse(observation.maaletype, label, value), "note": note}, author)


def withdraw(session: Session, observation_id: str) -> None:
    """Withdraw one observation: it no longer counts, and its history stays. A medarbejder may
    withdraw only their own entry (:func:`may_change`, else NotAllowed)."""
    store = session.store
    author = session.initialer
    observation = store.get(Observation, observation_id)
    if observation is not None:
        _check_may_change(store, author, observation, tegn_label(store, observation))
    store.retract(Observation, observation_id, author)


def tegn_label(store: Store, observation: Observation) -> str:
    """The tegn's text as the plan says it, else the kind of measure (a tegn since removed)."""
    plan = store.get(SmttePlan, observation.plan_id)
    tegn = plan.tegn_by_id(observation.tegn_id) if plan else None
    return tegn.tekst if tegn else t(f"label.maaletype.{observation.maaletype}")


def add_do_note(session: Session, *, pdsa: PdsaCycle, tekst: str, dato: dt.date, vagt: Vagt, overraskelse: bool = False) -> Notat:
    """Save a PDSA "Do" entry (what was tried, what happened) as its own Notat, tied to the
    cycle, its plan and tiltag. Its own record, so two staff writing at once never conflict.
    An empty text raises ValueError with a Danish sentence."""
    store = session.store
    author = session.initialer
    if not tekst.strip():
        raise UserError("log.error.empty_do")
    note = Notat(borger_id=pdsa.borger_id, dato=dato, vagt=vagt, tekst=tekst, forfatter=author, plan_id=pdsa.plan_id, tiltag_id=pdsa.tiltag_id, pdsa_id=pdsa.id, overraskelse=overraskelse)
    store.create(note, author)
    return note
