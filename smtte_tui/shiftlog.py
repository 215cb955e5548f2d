"""The service behind the log screen: save a shift's signs, undo, correct, withdraw, Do notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smtte_tui.i18n import t
from smtte_tui.models import Entity, Notat, Observation, PdsaCycle, SmttePlan, Tegn, Vagt
from smtte_tui.store import Store


@dataclass(frozen=True)
class LogEntry:
    tegn_id: str
    value: bool | int | float
    note: str = ""


def parse_value(tegn: Tegn, raw: object) -> bool | int | float:
    """Turn what was typed into the value the tegn's measure kind needs, or say why not."""
    if tegn.maaletype == "ja_nej":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("j", "ja", "y", "yes"):
            return True
        if text in ("n", "nej", "no"):
            return False
        raise ValueError(t("log.error.ja_nej", tegn=tegn.tekst))
    text = str(raw).strip()
    if not text.isdigit():
        raise ValueError(t("log.error.number", tegn=tegn.tekst))
    value = int(text)
    if tegn.maaletype == "skala_1_5" and not 1 <= value <= 5:
        raise ValueError(t("log.error.scale", tegn=tegn.tekst))
    if tegn.maaletype == "minutter" and value > 24 * 60:
        raise ValueError(t("log.error.minutes", tegn=tegn.tekst))
    return value


def save_shift(store: Store, *, author: str, borger_id: str, plan: SmttePlan | None, entries: list[LogEntry], note: str, dato: dt.date, vagt: Vagt, terminal: str) -> list[str]:
    """Save a shift's signs and note in one durable write. Returns the ids written (for undo)."""
    records: list[Entity] = []
    for entry in entries:
        tegn = plan.tegn_by_id(entry.tegn_id) if plan else None
        if tegn is None or plan is None:
            raise ValueError(t("log.error.unknown_tegn"))
        records.append(Observation(borger_id=borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=parse_value(tegn, entry.value), dato=dato, vagt=vagt, note=entry.note, forfatter=author, terminal=terminal))
    if note.strip():
        records.append(Notat(borger_id=borger_id, dato=dato, vagt=vagt, tekst=note.strip(), forfatter=author, plan_id=plan.id if plan else None))
    if not records:
        return []
    store.create_many(records, author)
    return [record.id for record in records]


def undo_save(store: Store, entity_ids: list[str], author: str) -> None:
    """Withdraw what one save wrote (a retract revision each; the history keeps the originals)."""
    for entity_id in entity_ids:
        for model in (Observation, Notat):
            if store.get(model, entity_id) is not None:
                store.retract(model, entity_id, author)


def todays_entries(store: Store, borger_id: str, dato: dt.date) -> list[Observation]:
    return sorted((o for o in store.all(Observation, borger_id) if o.dato == dato), key=lambda o: (o.vagt, o.tegn_id))


def correct(store: Store, observation_id: str, value: bool | int | float, note: str, author: str) -> None:
    """A corrected value is a new revision; the original stays in the history."""
    store.update(Observation, observation_id, {"vaerdi": value, "note": note}, author)


def withdraw(store: Store, observation_id: str, author: str) -> None:
    store.retract(Observation, observation_id, author)


def active_pdsa(store: Store, borger_id: str, today: dt.date) -> PdsaCycle | None:
    cycles = [c for c in store.all(PdsaCycle, borger_id) if c.status == "aktiv" and c.start <= today]
    return max(cycles, key=lambda c: c.start) if cycles else None


def add_do_note(store: Store, *, author: str, pdsa: PdsaCycle, tekst: str, dato: dt.date, vagt: Vagt, overraskelse: bool = False) -> Notat:
    """A PDSA "Do" entry: what was tried and what happened, as its own record (never conflicts)."""
    note = Notat(borger_id=pdsa.borger_id, dato=dato, vagt=vagt, tekst=tekst, forfatter=author, plan_id=pdsa.plan_id, tiltag_id=pdsa.tiltag_id, pdsa_id=pdsa.id, overraskelse=overraskelse)
    store.create(note, author)
    return note
