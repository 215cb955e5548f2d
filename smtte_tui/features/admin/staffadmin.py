"""The leder's administration of staff accounts and borgere: new accounts and borgere (and the
first leder of an empty folder), roles, closing and reopening accounts, a new first PIN, lifting a
sign-in block, archiving borgere and their contact person.

Every change is a new revision through ``store.update``; nothing is deleted, so the history of an
account or a borger shows who changed what and when. Each function checks that the actor is an
active leder (the store checks it once more on the write), refuses mistakes with a Danish
sentence (``ValueError``, or ``PermissionError`` for the wrong role) before anything is written,
and audits the action as an :class:`AuditEvent` by the leder.

Audit ``handling`` values written here (``maal`` in brackets):

* ``opret_medarbejder`` (``medarbejder:<id>``) / ``opret_borger`` (``borger:<id>``)
* ``skift_rolle`` (``medarbejder:<id>:<ny rolle>``)
* ``deaktiver_medarbejder`` / ``genaktiver_medarbejder`` (``medarbejder:<id>``)
* ``nulstil_pin`` (``medarbejder:<id>``; a new PIN also starts the failure count afresh, see
  :mod:`smtte_tui.lockout`)
* ``laast_op`` (``medarbejder:<id>``, written by :func:`smtte_tui.lockout.unblock`)
* ``arkiver_borger`` / ``genaktiver_borger`` (``borger:<id>``)
* ``skift_kontaktperson`` (``borger:<id>:<initialer>``, empty initials when cleared)
* ``skift_indstillinger`` (``indstillinger:<name>=<value>,...``: the house's security settings
  that changed, see :mod:`smtte_tui.housesettings`)

There must always be an active leder: otherwise nobody could add staff, lift a block or archive
a borger again. So the last active leder can neither step down nor close their own account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError

from smtte_tui import housesettings
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.auth import hash_pin, valid_new_pin
from smtte_tui.i18n import t
from smtte_tui.lockout import LockoutPolicy, account_target, house_policy, is_blocked, unblock
from smtte_tui.models import Borger, HusIndstillinger, Medarbejder, Rolle
from smtte_tui.session import Session
from smtte_tui.store import NotAllowed, Store
from smtte_tui.usererror import UserError

ROLLER: tuple[Rolle, ...] = ("medarbejder", "tovholder", "leder")


@dataclass(frozen=True)
class StaffRow:
    """One staff account as the leder's list shows it."""

    medarbejder: Medarbejder
    blocked_until: dt.datetime | None


# --- checks -------------------------------------------------------------------------------------


def require_leder(session: Session, handling: str) -> Medarbejder:
    """The actor's current account, or PermissionError (Danish) unless it is an active leder.

    The account is read again from the store: a session opened before the person was demoted or
    closed on another terminal must not keep the leder's rights.
    """
    current = session.store.get(Medarbejder, session.person.id) or session.person
    if not current.aktiv:
        raise NotAllowed("staffadmin.error.closed")
    if current.rolle != "leder":
        raise NotAllowed("store.error.permission", rolle=t(f"label.rolle.{current.rolle}"), handling=handling)
    return current


def _staff(store: Store, medarbejder_id: str) -> Medarbejder:
    found = store.get(Medarbejder, medarbejder_id)
    if found is None:
        raise UserError("staffadmin.error.unknown_staff")
    return found


def _borger(store: Store, borger_id: str) -> Borger:
    found = store.get(Borger, borger_id)
    if found is None:
        raise UserError("staffadmin.error.unknown_borger")
    return found


def _other_active_leder(store: Store, target: Medarbejder) -> bool:
    return any(m.aktiv and m.rolle == "leder" and m.id != target.id for m in store.all(Medarbejder))


# --- new accounts -------------------------------------------------------------------------------


def create_first_leder(store: Store, initials: str, navn: str, pin: str, pin_again: str, *, now: dt.datetime) -> Medarbejder:
    """The first account of an empty data folder: a leder, who then adds everyone else.

    Raises ValueError with a Danish sentence when staff exist already, when the folder has had
    staff that cannot be read now (``Store.staff_expected``: a damaged core file is not an empty
    folder), when the PINs differ or are not 6–8 digits, or initials or name are missing or
    malformed. Setup signs the leder straight in, so besides ``opret_medarbejder`` a ``login`` is
    audited: every session starts with one.
    """
    if store.all(Medarbejder):
        raise UserError("setup.error.exists")
    if store.staff_expected:
        raise UserError("lock.staff_unreadable")
    if pin != pin_again:
        raise UserError("setup.error.pin_mismatch")
    leder = _new_staff(store, initials.strip().upper(), initials, navn, "leder", pin)
    session = Session(store, leder, clock=lambda: now)  # the new leder creates their own account
    session.audit(AuditAction.OPRET_MEDARBEJDER, account_target(leder))
    session.audit(AuditAction.LOGIN, account_target(leder))
    return leder


def _new_staff(store: Store, author: str, initials: str, navn: str, rolle: Rolle, pin: str) -> Medarbejder:
    if not valid_new_pin(pin):
        raise UserError("signin.new_pin_format")
    if not initials.strip() or not navn.strip():
        raise UserError("setup.error.missing")
    if any(m.initialer == initials.strip().upper() for m in store.all(Medarbejder)):
        raise UserError("setup.error.initials_taken", initials=initials.strip().upper())
    try:
        medarbejder = Medarbejder(initialer=initials, navn=navn, rolle=rolle, pin_hash=hash_pin(pin))
    except ValidationError as exc:
        raise UserError("setup.error.initials") from exc
    store.create(medarbejder, author)
    return medarbejder


def add_medarbejder(session: Session, initials: str, navn: str, rolle: Rolle, pin: str) -> Medarbejder:
    """Create a staff account with a first PIN (audited). Only a leder may (PermissionError);
    bad input raises ValueError with a Danish sentence, and nothing is created then."""
    session.require("medarbejder", t("signin.action.add_staff"))
    if rolle not in ("medarbejder", "tovholder", "leder"):
        raise UserError("admin.error.rolle")
    medarbejder = _new_staff(session.store, session.initialer, initials, navn, rolle, pin)
    session.audit(AuditAction.OPRET_MEDARBEJDER, account_target(medarbejder))
    return medarbejder


def add_borger(session: Session, navn: str, kortnavn: str, bolig: str = "", enhed: str = "", kontaktperson: str = "", kommunikation: str = "") -> Borger:
    """Create a borger (audited as ``opret_borger``, like every other admin change). Only a leder
    may (PermissionError); a missing name or short name raises ValueError with a Danish sentence."""
    session.require("borger", t("signin.action.add_borger"))
    if not navn.strip() or not kortnavn.strip():
        raise UserError("admin.error.borger_missing")
    borger = Borger(navn=navn, kortnavn=kortnavn, bolig=bolig, enhed=enhed, kontaktperson=kontaktperson, kommunikation=kommunikation)
    session.store.create(borger, session.initialer)
    session.audit(AuditAction.OPRET_BORGER, AuditTarget.of(TargetKind.BORGER, borger.id), borger.id)
    return borger


# --- staff --------------------------------------------------------------------------------------


def staff_overview(store: Store, *, now: dt.datetime, policy: LockoutPolicy | None = None) -> list[StaffRow]:
    """Every account, active ones first, by initials, with until when it is blocked (if it is;
    ``policy`` defaults to the house's)."""
    policy = policy or house_policy(store)
    accounts = sorted(store.all(Medarbejder), key=lambda m: (not m.aktiv, m.initialer))
    return [StaffRow(m, is_blocked(store, m, now=now, policy=policy)) for m in accounts]


def change_role(session: Session, medarbejder_id: str, rolle: str) -> Medarbejder:
    """Give a staff member another role (audited ``skift_rolle``).

    Refuses an unknown role, the role the person already has, and the last active leder stepping
    down (ValueError). Only a leder may (PermissionError).
    """
    leder = require_leder(session, t("staffadmin.action.role"))
    store = session.store
    if rolle not in ROLLER:
        raise UserError("admin.error.rolle")
    target = _staff(store, medarbejder_id)
    if target.rolle == rolle:
        raise UserError("staffadmin.error.same_role", initialer=target.initialer, rolle=t(f"label.rolle.{rolle}"))
    if target.rolle == "leder" and target.aktiv and not _other_active_leder(store, target):
        raise UserError("staffadmin.error.last_leder_role", initialer=target.initialer)
    store.update(Medarbejder, target.id, {"rolle": rolle}, leder.initialer)
    session.audit(AuditAction.SKIFT_ROLLE, AuditTarget.of(TargetKind.MEDARBEJDER, target.id, rolle))
    return _staff(store, target.id)


def set_active(session: Session, medarbejder_id: str, aktiv: bool) -> Medarbejder:
    """Close (``aktiv=False``) or reopen an account; a closed account cannot sign in. Audited as
    ``deaktiver_medarbejder`` or ``genaktiver_medarbejder``.

    Refuses closing the last active leder and a change that changes nothing (ValueError). Only a
    leder may (PermissionError).
    """
    leder = require_leder(session, t("staffadmin.action.active"))
    store = session.store
    target = _staff(store, medarbejder_id)
    if target.aktiv == aktiv:
        raise UserError("staffadmin.error.already_active" if aktiv else "staffadmin.error.already_inactive", initialer=target.initialer)
    if not aktiv and target.rolle == "leder" and not _other_active_leder(store, target):
        raise UserError("staffadmin.error.last_leder_deactivate", initialer=target.initialer)
    store.update(Medarbejder, target.id, {"aktiv": aktiv}, leder.initialer)
    session.audit(AuditAction.GENAKTIVER_MEDARBEJDER if aktiv else AuditAction.DEAKTIVER_MEDARBEJDER, account_target(target))
    return _staff(store, target.id)


def deactivate(session: Session, medarbejder_id: str) -> Medarbejder:
    """Close an account (see :func:`set_active`)."""
    return set_active(session, medarbejder_id, False)


def reactivate(session: Session, medarbejder_id: str) -> Medarbejder:
    """Reopen a closed account (see :func:`set_active`)."""
    return set_active(session, medarbejder_id, True)


def reset_pin(session: Session, medarbejder_id: str, pin: str, pin_again: str) -> Medarbejder:
    """Set a new first PIN for someone who forgot theirs (audited ``nulstil_pin``). The old PIN
    stops working at once; a block is lifted and earlier wrong PINs no longer count.

    Refuses PINs that differ or are not 6–8 digits (ValueError). Only a leder may (PermissionError).
    """
    leder = require_leder(session, t("staffadmin.action.pin"))
    store = session.store
    target = _staff(store, medarbejder_id)
    if pin != pin_again:
        raise UserError("setup.error.pin_mismatch")
    if not valid_new_pin(pin):
        raise UserError("signin.new_pin_format")
    # Read the failures first: this PIN's revision stamp then sorts after every one known here.
    store.load_recent_audit(house_policy(store).audit_months)
    store.update(Medarbejder, target.id, {"pin_hash": hash_pin(pin)}, leder.initialer)
    session.audit(AuditAction.NULSTIL_PIN, account_target(target))
    return _staff(store, target.id)


def unblock_staff(session: Session, medarbejder_id: str, *, policy: LockoutPolicy | None = None) -> None:
    """Lift the sign-in block of a blocked account (audited ``laast_op``). ValueError when the
    account is not blocked; PermissionError unless the actor is a leder."""
    leder = require_leder(session, t("signin.action.unblock"))
    store = session.store
    target = _staff(store, medarbejder_id)
    if is_blocked(store, target, now=session.now(), policy=policy) is None:
        raise UserError("staffadmin.error.not_blocked", initialer=target.initialer)
    unblock(session.as_person(leder), target)


# --- the house's security settings -------------------------------------------------------------


def _whole_number(name: str, value: str | int) -> int:
    low, high = housesettings.bounds(name)
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise UserError("settings.error.number", navn=t(f"settings.label.{name}"), low=low, high=high)
    return int(text)


def change_settings(session: Session, values: dict[str, str | int]) -> HusIndstillinger:
    """Set the house's security settings (names in :data:`smtte_tui.housesettings.FIELDS`; values as
    typed or as numbers). Every terminal uses them from its next poll. Audited as
    ``skift_indstillinger`` with the changed values.

    ValueError (Danish, naming the setting and its range) for a value that is not a whole number
    within the model's bounds, an unknown name, or when nothing changes; PermissionError unless
    the actor is an active leder (the store refuses anyone else as well).
    """
    leder = require_leder(session, t("staffadmin.action.settings"))
    store = session.store
    unknown = sorted(set(values) - set(housesettings.FIELDS))
    if unknown:
        raise UserError("store.error.invalid", detail=", ".join(unknown))
    wanted = {name: _whole_number(name, value) for name, value in values.items()}
    now_set = housesettings.current(store)
    changed = {name: value for name, value in wanted.items() if getattr(now_set, name) != value}
    if not changed:
        raise UserError("settings.error.unchanged")
    if store.get(HusIndstillinger, housesettings.HUS_ID) is None:
        store.create(now_set.model_copy(update=changed), leder.initialer)
    else:
        store.update(HusIndstillinger, housesettings.HUS_ID, changed, leder.initialer)
    what = ",".join(f"{name}={value}" for name, value in changed.items())
    session.audit(AuditAction.SKIFT_INDSTILLINGER, AuditTarget.of(TargetKind.INDSTILLINGER, what))
    return housesettings.current(store)


# --- borgere ------------------------------------------------------------------------------------


def borger_overview(store: Store) -> list[Borger]:
    """Every borger, active ones first, by name (archived borgere stay: nothing is deleted)."""
    return sorted(store.all(Borger), key=lambda b: (not b.aktiv, b.navn.casefold()))


def set_borger_active(session: Session, borger_id: str, aktiv: bool) -> Borger:
    """Archive a borger who moved out (``aktiv=False``: gone from the lists, history kept) or take
    them back. Audited as ``arkiver_borger`` or ``genaktiver_borger``. ValueError when nothing
    changes; PermissionError unless the actor is a leder."""
    leder = require_leder(session, t("staffadmin.action.archive"))
    store = session.store
    borger = _borger(store, borger_id)
    if borger.aktiv == aktiv:
        raise UserError("staffadmin.error.borger_active" if aktiv else "staffadmin.error.borger_archived", navn=borger.navn)
    store.update(Borger, borger.id, {"aktiv": aktiv}, leder.initialer)
    session.audit(AuditAction.GENAKTIVER_BORGER if aktiv else AuditAction.ARKIVER_BORGER, AuditTarget.of(TargetKind.BORGER, borger.id), borger.id)
    return _borger(store, borger.id)


def archive_borger(session: Session, borger_id: str) -> Borger:
    """Archive a borger (see :func:`set_borger_active`)."""
    return set_borger_active(session, borger_id, False)


def unarchive_borger(session: Session, borger_id: str) -> Borger:
    """Take an archived borger back (see :func:`set_borger_active`)."""
    return set_borger_active(session, borger_id, True)


def set_kontaktperson(session: Session, borger_id: str, initials: str) -> Borger:
    """Make the active staff member with ``initials`` (any case) the borger's contact person;
    empty initials clear it. Audited as ``skift_kontaktperson``.

    ValueError when the initials are not an active staff member's or already the contact person;
    PermissionError unless the actor is a leder.
    """
    leder = require_leder(session, t("staffadmin.action.kontaktperson"))
    store = session.store
    borger = _borger(store, borger_id)
    typed = initials.strip().upper()
    if typed and not any(m.aktiv and m.initialer == typed for m in store.all(Medarbejder)):
        raise UserError("staffadmin.error.kontaktperson", initialer=typed)
    if typed == borger.kontaktperson.upper():
        raise UserError("staffadmin.error.same_kontaktperson", initialer=typed or "–", navn=borger.navn)
    store.update(Borger, borger.id, {"kontaktperson": typed}, leder.initialer)
    session.audit(AuditAction.SKIFT_KONTAKTPERSON, AuditTarget.of(TargetKind.BORGER, borger.id, typed), borger.id)
    return _borger(store, borger.id)
